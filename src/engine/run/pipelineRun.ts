/**
 * One pipeline run: its variables, records and event stream, and the scheduler that runs a set of activities
 * (the pipeline, or an inner scope of a container) by ADF's dependency and status rules.
 */
import type { ActivityError, ActivityIo, ActivityRun, ActivityRunStatus, InvokedBy, PipelineRun, RunEvent } from '../contracts/types';
import { ActivityFailure } from '../contracts';
import type { ActivityContext, ActivityDef, ActivityOutcome, ExprContext, PipelineRunApi, Scope, SharedRun } from './context';
import { MASK } from './secrets';
import { conditionMet, scopeOutcome, type ScopeOutcome } from './status';
import { RunErrorCodes, toActivityError } from './errors';
import { parseTimeSpan, formatTimeSpan } from './timespan';
import { evaluateIn } from './expression';
import { sleep } from '../contracts';
import { handlerFor } from './activities/registry';
import { findMock, mockHandler } from './activities/mock';

/** ADF's default activity timeout (policy.timeout absent): 0.12:00:00. */
export const DEFAULT_TIMEOUT_MS = 12 * 3600_000;
const DEFAULT_RETRY_INTERVAL_S = 30;
const MIN_TIMEOUT_MS = 10 * 60_000;
const PROGRESS_INTERVAL_MS = 250;
const NOT_SECRET = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'true', 'false', 'null', 'application/json', 'text/plain']);

export interface PipelineRunInit {
  shared: SharedRun;
  pipelineRun: PipelineRun;
  chain: string[];
  params: Record<string, unknown>;
  globalParameters: Record<string, unknown>;
  variables: Map<string, { type: string; value: unknown }>;
  pipelineContext: NonNullable<ExprContext['pipeline']>;
  trigger?: ExprContext['trigger'];
  triggerBody?: Record<string, unknown>;
  signal: AbortSignal;
}

export class PipelineExecution implements PipelineRunApi {
  readonly shared: SharedRun;
  readonly runId: string;
  readonly pipelineName: string;
  readonly chain: string[];
  readonly signal: AbortSignal;
  readonly records: ActivityRun[] = [];
  droppedRecords = 0;
  returnValue: Record<string, unknown> | undefined;
  readonly variables: Map<string, { type: string; value: unknown }>;
  private readonly init: PipelineRunInit;
  private readonly warnedRaces = new Set<string>();
  private readonly warnedTimeouts = new Set<string>();
  private readonly warnedIntervals = new Set<string>();

  constructor(init: PipelineRunInit) {
    this.init = init;
    this.shared = init.shared;
    this.runId = init.pipelineRun.runId;
    this.pipelineName = init.pipelineRun.pipelineName;
    this.chain = init.chain;
    this.signal = init.signal;
    this.variables = init.variables;
  }

  // ---------------------------------------------------------------- expression context and state

  exprContext(scope: Scope, extra?: Partial<ExprContext>): ExprContext {
    const activities: NonNullable<ExprContext['activities']> = {};
    const chain: Scope[] = [];
    for (let s: Scope | undefined = scope; s; s = s.parent) chain.unshift(s);
    for (const s of chain) for (const [name, r] of s.results) activities[name] = { output: r.output, status: r.status, error: r.error ?? undefined };
    const variables: Record<string, unknown> = {};
    for (const [k, v] of this.variables) variables[k] = v.value;
    return {
      parameters: this.init.params,
      globalParameters: this.init.globalParameters,
      variables,
      activities,
      ...(scope.hasItem ? { item: scope.item, hasItem: true } : { hasItem: false }),
      pipeline: this.init.pipelineContext,
      trigger: this.init.trigger,
      triggerBody: this.init.triggerBody,
      now: this.shared.now,
      random: () => this.shared.random(),
      ...extra,
    };
  }

  getVariable(name: string): { type: string; value: unknown } | undefined {
    return this.variables.get(name);
  }

  setVariable(name: string, value: unknown, scope: Scope, activityName: string): void {
    const v = this.variables.get(name);
    if (!v) throw new ActivityFailure(`The variable '${name}' is not declared in pipeline '${this.pipelineName}'. Declare it under "variables" or fix the name in activity '${activityName}'.`, RunErrorCodes.variable);
    checkVariableType(name, v.type, value);
    this.warnRace(name, scope, activityName);
    v.value = value;
  }

  appendVariable(name: string, value: unknown, scope: Scope, activityName: string): void {
    const v = this.variables.get(name);
    if (!v) throw new ActivityFailure(`The variable '${name}' is not declared in pipeline '${this.pipelineName}'. Declare it as an Array variable or fix the name in activity '${activityName}'.`, RunErrorCodes.variable);
    if (v.type !== 'Array') throw new ActivityFailure(`AppendVariable needs an Array variable; '${name}' is ${v.type}.`, RunErrorCodes.variable);
    this.warnRace(name, scope, activityName);
    v.value = [...((v.value as unknown[]) ?? []), value];
  }

  setReturnValue(v: Record<string, unknown>): void {
    this.returnValue = { ...(this.returnValue ?? {}), ...v };
  }

  private warnRace(name: string, scope: Scope, activityName: string): void {
    if (!scope.inParallelForEach || this.warnedRaces.has(name)) return;
    this.warnedRaces.add(name);
    this.log('warn', `Variable '${name}' is changed by '${activityName}' inside a parallel ForEach. Variables are scoped to the pipeline and shared by every iteration, so the result depends on timing (as in ADF). Make the ForEach sequential, or move the work into a child pipeline with ExecutePipeline.`);
  }

  invokedByForChild(activityName: string, activityRunId: string): InvokedBy {
    return { name: activityName, id: activityRunId, invokedByType: 'PipelineActivity', pipelineName: this.pipelineName, pipelineRunId: this.runId };
  }

  // ---------------------------------------------------------------- events

  /** Called when an activity record is added or finished (the live record in the store follows it). */
  onRecordsChanged: (() => void) | undefined;

  emit(e: RunEvent): void {
    if (e.type === 'activityStarted' || e.type === 'activityFinished' || e.type === 'activityProgress') this.onRecordsChanged?.();
    const cb = this.shared.onEvent;
    if (!cb) return;
    try {
      cb(this.shared.masker.mask(e));
    } catch {
      // A consumer's error must not break the run.
    }
  }

  log(level: 'debug' | 'info' | 'warn' | 'error', message: string, activityRunId?: string): void {
    this.emit({ type: 'log', runId: this.runId, level, message: this.shared.masker.maskText(message), activityRunId, time: new Date().toISOString() });
  }

  private keepRecord(rec: ActivityRun, inner: boolean): boolean {
    const cap = this.shared.maxActivityRuns;
    if (!inner || this.records.length < cap) {
      this.records.push(rec);
      return true;
    }
    this.droppedRecords++;
    return false;
  }

  // ---------------------------------------------------------------- scheduler

  async runScope(activities: ActivityDef[], scope: Scope, where: string, opts: { only?: Set<string>; reuse?: Map<string, ActivityRun> } = {}): Promise<ScopeOutcome & { errors: ActivityError[] }> {
    const defs = activities.filter((a) => !opts.only || opts.only.has(a.name));
    const statuses = new Map<string, ActivityRunStatus | undefined>();
    const pending = new Set(defs.map((d) => d.name));
    const byName = new Map(defs.map((d) => [d.name, d]));
    const running = new Map<string, Promise<void>>();
    const finished = (n: string) => statuses.has(n) || !byName.has(n);
    const signal = scope.signal ?? this.signal;
    while (pending.size || running.size) {
      if (signal.aborted) {
        await Promise.all(running.values());
        break;
      }
      let progressed = false;
      for (const name of pending) {
        const def = byName.get(name)!;
        const deps = (def.dependsOn ?? []).filter((d) => byName.has(d.activity));
        if (!deps.every((d) => finished(d.activity))) continue;
        pending.delete(name);
        progressed = true;
        const reused = opts.reuse?.get(name);
        if (reused) {
          this.reuseRecord(reused, scope);
          statuses.set(name, 'Succeeded');
          continue;
        }
        const met = deps.every((d) => conditionMet(d.dependencyConditions, statuses.get(d.activity)));
        if (!met) {
          this.skip(def, scope);
          statuses.set(name, 'Skipped');
          continue;
        }
        const p = this.runActivity(def, scope).then((st) => {
          statuses.set(name, st);
          running.delete(name);
        });
        running.set(name, p);
      }
      if (progressed) continue;
      if (running.size) await Promise.race(running.values());
      else break;
    }
    const outcome = scopeOutcome(defs, statuses);
    const errors = outcome.failed.map((n) => scope.results.get(n)).map((r) => r?.error ?? r?.failure).filter((e): e is ActivityError => !!e);
    return { ...outcome, errors };
  }

  private baseRecord(def: ActivityDef, scope: Scope, status: ActivityRunStatus, attempt: number): ActivityRun {
    const now = new Date().toISOString();
    const rec: ActivityRun = {
      pipelineName: this.pipelineName,
      pipelineRunId: this.runId,
      activityName: def.name,
      activityType: def.type,
      activityRunId: this.shared.newId(),
      status,
      activityRunStart: now,
      input: {},
      output: null,
      error: null,
      retryAttempt: attempt === 0 ? null : attempt,
    };
    if (def.linkedServiceName?.referenceName) rec.linkedServiceName = def.linkedServiceName.referenceName;
    if (scope.iterationHash) rec.iterationHash = scope.iterationHash;
    if (scope.parents.length) rec['adfw:parents'] = [...scope.parents];
    if (def.userProperties?.length) {
      const up: Record<string, string> = {};
      for (const p of def.userProperties) {
        try {
          const v = evaluateIn(p.value, () => this.exprContext(scope));
          up[p.name] = typeof v === 'string' ? v : JSON.stringify(v);
        } catch (e) {
          up[p.name] = `(${(e as Error).message})`;
        }
      }
      rec.userProperties = up;
    }
    return rec;
  }

  private finishRecord(rec: ActivityRun, status: ActivityRunStatus): void {
    const end = new Date();
    rec.status = status;
    rec.activityRunEnd = end.toISOString();
    rec.durationInMs = Math.max(0, end.getTime() - Date.parse(rec.activityRunStart));
  }

  private skip(def: ActivityDef, scope: Scope): void {
    const rec = this.baseRecord(def, scope, 'Skipped', 0);
    this.finishRecord(rec, 'Skipped');
    scope.results.set(def.name, { status: 'Skipped', output: undefined, error: null });
    if (this.keepRecord(rec, scope.parents.length > 0)) Object.assign(rec, this.shared.masker.mask({ ...rec }));
    this.emit({ type: 'activityFinished', runId: this.runId, activityRun: { ...rec } });
  }

  private reuseRecord(prev: ActivityRun, scope: Scope): void {
    const rec: ActivityRun = { ...prev, pipelineRunId: this.runId, pipelineName: this.pipelineName };
    scope.results.set(prev.activityName, { status: 'Succeeded', output: prev.output, error: null });
    this.records.push(rec);
    this.log('info', `Activity '${prev.activityName}' succeeded in run ${prev.pipelineRunId}; reusing its output.`);
    this.emit({ type: 'activityFinished', runId: this.runId, activityRun: { ...rec } });
  }

  /** Runs one activity with its policy (retries, timeout, secure input/output); returns its final status. */
  async runActivity(def: ActivityDef, scope: Scope): Promise<ActivityRunStatus> {
    const inner = scope.parents.length > 0;
    if (typeof def.state === 'string' && def.state.toLowerCase() === 'inactive') {
      // "Deactivate an activity": the activity does not run; a placeholder record with the reserved status
      // Inactive stands in for it, without error or output, and branching follows onInactiveMarkAs.
      const mark = (['Succeeded', 'Failed', 'Skipped'].find((s) => s.toLowerCase() === String(def.onInactiveMarkAs ?? 'Succeeded').toLowerCase()) ?? 'Succeeded') as 'Succeeded' | 'Failed' | 'Skipped';
      const rec = this.baseRecord(def, scope, 'Inactive', 0);
      this.finishRecord(rec, 'Inactive');
      rec['adfw:markedAs'] = mark;
      rec.error = null;
      rec.output = null;
      const failure = mark === 'Failed' ? { errorCode: 'ActivityInactive', message: `Activity '${def.name}' is deactivated (state: Inactive) and marked as Failed.`, failureType: 'UserError', target: def.name } : undefined;
      scope.results.set(def.name, { status: mark, output: undefined, error: null, ...(failure ? { failure } : {}) });
      this.keepRecord(rec, inner);
      this.emit({ type: 'activityFinished', runId: this.runId, activityRun: { ...rec } });
      return mark;
    }
    const ctxFor = () => this.exprContext(scope);
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
        if ((intervalS < 30 || intervalS > 86_400) && !this.warnedIntervals.has(def.name) && this.warnedIntervals.add(def.name)) this.log('warn', `Activity '${def.name}': policy.retryIntervalInSeconds ${intervalS} is outside ADF's range of 30 to 86400 seconds; it applies locally only.`);
      }
      if (p.timeout !== undefined) {
        timeoutMs = parseTimeSpan(evaluateIn(p.timeout, ctxFor), `Activity '${def.name}' policy.timeout`);
        // "Activity policy": default 12 hours, minimum 10 minutes. Shorter values are applied here (handy for
        // local tests) with a warning, since ADF would not accept them.
        if (timeoutMs < MIN_TIMEOUT_MS && !this.warnedTimeouts.has(def.name) && this.warnedTimeouts.add(def.name)) this.log('warn', `Activity '${def.name}': policy.timeout ${formatTimeSpan(timeoutMs)} is below ADF's minimum of 10 minutes; it applies locally only.`);
      }
    } catch (e) {
      policyError = toActivityError(e, def.name);
    }
    timeoutMs = effectiveTimeoutMs(def.type, timeoutMs);
    const secureInput = def.policy?.secureInput === true;
    const secureOutput = def.policy?.secureOutput === true;
    const masker = this.shared.masker;
    let status: ActivityRunStatus = 'Failed';
    for (let attempt = 0; ; attempt++) {
      const rec = this.baseRecord(def, scope, 'InProgress', attempt);
      const kept = this.keepRecord(rec, inner);
      this.emit({ type: 'activityStarted', runId: this.runId, activityRun: { ...rec } });
      const controller = new AbortController();
      let timedOut = false;
      const outer = scope.signal ?? this.signal;
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
        log: (level, message) => this.log(level, message, rec.activityRunId),
        progress: (p) => {
          const t = Date.now();
          if (t - lastProgress < PROGRESS_INTERVAL_MS) return;
          lastProgress = t;
          // The record in progress carries the latest figures (what an interrupted copy had done).
          if (kept) rec.output = secureOutput ? MASK : masker.mask({ ...p });
          this.emit({ type: 'activityProgress', runId: this.runId, activityRunId: rec.activityRunId, progress: p });
        },
        workDir: this.shared.workDir,
        now: () => (this.shared.now ? new Date(this.shared.now) : new Date()),
        clockFixed: !!this.shared.now,
      };
      const actx: ActivityContext = {
        def,
        scope,
        run: this,
        activityRunId: rec.activityRunId,
        signal: controller.signal,
        io,
        evaluate: (value, extra) => evaluateIn(value, () => this.exprContext(scope, extra)),
        setInput: (v) => {
          input = v;
          if (secureInput) addSecureValues(masker, v);
        },
        annotate: (fields) => Object.assign(rec, fields),
      };
      try {
        if (policyError) throw new ActivityFailure(policyError.message, policyError.errorCode);
        const mock = findMock(this.shared.mocks, def, scope);
        const handler = mock ? mockHandler(mock) : handlerFor(def.type);
        outcome = await raceAbort(handler(actx), controller.signal);
        if (outcome.status === 'Failed') error = outcome.error ?? { errorCode: RunErrorCodes.innerActivityFailed, message: 'Activity failed because an inner activity failed', failureType: 'UserError', target: def.name };
      } catch (e) {
        if (outer.aborted) error = { errorCode: RunErrorCodes.cancelled, message: 'The run was cancelled.', failureType: 'UserError', target: def.name };
        else if (timedOut) error = { errorCode: RunErrorCodes.activityTimedOut, message: `Activity '${def.name}' timed out after ${formatTimeSpan(timeoutMs)} (policy.timeout).`, failureType: 'UserError', target: def.name };
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
      this.finishRecord(rec, status);
      if (error) error.message = masker.maskText(error.message);
      rec.error = error;
      if (kept || this.shared.onEvent) {
        rec.input = secureInput ? MASK : masker.mask(input);
        rec.output = secureOutput ? MASK : output === undefined ? null : masker.mask(output);
        if (!kept) this.emit({ type: 'activityFinished', runId: this.runId, activityRun: rec });
        else this.emit({ type: 'activityFinished', runId: this.runId, activityRun: { ...rec } });
      }
      if (status !== 'Failed' || attempt >= retry || outer.aborted) break;
      this.log('info', `Activity '${def.name}' failed (attempt ${attempt + 1} of ${retry + 1}); retrying in ${intervalS} s.`, rec.activityRunId);
      try {
        await sleep(intervalS * 1000, outer);
      } catch {
        break;
      }
    }
    return status;
  }
}

/** "Lookup activity": the longest a Lookup runs before it times out is 24 hours, whatever its policy says. */
export const LOOKUP_MAX_TIMEOUT_MS = 24 * 3600_000;

/** The timeout that applies to an activity of this type given its policy's (ADF's per-type caps). */
export function effectiveTimeoutMs(type: string, policyMs: number): number {
  return String(type).toLowerCase() === 'lookup' ? Math.min(policyMs, LOOKUP_MAX_TIMEOUT_MS) : policyMs;
}

function toCount(v: unknown, what: string): number {
  const n = typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new ActivityFailure(`${what} must be a non-negative integer, got ${JSON.stringify(v)}.`, RunErrorCodes.badValue);
  return n;
}

function checkVariableType(name: string, type: string, value: unknown): void {
  const ok =
    type === 'String' ? typeof value === 'string' :
    type === 'Bool' || type === 'Boolean' ? typeof value === 'boolean' :
    type === 'Array' ? Array.isArray(value) :
    type === 'Integer' || type === 'Int' ? typeof value === 'number' && Number.isInteger(value) :
    true;
  if (!ok) {
    const got = value === null ? 'Null' : Array.isArray(value) ? 'Array' : typeof value === 'boolean' ? 'Boolean' : typeof value === 'number' ? (Number.isInteger(value) ? 'Integer' : 'Float') : typeof value === 'string' ? 'String' : 'Object';
    // The wording of ADF's workflow engine for a variable of the wrong type.
    const label = type === 'Bool' ? 'Boolean' : type;
    throw new ActivityFailure(`The variable '${name}' of type '${label}' cannot be initialized or updated with value of type '${got}'. The variable '${name}' only supports values of types '${label}'.`, RunErrorCodes.variable);
  }
}

function addSecureValues(masker: import('./secrets').Masker, value: unknown): void {
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
export function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
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

