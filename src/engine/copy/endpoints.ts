/**
 * Picks the connector for a dataset: Cosmos DB (NoSQL) or a file format on Blob / ADLS Gen2 / local files.
 */
import type { ResolvedDataset } from '../contracts/types';
import type { RowReader, RowWriter } from '../connectors/types';
import { cosmosReader } from '../connectors';
import { cosmosWriter } from '../connectors';
import type { CosmosClientPool } from '../connectors/cosmos/client';
import { FILE_FORMATS, fileReader, fileWriter } from '../connectors';
import { ConnectorError, CONNECTOR_CODES } from '../contracts';
import type { RetryCounter, RetryPolicy } from '../contracts/retry';

export const COSMOS_DATASETS = new Set(['CosmosDbSqlApiCollection', 'DocumentDbCollection']);

export type EndpointKind = 'cosmos' | 'file';

export function kindOf(ds: ResolvedDataset, side: 'Source' | 'Sink'): EndpointKind {
  if (COSMOS_DATASETS.has(ds.type)) return 'cosmos';
  if (FILE_FORMATS.has(ds.type)) return 'file';
  throw new ConnectorError(`Dataset '${ds.name}' has type '${ds.type}', which the local copy engine does not support as a ${side.toLowerCase()}. Supported: CosmosDbSqlApiCollection, DocumentDbCollection, Json, DelimitedText, Parquet, Avro, Binary.${ds.type === 'Orc' ? ' ORC cannot be read or written locally: no maintained ORC library for Node.js exists, and DuckDB\'s ORC extension is only installed over the network.' : ''}`, side, CONNECTOR_CODES.unsupported);
}

/** ADF's connector type names in the copy output (executionDetails source/sink type). */
export function storeTypeOf(ds: ResolvedDataset): string {
  if (COSMOS_DATASETS.has(ds.type)) return ds.type === 'DocumentDbCollection' ? 'DocumentDb' : 'CosmosDbSqlApi';
  const lt = ds.linkedService.type;
  return lt === 'AzureStorage' ? 'AzureBlobStorage' : lt;
}

export interface EndpointContext {
  pool: CosmosClientPool;
  retry: RetryPolicy;
  counter: RetryCounter;
  runId: string;
}

export function openReader(ds: ResolvedDataset, source: Record<string, any>, ctx: EndpointContext): RowReader {
  return kindOf(ds, 'Source') === 'cosmos' ? cosmosReader(ds, source, ctx) : fileReader(ds, source?.storeSettings);
}

/** `columns`: the source's column order; `types`: ADF interim types of sink columns (Parquet column types). */
export function openWriter(ds: ResolvedDataset, sink: Record<string, any>, ctx: EndpointContext, columns?: () => string[] | undefined, targetName?: string, types?: () => Record<string, string>): RowWriter {
  return kindOf(ds, 'Sink') === 'cosmos' ? cosmosWriter(ds, sink, ctx) : fileWriter(ds, sink, { columns, targetName, runId: ctx.runId, types });
}
