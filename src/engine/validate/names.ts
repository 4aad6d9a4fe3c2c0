/**
 * ADF naming rules (learn.microsoft.com/azure/data-factory/naming-rules):
 * - pipelines, datasets, linked services, data flows (and triggers, by the same service rules): start with a
 *   letter; none of . + ? / < > * % & : \ ; no dash in datasets, linked services and data flows;
 * - integration runtimes: letters, digits and single dashes between them;
 * - activities: at most 55 characters, none of . + ? / < > * % & : \ .
 */
import { formatMessage } from '../codes';
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
    if (!/^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$/.test(name)) return { message: formatMessage(SemanticCodes.invalidResourceName, { name }, 'integrationRuntime'), severity: 'error', code: SemanticCodes.invalidResourceName };
    return undefined;
  }
  const bad = FORBIDDEN.exec(name);
  if (bad) return { message: formatMessage(SemanticCodes.invalidResourceName, { kind, name, rule: `the character "${bad[0]}" is not allowed (none of . + ? / < > * % & : \\).` }), severity: 'error', code: SemanticCodes.invalidResourceName };
  if (NO_DASH.has(kind) && name.includes('-')) {
    // Data flows were added to the rule later and older data flows with dashes still deploy: a warning for them.
    if (kind === 'dataflow') return { message: formatMessage(SemanticCodes.dataFlowNameDash, { name }), severity: 'warning', code: SemanticCodes.dataFlowNameDash };
    return { message: formatMessage(SemanticCodes.invalidResourceName, { kind, name, rule: 'dashes are not allowed in names of datasets and linked services; use "_" instead.' }), severity: 'error', code: SemanticCodes.invalidResourceName };
  }
  if (name.length > Limits.resourceNameLength) return { message: formatMessage(SemanticCodes.invalidResourceName, { kind, length: name.length, max: Limits.resourceNameLength }, 'tooLong'), severity: 'error', code: SemanticCodes.invalidResourceName };
  if (!/^[A-Za-z]/.test(name)) {
    // Older factories were allowed to start with a digit or "_" and still deploy; new ones must start with a letter.
    return { message: formatMessage(SemanticCodes.nameStart, { kind, name }), severity: 'info', code: SemanticCodes.nameStart };
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
    if (bad) report(at(pipeline, [...a.path, 'name'], SemanticCodes.invalidActivityName, formatMessage(SemanticCodes.invalidActivityName, { name: a.name, rule: `the character "${bad[0]}" is not allowed (none of . + ? / < > * % & : \\).` })));
    else if (a.name.length > Limits.activityNameLength) report(at(pipeline, [...a.path, 'name'], SemanticCodes.invalidActivityName, formatMessage(SemanticCodes.invalidActivityName, { length: a.name.length, max: Limits.activityNameLength }, 'tooLong')));
    const key = a.name.toLowerCase();
    const first = seen.get(key);
    if (first) {
      const line = pipeline.doc.lines.position(pipeline.doc.root ? nodeOffset(pipeline, first) : 0).line;
      report(at(pipeline, [...a.path, 'name'], SemanticCodes.duplicateActivityName, formatMessage(SemanticCodes.duplicateActivityName, { name: a.name, line })));
    } else seen.set(key, a);
  }
}

function nodeOffset(pipeline: Resource, a: ActivityInfo): number {
  return at(pipeline, [...a.path, 'name'], '', '').offset;
}
