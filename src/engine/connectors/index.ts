/**
 * Data connectors: row readers and writers and file stores for the data stores the local engine reaches (local
 * folders, file servers, Azure Blob storage through azurite or Azure, Cosmos DB through the local Cosmos DB server or
 * Azure), and the file formats (JSON, delimited text, Parquet, binary). The Azure SDKs and format libraries are
 * loaded on first use. Used by the copy engine, data flows and blob-event triggers; errors and the retry policy they
 * share with the copy engine are in the engine contract (../contracts).
 */
export type * from './types';
export { plain, str, bool, num, parseConnectionString, isLoopbackHost } from './values';
export {
  FILE_FORMATS,
  type FileLocation,
  openStore,
  splitContainerPath,
  datasetLocation,
  wildcardRegExp,
  listSourceFiles,
  relativeTo,
  formatOf,
  openEntries,
  datasetCodec,
  writeCompressed,
  fileRows,
  fileReader,
  fileWriter,
  sinkFilePath,
  extensionOf,
} from './fileDataset';
export { delimitedStringifyOptions } from './formats/writers';
export { compressionOf, fileCodecOf, compressStream, entryNameOf, assertWritable, type Codec } from './formats/compression';
export { countingStream } from './countingStream';
export { STAGED_STORE_TYPES, downloadToFile, uploadFromFile, stagedExtension } from './staging';
export { delimitedSettings, jsonFilePattern, type DelimitedSettings } from './formats/settings';
export {
  type CosmosAccount,
  cosmosAccount,
  containerName,
  isEmulatorEndpoint,
  connectionPolicyFor,
  CosmosClientPool,
  SYSTEM_PROPERTIES,
  partitionKeyValue,
} from './cosmos/client';
export { LOCAL_COSMOS_KEY, type LocalCosmos, startLocalCosmos } from './cosmos/local';
export { type CosmosReadOptions, cosmosReader, ensureContainer } from './cosmos/source';
export { type CosmosWriteOptions, type WriteBehavior, writeBehaviorOf, cosmosWriter, opMessage, rowFailureMessage } from './cosmos/sink';
export { fileServerStore, localStore } from './file/store';
export { blobContainerClient, blobServiceClient, blobStore } from './blob/store';
