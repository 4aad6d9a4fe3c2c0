/**
 * CosmosDbSqlApiSink / DocumentDbCollectionSink: writes with the bulk API, `concurrency` bulk requests in flight.
 * - writeBehavior insert (default) creates: an existing id is a 409 row failure; upsert replaces.
 * - Throttled (429) and transient per-operation results are retried with backoff within the retry budget;
 *   a whole request that fails transiently is retried the same way.
 * - After a dropped connection an insert may have been applied without the answer arriving: a 409 on such a
 *   retried operation is checked against the stored document and counts as written when it is the same one.
 */
import { randomUUID } from 'node:crypto';
import type { Container, OperationInput } from '@azure/cosmos';
import type { ResolvedDataset } from '../../contracts';
import type { Row, RowFailure, RowWriter, WriteResult, WriteStats } from '../types';
import { num, str } from '../values';
import { delayFor, isNetworkError, isTransient, retryAfterMs, RetriesExhaustedError, statusOf, type RetryCounter, type RetryPolicy } from '../../contracts';
import { sleep } from '../../contracts';
import { ConnectorError, CONNECTOR_CODES, cosmosMessage } from '../../contracts';
import { containerName, cosmosAccount, partitionKeyValue, SYSTEM_PROPERTIES, type CosmosClientPool } from './client';
import { ensureContainer } from './source';

export interface CosmosWriteOptions {
  pool: CosmosClientPool;
  retry: RetryPolicy;
  counter: RetryCounter;
}

/** Operations per bulk request (the service's limit per batch). */
const BULK_LIMIT = 100;
const DEFAULT_CONCURRENCY = 5;
const RETRY_OP_STATUS = new Set([408, 410, 429, 449, 500, 503]);

export type WriteBehavior = 'insert' | 'upsert';

/** Reads writeBehavior; anything else is a clear user error. */
export function writeBehaviorOf(sink: Record<string, any>): WriteBehavior {
  const wb = (str(sink?.writeBehavior) ?? 'insert').toLowerCase();
  if (wb !== 'insert' && wb !== 'upsert') {
    throw new ConnectorError(`writeBehavior '${str(sink?.writeBehavior)}' is not supported for a Cosmos DB sink: use 'insert' or 'upsert'.`, 'Sink', CONNECTOR_CODES.cosmos);
  }
  return wb;
}

export function cosmosWriter(ds: ResolvedDataset, sink: Record<string, any>, opts: CosmosWriteOptions): RowWriter {
  const account = cosmosAccount(ds.linkedService, 'Sink');
  const name = containerName(ds, 'Sink');
  const behavior = writeBehaviorOf(sink);
  const batchSize = Math.max(1, Math.min(BULK_LIMIT, num(sink?.writeBatchSize, BULK_LIMIT)));
  const concurrency = Math.max(1, Math.min(64, num(sink?.maxConcurrentConnections, DEFAULT_CONCURRENCY)));
  const stats: WriteStats = { bytesWritten: 0, filesWritten: 0, retries: 0 };
  let ready: Promise<{ container: Container; pkPaths: string[] }> | undefined;

  const init = () =>
    (ready ??= (async () => {
      const container = await opts.pool.container(account, name);
      await ensureContainer(container, name, 'Sink');
      let pkPaths: string[] = [];
      try {
        const { resource } = await container.read();
        pkPaths = resource?.partitionKey?.paths ?? [];
      } catch {
        /* partition key unknown: the bulk API reads it itself */
      }
      return { container, pkPaths };
    })());

  async function write(rows: Row[], signal: AbortSignal): Promise<WriteResult> {
    const { container, pkPaths } = await init();
    const docs = rows.map(clean);
    const bodies = docs.map((d) => JSON.stringify(d));
    const result: WriteResult = { written: 0, bytesWritten: 0, failures: [] };
    let pending = docs.map((_, i) => i);
    const ambiguous = new Set<number>();
    const opType = behavior === 'upsert' ? 'Upsert' : 'Create';
    for (let attempt = 0; pending.length; attempt++) {
      if (signal.aborted) throw signal.reason ?? new Error('aborted');
      const ops = pending.map((i) => ({ operationType: opType, resourceBody: docs[i] }) as OperationInput);
      let responses: { statusCode: number }[];
      try {
        responses = (await container.items.bulk(ops, { continueOnError: true })) as { statusCode: number }[];
      } catch (e) {
        if (!isTransient(e) || signal.aborted) throw asWriteError(e, name);
        if (attempt >= opts.retry.maxRetries) throw asWriteError(new RetriesExhaustedError(attempt + 1, e, `Writing to container '${name}'`), name);
        if (isNetworkError(e)) for (const i of pending) ambiguous.add(i);
        opts.counter.retries++;
        if (statusOf(e) === 429) opts.counter.throttled++;
        await sleep(delayFor(opts.retry, attempt, retryAfterMs(e)), signal);
        continue;
      }
      const again: number[] = [];
      let lastRetryStatus = 0;
      for (let k = 0; k < pending.length; k++) {
        const i = pending[k];
        const status = responses[k]?.statusCode ?? 500;
        if (status >= 200 && status < 300) {
          result.written++;
          result.bytesWritten += bodies[i].length;
        } else if (status === 409 && ambiguous.has(i) && (await sameAsStored(container, pkPaths, docs[i]))) {
          result.written++;
          result.bytesWritten += bodies[i].length;
        } else if (RETRY_OP_STATUS.has(status)) {
          again.push(i);
          lastRetryStatus = status;
        } else {
          result.failures.push({ row: rows[i], status, message: opMessage(status, docs[i]) });
        }
      }
      if (again.length) {
        if (attempt >= opts.retry.maxRetries) {
          const last = Object.assign(new Error(`HTTP ${lastRetryStatus} for ${again.length} operation(s)`), { code: lastRetryStatus });
          throw asWriteError(new RetriesExhaustedError(attempt + 1, last, `Writing to container '${name}'`), name);
        }
        opts.counter.retries++;
        if (lastRetryStatus === 429) opts.counter.throttled++;
        await sleep(delayFor(opts.retry, attempt), signal);
      }
      pending = again;
    }
    stats.bytesWritten += result.bytesWritten;
    return result;
  }

  return {
    concurrency,
    batchSize,
    open: async () => {
      await init();
    },
    write,
    finish: async () => ({ ...stats, retries: opts.counter.retries }),
    abort: async () => {},
    stats: () => ({ ...stats, retries: opts.counter.retries }),
  };
}

const SYSTEM = new Set(SYSTEM_PROPERTIES);

/** A copy of the document without the properties the service owns (built key by key: no `delete`). */
function clean(row: Row): Row {
  let hasSystem = false;
  for (const k in row) if (SYSTEM.has(k)) hasSystem = true;
  const missingId = row.id === undefined || row.id === null || row.id === '';
  if (!hasSystem && !missingId) return row;
  const copy: Row = {};
  for (const k in row) if (!SYSTEM.has(k)) copy[k] = row[k];
  // Like ADF, a document without an id gets a generated one.
  if (missingId) copy.id = randomUUID();
  return copy;
}

/** Compares the stored document with the one we sent (user properties only). */
async function sameAsStored(container: Container, pkPaths: string[], doc: Row): Promise<boolean> {
  try {
    const pk = pkPaths.length ? (partitionKeyValue(doc, pkPaths[0]) as string | number | boolean | null | undefined) : undefined;
    const { resource } = await container.item(String(doc.id), pk === undefined ? undefined : (pk as never)).read();
    return !!resource && stableJson(clean(resource as Row)) === stableJson(doc);
  } catch {
    return false;
  }
}

function stableJson(v: unknown): string {
  return JSON.stringify(v, (_k, val) => (val && typeof val === 'object' && !Array.isArray(val) ? Object.fromEntries(Object.keys(val).sort().map((k) => [k, (val as Record<string, unknown>)[k]])) : val));
}

/** Cosmos DB's own wording for a failed operation. */
export function opMessage(status: number, doc: Row): string {
  const id = typeof doc.id === 'string' || typeof doc.id === 'number' ? ` (id '${doc.id}')` : '';
  switch (status) {
    case 409:
      return `Resource with specified id or name already exists.${id}`;
    case 413:
      return `Request size is too large.${id}`;
    case 400:
      return `The document is not valid (HTTP 400 Bad Request)${id}: it needs a string 'id' and its partition key value.`;
    case 404:
      return `Resource Not Found.${id}`;
    default:
      return `The operation failed with HTTP ${status}.${id}`;
  }
}

/** Describes a row failure as a copy failure message. */
export function rowFailureMessage(f: RowFailure): string {
  return cosmosMessage(`${f.message} StatusCode: ${f.status}.`);
}

function asWriteError(e: unknown, name: string): Error {
  if (e instanceof ConnectorError) return e;
  const msg = (e as Error)?.message ?? String(e);
  const systemic = e instanceof RetriesExhaustedError || statusOf(e) === undefined;
  return new ConnectorError(cosmosMessage(`Writing to container '${name}' failed: ${msg}`), 'Sink', CONNECTOR_CODES.cosmos, systemic ? 'SystemError' : 'UserError');
}
