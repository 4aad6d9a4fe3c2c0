/** The ARM (Data Factory REST) emulator: public API. */
export { startEmulator, type Emulator, type EmulatorOptions, type RequestRecord } from './server';
export type { FaultSpec } from './faults';
export type { PipelineExecutor } from './runner';
export { makeLoopbackCertificate, type LoopbackCertificate } from './cert';
export { DATA_FACTORY_API_VERSION } from './routes';
// The emulator's certificate file is read by remote connections: it lives in ../remote (emulatorCert.ts).
export { publishEmulatorCert, unpublishEmulatorCert, readPublishedEmulatorCert, emulatorCertDir } from '../remote';
