/** Publish local factories to Azure (or the emulator): public API. */
export { publishFactory, planPublish, readRemoteSnapshot, PublishError, type PublishChange, type PublishResult, type PublishOptions, type ChangeStatus } from './publish';
export { computePlan, localResources, type PlanItem, type PlanAction, type RemoteSnapshot } from './plan';
export { deploymentOrder, dependenciesOf } from './order';
export { normaliseProperties, stableText } from './normalise';
