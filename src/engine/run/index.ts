/** The local pipeline engine: public API. */
export { runPipeline, HEARTBEAT_MS, type RunOptions, type RunStoreLike } from './engine';
export { RunStore, defaultStoreDir, type RunQuery } from './store';
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
