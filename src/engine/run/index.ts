/** The local pipeline engine: public API. */
export { runPipeline, type RunOptions, type RunStoreLike } from './engine';
export { RunStore, defaultStoreDir, type RunQuery } from './store';
export { loadConnections, substituteEnv } from './connections';
export { RunSetupError, RunErrorCodes } from './errors';
export type { MockSpec, ExprContext } from './context';
export { LOCAL_TYPES } from './activities/registry';
export { parseTimeSpan, formatTimeSpan } from './timespan';
export { scopeOutcome, conditionMet, graphProblems } from './status';
export { toRestPipelineRun, toRestActivityRun, fromRestActivityRun, type RestPipelineRun, type RestActivityRun } from './rest';
export * from './types';
