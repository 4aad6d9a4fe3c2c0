/**
 * ADF's scheduling and status rules ("Pipeline failure and error handling", "conditional paths"):
 * - a dependency is met when the predecessor's status is one of its conditions (several conditions on one
 *   dependency: OR; Completed = Succeeded or Failed); an activity runs when every dependency is met (AND),
 *   otherwise it is Skipped;
 * - a pipeline (or an inner scope: ForEach iteration, If branch, Switch case, Until body) succeeds if and only
 *   if every leaf activity succeeded, where a skipped leaf defers to its parents.
 */
import type { ActivityRunStatus } from '../contracts/types';
import { conditionMet, dependencyCondition, dependencyConditionHint, DEPENDENCY_CONDITIONS } from '../model';

export interface DependencyDef {
  activity: string;
  dependencyConditions?: string[];
}

export interface GraphNode {
  name: string;
  dependsOn?: DependencyDef[];
}

export { conditionMet };

/** True when every dependency is met (AND). */
export function dependenciesMet(deps: DependencyDef[] | undefined, statusOf: (name: string) => ActivityRunStatus | undefined): boolean {
  return (deps ?? []).every((d) => conditionMet(d.dependencyConditions, statusOf(d.activity)));
}

export interface ScopeOutcome {
  status: 'Succeeded' | 'Failed' | 'Cancelled';
  /** Activities that decided a failure, in definition order. */
  failed: string[];
}

/**
 * The outcome of a set of activities by ADF's leaf rule. `statuses` holds the final status of every activity
 * that was considered (an activity without a status was never started: the run was cancelled).
 */
export function scopeOutcome(nodes: GraphNode[], statuses: Map<string, ActivityRunStatus | undefined>): ScopeOutcome {
  if (nodes.length === 1) {
    // The common case of a one-activity scope (ForEach bodies): the activity is the only leaf.
    const st = statuses.get(nodes[0].name);
    if (st === 'Succeeded' || st === 'Skipped') return { status: 'Succeeded', failed: [] };
    if (st === 'Failed') return { status: 'Failed', failed: [nodes[0].name] };
    return { status: 'Cancelled', failed: [] };
  }
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const hasSuccessor = new Set<string>();
  for (const n of nodes) for (const d of n.dependsOn ?? []) if (byName.has(d.activity)) hasSuccessor.add(d.activity);
  const leaves = nodes.filter((n) => !hasSuccessor.has(n.name));
  const failed: string[] = [];
  let cancelled = false;
  const memo = new Map<string, 'ok' | 'failed' | 'cancelled'>();
  const evaluate = (name: string, seen: Set<string>): 'ok' | 'failed' | 'cancelled' => {
    const m = memo.get(name);
    if (m) return m;
    if (seen.has(name)) return 'ok';
    seen.add(name);
    const st = statuses.get(name);
    let r: 'ok' | 'failed' | 'cancelled';
    if (st === 'Succeeded') r = 'ok';
    else if (st === 'Failed') {
      r = 'failed';
      if (!failed.includes(name)) failed.push(name);
    } else if (st === 'Skipped') {
      // A skipped leaf defers to its parent(s); one without parents never ran and decides nothing.
      r = 'ok';
      for (const d of byName.get(name)?.dependsOn ?? []) {
        if (!byName.has(d.activity)) continue;
        const p = evaluate(d.activity, seen);
        if (p === 'cancelled') r = 'cancelled';
        else if (p === 'failed' && r !== 'cancelled') r = 'failed';
      }
    } else r = 'cancelled';
    memo.set(name, r);
    return r;
  };
  for (const leaf of leaves) {
    const r = evaluate(leaf.name, new Set());
    if (r === 'cancelled') cancelled = true;
  }
  // Failed leaves are reported in definition order.
  failed.sort((a, b) => nodes.findIndex((n) => n.name === a) - nodes.findIndex((n) => n.name === b));
  return { status: cancelled ? 'Cancelled' : failed.length ? 'Failed' : 'Succeeded', failed };
}

/**
 * Checks a scope's dependency graph: unique names, dependencies that exist, no cycles.
 * Returns readable problems (empty when the graph is sound).
 */
export function graphProblems(nodes: GraphNode[], where: string): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  for (const n of nodes) {
    if (typeof n.name !== 'string' || !n.name) problems.push(`${where}: an activity has no name.`);
    else if (names.has(n.name)) problems.push(`${where}: two activities are named '${n.name}'; activity names must be unique.`);
    names.add(n.name);
  }
  for (const n of nodes) {
    for (const d of n.dependsOn ?? []) {
      if (!names.has(d.activity)) problems.push(`${where}: activity '${n.name}' depends on '${d.activity}', which is not an activity of the same container.`);
      for (const c of d.dependencyConditions ?? []) {
        if (dependencyCondition(c)) continue;
        const hint = dependencyConditionHint(c);
        problems.push(`${where}: activity '${n.name}' has dependency condition '${c}' on '${d.activity}'; use ${DEPENDENCY_CONDITIONS.join(', ')}${hint ? ` (did you mean '${hint}'?)` : ''}.`);
      }
    }
  }
  // Cycle detection (iterative DFS colouring).
  const colour = new Map<string, number>();
  const deps = new Map(nodes.map((n) => [n.name, (n.dependsOn ?? []).map((d) => d.activity).filter((a) => names.has(a))]));
  for (const start of names) {
    if (colour.get(start)) continue;
    const stack: [string, number][] = [[start, 0]];
    colour.set(start, 1);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const list = deps.get(top[0]) ?? [];
      if (top[1] >= list.length) {
        colour.set(top[0], 2);
        stack.pop();
        continue;
      }
      const next = list[top[1]++];
      const c = colour.get(next) ?? 0;
      if (c === 1) {
        const cyc = stack.map((s) => s[0]);
        problems.push(`${where}: dependency cycle ${cyc.slice(cyc.indexOf(next)).concat(next).join(' -> ')}.`);
        return problems;
      }
      if (c === 0) {
        colour.set(next, 1);
        stack.push([next, 0]);
      }
    }
  }
  return problems;
}

/** The activity and everything it transitively depends on ("Debug until"). */
/** The activities that depend on `target`, directly or through others, and `target` itself. */
export function descendantsOf(nodes: GraphNode[], target: string): Set<string> {
  const out = new Set<string>([target]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const n of nodes) {
      if (out.has(n.name) || !(n.dependsOn ?? []).some((d) => out.has(d.activity))) continue;
      out.add(n.name);
      grew = true;
    }
  }
  return out;
}

export function ancestorsOf(nodes: GraphNode[], target: string): Set<string> {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const out = new Set<string>();
  const todo = [target];
  while (todo.length) {
    const n = todo.pop()!;
    if (out.has(n) || !byName.has(n)) continue;
    out.add(n);
    for (const d of byName.get(n)!.dependsOn ?? []) todo.push(d.activity);
  }
  return out;
}
