/**
 * Selective deployment: which resources of a plan are deployed, and why each is in or out.
 *
 * Patterns are azure.datafactory.tools' `type.name@folder` with PowerShell wildcards (`pipeline.Copy*`,
 * `*.PL_*@test*`, `trigger.*`); a pattern without a dot is a name in any type. Unlike that tool (where a
 * non-empty include list makes the exclude list ignored), an exclude always wins over an include here.
 * `--changed-since` keeps only resources whose files (or whose stage values) changed; `--with-dependencies`
 * adds what selected resources reference, transitively, when it is missing or different on the target.
 */
import { promises as fs } from 'node:fs';
import { wildcardMatch } from '../stages';
import { dependenciesOf } from './order';
import type { PlanItem } from './plan';

export interface SelectionRules {
  include: string[];
  exclude: string[];
}

export interface SelectionOptions {
  rules?: SelectionRules;
  /** Keys `kind/name` (lower-case name) of resources changed since a git ref; undefined = not filtering by change. */
  changed?: Set<string>;
  /** Describes the ref for reasons ("changed since origin/main"). */
  changedLabel?: string;
  withDependencies?: boolean;
}

export interface Selection {
  selected: boolean;
  reason: string;
}

export const selectionKey = (kind: string, name: string): string => `${kind}/${name.toLowerCase()}`;

interface Pattern {
  text: string;
  kind: string;
  name: string;
  folder?: string;
}

function parsePattern(text: string): Pattern {
  const t = text.trim();
  const at = t.lastIndexOf('@');
  const main = at >= 0 ? t.slice(0, at) : t;
  const folder = at >= 0 ? t.slice(at + 1) : undefined;
  const dot = main.indexOf('.');
  return dot < 0 ? { text: t, kind: '*', name: main || '*', folder } : { text: t, kind: main.slice(0, dot) || '*', name: main.slice(dot + 1) || '*', folder };
}

function folderOf(item: PlanItem): string {
  const p = (item.local ?? item.remote) as Record<string, any> | undefined;
  const f = p?.folder;
  return f && typeof f === 'object' && typeof f.name === 'string' ? f.name : '';
}

function matches(p: Pattern, item: PlanItem): boolean {
  if (item.kind === 'globalParameters') {
    // Global parameters belong to the factory: `factory.<factory name>` (azure.datafactory.tools' type) selects
    // them; a pattern whose type is a wildcard selects them only when its name matches "default".
    const kind = p.kind.toLowerCase();
    if (kind === 'factory' || kind === 'globalparameters') return true;
    return (wildcardMatch(p.kind, 'factory') || wildcardMatch(p.kind, 'globalParameters')) && wildcardMatch(p.name, item.name);
  }
  if (!wildcardMatch(p.kind, item.kind)) return false;
  if (!wildcardMatch(p.name, item.name)) return false;
  if (p.folder !== undefined && !wildcardMatch(p.folder, folderOf(item))) return false;
  return true;
}

/** Reads a rules file: one pattern a line, `+` include (the default), `-` exclude, `#` comments. */
export async function readRulesFile(file: string): Promise<SelectionRules> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    throw new Error(`Cannot read the rules file ${file}: ${(e as Error).message}`);
  }
  return parseRules(file, text);
}

export function parseRules(file: string, text: string): SelectionRules {
  const rules: SelectionRules = { include: [], exclude: [] };
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const sign = line[0];
    const body = sign === '+' || sign === '-' ? line.slice(1).trim() : line;
    if (!body) throw new Error(`${file}:${i + 1}: the rule "${raw}" has no pattern: write e.g. "+pipeline.Copy*" or "-*.*@testFolder".`);
    if (/\s/.test(body.replace(/@.*$/, '')) && !body.includes('.')) throw new Error(`${file}:${i + 1}: "${raw}" is not a type.name@folder pattern.`);
    (sign === '-' ? rules.exclude : rules.include).push(body);
  });
  return rules;
}

/** Decides, for every plan item, whether it is deployed and why. */
export function selectPlan(plan: PlanItem[], opts: SelectionOptions): Map<PlanItem, Selection> {
  const out = new Map<PlanItem, Selection>();
  const include = (opts.rules?.include ?? []).map(parsePattern);
  const exclude = (opts.rules?.exclude ?? []).map(parsePattern);
  const filtering = include.length > 0 || exclude.length > 0 || opts.changed !== undefined;
  for (const item of plan) {
    if (!filtering) {
      out.set(item, { selected: true, reason: reasonOfAction(item) });
      continue;
    }
    const ex = exclude.find((p) => matches(p, item));
    if (ex) {
      out.set(item, { selected: false, reason: `excluded by "-${ex.text}"` });
      continue;
    }
    let reason = '';
    if (include.length) {
      const inc = include.find((p) => matches(p, item));
      if (!inc) {
        out.set(item, { selected: false, reason: `matches no include pattern (${include.map((p) => p.text).join(', ')})` });
        continue;
      }
      reason = `included by "${inc.text}"`;
    }
    if (opts.changed) {
      if (!opts.changed.has(selectionKey(item.kind, item.name))) {
        out.set(item, { selected: false, reason: `not changed since ${opts.changedLabel ?? 'the given ref'}` });
        continue;
      }
      reason = reason ? `${reason}, changed since ${opts.changedLabel ?? 'the ref'}` : `changed since ${opts.changedLabel ?? 'the ref'}`;
    }
    out.set(item, { selected: true, reason });
  }
  if (opts.withDependencies && filtering) addDependencies(plan, out);
  return out;
}

function reasonOfAction(item: PlanItem): string {
  switch (item.action) {
    case 'create':
      return 'missing on the target';
    case 'update':
      return 'differs from the target';
    case 'delete':
      return item.orphanKept ? 'only on the target (kept: --delete-orphans not given)' : 'only on the target';
    default:
      return 'identical on the target';
  }
}

function addDependencies(plan: PlanItem[], sel: Map<PlanItem, Selection>): void {
  const byKey = new Map(plan.filter((p) => p.action !== 'delete').map((p) => [selectionKey(p.kind, p.name), p]));
  const queue = plan.filter((p) => sel.get(p)!.selected && p.local);
  const seen = new Set(queue);
  while (queue.length) {
    const item = queue.shift()!;
    if (item.kind === 'globalParameters') continue;
    for (const d of dependenciesOf({ kind: item.kind, name: item.name, properties: item.local ?? {} })) {
      const dep = byKey.get(selectionKey(d.kind, d.name));
      if (!dep || seen.has(dep)) continue;
      seen.add(dep);
      const s = sel.get(dep)!;
      if (s.selected) continue;
      if (s.reason.startsWith('excluded by')) continue; // an explicit exclude wins
      if (dep.action === 'create' || dep.action === 'update') {
        sel.set(dep, { selected: true, reason: `dependency of ${item.kind} "${item.name}" (${dep.action === 'create' ? 'missing on the target' : 'differs from the target'})` });
        queue.push(dep);
      }
    }
  }
}
