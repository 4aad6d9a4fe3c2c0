/** Checks a finished run against a test's expectations; each mismatch becomes a Failure with its source range. */
import type { JsonPath } from '../json/document';
import type { ActivityRun, RunResult } from '../contracts/types';
import { ABSENT, mismatch, valueAt, type Actual } from './matchers';
import type { ActivityExpectation, Expectations, Failure, SourceRange } from './types';

export type Locator = (p: JsonPath) => SourceRange | undefined;

const show = (v: Actual) => (v === ABSENT ? undefined : v);

/** All failures of a run against expectations. `locate` maps a path inside `expect` to the file. */
export function checkExpectations(expect: Expectations, result: RunResult, locate: Locator = () => undefined): Failure[] {
  const failures: Failure[] = [];
  const run = result.pipelineRun;
  const fail = (p: JsonPath, message: string, expected?: unknown, actual?: Actual) =>
    failures.push({ path: p.map((s) => String(s)).join('.'), message, expected, actual: actual === ABSENT ? undefined : actual, location: locate(p) });

  if (expect.status !== undefined && run.status !== expect.status) {
    fail(['status'], `Pipeline status is ${run.status}, expected ${expect.status}${run.message ? `: ${run.message}` : ''}.`, expect.status, run.status);
  }
  if (expect.message !== undefined) {
    const r = mismatch(expect.message, run.message ?? ABSENT);
    if (r) fail(['message'], `Pipeline message ${r}.`, expect.message, run.message);
  }
  const byName = new Map<string, ActivityRun[]>();
  // The engine keeps activity runs in the order they started (timestamps can tie within a millisecond).
  for (const a of result.activityRuns) {
    const list = byName.get(a.activityName) ?? [];
    list.push(a);
    byName.set(a.activityName, list);
  }
  for (const [name, spec] of Object.entries(expect.activities ?? {})) {
    const specs = Array.isArray(spec) ? spec : [spec];
    specs.forEach((s, i) => checkActivity(name, s, byName.get(name) ?? [], Array.isArray(spec) ? ['activities', name, i] : ['activities', name], fail));
  }
  const vars = run['adfw:variables'] ?? {};
  for (const [name, expected] of Object.entries(expect.variables ?? {})) {
    const actual: Actual = name in vars ? vars[name] : ABSENT;
    const r = mismatch(expected, actual);
    if (r) fail(['variables', name], `Variable "${name}" ${r}.`, expected, actual);
  }
  if ('returnValue' in expect) {
    const actual: Actual = run['adfw:returnValue'] === undefined ? ABSENT : run['adfw:returnValue'];
    const r = mismatch(expect.returnValue, actual);
    if (r) fail(['returnValue'], `Return value ${r}.`, expect.returnValue, actual);
  }
  if (expect.order?.length) {
    const started = result.activityRuns.filter((a) => a.status !== 'Skipped').map((a) => a.activityName);
    let prev: { name: string; at: number } | undefined;
    expect.order.forEach((n, i) => {
      const at = started.indexOf(n);
      if (at < 0) {
        fail(['order', i], `Activity "${n}" never ran.`, n, undefined);
        return;
      }
      if (prev && at < prev.at) fail(['order', i], `Activity "${n}" started before "${prev.name}".`, expect.order, orderOf(result));
      prev = { name: n, at };
    });
  }
  return failures;
}

function orderOf(result: RunResult): string[] {
  return [...new Set(result.activityRuns.filter((a) => a.status !== 'Skipped').map((a) => a.activityName))];
}

function checkActivity(name: string, s: ActivityExpectation, runs: ActivityRun[], base: JsonPath, fail: (p: JsonPath, m: string, e?: unknown, a?: Actual) => void): void {
  if (s.runs !== undefined) {
    // Skipped records (activities on a branch that did not run) are not runs.
    const n = runs.filter((r) => r.status !== 'Skipped').length;
    if (typeof s.runs === 'number') {
      if (n !== s.runs) fail([...base, 'runs'], `Activity "${name}" ran ${n} time(s), expected ${s.runs}.`, s.runs, n);
    } else {
      if (s.runs.min !== undefined && n < s.runs.min) fail([...base, 'runs', 'min'], `Activity "${name}" ran ${n} time(s), expected at least ${s.runs.min}.`, s.runs, n);
      if (s.runs.max !== undefined && n > s.runs.max) fail([...base, 'runs', 'max'], `Activity "${name}" ran ${n} time(s), expected at most ${s.runs.max}.`, s.runs, n);
    }
  }
  const checksRuns = s.status !== undefined || s.input !== undefined || s.output !== undefined || s.error !== undefined;
  if (!checksRuns) return;
  if (!runs.length || (s.status === 'Skipped' && runs.every((r) => r.status === 'Skipped'))) {
    // An activity that never ran counts as skipped.
    if (s.status === 'Skipped' && s.input === undefined && s.output === undefined && s.error === undefined) return;
    if (s.runs !== 0) fail(s.status !== undefined ? [...base, 'status'] : base, `Activity "${name}" never ran.`, s.status, undefined);
    return;
  }
  let selected: { run: ActivityRun; index: number }[] = runs.map((run, index) => ({ run, index }));
  if (s.run !== undefined) {
    const i = s.run < 0 ? runs.length + s.run : s.run;
    if (i < 0 || i >= runs.length) return fail([...base, 'run'], `Activity "${name}" has no run ${s.run} (it ran ${runs.length} time(s)).`, s.run, runs.length);
    selected = [{ run: runs[i], index: i }];
  }
  for (const { run, index } of selected) {
    const label = selected.length > 1 || s.run !== undefined ? `"${name}" (run ${index})` : `"${name}"`;
    if (s.status !== undefined && run.status !== s.status) {
      fail([...base, 'status'], `Activity ${label} is ${run.status}, expected ${s.status}${run.error?.message ? `: ${run.error.message}` : ''}.`, s.status, run.status);
    }
    for (const [key, root] of [['input', run.input], ['output', run.output]] as const) {
      for (const [p, expected] of Object.entries(s[key] ?? {})) {
        const actual = valueAt(root, p);
        const r = mismatch(expected, actual);
        if (r) fail([...base, key, p], `Activity ${label} ${key} ${p || '(whole)'} ${r}.`, expected, show(actual));
      }
    }
    if (s.error) {
      if (!run.error) {
        fail([...base, 'error'], `Activity ${label} has no error (status ${run.status}).`, s.error, null);
        continue;
      }
      for (const k of ['errorCode', 'message', 'failureType'] as const) {
        if (s.error[k] === undefined) continue;
        const actual = run.error[k] ?? ABSENT;
        const r = mismatch(s.error[k], actual);
        if (r) fail([...base, 'error', k], `Activity ${label} error.${k} ${r}.`, s.error[k], actual);
      }
    }
  }
}
