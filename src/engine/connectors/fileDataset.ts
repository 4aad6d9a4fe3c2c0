/**
 * File datasets (Json, DelimitedText, Parquet, Binary) on Blob, ADLS Gen2 or local folders:
 * location, listing with wildcards / recursive / modifiedDatetimeStart/End, row readers and row writers.
 */
import type { Readable } from 'node:stream';
import type { ResolvedDataset, ResolvedLinkedService } from '../contracts';
import type { FileEntry, FileStore, ReadStats, Row, RowReader, RowWriter, WriteStats } from './types';
import { bool, str } from './values';
import { ConnectorError, CONNECTOR_CODES, type Side } from '../contracts';
import { blobContainerClient, blobStore } from './blob/store';
import { fileServerStore } from './file/store';
import { delimitedSettings, jsonFilePattern, type FormatType } from './formats/settings';
import { assertWritable, CODEC_EXTENSION, compressionOf, compressStream, decompressEntries, entryNameOf, fileCodecOf, type Entry } from './formats/compression';
import { readDelimited, readJson, readParquet } from './formats/readers';
import { avroCodecOf, avroWriter, readAvro } from './formats/avro';
import { delimitedWriter, jsonWriter, parquetWriter, type FormatWriter } from './formats/writers';
import { countingStream } from './countingStream';

export const FILE_FORMATS = new Set(['Json', 'DelimitedText', 'Parquet', 'Avro', 'Binary']);

export interface FileLocation {
  store: FileStore;
  folderPath: string;
  fileName?: string;
}

/** Opens the store behind a linked service for a container/file system (Blob, ADLS Gen2) or a local folder. */
export async function openStore(ls: ResolvedLinkedService, container: string | undefined, side: Side): Promise<FileStore> {
  switch (ls.type) {
    case 'AzureBlobStorage':
    case 'AzureStorage':
    case 'AzureBlobFS': {
      if (!container) throw new ConnectorError(`A ${ls.type} location needs a ${ls.type === 'AzureBlobFS' ? 'fileSystem' : 'container'}.`, side, CONNECTOR_CODES.blob);
      return blobStore(await blobContainerClient(ls, container, side));
    }
    case 'FileServer':
      return fileServerStore(ls, side);
    default:
      throw new ConnectorError(`Linked service type '${ls.type}' (linked service '${ls.name}') is not supported for file datasets by the local engine. Supported: AzureBlobStorage, AzureBlobFS, FileServer.`, side, CONNECTOR_CODES.unsupported);
  }
}

/** Splits "container/folder/sub" into container and folder (redirect/log paths). */
export function splitContainerPath(ls: ResolvedLinkedService, p: string): { container?: string; folder: string } {
  const parts = p.replace(/^\/+/, '').split('/');
  if (ls.type === 'FileServer') return { folder: parts.join('/') };
  return { container: parts[0], folder: parts.slice(1).join('/') };
}

/** Resolves a file dataset's location: its store, folder and file name. */
export async function datasetLocation(ds: ResolvedDataset, side: Side): Promise<FileLocation> {
  const tp = ds.typeProperties ?? {};
  const loc = (tp.location ?? {}) as Record<string, any>;
  const container = str(loc.container) ?? str(loc.fileSystem) ?? str(tp.container);
  const store = await openStore(ds.linkedService, container, side);
  return { store, folderPath: trimSlashes(str(loc.folderPath) ?? str(tp.folderPath) ?? ''), fileName: str(loc.fileName) ?? str(tp.fileName) };
}

const trimSlashes = (s: string) => s.replace(/^\/+|\/+$/g, '');

/** ADF wildcard (`*`, `?`, `^` escapes) as a RegExp over a whole name. */
export function wildcardRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '^' && i + 1 < pattern.length) re += escapeRe(pattern[++i]);
    else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += escapeRe(c);
  }
  return new RegExp(`^${re}$`);
}
const escapeRe = (c: string) => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const hasWildcard = (s: string | undefined) => !!s && /[*?]/.test(s);

/** The source files a copy/lookup reads, in a stable order. */
export async function listSourceFiles(loc: FileLocation, storeSettings: Record<string, any> | undefined, side: Side = 'Source'): Promise<FileEntry[]> {
  const ss = storeSettings ?? {};
  const recursive = bool(ss.recursive, true);
  const wFolder = str(ss.wildcardFolderPath);
  const wFile = str(ss.wildcardFileName);
  const start = ss.modifiedDatetimeStart ? new Date(String(ss.modifiedDatetimeStart)) : undefined;
  const end = ss.modifiedDatetimeEnd ? new Date(String(ss.modifiedDatetimeEnd)) : undefined;
  const inWindow = (e: FileEntry) => (!start || e.lastModified >= start) && (!end || e.lastModified < end);
  const out: FileEntry[] = [];
  if (!wFolder && !wFile && loc.fileName && !hasWildcard(loc.fileName)) {
    const p = loc.folderPath ? `${loc.folderPath}/${loc.fileName}` : loc.fileName;
    const e = await loc.store.stat(p);
    if (!e || e.isFolder) throw new ConnectorError(`The file '${p}' was not found in ${loc.store.label}.`, side, CONNECTOR_CODES.file);
    return inWindow(e) ? [e] : [];
  }
  // Wildcard folder: list from the fixed prefix before the first wildcard segment.
  const folderPattern = wFolder ? trimSlashes(wFolder) : undefined;
  const base = folderPattern ? folderPattern.split('/').filter((s) => !hasWildcard(s)).join('/') : loc.folderPath;
  const fixedPrefix = folderPattern ? folderPattern.split('/').findIndex((s) => hasWildcard(s)) : -1;
  const listFrom = folderPattern && fixedPrefix >= 0 ? folderPattern.split('/').slice(0, fixedPrefix).join('/') : base;
  const folderRe = folderPattern ? wildcardRegExp(folderPattern) : undefined;
  const fileRe = wFile ? wildcardRegExp(wFile) : loc.fileName && hasWildcard(loc.fileName) ? wildcardRegExp(loc.fileName) : undefined;
  const deep = recursive || !!folderRe;
  for await (const e of loc.store.listFiles(listFrom, deep)) {
    const dir = e.path.includes('/') ? e.path.slice(0, e.path.lastIndexOf('/')) : '';
    if (folderRe) {
      // The wildcard folder must match the file's folder (or, when recursive, one of its ancestors).
      const segs = dir.split('/');
      let ok = false;
      for (let n = segs.length; n >= 1 && !ok; n--) ok = folderRe.test(segs.slice(0, n).join('/')) && (recursive || n === segs.length);
      if (!ok) continue;
    } else if (!recursive && dir !== base) continue;
    if (fileRe && !fileRe.test(e.name)) continue;
    if (e.name.endsWith('/')) continue;
    if (inWindow(e)) out.push(e);
  }
  return out;
}

/** Path of `e` relative to the dataset folder (for PreserveHierarchy). */
export function relativeTo(folder: string, e: FileEntry): string {
  return folder && e.path.startsWith(folder + '/') ? e.path.slice(folder.length + 1) : e.path;
}

export function formatOf(ds: ResolvedDataset): FormatType {
  if (ds.type === 'Orc') {
    throw new ConnectorError(`Dataset '${ds.name}' is an Orc dataset: the local engine cannot read or write ORC (no maintained ORC library for Node.js exists, and DuckDB's ORC extension is only installed over the network). Supported file formats: Json, DelimitedText, Parquet, Avro, Binary.`, 'Source', CONNECTOR_CODES.unsupported);
  }
  if (!FILE_FORMATS.has(ds.type)) throw new ConnectorError(`Dataset type '${ds.type}' is not a file format.`, 'Source', CONNECTOR_CODES.unsupported);
  return ds.type as FormatType;
}

/** The entries of a file, decompressed as the dataset says: one, or one per file of an archive (ZipDeflate, Tar, TarGzip). */
export async function* openEntries(loc: FileLocation, ds: ResolvedDataset, e: FileEntry): AsyncGenerator<Entry> {
  const fmt = formatOf(ds);
  const codec = codecOf(ds, fmt, 'Source');
  yield* decompressEntries(await loc.store.openRead(e.path), codec, e.name);
}

/** The dataset's file codec, or a ConnectorError naming the dataset, the codec and the supported ones. */
function codecOf(ds: ResolvedDataset, fmt: FormatType, side: Side) {
  try {
    return fileCodecOf(ds, fmt);
  } catch (err) {
    throw new ConnectorError((err as Error).message, side, CONNECTOR_CODES.unsupported);
  }
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Rows of one file in the dataset's format. */
export async function* fileRows(loc: FileLocation, ds: ResolvedDataset, e: FileEntry, columnsOut?: (c: string[]) => void): AsyncGenerator<Row[]> {
  const label = `${loc.store.label}, file '${e.path}'`;
  const fmt = formatOf(ds);
  const encoding = str(ds.typeProperties?.encodingName) ?? 'UTF-8';
  const entries = openEntries(loc, ds, e);
  for (;;) {
    let next: IteratorResult<Entry>;
    try {
      next = await entries.next();
    } catch (err) {
      if (err instanceof ConnectorError) throw err;
      throw new ConnectorError(`${label}: ${(err as Error).message}`, 'Source', CONNECTOR_CODES.format);
    }
    if (next.done) return;
    const { stream, name } = next.value;
    const entryLabel = name === e.name ? label : `${label}, entry '${name}'`;
    try {
      if (fmt === 'Json') yield* readJson(stream, entryLabel, encoding);
      else if (fmt === 'DelimitedText') yield* readDelimited(stream, entryLabel, delimitedSettings(ds.typeProperties), columnsOut);
      else if (fmt === 'Parquet') yield* readParquet(await readAll(stream), entryLabel, columnsOut);
      else if (fmt === 'Avro') yield* readAvro(stream, entryLabel, columnsOut);
      else throw new Error(`a Binary dataset has no rows: copy it to another Binary dataset.`);
    } catch (err) {
      if (err instanceof ConnectorError) throw err;
      throw new ConnectorError(`${entryLabel}: ${(err as Error).message.replace(entryLabel + ': ', '')}`, 'Source', CONNECTOR_CODES.format);
    }
  }
}

/** A RowReader over the dataset's source files. */
export function fileReader(ds: ResolvedDataset, storeSettings: Record<string, any> | undefined, files?: FileEntry[]): RowReader {
  const stats: ReadStats = { bytesRead: 0, filesRead: 0, retries: 0 };
  let cols: string[] | undefined;
  return {
    stats: () => ({ ...stats }),
    columns: () => cols,
    close: async () => {},
    async *batches(signal) {
      const loc = await datasetLocation(ds, 'Source');
      const list = files ?? (await listSourceFiles(loc, storeSettings));
      for (const e of list) {
        if (signal.aborted) return;
        for await (const b of fileRows(loc, ds, e, (c) => (cols ??= c))) {
          yield b;
          if (signal.aborted) return;
        }
        stats.filesRead++;
        stats.bytesRead += e.size;
      }
    },
  };
}

/** Default extension of generated file names per format (the sink's formatSettings.fileExtension first). */
export function extensionOf(fmt: FormatType, formatSettings: Record<string, any> | undefined): string {
  const ext = str(formatSettings?.fileExtension);
  if (ext) return ext.startsWith('.') ? ext : `.${ext}`;
  return fmt === 'Json' ? '.json' : fmt === 'Parquet' ? '.parquet' : fmt === 'Avro' ? '.avro' : '.txt';
}

/**
 * The file a sink writes: the dataset's fileName, else `targetName` (named after its source file, with the sink
 * codec's extension as ADF names compressed output), else `data_<run id><extension>`.
 */
export function sinkFilePath(loc: FileLocation, ds: ResolvedDataset, sink: Record<string, any> | undefined, targetName: string | undefined, runId: string): { name: string; filePath: string } {
  const fmt = formatOf(ds);
  const ext = CODEC_EXTENSION[codecOf(ds, fmt, 'Sink').type];
  const fromSource = targetName && ext && !targetName.toLowerCase().endsWith(ext) ? targetName + ext : targetName;
  const name = loc.fileName ?? fromSource ?? `data_${runId}${extensionOf(fmt, sink?.formatSettings)}${ext}`;
  return { name, filePath: loc.folderPath ? `${loc.folderPath}/${name}` : name };
}

/**
 * A RowWriter into one file of the sink dataset (its fileName, or `targetName`, or a generated name).
 * Bytes are uploaded while rows are pushed; `finish` waits for the upload.
 */
export function fileWriter(ds: ResolvedDataset, sink: Record<string, any>, opts: { columns?: () => string[] | undefined; targetName?: string; runId: string; types?: () => Record<string, string> }): RowWriter {
  const fmt = formatOf(ds);
  if (fmt === 'Binary') throw new ConnectorError(`A Binary sink needs a Binary source.`, 'Sink', CONNECTOR_CODES.unsupported);
  const codec = codecOf(ds, fmt, 'Sink');
  let avroCodec: ReturnType<typeof avroCodecOf> | undefined;
  try {
    assertWritable(codec, ds.name);
    if (fmt === 'Avro') avroCodec = avroCodecOf(ds);
  } catch (err) {
    throw new ConnectorError((err as Error).message, 'Sink', CONNECTOR_CODES.unsupported);
  }
  const stats: WriteStats = { bytesWritten: 0, filesWritten: 0, retries: 0 };
  let started: { fw: FormatWriter; upload: Promise<number> } | undefined;
  const start = async () => {
    const loc = await datasetLocation(ds, 'Sink');
    const comp = codecOf(ds, fmt, 'Sink');
    const { name, filePath } = sinkFilePath(loc, ds, sink, opts.targetName, opts.runId);
    const fw = fmt === 'Avro' ? avroWriter(opts.columns?.(), opts.types?.(), avroCodec!) : fmt === 'Json' ? jsonWriter(jsonFilePattern(sink?.formatSettings), str(ds.typeProperties?.encodingName)) : fmt === 'DelimitedText' ? delimitedWriter(delimitedSettings(ds.typeProperties), opts.columns?.()) : parquetWriter(opts.columns?.(), opts.types?.(), compressionOf(ds).type);
    const counter = countingStream();
    const body = (await compressStream(fw.stream, comp, entryNameOf(name, comp))).pipe(counter);
    const upload = loc.store.write(filePath, body).then(() => counter.bytes);
    upload.catch(() => {});
    return { fw, upload };
  };
  return {
    concurrency: 1,
    batchSize: 1000,
    stats: () => ({ ...stats }),
    async write(rows) {
      started ??= await start();
      await started.fw.push(rows);
      return { written: rows.length, bytesWritten: 0, failures: [] };
    },
    async finish() {
      started ??= await start();
      await started.fw.end();
      try {
        stats.bytesWritten = await started.upload;
      } catch (e) {
        throw new ConnectorError(`Writing the sink file failed: ${(e as Error).message}`, 'Sink', CONNECTOR_CODES.blob);
      }
      stats.filesWritten = 1;
      return { ...stats };
    },
    async abort() {
      if (started) {
        started.fw.stream.destroy();
        await started.upload.catch(() => {});
      }
    },
  };
}

/** The codec a dataset's files carry (for Binary copies, which decompress and recompress as the datasets say). */
export function datasetCodec(ds: ResolvedDataset, side: Side): { type: string; archive: boolean; extension: string } {
  const c = codecOf(ds, formatOf(ds), side);
  return { type: c.type, archive: c.type === 'ZipDeflate' || c.type === 'Tar' || c.type === 'TarGzip', extension: CODEC_EXTENSION[c.type] };
}

/** Writes `stream` to `filePath` compressed with the dataset's codec; returns the bytes written. */
export async function writeCompressed(loc: FileLocation, ds: ResolvedDataset, filePath: string, stream: Readable): Promise<number> {
  const c = codecOf(ds, formatOf(ds), 'Sink');
  try {
    assertWritable(c, ds.name);
  } catch (err) {
    throw new ConnectorError((err as Error).message, 'Sink', CONNECTOR_CODES.unsupported);
  }
  return loc.store.write(filePath, await compressStream(stream, c, entryNameOf(filePath, c)));
}
