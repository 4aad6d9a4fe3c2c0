/**
 * The local pipeline engine: sets up a run (parameters, variables, graph checks, records), runs it with the
 * scheduler of PipelineExecution, and finalises the REST-shaped records (status by ADF's leaf rule, masking,
 * store). ExecutePipeline children share the top-level run's services.
 */
import { formatMessage } from '../codes';
import * as os from 'node:os';
import { setMaxListeners } from 'node:events';
import * as path from 'node:path';
import { clockReader, type ClockScript } from './clock';
import type { Factory } from '../model';
import { findResource, containerLists } from '../model';
import type { ActivityRun, DataServices, InvokedBy, PipelineRun, RunEvent, RunResult } from '../contracts/types';
import type { ActivityDef, ChildRunInit, DebugHook, ExprContext, MockSpec, PipelineRunApi, Scope, SharedRun } from './context';
import { Masker } from './secrets';
import { idSource, seededRandom, rerunIdSeed } from './random';
import { resolveParameters, stringifyParameters, variableDefaults, globalParameterValues, previousParameters } from './params';
import { graphProblems, ancestorsOf, descendantsOf } from './status';
import { RunErrorCodes, RunSetupError } from './errors';
import { PipelineExecution } from './pipelineRun';
import { copyModule } from './optional';
import { currentOwner, HEARTBEAT_MS } from './owner';
import { LiveRecord, LIVE_SAVE_DELAY_MS } from './liveRecord';
import { roundTripUtc } from '../expr';

export interface RunStoreLike {
  save(r: RunResult): Promise<void>;
}

export interface RunOptions {
  factory: Factory;
  pipelineName: string;
  parameters?: Record<string, unknown>;
  /** Linked service name -> property overrides (already ${env:X}-substituted, see loadConnections). */
  connections?: Record<string, Record<string, unknown>>;
  mocks?: MockSpec[];
  /** Fixed clock for utcNow() and friends (ISO 8601). */
  now?: string;
  /** A scripted clock over `now`: per activity, or successive reads (see ClockScript). */
  clock?: ClockScript;
  /** Seed for rand()/guid() and run ids. */
  seed?: number;
  /** Debug until: run the pipeline up to and including this top-level activity. */
  until?: string;
  invokedBy?: InvokedBy;
  pipelineContext?: Partial<NonNullable<ExprContext['pipeline']>>;
  trigger?: ExprContext['trigger'];
  triggerBody?: Record<string, unknown>;
  signal?: AbortSignal;
  onEvent?: (e: RunEvent) => void;
  store?: RunStoreLike;
  dataServices?: DataServices;
  /**
   * Cosmos DB linked services and the embedded local Cosmos DB, for the data services the engine creates itself:
   * 'auto' (default) serves linked services that point at the emulator address from it, 'always' serves every
   * Cosmos DB linked service from it (`adfw run --local-cosmos`), 'never' uses none.
   */
  localCosmos?: 'auto' | 'always' | 'never';
  workDir?: string;
  rerunOf?: RunResult;
  startFromFailed?: boolean;
  /**
   * Rerun from activity (with `rerunOf`): this top-level activity and every activity after it run again; the
   * others that succeeded in the earlier run keep their records and outputs, and the variables start from the
   * earlier run's values (as with startFromFailed).
   */
  startActivityName?: string;
  /** Bound on ExecutePipeline nesting (default 32). */
  maxDepth?: number;
  /** Bound on activity run records kept per pipeline run for activities inside containers (default 20,000). */
  maxActivityRuns?: number;
  /** How often a run in progress refreshes its record in the store (default 30 s). */
  heartbeatMs?: number;
  /** Most items a ForEach accepts (default ADF's 100,000; raise it only to measure the engine itself). */
  maxForEachItems?: number;
  /** A debugger (see RunDebugger): holds activities before they start. */
  debug?: DebugHook;
}

const DEFAULT_MAX_DEPTH = 32;
const DEFAULT_MAX_ACTIVITY_RUNS = 20_000;
/** "ForEach activity", limitations: at most 100,000 items. */
const MAX_FOREACH_ITEMS = 100_000;

/** Runs a pipeline of a loaded factory on this machine. Throws RunSetupError when the run cannot start. */
export async function runPipeline(opts: RunOptions): Promise<RunResult> {
  let owned: DataServices | undefined;
  let dsCreated = false;
  // The run's own signal follows the caller's; many activities listen to it at once.
  const runController = new AbortController();
  setMaxListeners(0, runController.signal);
  const topSignal = runController.signal;
  const onCallerAbort = () => runController.abort(opts.signal?.reason);
  if (opts.signal?.aborted) runController.abort(opts.signal.reason);
  opts.signal?.addEventListener('abort', onCallerAbort, { once: true });
  const shared: SharedRun & { topSignal: AbortSignal } = {
    factory: opts.factory,
    masker: new Masker(),
    newId: idSource(opts.seed !== undefined && opts.rerunOf ? rerunIdSeed(opts.seed, opts.rerunOf.pipelineRun.runId) : opts.seed),
    random: opts.seed === undefined ? Math.random : seededRandom(opts.seed),
    now: opts.now,
    readClock: clockReader(opts.clock),
    seed: opts.seed,
    mocks: opts.mocks ?? [],
    connections: opts.connections ?? {},
    store: opts.store,
    dataServices: () => {
      if (opts.dataServices) return opts.dataServices;
      if (!dsCreated) {
        dsCreated = true;
        owned = copyModule()?.createDataServices(opts.localCosmos ? { localCosmos: opts.localCosmos } : undefined);
      }
      return owned;
    },
    workDir: opts.workDir ?? path.join(os.tmpdir(), 'adfw-work'),
    onEvent: opts.onEvent,
    maxDepth: opts.maxDepth ?? DEFAULT_MAX_DEPTH,
    maxActivityRuns: opts.maxActivityRuns ?? DEFAULT_MAX_ACTIVITY_RUNS,
    detached: [],
    startChild: runChildPipeline,
    topSignal,
    heartbeatMs: opts.heartbeatMs ?? HEARTBEAT_MS,
    maxForEachItems: opts.maxForEachItems ?? MAX_FOREACH_ITEMS,
    ...(opts.debug ? { debug: opts.debug } : {}),
  };
  if (opts.now !== undefined && Number.isNaN(Date.parse(opts.now))) throw new RunSetupError(formatMessage(RunErrorCodes.badValue, { value: opts.now }, 'now'), RunErrorCodes.badValue);
  for (const overrides of Object.values(shared.connections)) shared.masker.addByKeyNames(overrides);
  try {
    const started = startPipeline(shared, {
      pipelineName: opts.pipelineName,
      parameters: opts.parameters ?? {},
      chain: [],
      invokedBy: opts.invokedBy,
      signal: topSignal,
      pipelineContext: opts.pipelineContext,
      trigger: opts.trigger,
      triggerBody: opts.triggerBody,
      until: opts.until,
      rerunOf: opts.rerunOf,
      startFromFailed: opts.startFromFailed,
      startActivityName: opts.startActivityName,
    });
    const result = await started.done;
    await Promise.allSettled(shared.detached);
    return result;
  } finally {
    opts.signal?.removeEventListener('abort', onCallerAbort);
    if (owned) await owned.dispose().catch(() => undefined);
  }
}

interface StartInit {
  pipelineName: string;
  parameters: Record<string, unknown>;
  chain: string[];
  invokedBy?: InvokedBy;
  signal: AbortSignal;
  pipelineContext?: Partial<NonNullable<ExprContext['pipeline']>>;
  trigger?: ExprContext['trigger'];
  triggerBody?: Record<string, unknown>;
  until?: string;
  rerunOf?: RunResult;
  startFromFailed?: boolean;
  startActivityName?: string;
  onStarted?: (runId: string) => void;
}

/** Starts a child run for ExecutePipeline. */
function runChildPipeline(parent: PipelineRunApi, init: ChildRunInit): Promise<{ runId: string; done: Promise<RunResult> }> {
  const shared = parent.shared as SharedRun & { topSignal: AbortSignal };
  const started = startPipeline(shared, {
    pipelineName: init.pipelineName,
    parameters: init.parameters,
    chain: init.chain.slice(0, -1),
    invokedBy: init.invokedBy,
    signal: init.detach ? shared.topSignal : init.signal,
    pipelineContext: { TriggerType: 'PipelineActivity', TriggerId: init.invokedBy.id, TriggerName: parent.pipelineName, TriggeredByPipelineName: parent.pipelineName, TriggeredByPipelineRunId: parent.runId },
    onStarted: init.onStarted,
  });
  if (init.detach) shared.detached.push(started.done.catch(() => undefined));
  return Promise.resolve(started);
}

function checkGraph(activities: ActivityDef[], where: string, problems: string[], depth = 0): void {
  if (!Array.isArray(activities)) {
    problems.push(formatMessage(RunErrorCodes.graph, { where }, 'activitiesNotArray'));
    return;
  }
  problems.push(...graphProblems(activities, where));
  if (depth > 16) return;
  for (const a of activities) {
    if (!a || typeof a !== 'object') continue;
    if (typeof a.type !== 'string') problems.push(formatMessage(RunErrorCodes.graph, { where, name: String(a.name) }, 'noType'));
    for (const inner of containerLists(a)) if (inner.list !== undefined) checkGraph(inner.list as ActivityDef[], `${where} > ${a.name}.${inner.branch}`, problems, depth + 1);
  }
}

function startPipeline(shared: SharedRun, init: StartInit): { runId: string; done: Promise<RunResult> } {
  const factory = shared.factory;
  const res = findResource(factory, 'pipeline', init.pipelineName);
  if (!res) {
    const names = [...factory.resources.pipeline.keys()];
    throw new RunSetupError(formatMessage(RunErrorCodes.pipelineNotFound, { name: init.pipelineName, factory: factory.name, root: factory.root, pipelines: names.length ? names.join(', ') : 'none' }), RunErrorCodes.pipelineNotFound);
  }
  const props = res.properties;
  const activities = (Array.isArray(props.activities) ? props.activities : []) as ActivityDef[];
  const problems: string[] = [];
  checkGraph(activities, `Pipeline '${res.name}' (${path.relative(factory.root, res.file) || res.file})`, problems);
  if (problems.length) throw new RunSetupError(problems.join('\n'), RunErrorCodes.graph);
  let only: Set<string> | undefined;
  if (init.until !== undefined) {
    if (!activities.some((a) => a.name === init.until)) throw new RunSetupError(formatMessage(RunErrorCodes.badValue, { pipeline: res.name, name: init.until, activities: activities.map((a) => a.name).join(', ') }, 'until'), RunErrorCodes.badValue);
    only = ancestorsOf(activities, init.until);
  }
  const declared = (props.parameters && typeof props.parameters === 'object' ? props.parameters : {}) as Record<string, { type?: string; defaultValue?: unknown }>;
  const given = init.rerunOf ? { ...previousParameters(init.rerunOf, declared), ...init.parameters } : init.parameters;
  const { values: params, types } = resolveParameters(res.name, declared, given);
  for (const [k, t] of Object.entries(types)) if (t === 'SecureString' && typeof params[k] === 'string') shared.masker.addSecret(params[k]);
  const variables = variableDefaults(res.name, props.variables);
  const prev = init.rerunOf;
  let reuse: Map<string, ActivityRun> | undefined;
  if (init.startActivityName !== undefined && !prev) throw new RunSetupError(formatMessage(RunErrorCodes.badValue, {}, 'rerunNeedsRun'), RunErrorCodes.badValue);
  if (init.startActivityName !== undefined && !activities.some((a) => a.name === init.startActivityName)) {
    throw new RunSetupError(formatMessage(RunErrorCodes.badValue, { pipeline: res.name, name: init.startActivityName, activities: activities.map((a) => a.name).join(', ') }, 'rerunFromActivity'), RunErrorCodes.badValue);
  }
  if (prev && (init.startFromFailed || init.startActivityName !== undefined)) {
    // The start activity and everything after it run again; the rest that succeeded is reused.
    const again = init.startActivityName !== undefined ? descendantsOf(activities, init.startActivityName) : new Set<string>();
    reuse = new Map();
    for (const a of prev.activityRuns) if (!a['adfw:parents']?.length && a.status === 'Succeeded' && !again.has(a.activityName) && activities.some((d) => d.name === a.activityName)) reuse.set(a.activityName, a);
    for (const [k, v] of Object.entries(prev.pipelineRun['adfw:variables'] ?? {})) if (variables.has(k)) variables.get(k)!.value = v;
  }
  const runId = shared.newId();
  const start = new Date();
  const invokedBy: InvokedBy = init.invokedBy ?? { name: 'Manual', id: shared.newId(), invokedByType: 'Manual' };
  const pipelineRun: PipelineRun = {
    runId,
    runGroupId: prev ? prev.pipelineRun.runGroupId : runId,
    isLatest: true,
    pipelineName: res.name,
    parameters: shared.masker.mask(stringifyParameters(params)),
    invokedBy,
    lastUpdated: start.toISOString(),
    runStart: start.toISOString(),
    status: 'InProgress',
    message: '',
    'adfw:origin': 'local',
    'adfw:factory': factory.name,
    ...(factory.fabric ? { 'adfw:fabric': { workspace: factory.name, ...(factory.fabric.valueSet ? { valueSet: factory.fabric.valueSet } : {}) } } : {}),
    ...(shared.now !== undefined ? { 'adfw:now': shared.now } : {}),
    ...(shared.seed !== undefined ? { 'adfw:seed': shared.seed } : {}),
    ...(prev ? { 'adfw:isRerun': true, 'adfw:rerunOf': prev.pipelineRun.runId } : {}),
  };
  const pipelineContext: NonNullable<ExprContext['pipeline']> = {
    DataFactory: factory.name,
    Pipeline: res.name,
    RunId: runId,
    TriggerType: invokedBy.invokedByType === 'Manual' ? 'Manual' : invokedBy.invokedByType,
    TriggerId: invokedBy.id,
    TriggerName: invokedBy.name,
    // The time the run was actually started, in .NET's round-trip format as ADF writes it (7 fraction digits).
    TriggerTime: roundTripUtc(shared.now !== undefined && !Number.isNaN(Date.parse(shared.now)) ? Date.parse(shared.now) : start.getTime()),
    GroupId: pipelineRun.runGroupId,
    // Fabric: pipeline().libraryVariables from the workspace's variable libraries (active value set).
    ...(factory.fabric ? { libraryVariables: factory.fabric.libraryValues.get(res.name) ?? {} } : {}),
    ...(init.pipelineContext ?? {}),
  };
  const exec = new PipelineExecution({
    shared,
    pipelineRun,
    chain: [...init.chain, res.name],
    params,
    globalParameters: globalParameterValues(factory),
    variables,
    pipelineContext,
    trigger: init.trigger,
    triggerBody: init.triggerBody,
    signal: init.signal,
  });
  init.onStarted?.(runId);
  exec.emit({ type: 'runStarted', run: { ...pipelineRun } });
  const done = (async (): Promise<RunResult> => {
    // While the run lasts, its record names the process running it (so readers can tell when it died) and follows
    // the activities as they start and end (coalesced, about a second behind); a heartbeat refreshes lastUpdated.
    if (shared.store) pipelineRun['adfw:owner'] = currentOwner(shared.heartbeatMs);
    const snapshot = (): RunResult => ({
      pipelineRun: shared.masker.mask({ ...pipelineRun, lastUpdated: new Date().toISOString(), 'adfw:variables': Object.fromEntries([...exec.variables].map(([k, v]) => [k, v.value])) }),
      activityRuns: shared.masker.mask([...exec.records]),
    });
    await saveQuietly(shared, exec, { pipelineRun: shared.masker.mask({ ...pipelineRun }), activityRuns: [] });
    // A rerun becomes the latest run of its group: the run it reruns is no longer (REST: isLatest).
    if (prev) await markNotLatest(shared, exec, pipelineRun.runGroupId, runId);
    const live = shared.store ? new LiveRecord(() => saveQuietly(shared, exec, snapshot()), { delayMs: LIVE_SAVE_DELAY_MS, heartbeatMs: shared.heartbeatMs }) : undefined;
    live?.start();
    exec.onRecordsChanged = live && (() => live.changed());
    const root: Scope = { results: new Map(), hasItem: false, parents: [], inParallelForEach: false, signal: init.signal };
    let outcome;
    try {
      outcome = await exec.runScope(activities, root, `Pipeline '${res.name}'`, { only, reuse });
    } catch (e) {
      outcome = { status: 'Failed' as const, failed: [], errors: [{ errorCode: 'SystemError', message: (e as Error).message, failureType: 'SystemError', target: res.name }] };
    }
    // A debugger may stop here, before the run's status is final ("pipeline failed").
    if (shared.debug?.pipelineFinished && !init.signal.aborted) await shared.debug.pipelineFinished(exec, root, outcome);
    exec.onRecordsChanged = undefined;
    // Saves in flight finish first, so none can overwrite the final record.
    await live?.stop();
    delete pipelineRun['adfw:owner'];
    const end = new Date();
    const status = init.signal.aborted ? 'Cancelled' : outcome.status;
    pipelineRun.status = status;
    pipelineRun.runEnd = end.toISOString();
    pipelineRun.lastUpdated = end.toISOString();
    pipelineRun.durationInMs = end.getTime() - start.getTime();
    if (status === 'Failed') {
      const msgs = outcome.errors.map((e) => `Operation on target ${e.target} failed: ${e.message}`);
      pipelineRun.message = msgs.length > 1 ? `${msgs[0]} (and ${msgs.length - 1} more failed activit${msgs.length > 2 ? 'ies' : 'y'}: ${outcome.errors.slice(1).map((e) => e.target).join(', ')})` : msgs[0] ?? 'The pipeline failed.';
    } else if (status === 'Cancelled') pipelineRun.message = 'The run was cancelled.';
    if (exec.returnValue !== undefined) pipelineRun['adfw:returnValue'] = exec.returnValue;
    pipelineRun['adfw:variables'] = Object.fromEntries([...exec.variables].map(([k, v]) => [k, v.value]));
    if (exec.droppedRecords) pipelineRun['adfw:droppedActivityRuns'] = exec.droppedRecords;
    const masker = shared.masker;
    const ordered = exec.records.map((r, i) => [r, i] as const).sort((a, b) => a[0].activityRunStart.localeCompare(b[0].activityRunStart) || a[1] - b[1]).map(([r]) => r);
    const result: RunResult = { pipelineRun: masker.mask(pipelineRun), activityRuns: masker.mask(ordered) };
    await saveQuietly(shared, exec, result);
    exec.emit({ type: 'runFinished', run: result.pipelineRun, activityRuns: result.activityRuns });
    return result;
  })();
  return { runId, done };
}

/** Every other run of the group in the store stops being the latest. */
async function markNotLatest(shared: SharedRun, exec: PipelineExecution, runGroupId: string, latest: string): Promise<void> {
  const store = shared.store as (RunStoreLike & { get?(id: string): Promise<RunResult | undefined>; query?(f: { runGroupId?: string }): Promise<PipelineRun[]>; update?(id: string, change: (r: RunResult) => RunResult | undefined): Promise<boolean> }) | undefined;
  if (!store?.get || !store.query) return;
  try {
    for (const run of await store.query({ runGroupId })) {
      if (run.runId === latest || run.isLatest === false) continue;
      const notLatest = (old: RunResult): RunResult => ({ ...old, pipelineRun: { ...old.pipelineRun, isLatest: false } });
      if (store.update) await store.update(run.runId, notLatest);
      else {
        const old = await store.get(run.runId);
        if (old) await store.save(notLatest(old));
      }
    }
  } catch (e) {
    exec.log('warn', `Could not update the earlier runs of group ${runGroupId}: ${(e as Error).message}`);
  }
}

async function saveQuietly(shared: SharedRun, exec: PipelineExecution, r: RunResult): Promise<void> {
  if (!shared.store) return;
  try {
    await shared.store.save(r);
  } catch (e) {
    exec.log('warn', `Could not save the run record: ${(e as Error).message}`);
  }
}
