/** Internal shapes shared by the scheduler and the activity implementations. */
import type { Factory } from '../model/types';
import type { ActivityError, ActivityIo, ActivityRun, ActivityRunStatus, DataServices, InvokedBy, RunEvent, RunResult } from '../contracts/types';
import type { Masker } from './secrets';
import type { DependencyDef } from './status';
import type { ExprContext } from '../expr/context';

/** The expression evaluation context, the same type the expression engine takes (type-only: no runtime import). */
export type { ExprContext };

/** A mock for an activity that cannot run here (or that a test wants to replace). */
export interface MockSpec {
  activityName?: string;
  activityType?: string;
  /** Only this ForEach iteration (0-based index of the innermost ForEach). */
  iteration?: number;
  output?: unknown;
  error?: { errorCode?: string; message?: string; failureType?: string };
  status?: 'Succeeded' | 'Failed' | 'Skipped';
}

/** An activity as written in pipeline JSON. */
export interface ActivityDef {
  name: string;
  type: string;
  description?: string;
  state?: string;
  onInactiveMarkAs?: string;
  dependsOn?: DependencyDef[];
  policy?: { timeout?: unknown; retry?: unknown; retryIntervalInSeconds?: unknown; secureInput?: boolean; secureOutput?: boolean };
  userProperties?: { name: string; value: unknown }[];
  linkedServiceName?: { referenceName: string; parameters?: Record<string, unknown> };
  typeProperties?: Record<string, any>;
  inputs?: { referenceName: string; parameters?: Record<string, unknown> }[];
  outputs?: { referenceName: string; parameters?: Record<string, unknown> }[];
  /** Microsoft Fabric: the connection an activity calls through (Web, WebHook), by id. */
  externalReferences?: { connection?: unknown };
}

export interface ActivityResult {
  status: ActivityRunStatus;
  output?: unknown;
  error?: ActivityError | null;
  /** Why the activity counts as failed when it has no error of its own (a deactivated activity marked Failed). */
  failure?: ActivityError;
}

/** Where an activity runs: the pipeline itself, or an iteration/branch of a container. */
export interface Scope {
  parent?: Scope;
  results: Map<string, ActivityResult>;
  item?: unknown;
  hasItem: boolean;
  /** Names of enclosing containers, outermost first. */
  parents: string[];
  /** Index of the innermost ForEach iteration. */
  iteration?: number;
  iterationHash?: string;
  /** Inside a ForEach that runs iterations in parallel (variables are shared: ADF warns about races). */
  inParallelForEach: boolean;
  /** Aborts the activities of this scope (the container's timeout or cancellation); the run's signal when absent. */
  signal?: AbortSignal;
}

/** What a handler returns on success. */
export interface ActivityOutcome {
  output?: unknown;
  /** Set by containers whose inner pipeline decided the status. */
  status?: 'Succeeded' | 'Failed';
  error?: ActivityError;
}

/** Everything an activity implementation may use. */
export interface ActivityContext {
  def: ActivityDef;
  scope: Scope;
  run: PipelineRunApi;
  activityRunId: string;
  signal: AbortSignal;
  io: ActivityIo;
  /** Evaluates a value (deep) in the activity's expression context. */
  evaluate(value: unknown, extra?: Partial<ExprContext>): unknown;
  /** Records the activity input (after evaluation). */
  setInput(input: unknown): void;
  /** Adds fields to the activity run record (e.g. the child run id of ExecutePipeline). */
  annotate(fields: Partial<ActivityRun>): void;
}

export type ActivityHandler = (ctx: ActivityContext) => Promise<ActivityOutcome>;

/** Per top-level run: shared by the pipeline run and every child started by ExecutePipeline. */
export interface SharedRun {
  factory: Factory;
  masker: Masker;
  newId(): string;
  random(): number;
  now?: string;
  /** The time one read of the clock gives inside an activity (a scripted clock), or undefined for `now`. */
  readClock(activityName?: string): string | undefined;
  seed?: number;
  mocks: MockSpec[];
  connections: Record<string, Record<string, unknown>>;
  store?: { save(r: RunResult): Promise<void> };
  dataServices(): DataServices | undefined;
  workDir: string;
  onEvent?: (e: RunEvent) => void;
  /** Bound on ExecutePipeline nesting. */
  maxDepth: number;
  /** Bound on activity run records kept per pipeline run for activities inside containers. */
  maxActivityRuns: number;
  /** How often a run in progress refreshes its record in the store. */
  heartbeatMs: number;
  /** Most items a ForEach accepts (ADF: 100,000). */
  maxForEachItems?: number;
  /** Runs started with waitOnCompletion=false, awaited before the top-level run returns. */
  detached: Promise<unknown>[];
  /**
   * Starts a child run of `parent` (ExecutePipeline). Provided by the engine that created this run, so activity
   * handlers start pipelines through the run they are given instead of importing the engine.
   */
  startChild(parent: PipelineRunApi, init: ChildRunInit): Promise<{ runId: string; done: Promise<RunResult> }>;
  /** A debugger's hook (RunOptions.debug): may hold an activity before it starts. Absent in normal runs. */
  debug?: DebugHook;
}

/**
 * What the engine tells a debugger. `beforeActivity` is awaited before an activity's record is created (so a
 * held activity has no record yet and the run's record stays the same as a normal run's); the others are called
 * when the activity's first attempt has started and when it has finished (after retries).
 */
export interface DebugHook {
  beforeActivity(run: PipelineRunApi, def: ActivityDef, scope: Scope): Promise<void>;
  activityStarted(run: PipelineRunApi, def: ActivityDef, scope: Scope, activityRunId: string): void;
  activityFinished(run: PipelineRunApi, def: ActivityDef, scope: Scope, status: ActivityRunStatus): Promise<void>;
  /** Awaited when a pipeline run's activities are done, before its status is final (not when it was cancelled). */
  pipelineFinished?(run: PipelineRunApi, root: Scope, outcome: import('./status').ScopeOutcome & { errors: ActivityError[] }): Promise<void>;
}

/** What ExecutePipeline passes to start a child run. */
export interface ChildRunInit {
  pipelineName: string;
  parameters: Record<string, unknown>;
  chain: string[];
  invokedBy: InvokedBy;
  signal: AbortSignal;
  onStarted?: (runId: string) => void;
  /** waitOnCompletion=false: the child outlives the activity (it runs under the top-level run's signal). */
  detach: boolean;
}

/** The pipeline run as seen by activities. */
export interface PipelineRunApi {
  shared: SharedRun;
  runId: string;
  pipelineName: string;
  chain: string[];
  signal: AbortSignal;
  exprContext(scope: Scope, extra?: Partial<ExprContext>): ExprContext;
  getVariable(name: string): { type: string; value: unknown } | undefined;
  setVariable(name: string, value: unknown, scope: Scope, activityName: string): void;
  appendVariable(name: string, value: unknown, scope: Scope, activityName: string): void;
  setReturnValue(v: Record<string, unknown>): void;
  runScope(activities: ActivityDef[], scope: Scope, where: string): Promise<import('./status').ScopeOutcome & { errors: ActivityError[] }>;
  log(level: 'debug' | 'info' | 'warn' | 'error', message: string, activityRunId?: string): void;
  invokedByForChild(activityName: string, activityRunId: string): InvokedBy;
  /** Who started this run (for a child run: the ExecutePipeline activity run of its parent). */
  readonly invokedBy: InvokedBy;
  /** The pipeline's variables (name -> declared type and current value). */
  readonly variables: Map<string, { type: string; value: unknown }>;
  /** Sets a variable from outside an activity (a debugger), with the same type rule as Set Variable. */
  assignVariable(name: string, value: unknown): void;
}
