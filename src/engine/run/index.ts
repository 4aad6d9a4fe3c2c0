/** The local pipeline engine: public API. */
export { runPipeline, type RunOptions, type RunStoreLike } from './engine';
export { RunStore, defaultStoreDir, type RunQuery, type RunStoreOptions } from './store';
export { interruptedRecord, interruptedMessage, ownerGone, currentOwner, localProbe, HEARTBEAT_MS, type HostProbe } from './owner';
export { LiveRecord, LIVE_SAVE_DELAY_MS } from './liveRecord';
export { loadConnections, substituteEnv } from './connections';
export { RunSetupError, RunErrorCodes } from './errors';
export type { MockSpec, ExprContext } from './context';
export { LOCAL_TYPES } from './activities/registry';
export { parseTimeSpan, formatTimeSpan } from './timespan';
export { scopeOutcome, conditionMet, graphProblems } from './status';
export * from '../contracts';
export { datasetResolver } from './dataflowResolver';
export { coerce, normaliseType, type ParameterSpec } from './params';
export { seededRandom } from './random';
export { progressLine, summaryTable, formatDuration } from './format';
export { testConnection, LOCALLY_TESTED_TYPES, type ConnectionTestResult, type ConnectionTestOptions } from './testConnection';
export { MASK } from './secrets';
export { DEFAULT_TIMEOUT_MS } from './activityPolicy';
