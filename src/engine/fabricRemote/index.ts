/** Fabric workspaces through the Fabric REST API: public API. */
export { FabricClient, FabricError, FABRIC_ENDPOINT, FABRIC_SCOPE, fabricTimeToIso, type FabricClientOptions, type FabricErrorKind, type FabricResponse } from './client';
export { connectFabric, type FabricConnectOptions } from './connect';
export * from './operations';
export * from './publish';
