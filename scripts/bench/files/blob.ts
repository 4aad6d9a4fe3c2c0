/**
 * Blob → local part of the files benchmark: the CSV of the run uploaded to azurite (loopback, in memory), then
 * copied to a local Parquet file by the product (columnar fast path: the blob streamed to a temporary local file
 * first) and by the row path (`copyPath: 'row'`), each in its own child process, in the same run.
 */
import { BlobServiceClient } from '@azure/storage-blob';
import * as path from 'node:path';
import { startAzurite } from '../../../test/helpers/servers';

type Child = (dir: string, copyPath: 'auto' | 'row', jobs: string[], env?: Record<string, string>) => Promise<{ ms: Record<string, number>; paths: Record<string, string> }>;

/** `blobCsvToParquet…` figures: times, the ratio to the row path and to DuckDB's own local COPY (`duckMs`). */
export async function blobFigures(dir: string, rows: number, withRow: boolean, duckMs: number, child: Child): Promise<Record<string, number>> {
  const azurite = await startAzurite();
  try {
    const container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('bench');
    await container.create();
    await container.getBlockBlobClient('in.csv').uploadFile(path.join(dir, 'in.csv'));
    const env = { ADFW_BENCH_BLOB: azurite.connectionString };
    const run = async (copyPath: 'auto' | 'row') => {
      const r = await child(dir, copyPath, ['blobcsv2pq'], env);
      if (r.ms.blobcsv2pqRows !== rows) throw new Error(`blobcsv2pq copied ${r.ms.blobcsv2pqRows} rows`);
      const expected = copyPath === 'auto' ? 'fast' : 'row';
      if (r.paths.blobcsv2pq !== expected) throw new Error(`blobcsv2pq took the ${r.paths.blobcsv2pq} path, expected ${expected}`);
      return r.ms.blobcsv2pq;
    };
    const fastMs = await run('auto');
    const figures: Record<string, number> = { blobCsvToParquetMs: Math.round(fastMs), blobCsvToParquetRatioToDuckDb: fastMs / duckMs };
    if (withRow) {
      const rowMs = await run('row');
      Object.assign(figures, { blobCsvToParquetRowPathMs: Math.round(rowMs), blobCsvToParquetRatioToRowPath: fastMs / rowMs });
    }
    return figures;
  } finally {
    await azurite.stop();
  }
}
