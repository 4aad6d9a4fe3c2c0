/**
 * The copy engine: Copy, Lookup, GetMetadata and Delete over Cosmos DB (NoSQL), Azure Blob / ADLS Gen2 and
 * local files, and the embedded Cosmos DB server.
 */
export { createDataServices, type DataServicesOptions } from './dataServices';
export { startLocalCosmos, LOCAL_COSMOS_KEY, type LocalCosmos } from '../connectors';
export { DEFAULT_RETRY, type RetryPolicy } from '../contracts';
