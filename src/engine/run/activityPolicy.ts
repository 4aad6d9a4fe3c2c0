/**
 * One activity run under its policy, as ADF runs it: retry (count and interval), timeout (default 12 hours, Lookup
 * capped at 24 hours), secure input/output, cancellation by the run, a mocked or real handler, and one activity run
 * record per attempt. The pipeline run (pipelineRun.ts) decides when an activity runs; this module runs it.
 */
import { formatMessage } from '../codes';
import type { ActivityError, ActivityIo, ActivityRun, ActivityRunStatus, RunEvent } from '../contracts/types';
import { ActivityFailure, sleep } from '../contracts';
import type { ActivityContext, ActivityDef, ActivityOutcome, PipelineRunApi, Scope } from './context';
import { MASK, type Masker } from './secrets';
import { RunErrorCodes, toActivityError } from './errors';
import { parseTimeSpan, formatTimeSpan } from './timespan';
import { evaluateIn } from './expression';
import { handlerFor } from './activities/registry';
import { findMock, mockHandler } from './activities/mock';

/** ADF's default activity timeout (policy.timeout absent): 0.12:00:00. */
export const DEFAULT_TIMEOUT_MS = 12 * 3600_000;
const DEFAULT_RETRY_INTERVAL_S = 30;
const MIN_TIMEOUT_MS = 10 * 60_000;
const PROGRESS_INTERVAL_MS = 250;
const NOT_SECRET = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'true', 'false', 'null', 'application/json', 'text/plain']);

/** What running an activity needs from its pipeline run, besides the run API the handlers see. */
export interface ActivityHost extends PipelineRunApi {
  /** A new activity run record (InProgress, or Skipped/Inactive) for one attempt. */
  baseRecord(def: ActivityDef, scope: Scope, status: ActivityRunStatus, attempt: number): ActivityRun;
  /** Adds the record to the run's records unless the bound on inner records is reached; whether it was kept. */
  keepRecord(rec: ActivityRun, inner: boolean): boolean;
  finishRecord(rec: ActivityRun, status: ActivityRunStatus): void;
  emit(e: RunEvent): void;
  /** Activities already warned about a policy value ADF would not accept (one warning per activity). */
  readonly warnedTimeouts: Set<string>;
  readonly warnedIntervals: Set<string>;
}

/** Runs one activity with its policy (retries, timeout, secure input/output); returns its final status. */
export async function runWithPolicy(run: ActivityHost, def: ActivityDef, scope: Scope): Promise<ActivityRunStatus> {
  const inner = scope.parents.length > 0;
  const clock = () => run.shared.readClock(def.name);
  const ctxFor = () => run.exprContext(scope, { clock });
  let retry = 0;
  let intervalS = DEFAULT_RETRY_INTERVAL_S;
  let timeoutMs = DEFAULT_TIMEOUT_MS;
  let policyError: ActivityError | undefined;
  try {
    const p = def.policy ?? {};
    if (p.retry !== undefined) retry = toCount(evaluateIn(p.retry, ctxFor), 'policy.retry');
    if (p.retryIntervalInSeconds !== undefined) {
      intervalS = toCount(evaluateIn(p.retryIntervalInSeconds, ctxFor), 'policy.retryIntervalInSeconds');
      // ADF accepts 30 to 86,400 seconds; other values apply locally only (handy in tests), with a warning.
      if ((intervalS < 30 || intervalS > 86_400) && !run.warnedIntervals.has(def.name) && run.warnedIntervals.add(def.name)) run.log('warn', `Activity '${def.name}': policy.retryIntervalInSeconds ${intervalS} is outside ADF's range of 30 to 86400 seconds; it applies locally only.`);
    }
    if (p.timeout !== undefined) {
      timeoutMs = parseTimeSpan(evaluateIn(p.timeout, ctxFor), `Activity '${def.name}' policy.timeout`);
      // "Activity policy": default 12 hours, minimum 10 minutes. Shorter values are applied here (handy for
      // local tests) with a warning, since ADF would not accept them.
      if (timeoutMs < MIN_TIMEOUT_MS && !run.warnedTimeouts.has(def.name) && run.warnedTimeouts.add(def.name)) run.log('warn', `Activity '${def.name}': policy.timeout ${formatTimeSpan(timeoutMs)} is below ADF's minimum of 10 minutes; it applies locally only.`);
    }
  } catch (e) {
    policyError = toActivityError(e, def.name);
  }
  timeoutMs = effectiveTimeoutMs(def.type, timeoutMs);
  const secureInput = def.policy?.secureInput === true;
  const secureOutput = def.policy?.secureOutput === true;
  const masker = run.shared.masker;
  let status: ActivityRunStatus = 'Failed';
  for (let attempt = 0; ; attempt++) {
    const rec = run.baseRecord(def, scope, 'InProgress', attempt);
    const kept = run.keepRecord(rec, inner);
    run.emit({ type: 'activityStarted', runId: run.runId, activityRun: { ...rec } });
    if (attempt === 0) run.shared.debug?.activityStarted(run, def, scope, rec.activityRunId);
    const controller = new AbortController();
    let timedOut = false;
    const outer = scope.signal ?? run.signal;
    const onRunAbort = () => controller.abort(outer.reason);
    outer.addEventListener('abort', onRunAbort, { once: true });
    if (outer.aborted) controller.abort(outer.reason);
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error('timeout'));
    }, Math.min(timeoutMs, 2 ** 31 - 1));
    let input: unknown = {};
    let outcome: ActivityOutcome | undefined;
    let error: ActivityError | null = null;
    let lastProgress = 0;
    const io: ActivityIo = {
      signal: controller.signal,
      log: (level, message) => run.log(level, message, rec.activityRunId),
      progress: (p) => {
        const t = Date.now();
        if (t - lastProgress < PROGRESS_INTERVAL_MS) return;
        lastProgress = t;
        // The record in progress carries the latest figures (what an interrupted copy had done).
        if (kept) rec.output = secureOutput ? MASK : masker.mask({ ...p });
        run.emit({ type: 'activityProgress', runId: run.runId, activityRunId: rec.activityRunId, progress: p });
      },
      workDir: run.shared.workDir,
      now: () => (run.shared.now ? new Date(run.shared.now) : new Date()),
      clockFixed: !!run.shared.now,
    };
    const actx: ActivityContext = {
      def,
      scope,
      run,
      activityRunId: rec.activityRunId,
      signal: controller.signal,
      io,
      evaluate: (value, extra) => evaluateIn(value, () => run.exprContext(scope, { clock, ...extra })),
      setInput: (v) => {
        input = v;
        if (secureInput) addSecureValues(masker, v);
      },
      annotate: (fields) => Object.assign(rec, fields),
    };
    try {
      if (policyError) throw new ActivityFailure(policyError.message, policyError.errorCode);
      const mock = findMock(run.shared.mocks, def, scope);
      const handler = mock ? mockHandler(mock) : handlerFor(def.type);
      outcome = await raceAbort(handler(actx), controller.signal);
      if (outcome.status === 'Failed') error = outcome.error ?? { errorCode: RunErrorCodes.innerActivityFailed, message: 'Activity failed because an inner activity failed', failureType: 'UserError', target: def.name };
    } catch (e) {
      if (outer.aborted) error = { errorCode: RunErrorCodes.cancelled, message: formatMessage(RunErrorCodes.cancelled, {}), failureType: 'UserError', target: def.name };
      else if (timedOut) error = { errorCode: RunErrorCodes.activityTimedOut, message: formatMessage(RunErrorCodes.activityTimedOut, { name: def.name, timeout: formatTimeSpan(timeoutMs) }), failureType: 'UserError', target: def.name };
      else error = toActivityError(e, def.name);
      if (e instanceof ActivityFailure && e.output) outcome = { output: e.output };
    } finally {
      clearTimeout(timer);
      outer.removeEventListener('abort', onRunAbort);
    }
    status = outer.aborted && error ? 'Cancelled' : error ? 'Failed' : 'Succeeded';
    const output = outcome?.output;
    if (secureOutput && output !== undefined) addSecureValues(masker, output);
    scope.results.set(def.name, { status, output, error });
    run.finishRecord(rec, status);
    if (error) error.message = masker.maskText(error.message);
    rec.error = error;
    if (kept || run.shared.onEvent) {
      rec.input = secureInput ? MASK : masker.mask(input);
      rec.output = secureOutput ? MASK : output === undefined ? null : masker.mask(output);
      if (!kept) run.emit({ type: 'activityFinished', runId: run.runId, activityRun: rec });
      else run.emit({ type: 'activityFinished', runId: run.runId, activityRun: { ...rec } });
    }
    if (status !== 'Failed' || attempt >= retry || outer.aborted) break;
    run.log('info', `Activity '${def.name}' failed (attempt ${attempt + 1} of ${retry + 1}); retrying in ${intervalS} s.`, rec.activityRunId);
    try {
      await sleep(intervalS * 1000, outer);
    } catch {
      break;
    }
  }
  return status;
}

/** "Lookup activity": the longest a Lookup runs before it times out is 24 hours, whatever its policy says. */
const LOOKUP_MAX_TIMEOUT_MS = 24 * 3600_000;

/** The timeout that applies to an activity of this type given its policy's (ADF's per-type caps). */
export function effectiveTimeoutMs(type: string, policyMs: number): number {
  return String(type).toLowerCase() === 'lookup' ? Math.min(policyMs, LOOKUP_MAX_TIMEOUT_MS) : policyMs;
}

function toCount(v: unknown, what: string): number {
  const n = typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new ActivityFailure(formatMessage(RunErrorCodes.badValue, { what, value: JSON.stringify(v) }, 'nonNegativeInteger'), RunErrorCodes.badValue);
  return n;
}

function addSecureValues(masker: Masker, value: unknown): void {
  const leaves: string[] = [];
  const walk = (v: unknown, d: number) => {
    if (leaves.length > 10_000 || d > 64) return;
    if (typeof v === 'string') {
      if (!NOT_SECRET.has(v)) leaves.push(v);
    } else if (typeof v === 'number' && String(v).length >= 6) leaves.push(String(v));
    else if (Array.isArray(v)) v.forEach((x) => walk(x, d + 1));
    else if (v && typeof v === 'object') Object.values(v).forEach((x) => walk(x, d + 1));
  };
  walk(value, 0);
  for (const l of leaves) masker.addSecret(l);
}

/** Resolves with the promise, or rejects as soon as the signal aborts (handlers that ignore it are cut off). */
function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  // The losing promise may still reject later (cut-off handler); that must not surface as unhandled.
  p.catch(() => undefined);
  if (signal.aborted) return Promise.reject(signal.reason ?? new Error('aborted'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason ?? new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
