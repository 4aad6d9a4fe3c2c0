/**
 * CosmosDbSqlApiSource / DocumentDbCollectionSource: reads a container page by page with a query iterator
 * (continuation tokens), so a container is never held in memory. A page that fails transiently is fetched
 * again from the last continuation token.
 */
import type { Container, CosmosDiagnostics, FeedOptions } from '@azure/cosmos';
import type { ResolvedDataset } from '../../contracts/types';
import type { ReadStats, Row, RowReader } from '../types';
import { num, str } from '../values';
import { withRetry, type RetryCounter, type RetryPolicy } from '../../contracts';
import { ConnectorError, CONNECTOR_CODES, cosmosMessage } from '../../contracts';
import { containerName, cosmosAccount, type CosmosClientPool } from './client';
import { statusOf } from '../../contracts';

export interface CosmosReadOptions {
  pool: CosmosClientPool;
  retry: RetryPolicy;
  counter: RetryCounter;
}

/**
 * Page size when the source says -1 ("service-side dynamic page size"). Pages do not change what is read, only
 * how many round trips it takes; 10,000 documents keeps memory bounded (a few MB) and round trips few.
 */
const DEFAULT_PAGE = 10_000;

export function cosmosReader(ds: ResolvedDataset, source: Record<string, any>, opts: CosmosReadOptions): RowReader {
  const account = cosmosAccount(ds.linkedService, 'Source');
  const name = containerName(ds, 'Source');
  const query = str(source?.query) ?? 'SELECT * FROM c';
  const pageSize = num(source?.pageSize, -1);
  const preferredRegions: unknown[] = Array.isArray(source?.preferredRegions) ? source.preferredRegions : [];
  const maxItemCount = pageSize > 0 ? Math.min(pageSize, 10_000) : DEFAULT_PAGE;
  const stats: ReadStats = { bytesRead: 0, filesRead: 0, retries: 0 };
  return {
    stats: () => ({ ...stats, retries: opts.counter.retries }),
    close: async () => {},
    async *batches(signal: AbortSignal) {
      const container: Container = await opts.pool.container(account, name, preferredRegions);
      await ensureContainer(container, name, 'Source');
      let continuation: string | undefined;
      let iterator = container.items.query(query, { maxItemCount } as FeedOptions);
      while (iterator.hasMoreResults()) {
        if (signal.aborted) return;
        const page = await withRetry(`Reading container '${name}'`, opts.retry, opts.counter, signal, async (attempt) => {
          // After a failure the iterator's state is unknown: resume from the last page boundary.
          if (attempt > 0) iterator = container.items.query(query, { maxItemCount, continuationToken: continuation } as FeedOptions);
          return iterator.fetchNext();
        }).catch((e) => {
          throw asReadError(e, name);
        });
        const rows = page.resources as Row[];
        stats.bytesRead += pageBytes(page.diagnostics, rows);
        if (rows.length) yield rows;
        continuation = page.continuationToken;
      }
    },
  };
}

/**
 * Bytes of one page as received (UTF-8, from the client's request statistics); where the client does not
 * report them, the length of the documents' JSON.
 */
function pageBytes(diagnostics: CosmosDiagnostics | undefined, rows: Row[]): number {
  let bytes = 0;
  for (const g of diagnostics?.clientSideRequestStatistics?.gatewayStatistics ?? []) bytes += g.responsePayloadLengthInBytes ?? 0;
  if (bytes > 0 || !rows.length) return bytes;
  for (const r of rows) bytes += Buffer.byteLength(JSON.stringify(r));
  return bytes;
}

/** Fails with a clear message when the database or container does not exist. */
export async function ensureContainer(container: Container, name: string, side: 'Source' | 'Sink'): Promise<void> {
  try {
    await container.read();
  } catch (e) {
    if (statusOf(e) === 404) {
      throw new ConnectorError(cosmosMessage(`Container '${name}' was not found in database '${container.database.id}'. Create it or fix the dataset's collectionName.`), side, CONNECTOR_CODES.cosmos);
    }
    // Other failures surface on the first real request (with retries).
  }
}

function asReadError(e: unknown, name: string): Error {
  if (e instanceof ConnectorError) return e;
  const msg = (e as Error)?.message ?? String(e);
  return new ConnectorError(cosmosMessage(`Reading container '${name}' failed: ${msg}`), 'Source', CONNECTOR_CODES.cosmos, statusOf(e) === undefined ? 'SystemError' : 'UserError');
}

