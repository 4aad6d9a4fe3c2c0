/**
 * Local files for the columnar fast path when a side of a copy is not a local folder (Blob storage, ADLS Gen2 through
 * its Blob endpoint). DuckDB reads and writes local files here: its azure extension is downloaded at runtime, which
 * the engine does not do. So a source file is streamed from the store to a temporary local file (chunk by chunk to
 * disk, never whole in memory), and the sink file DuckDB writes locally is streamed to the store as the row path
 * uploads it (a block blob, a few blocks in memory at a time). Each file copied gets its own temporary folder under
 * the activity's work folder, removed when the file is done: after success, failure and cancellation alike.
 *
 * Metrics stay the store's: the bytes read are the source object's size, the bytes written those uploaded. A source
 * that cannot be downloaded goes to the row path (which fails, or not, as ADF does); a failed upload fails the copy
 * with the row path's message.
 */
import { createReadStream, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConnectorError, CONNECTOR_CODES, type CopyRequest } from '../contracts';
import { downloadToFile, STAGED_STORE_TYPES, stagedExtension, uploadFromFile, type FileEntry, type FileLocation } from '../connectors';
import { FastPathRefused } from './fastCopy';

/** Linked services whose files the fast path reaches: local folders directly, Blob and ADLS Gen2 through staging. */
const DIRECT = new Set(['FileServer']);
const STAGED = STAGED_STORE_TYPES;

/** Why the fast path cannot reach a side's store, or undefined when it can. */
export function storeRefusal(req: CopyRequest): string | undefined {
  for (const [side, ds] of [['source', req.source], ['sink', req.sink]] as const) {
    const type = ds.linkedService.type;
    if (!DIRECT.has(type) && !STAGED.has(type)) return `the ${side} is on ${type}; the fast path reaches local folders, and Blob storage and ADLS Gen2 through temporary local files`;
  }
  return undefined;
}

/** The note the run log adds to the fast path's line when a side is staged ('' when both are local folders). */
export function stagingNote(req: CopyRequest): string {
  const staged = (['source', 'sink'] as const).filter((side) => STAGED.has(req[side].linkedService.type));
  if (!staged.length) return '';
  return `; the ${staged.join(' and ')} ${staged.length > 1 ? 'files are' : 'file is'} streamed through temporary local files`;
}

export interface StagedFiles {
  /** The source file as DuckDB reads it: its location (a local store labelled as the original) and absolute path. */
  sourceLoc: FileLocation;
  sourcePath: string;
  /** Where DuckDB writes the sink file. */
  sinkPath: string;
}

export interface StagingRequest {
  sourceLoc: FileLocation;
  entry: FileEntry;
  sinkLoc: FileLocation;
  /** The sink file's path in its store. */
  sinkFile: string;
  /** Parent of the temporary folders (the activity's work folder; the system's temporary folder without one). */
  workDir: string | undefined;
  signal: AbortSignal;
}

/**
 * Runs `copy` on local files: the source downloaded first when its store is not local, the sink uploaded afterwards
 * when its store is not local (only when `copy` returns; nothing is uploaded when it throws). Returns `copy`'s result
 * with bytesWritten set to the bytes the sink store received.
 */
export async function withStagedFiles<T extends { bytesWritten: number }>(o: StagingRequest, copy: (files: StagedFiles) => Promise<T>): Promise<T> {
  const src = o.sourceLoc.store;
  const snk = o.sinkLoc.store;
  if (src.localPath && snk.localPath) return copy({ sourceLoc: o.sourceLoc, sourcePath: src.localPath(o.entry.path), sinkPath: snk.localPath(o.sinkFile) });
  const parent = o.workDir ?? os.tmpdir();
  await fs.mkdir(parent, { recursive: true });
  const dir = await fs.mkdtemp(path.join(parent, 'fast-staging-'));
  try {
    let sourceLoc = o.sourceLoc;
    let sourcePath: string;
    if (src.localPath) sourcePath = src.localPath(o.entry.path);
    else {
      sourcePath = path.join(dir, `source${stagedExtension(o.entry.path)}`);
      try {
        await downloadToFile(src, o.entry.path, sourcePath, o.signal);
      } catch (e) {
        // The row path reads the file again and fails (or not) as ADF does.
        if (o.signal.aborted) throw e;
        throw new FastPathRefused(`downloading it from ${src.label} failed (${(e as Error).message.split('\n')[0]})`);
      }
      // The row path's readers (column names, samples) read this file from the local copy, in messages that still
      // name the store and the blob.
      const staged = sourcePath;
      sourceLoc = { ...o.sourceLoc, store: { ...src, openRead: async (p) => (p === o.entry.path ? createReadStream(staged) : src.openRead(p)) } };
    }
    const sinkPath = snk.localPath ? snk.localPath(o.sinkFile) : path.join(dir, `sink${stagedExtension(o.sinkFile)}`);
    const result = await copy({ sourceLoc, sourcePath, sinkPath });
    if (!snk.localPath) {
      try {
        result.bytesWritten = await uploadFromFile(snk, o.sinkFile, sinkPath, o.signal);
      } catch (e) {
        if (o.signal.aborted) throw e;
        throw new ConnectorError(`Writing the sink file failed: ${(e as Error).message}`, 'Sink', CONNECTOR_CODES.blob);
      }
    }
    return result;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
