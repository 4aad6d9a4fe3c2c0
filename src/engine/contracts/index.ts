/**
 * The engine-wide contract: what the areas exchange, kept out of any one area so that none has to reach into
 * another's internals for it (README, "Layout").
 *   types   run records (pipeline and activity runs, events, results), activity I/O (resolved linked services
 *           and datasets, copy/lookup/getMetadata/delete requests), the DataServices the run engine calls;
 *   errors  ActivityFailure and the connector errors in ADF's shape (shared by the run engine, copy, connectors);
 *   retry   the transient-error retry policy of the data connectors and the copy engine;
 *   sleep   the abortable sleep used by the engine, the activities and the retries;
 *   rest    run records in the REST API's shape (the emulator serves them, remote runs read them back).
 */
export * from './types';
export * from './errors';
export * from './retry';
export * from './sleep';
export * from './rest';
