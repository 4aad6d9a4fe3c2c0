/**
 * Contracts between the copy engine and the connectors: row readers and writers for tabular/hierarchical
 * copies, and file stores for file-based datasets (Blob, ADLS Gen2, local files).
 */
import type { Readable } from 'node:stream';

/** One record (a Cosmos document, a CSV line as an object, a Parquet row). */
export type Row = Record<string, unknown>;

/** Counters a reader keeps for the Copy activity output. */
export interface ReadStats {
  bytesRead: number;
  filesRead: number;
  /** Requests retried after throttling or transient errors. */
  retries: number;
}

/** A source: yields batches of rows until exhausted; honours the signal between batches. */
export interface RowReader {
  batches(signal: AbortSignal): AsyncIterable<Row[]>;
  stats(): ReadStats;
  /** Column names in source order, when the format knows them (CSV header, Parquet schema). */
  columns?(): string[] | undefined;
  close(): Promise<void>;
}

/** A row the sink refused (conflict, too large, invalid), to skip or to fail the copy with. */
export interface RowFailure {
  row: Row;
  /** HTTP-like status (409 conflict, 413 too large, 400 bad request). */
  status: number;
  message: string;
}

export interface WriteResult {
  written: number;
  bytesWritten: number;
  failures: RowFailure[];
}

export interface WriteStats {
  bytesWritten: number;
  filesWritten: number;
  retries: number;
}

/** A sink: `write` may be called with up to `concurrency` batches in flight. */
export interface RowWriter {
  /** How many `write` calls may run at once (1 for files, maxConcurrentConnections for Cosmos). */
  readonly concurrency: number;
  /** Preferred rows per `write` call. */
  readonly batchSize: number;
  /** Checks the target (container exists, ...) before any row is read. */
  open?(): Promise<void>;
  write(rows: Row[], signal: AbortSignal): Promise<WriteResult>;
  /** Flushes and closes; called once after the last write succeeded. */
  finish(): Promise<WriteStats>;
  /** Releases resources after a failure or cancellation; never throws. */
  abort(): Promise<void>;
  stats(): WriteStats;
}

/** A file or folder in a store. Paths are '/'-separated and relative to the store root (container/share). */
export interface FileEntry {
  path: string;
  name: string;
  isFolder: boolean;
  size: number;
  lastModified: Date;
  /** Creation time, where the store keeps one (local files). */
  created?: Date;
  contentMD5?: string;
}

/** A file system over Blob containers, ADLS Gen2 file systems or local folders. */
export interface FileStore {
  /** Display form of the root for messages (e.g. `container 'raw'` or `folder '/data'`). */
  readonly label: string;
  /** Files under `folder` ('' = root); recursive or one level. */
  listFiles(folder: string, recursive: boolean): AsyncIterable<FileEntry>;
  /** Files and folders directly under `folder` (for GetMetadata childItems). */
  listChildren(folder: string): Promise<FileEntry[]>;
  /**
   * The entry at `path` (file or folder), or undefined. `contentMD5`: stores that must read the whole file to
   * hash it (local folders) do so only when asked.
   */
  stat(path: string, opts?: { contentMD5?: boolean }): Promise<FileEntry | undefined>;
  openRead(path: string): Promise<Readable>;
  /** Writes a whole file from a stream of chunks. */
  write(path: string, data: Readable | Buffer): Promise<number>;
  deleteFile(path: string): Promise<void>;
  /** The absolute path on this machine behind `path`, for stores over local folders (the columnar fast path reads it). */
  localPath?(path: string): string;
  /** Removes an (empty or not) folder marker where the store has folders; no-op otherwise. */
  deleteFolder?(path: string): Promise<void>;
}
