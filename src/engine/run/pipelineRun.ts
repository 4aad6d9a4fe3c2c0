/**
 * One pipeline run: its variables, records and event stream, and the scheduler that runs a set of activities
 * (the pipeline, or an inner scope of a container) by ADF's dependency and status rules.
 */
import { formatMessage } from '../codes';
import type { ActivityError, ActivityRun, ActivityRunStatus, InvokedBy, PipelineRun, RunEvent } from '../contracts/types';
import { ActivityFailure } from '../contracts';
import type { ActivityDef, ExprContext, Scope, SharedRun } from './context';
import { conditionMet, scopeOutcome, type ScopeOutcome } from './status';
import { RunErrorCodes } from './errors';
import { evaluateIn } from './expression';
import { runWithPolicy, type ActivityHost } from './activityPolicy';

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

export class PipelineExecution implements ActivityHost {
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
  readonly warnedTimeouts = new Set<string>();
  readonly warnedIntervals = new Set<string>();

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
      clock: () => this.shared.readClock(),
      random: () => this.shared.random(),
      ...extra,
    };
  }

  getVariable(name: string): { type: string; value: unknown } | undefined {
    return this.variables.get(name);
  }

  setVariable(name: string, value: unknown, scope: Scope, activityName: string): void {
    const v = this.variables.get(name);
    if (!v) throw new ActivityFailure(formatMessage(RunErrorCodes.variable, { name, pipeline: this.pipelineName, activity: activityName }, 'undeclared'), RunErrorCodes.variable);
    checkVariableType(name, v.type, value);
    this.warnRace(name, scope, activityName);
    v.value = value;
  }

  appendVariable(name: string, value: unknown, scope: Scope, activityName: string): void {
    const v = this.variables.get(name);
    if (!v) throw new ActivityFailure(formatMessage(RunErrorCodes.variable, { name, pipeline: this.pipelineName, activity: activityName }, 'undeclaredArray'), RunErrorCodes.variable);
    if (v.type !== 'Array') throw new ActivityFailure(formatMessage(RunErrorCodes.variable, { name, type: v.type }, 'appendNotArray'), RunErrorCodes.variable);
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

  get invokedBy(): InvokedBy {
    return this.init.pipelineRun.invokedBy;
  }

  assignVariable(name: string, value: unknown): void {
    const v = this.variables.get(name);
    if (!v) throw new ActivityFailure(formatMessage(RunErrorCodes.variable, { name, pipeline: this.pipelineName }, 'undeclaredShort'), RunErrorCodes.variable);
    checkVariableType(name, v.type, value);
    v.value = value;
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

  keepRecord(rec: ActivityRun, inner: boolean): boolean {
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

  baseRecord(def: ActivityDef, scope: Scope, status: ActivityRunStatus, attempt: number): ActivityRun {
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

  finishRecord(rec: ActivityRun, status: ActivityRunStatus): void {
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

  /** Runs one activity: a deactivated one is recorded as Inactive, the others run under their policy (activityPolicy.ts). */
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
    const debug = this.shared.debug;
    if (debug) await debug.beforeActivity(this, def, scope);
    const status = await runWithPolicy(this, def, scope);
    if (debug) await debug.activityFinished(this, def, scope, status);
    return status;
  }
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
    throw new ActivityFailure(formatMessage(RunErrorCodes.variable, { name, type: label, actual: got }), RunErrorCodes.variable);
  }
}
