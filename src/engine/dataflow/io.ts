/**
 * Sources and sinks of data flows through the copy engine's connectors: file datasets (local folders,
 * Blob, ADLS) in DelimitedText/Json/Parquet, and Cosmos DB (NoSQL) containers.
 */
import type { ResolvedDataset } from '../contracts/types';
import { ActivityFailure } from '../contracts';
import type { Row, RowReader, RowWriter } from '../connectors/types';

export interface DataFlowConnectors {
  /** Reads the rows of a source dataset: all of them, or the first `limit` (reading stops there). */
  read(ds: ResolvedDataset, settings: Record<string, any>, signal: AbortSignal, limit?: number): Promise<{ rows: Row[]; columns?: string[]; bytesRead: number }>;
  /** Writes rows to a sink dataset; returns how many were written. */
  write(ds: ResolvedDataset, settings: Record<string, any>, rows: Row[], columns: string[], signal: AbortSignal, runId: string): Promise<{ written: number; bytesWritten: number }>;
  dispose(): Promise<void>;
}

let connectorsModule: Promise<typeof import('../connectors')> | undefined;

/** The connectors area, loaded on first use (the Cosmos SDK is heavy) and then shared by every run and preview. */
export function loadConnectors(): Promise<typeof import('../connectors')> {
  return (connectorsModule ??= import('../connectors'));
}

const FILE_TYPES = new Set(['DelimitedText', 'Json', 'Parquet']);
const COSMOS_TYPES = new Set(['CosmosDbSqlApiCollection', 'DocumentDbCollection']);

/** Connectors backed by src/engine/connectors (loaded lazily: the Cosmos SDK is heavy). */
export function createConnectors(): DataFlowConnectors {
  let pool: { dispose?: () => Promise<void> | void } | undefined;
  const cosmosOpts = async () => {
    const { CosmosClientPool } = await loadConnectors();
    const { DEFAULT_RETRY, RetryCounter } = await import('../contracts');
    pool ??= new CosmosClientPool() as unknown as { dispose?: () => Promise<void> };
    return { pool: pool as any, retry: DEFAULT_RETRY, counter: new RetryCounter() };
  };
  const reader = async (ds: ResolvedDataset, settings: Record<string, any>): Promise<RowReader> => {
    if (FILE_TYPES.has(ds.type)) return (await loadConnectors()).fileReader(ds, settings.storeSettings);
    if (COSMOS_TYPES.has(ds.type)) return (await loadConnectors()).cosmosReader(ds, settings, await cosmosOpts());
    throw unsupported(ds, 'source');
  };
  const writer = async (ds: ResolvedDataset, settings: Record<string, any>, columns: string[], runId: string): Promise<RowWriter> => {
    if (FILE_TYPES.has(ds.type)) return (await loadConnectors()).fileWriter(ds, settings, { columns: () => columns, runId });
    if (COSMOS_TYPES.has(ds.type)) return (await loadConnectors()).cosmosWriter(ds, { writeBehavior: settings.writeBehavior ?? 'insert', ...settings }, await cosmosOpts());
    throw unsupported(ds, 'sink');
  };
  return {
    async read(ds, settings, signal, limit) {
      if (typeof settings.rowUrlColumn === 'string' && settings.rowUrlColumn && FILE_TYPES.has(ds.type)) return readWithFileNames(ds, settings, settings.rowUrlColumn, signal, limit);
      const r = await reader(ds, settings);
      const rows: Row[] = [];
      try {
        for await (const b of r.batches(signal)) {
          for (const row of b) rows.push(row);
          if (limit !== undefined && rows.length >= limit) {
            rows.length = limit;
            break;
          }
        }
      } finally {
        await r.close();
      }
      return { rows, columns: r.columns?.(), bytesRead: r.stats().bytesRead };
    },
    async write(ds, settings, rows, columns, signal, runId) {
      const w = await writer(ds, settings, columns, runId);
      let written = 0;
      try {
        for (let i = 0; i < rows.length; i += w.batchSize) {
          const res = await w.write(rows.slice(i, i + w.batchSize), signal);
          if (res.failures.length) {
            const f = res.failures[0];
            throw new ActivityFailure(`Sink dataset '${ds.name}': ${res.failures.length} row(s) were rejected (status ${f.status}): ${f.message}`, 'DF-Executor-SinkFailed', 'UserError');
          }
          written += res.written;
        }
        const st = await w.finish();
        return { written, bytesWritten: st.bytesWritten };
      } catch (e) {
        await w.abort();
        throw e;
      }
    },
    async dispose() {
      await pool?.dispose?.();
    },
  };
}

function unsupported(ds: ResolvedDataset, side: 'source' | 'sink'): ActivityFailure {
  return new ActivityFailure(`Dataset '${ds.name}' of type ${ds.type} cannot be a data flow ${side} in the local engine; supported: DelimitedText, Json, Parquet (local folders, Blob, ADLS) and Cosmos DB (NoSQL).`, 'DF-Executor-UnsupportedDataset', 'UserError');
}

/** Reads file by file, adding the path of each row's file in `column` (the source's rowUrlColumn). */
async function readWithFileNames(ds: ResolvedDataset, settings: Record<string, any>, column: string, signal: AbortSignal, limit?: number): Promise<{ rows: Row[]; columns?: string[]; bytesRead: number }> {
  const { datasetLocation, listSourceFiles, fileRows } = await loadConnectors();
  const loc = await datasetLocation(ds, 'Source');
  const rows: Row[] = [];
  let columns: string[] | undefined;
  let bytesRead = 0;
  const full = () => limit !== undefined && rows.length >= limit;
  for (const e of await listSourceFiles(loc, settings.storeSettings)) {
    if (signal.aborted || full()) break;
    for await (const batch of fileRows(loc, ds, e, (c) => (columns ??= c))) {
      for (const r of batch) rows.push({ ...r, [column]: `/${e.path}` });
      if (full()) break;
    }
    bytesRead += e.size;
  }
  if (limit !== undefined && rows.length > limit) rows.length = limit;
  return { rows, columns: columns ? [...columns, column] : undefined, bytesRead };
}
