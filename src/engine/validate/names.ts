/**
 * ADF naming rules (learn.microsoft.com/azure/data-factory/naming-rules):
 * - pipelines, datasets, linked services, data flows (and triggers, by the same service rules): start with a
 *   letter; none of . + ? / < > * % & : \ ; no dash in datasets, linked services and data flows;
 * - integration runtimes: letters, digits and single dashes between them;
 * - activities: at most 55 characters, none of . + ? / < > * % & : \ .
 */
import type { Resource, ResourceKind } from '../model/types';
import type { ActivityInfo } from '../model/activities';
import { at, Limits, SemanticCodes, type Report } from './context';

const FORBIDDEN = /[.+?/<>*%&:\\]/;
const NO_DASH = new Set<ResourceKind>(['dataset', 'linkedService', 'dataflow']);
const CHECKED = new Set<ResourceKind>(['pipeline', 'dataset', 'linkedService', 'dataflow', 'trigger', 'integrationRuntime']);

/** Why a resource name is invalid, or undefined when it is fine. */
export function resourceNameProblem(kind: ResourceKind, name: string): { message: string; severity: 'error' | 'warning' | 'info'; code: string } | undefined {
  if (!CHECKED.has(kind)) return undefined;
  if (kind === 'integrationRuntime') {
    if (!/^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$/.test(name)) return { message: `Invalid integration runtime name "${name}": use letters, digits and single dashes between them (first and last character a letter or digit).`, severity: 'error', code: SemanticCodes.invalidResourceName };
    return undefined;
  }
  const bad = FORBIDDEN.exec(name);
  if (bad) return { message: `Invalid ${kind} name "${name}": the character "${bad[0]}" is not allowed (none of . + ? / < > * % & : \\).`, severity: 'error', code: SemanticCodes.invalidResourceName };
  if (NO_DASH.has(kind) && name.includes('-')) {
    // Data flows were added to the rule later and older data flows with dashes still deploy: a warning for them.
    if (kind === 'dataflow') return { message: `The data flow name "${name}" contains a dash: the naming rules no longer allow dashes in data flow names (existing ones still deploy); prefer "_".`, severity: 'warning', code: SemanticCodes.dataFlowNameDash };
    return { message: `Invalid ${kind} name "${name}": dashes are not allowed in names of datasets and linked services; use "_" instead.`, severity: 'error', code: SemanticCodes.invalidResourceName };
  }
  if (name.length > Limits.resourceNameLength) return { message: `The ${kind} name is ${name.length} characters long; Data Factory allows at most ${Limits.resourceNameLength}.`, severity: 'error', code: SemanticCodes.invalidResourceName };
  if (!/^[A-Za-z]/.test(name)) {
    // Older factories were allowed to start with a digit or "_" and still deploy; new ones must start with a letter.
    return { message: `The ${kind} name "${name}" should start with a letter (Data Factory naming rules for new resources).`, severity: 'info', code: SemanticCodes.nameStart };
  }
  return undefined;
}

export function checkResourceName(resource: Resource, report: Report): void {
  if (resource.nameFromFile) return;
  const p = resourceNameProblem(resource.kind, resource.name);
  if (p) report(at(resource, ['name'], p.code, p.message));
}

/** Names of activities: valid characters and length, unique within the pipeline (nested containers included). */
export function checkActivityNames(pipeline: Resource, activities: ActivityInfo[], report: Report): void {
  const seen = new Map<string, ActivityInfo>();
  for (const a of activities) {
    if (!a.name) continue;
    const bad = FORBIDDEN.exec(a.name);
    if (bad) report(at(pipeline, [...a.path, 'name'], SemanticCodes.invalidActivityName, `Invalid activity name "${a.name}": the character "${bad[0]}" is not allowed (none of . + ? / < > * % & : \\).`));
    else if (a.name.length > Limits.activityNameLength) report(at(pipeline, [...a.path, 'name'], SemanticCodes.invalidActivityName, `The activity name is ${a.name.length} characters long; Data Factory allows at most ${Limits.activityNameLength}.`));
    const key = a.name.toLowerCase();
    const first = seen.get(key);
    if (first) {
      const line = pipeline.doc.lines.position(pipeline.doc.root ? nodeOffset(pipeline, first) : 0).line;
      report(at(pipeline, [...a.path, 'name'], SemanticCodes.duplicateActivityName, `Duplicate activity name "${a.name}" (also on line ${line}): activity names must be unique within a pipeline, inner activities of containers included.`));
    } else seen.set(key, a);
  }
}

function nodeOffset(pipeline: Resource, a: ActivityInfo): number {
  return at(pipeline, [...a.path, 'name'], '', '').offset;
}
