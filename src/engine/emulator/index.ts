/** The ARM (Data Factory REST) emulator: public API. */
export { startEmulator, type Emulator, type EmulatorOptions, type RequestRecord } from './server';
export { FaultInjector, type FaultSpec } from './faults';
export { localEngineExecutor, type PipelineExecutor } from './runner';
export { makeLoopbackCertificate, type LoopbackCertificate } from './cert';
// The HTTPS plumbing shared with the Fabric REST emulator (../fabricEmulator).
export { startLoopbackServer, type LoopbackServer, type LoopbackServerOptions, type ApiResponse, type ParsedRequest, type RejectionShapes } from './loopbackServer';
export { DATA_FACTORY_API_VERSION } from './routes';
// The emulator's certificate file is read by remote connections: it lives in ../remote (emulatorCert.ts).
export { publishEmulatorCert, unpublishEmulatorCert, readPublishedEmulatorCert, emulatorCertDir } from '../remote';
// Run queries (filters, ordering, continuation tokens) as the run APIs apply them; the Fabric emulator's
// queryactivityruns applies the same rules.
export { queryRuns, QueryError, type RunFilterParameters } from './runQuery';
export { readStateSnapshot } from './state';
