/**
 * Suppressions. JSON has no comments ADF keeps, so inline suppressions live in properties ADF already has and
 * round-trips through ADF Studio and publish:
 *   - a resource's `properties.annotations` string `"adfw-disable <rule>[, <rule>…]: <reason>"` suppresses those
 *     rules' findings in that file;
 *   - an activity's `userProperties` entry `{"name": "adfw-disable", "value": "<rule>[, <rule>…]: <reason>"}`
 *     suppresses them for that activity (and the activities it contains);
 *   - `.adfwlint.json` `suppressions` entries `{rule, resource | files, activity?, reason}` for the rest.
 * A suppression without a reason, or naming an unknown rule, suppresses nothing and is itself a finding.
 */
import * as path from 'node:path';
import { minimatch } from 'minimatch';
import { pipelineActivities, type Factory, type Resource } from '../model';
import type { LintConfig } from './config';
import { ruleById } from './rules';
import type { LintFinding } from './types';

export const SUPPRESSION_MARKER = 'adfw-disable';

export interface InlineSuppression {
  rules: string[];
  reason: string;
  by: 'annotation' | 'userProperty';
  /** Activity name for userProperties suppressions. */
  activity?: string;
}

export interface SuppressionProblem {
  resource: Resource;
  path: (string | number)[];
  message: string;
}

/** Parses `<rule>[, <rule>…]: <reason>`; undefined when the text is not a suppression. */
export function parseSuppressionText(text: string): { rules: string[]; reason: string } {
  const i = text.indexOf(':');
  const head = i < 0 ? text : text.slice(0, i);
  const reason = i < 0 ? '' : text.slice(i + 1).trim();
  return { rules: head.split(/[\s,]+/).filter(Boolean), reason };
}

/** Inline suppressions of one resource, and the problems with them (no reason, unknown rule). */
export function inlineSuppressions(resource: Resource): { suppressions: InlineSuppression[]; problems: SuppressionProblem[] } {
  const suppressions: InlineSuppression[] = [];
  const problems: SuppressionProblem[] = [];
  const take = (text: string, p: (string | number)[], by: InlineSuppression['by'], activity?: string) => {
    const { rules, reason } = parseSuppressionText(text);
    const unknown = rules.filter((r) => !ruleById(r));
    if (!rules.length) problems.push({ resource, path: p, message: `The suppression names no rule. Write "${SUPPRESSION_MARKER} <rule-id>: <reason>".` });
    else if (unknown.length) problems.push({ resource, path: p, message: `The suppression names unknown rule(s) ${unknown.map((u) => `'${u}'`).join(', ')}; see \`adfw lint --list-rules\`.` });
    else if (!reason) problems.push({ resource, path: p, message: `The suppression of ${rules.join(', ')} gives no reason. Write "${rules.join(', ')}: <why this is accepted>".` });
    else suppressions.push({ rules, reason, by, activity });
  };
  const annotations = resource.properties.annotations;
  if (Array.isArray(annotations)) {
    annotations.forEach((a, i) => {
      if (typeof a === 'string' && a.trimStart().startsWith(SUPPRESSION_MARKER)) take(a.trimStart().slice(SUPPRESSION_MARKER.length), ['properties', 'annotations', i], 'annotation');
    });
  }
  if (resource.kind === 'pipeline') {
    for (const act of pipelineActivities(resource)) {
      const ups = act.json.userProperties;
      if (!Array.isArray(ups)) continue;
      ups.forEach((u: any, i: number) => {
        if (u && u.name === SUPPRESSION_MARKER) take(typeof u.value === 'string' ? u.value : '', [...act.path, 'userProperties', i, 'value'], 'userProperty', act.name);
      });
    }
  }
  return { suppressions, problems };
}

/** Names of the activity and every activity containing it, for a finding path inside a pipeline. */
function activityChain(resource: Resource, findingPath: (string | number)[] | undefined): Set<string> {
  const names = new Set<string>();
  if (!findingPath || resource.kind !== 'pipeline') return names;
  for (const a of pipelineActivities(resource)) {
    if (a.path.length <= findingPath.length && a.path.every((s, i) => findingPath[i] === s)) names.add(a.name.toLowerCase());
  }
  return names;
}

/** Relative posix path of a file from the config folder (for globs). */
export function relativeForGlob(dir: string, file: string): string {
  return path.relative(dir, file).split(path.sep).join('/');
}

export function matchesGlobs(rel: string, globs: readonly string[]): boolean {
  return globs.some((g) => minimatch(rel, g, { dot: true, matchBase: !g.includes('/') }));
}

/** Decides whether a finding is suppressed; returns the suppression's reason and origin, or undefined. */
export function suppressionFor(factory: Factory, config: LintConfig, inline: Map<string, InlineSuppression[]>, f: LintFinding): { reason: string; by: 'annotation' | 'userProperty' | 'config' } | undefined {
  const resource = factory.resources[f.resource.kind].get(f.resource.name);
  const chain = resource ? activityChain(resource, f.path) : new Set<string>();
  for (const s of inline.get(f.file) ?? []) {
    if (!s.rules.includes(f.rule)) continue;
    if (s.by === 'userProperty' && !(s.activity && chain.has(s.activity.toLowerCase()))) continue;
    return { reason: s.reason, by: s.by };
  }
  const rel = relativeForGlob(config.dir, f.file);
  for (const s of config.suppressions) {
    if (s.rule !== f.rule) continue;
    if (s.resource) {
      const i = s.resource.indexOf('/');
      if (s.resource.slice(0, i).toLowerCase() !== f.resource.kind.toLowerCase() || s.resource.slice(i + 1).toLowerCase() !== f.resource.name.toLowerCase()) continue;
    }
    if (s.files && !matchesGlobs(rel, s.files)) continue;
    if (s.activity && !chain.has(s.activity.toLowerCase())) continue;
    return { reason: s.reason, by: 'config' };
  }
  return undefined;
}
