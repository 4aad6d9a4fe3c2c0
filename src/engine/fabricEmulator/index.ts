/** The Fabric REST emulator: public API. */
export { startFabricEmulator, type FabricEmulator, type FabricEmulatorOptions } from './server';
export type { FabricState, StoredItem, StoredJob, StoredWorkspace, DefinitionPart, JobStatus } from './state';
