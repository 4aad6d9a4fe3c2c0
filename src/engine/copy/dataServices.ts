/**
 * DataServices: what the pipeline engine calls for Copy, Lookup, GetMetadata and Delete. Owns the pooled
 * Cosmos clients and, when asked, an embedded Cosmos DB server.
 */
import type { ActivityIo, DataServices } from '../contracts/types';
import { CosmosClientPool, isEmulatorEndpoint } from '../connectors';
import { startLocalCosmos, type LocalCosmos } from '../connectors';
import { runCopy } from './copyActivity';
import { CopyWorkerHost, copyWorkerFile } from './isolatedCopy';
import { runLookup } from './lookup';
import { runGetMetadata } from './getMetadata';
import { runDelete } from './deleteActivity';
import { DEFAULT_RETRY, RetryCounter, type RetryPolicy } from '../contracts';

export interface DataServicesOptions {
  /**
   * Embedded Cosmos DB: 'auto' (default) serves linked services that point at the emulator address
   * (https://localhost:8081) from an embedded server; 'always' serves every Cosmos linked service from it
   * (`--local-cosmos`); 'never' connects to what the linked service says.
   */
  localCosmos?: 'auto' | 'always' | 'never';
  /** Retry budget for throttling and transient failures. */
  retry?: Partial<RetryPolicy>;
  /**
   * Where Copy activities run: 'worker' (default) on a worker thread with a bounded heap (see isolatedCopy.ts),
   * 'inline' on the calling thread.
   */
  copyIn?: 'worker' | 'inline';
  /**
   * File → file copies: 'auto' (default) takes the columnar fast path (DuckDB) where it gives the row path's
   * output; 'row' always copies row by row (the reference; benchmarks and tests compare the two).
   */
  copyPath?: 'auto' | 'row';
}

/** Creates the copy engine's services for one run (or many); call dispose() when done. */
export function createDataServices(opts: DataServicesOptions = {}): DataServices & { localCosmosEndpoint(): string | undefined } {
  const mode = opts.localCosmos ?? 'auto';
  let local: Promise<LocalCosmos> | undefined;
  let localStarted: LocalCosmos | undefined;
  const pool = new CosmosClientPool(async (endpoint) => {
    if (mode === 'never' || (mode === 'auto' && !isEmulatorEndpoint(endpoint))) return undefined;
    local ??= startLocalCosmos().then((l) => (localStarted = l));
    return (await local).endpoint;
  });
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...(opts.retry ?? {}) };
  const ctx = () => ({ pool, retry, counter: new RetryCounter(), runId: '' });
  const workerFile = opts.copyIn === 'inline' ? undefined : copyWorkerFile();
  const isolated = workerFile ? new CopyWorkerHost(workerFile, pool, retry, undefined, opts.copyPath) : undefined;
  return {
    copy: (req, io: ActivityIo) => (isolated ? isolated.copy(req, io) : runCopy(req, io, { pool, retry, copyPath: opts.copyPath })),
    lookup: (req, io) => runLookup(req, io, ctx()),
    getMetadata: (req, io) => runGetMetadata(req, io, ctx()),
    delete: (req, io) => runDelete(req, io),
    localCosmosEndpoint: () => localStarted?.endpoint,
    async dispose() {
      await isolated?.dispose();
      pool.dispose();
      if (local) await (await local).stop();
      local = undefined;
    },
  };
}
