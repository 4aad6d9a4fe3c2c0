/**
 * Run records in the shape of the Data Factory REST API (api-version 2018-06-01), the run event stream,
 * and the interfaces between the pipeline engine and the data connectors (copy engine).
 * This file has no imports from Node or VS Code so the webviews can share it.
 */

export type PipelineRunStatus = 'Queued' | 'InProgress' | 'Succeeded' | 'Failed' | 'Canceling' | 'Cancelled';
/** 'Inactive': a deactivated activity's placeholder record (its dependents follow onInactiveMarkAs, in 'adfw:markedAs'). */
export type ActivityRunStatus = 'Queued' | 'InProgress' | 'Succeeded' | 'Failed' | 'Skipped' | 'Cancelled' | 'Inactive';

export interface InvokedBy {
  name: string;
  id: string;
  invokedByType: string; // 'Manual' | 'ScheduleTrigger' | 'TumblingWindowTrigger' | 'BlobEventsTrigger' | 'PipelineActivity' | ...
  pipelineName?: string;
  pipelineRunId?: string;
}

export interface PipelineRun {
  runId: string;
  runGroupId: string;
  isLatest: boolean;
  pipelineName: string;
  parameters: Record<string, string>;
  runDimensions?: Record<string, string>;
  invokedBy: InvokedBy;
  lastUpdated: string;
  runStart?: string;
  runEnd?: string;
  durationInMs?: number;
  status: PipelineRunStatus;
  message: string;
  /** Extensions (not in the REST shape, prefixed to avoid clashes). */
  'adfw:origin'?: 'local' | 'remote';
  'adfw:factory'?: string;
  /** Set when the run is of a Microsoft Fabric workspace folder (the pipeline is a Fabric DataPipeline item). */
  'adfw:fabric'?: { workspace: string; valueSet?: string };
  'adfw:now'?: string;
  'adfw:seed'?: number;
  'adfw:isRerun'?: boolean;
  'adfw:rerunOf'?: string;
  'adfw:returnValue'?: unknown;
  'adfw:variables'?: Record<string, unknown>;
  /** Activity runs inside containers not kept in the record because of the engine's bound (their events were still emitted). */
  'adfw:droppedActivityRuns'?: number;
  /** While the run is in progress: the process running it (see owner.ts). */
  'adfw:owner'?: RunOwner;
  /** Set when a reader found the run's process gone: the record's last heartbeat and when that was noticed. */
  'adfw:interrupted'?: { lastSeen: string; detected: string };
}

/** The process that runs a pipeline run. */
export interface RunOwner {
  host: string;
  pid: number;
  /** When the process started (ISO; informative). */
  started: string;
  /** Linux: the process's start time in clock ticks since boot (/proc/<pid>/stat field 22). */
  startTicks?: string;
  /** Linux: the boot the process belongs to (/proc/sys/kernel/random/boot_id). */
  bootId?: string;
  /** How often the owner refreshes the record (ms). */
  heartbeatMs: number;
}

export interface ActivityError {
  errorCode: string;
  message: string;
  failureType: 'UserError' | 'SystemError' | string;
  target: string;
  details?: unknown;
}

export interface ActivityRun {
  pipelineName: string;
  pipelineRunId: string;
  activityName: string;
  activityType: string;
  activityRunId: string;
  linkedServiceName?: string;
  status: ActivityRunStatus;
  activityRunStart: string;
  activityRunEnd?: string;
  durationInMs?: number;
  input: unknown;
  output: unknown;
  error: ActivityError | null;
  retryAttempt?: number | null;
  iterationHash?: string;
  userProperties?: Record<string, string>;
  /** Name path of enclosing containers (ForEach/If/Switch/Until) for grouping in the monitor. */
  'adfw:parents'?: string[];
  /** Run id of a child pipeline started by ExecutePipeline. */
  'adfw:childRunId'?: string;
  /** For a deactivated activity (status Inactive): the status its dependents and the pipeline see (onInactiveMarkAs). */
  'adfw:markedAs'?: 'Succeeded' | 'Failed' | 'Skipped';
}

export type RunEvent =
  | { type: 'runStarted'; run: PipelineRun }
  | { type: 'activityStarted'; runId: string; activityRun: ActivityRun }
  | { type: 'activityProgress'; runId: string; activityRunId: string; progress: Record<string, unknown> }
  | { type: 'activityFinished'; runId: string; activityRun: ActivityRun }
  | { type: 'log'; runId: string; level: 'trace' | 'debug' | 'info' | 'warn' | 'error'; message: string; activityRunId?: string; time: string }
  | { type: 'runFinished'; run: PipelineRun; activityRuns: ActivityRun[] };

export interface RunResult {
  pipelineRun: PipelineRun;
  activityRuns: ActivityRun[];
}

// ---------------------------------------------------------------------------------------------
// Engine ↔ connectors. The engine resolves references, parameters, expressions, connection
// overrides and secrets; connectors receive plain, fully evaluated objects.
// ---------------------------------------------------------------------------------------------

export interface ResolvedLinkedService {
  name: string;
  type: string;
  /** typeProperties after parameter substitution, connection overrides, ${env:X} and Key Vault resolution. */
  typeProperties: Record<string, any>;
  /** Values that must never be logged (keys, connection strings, tokens), for masking. */
  secrets: string[];
  /** The integration runtime the linked service connects through (connectVia, else the built-in Azure IR). */
  integrationRuntime?: { name: string; selfHosted: boolean };
}

export interface ResolvedDataset {
  name: string;
  type: string;
  typeProperties: Record<string, any>;
  schema?: unknown;
  structure?: unknown;
  parameters: Record<string, unknown>;
  linkedService: ResolvedLinkedService;
}

/** Services the engine hands to connectors for one activity run. */
export interface ActivityIo {
  signal: AbortSignal;
  log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void;
  /** Reports progress (e.g. {rowsRead, rowsCopied}) to the event stream; throttled by the engine. */
  progress(p: Record<string, unknown>): void;
  /** Folder where an activity may write logs (redirect logs, session logs). */
  workDir: string;
  /** The run's clock (fixed with --now). */
  now(): Date;
  /** True when now() always returns the same instant (--now). */
  clockFixed?: boolean;
}

export interface CopyRequest {
  activityName: string;
  /** Evaluated typeProperties of the Copy activity (source, sink, translator, enableSkipIncompatibleRow, ...). */
  typeProperties: Record<string, any>;
  source: ResolvedDataset;
  sink: ResolvedDataset;
  /** The activity run's id (names the copy's log folder, as in ADF). */
  activityRunId?: string;
  /** Resolves other linked services the copy refers to by name (redirectIncompatibleRowSettings, logSettings). */
  resolveLinkedService?: (name: string) => ResolvedLinkedService;
}

export interface LookupRequest {
  dataset: ResolvedDataset;
  source: Record<string, any>;
  firstRowOnly: boolean;
}

export interface GetMetadataRequest {
  dataset: ResolvedDataset;
  fieldList: string[];
  storeSettings?: Record<string, any>;
  formatSettings?: Record<string, any>;
}

export interface DeleteRequest {
  dataset: ResolvedDataset;
  recursive: boolean;
  storeSettings?: Record<string, any>;
  /** The Delete activity's evaluated typeProperties (enableLogging, logStorageSettings, ...). */
  typeProperties?: Record<string, any>;
  activityRunId?: string;
  resolveLinkedService?: (name: string) => ResolvedLinkedService;
}

/** Implemented by the copy engine (src/engine/copy). */
export interface DataServices {
  copy(req: CopyRequest, io: ActivityIo): Promise<Record<string, unknown>>;
  lookup(req: LookupRequest, io: ActivityIo): Promise<Record<string, unknown>>;
  getMetadata(req: GetMetadataRequest, io: ActivityIo): Promise<Record<string, unknown>>;
  delete(req: DeleteRequest, io: ActivityIo): Promise<Record<string, unknown>>;
  /** Releases pooled clients and embedded servers. */
  dispose(): Promise<void>;
}

/** Thrown by connectors and activities with ADF's error shape. */
export class ActivityFailure extends Error {
  constructor(
    message: string,
    public readonly errorCode: string,
    public readonly failureType: 'UserError' | 'SystemError' = 'UserError',
    public readonly output?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ActivityFailure';
  }
}
