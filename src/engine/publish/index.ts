/** Publish local factories to Azure (or the emulator): public API. */
export { publishFactory, planPublish, readRemoteSnapshot, PublishError, type PublishChange, type PublishResult, type PublishOptions, type ChangeStatus, type TriggerMode } from './publish';
export { computePlan, localResources, type PlanItem, type PlanAction, type RemoteSnapshot } from './plan';
export { deploymentOrder, dependenciesOf } from './order';
export { normaliseProperties, stableText } from './normalise';
export { selectPlan, parseRules, readRulesFile, selectionKey, type SelectionRules, type SelectionOptions, type Selection } from './select';
export { STATE_PARAMETER, readState, resourceHash, withoutState, type DeploymentState } from './state';
export { changedSince, GitError, type ChangedSince } from './git';
export { pullFactory, type PullResult } from './pull';
export { driftOf, type DriftResult, type DriftItem, type DriftKind } from './drift';
