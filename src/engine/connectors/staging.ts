/**
 * Temporary local copies of files in stores DuckDB cannot reach here (Blob storage, ADLS Gen2 through its Blob
 * endpoint: DuckDB's azure extension is downloaded at runtime, which the engine does not do), for the copy's
 * columnar fast path and the data flow push-down. Both directions stream: a download goes chunk by chunk to disk,
 * an upload goes through the store's own writer (a block blob, a few blocks in memory at a time), never a whole
 * file in memory. Callers own the temporary folder and remove it.
 */
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FileStore } from './types';

/** Linked service types whose files are staged through temporary local files (local folders are read in place). */
export const STAGED_STORE_TYPES: ReadonlySet<string> = new Set(['AzureBlobStorage', 'AzureStorage', 'AzureBlobFS']);

/** Streams `file` of `store` to `localFile` (its folder created); cancelling stops it. */
export async function downloadToFile(store: FileStore, file: string, localFile: string, signal: AbortSignal): Promise<void> {
  await fs.mkdir(path.dirname(localFile), { recursive: true });
  await pipeline(await store.openRead(file), createWriteStream(localFile), { signal });
}

/** Streams `localFile` to `file` in `store`; returns the bytes the store received. Cancelling stops the upload (a block blob's list is then never committed). */
export async function uploadFromFile(store: FileStore, file: string, localFile: string, signal: AbortSignal): Promise<number> {
  signal.throwIfAborted();
  const stream = createReadStream(localFile);
  const stop = () => stream.destroy(signal.reason instanceof Error ? signal.reason : new Error('The operation was cancelled.'));
  signal.addEventListener('abort', stop);
  try {
    return await store.write(file, stream);
  } finally {
    signal.removeEventListener('abort', stop);
  }
}

/** A file's extension as a safe part of a temporary local name ('' when it has none or an odd one). */
export function stagedExtension(file: string): string {
  const ext = path.posix.extname(file);
  return /^\.[A-Za-z0-9]{1,10}$/.test(ext) ? ext : '';
}
