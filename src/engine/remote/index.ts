/** Remote factories through the Azure SDK: public API. */
export * from './endpoints';
export * from './credentials';
export * from './errors';
export * from './session';
export * from './operations';
export * from './runs';
export { REMOTE_KINDS, type RemoteKind } from './kinds';
export { ForeignHostError } from './httpClient';
export * from './connect';
export * from './params';
export { referencesOf, missingReference, referrersOf, type Reference as ServiceReference } from './references';
export { publishEmulatorCert, unpublishEmulatorCert, readPublishedEmulatorCert, emulatorCertDir } from './emulatorCert';
