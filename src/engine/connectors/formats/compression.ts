/**
 * Compression codecs of file datasets, read and write, through libraries: node's zlib (gzip, deflate),
 * unbzip2-stream (bzip2 read), fflate (ZipDeflate), tar-stream (Tar, TarGzip), snappy (Snappy framing format) and
 * lz4-napi (LZ4 frame format). Archives (ZipDeflate, Tar, TarGzip) yield one entry per file inside them.
 */
import { PassThrough, Readable, pipeline, type Transform } from 'node:stream';
import * as zlib from 'node:zlib';
import { str } from '../values';
import type { FormatType } from './settings';

export type Codec = 'none' | 'gzip' | 'bzip2' | 'deflate' | 'ZipDeflate' | 'Tar' | 'TarGzip' | 'snappy' | 'lz4' | 'zstd';

export interface Compression {
  type: Codec;
  /** ADF's compressionLevel: Optimal (zlib level 6, what .NET's Optimal means) or Fastest (level 1). */
  level: 'Optimal' | 'Fastest';
}

/** Codecs per dataset type, as ADF lists them. */
const TEXT_CODECS: readonly Codec[] = ['none', 'gzip', 'bzip2', 'deflate', 'ZipDeflate', 'Tar', 'TarGzip', 'snappy', 'lz4'];
const PARQUET_CODECS: readonly Codec[] = ['none', 'snappy', 'gzip', 'lz4', 'zstd'];

const NAMES: Record<string, Codec> = {
  none: 'none',
  gzip: 'gzip',
  bzip2: 'bzip2',
  deflate: 'deflate',
  zipdeflate: 'ZipDeflate',
  tar: 'Tar',
  targzip: 'TarGzip',
  snappy: 'snappy',
  lz4: 'lz4',
  zstd: 'zstd',
};

/** File name extension ADF gives compressed files. */
export const CODEC_EXTENSION: Record<Codec, string> = {
  none: '',
  gzip: '.gz',
  bzip2: '.bz2',
  deflate: '.deflate',
  ZipDeflate: '.zip',
  Tar: '.tar',
  TarGzip: '.tar.gz',
  snappy: '.snappy',
  lz4: '.lz4',
  zstd: '.zst',
};

interface DatasetLike {
  name: string;
  type: string;
  typeProperties?: Record<string, any>;
}

/**
 * The dataset's codec: `compression: {type, level}` (Json, Binary) or `compressionCodec` + `compressionLevel`
 * (DelimitedText, Parquet). A Parquet dataset without one writes snappy, ADF's default.
 */
export function compressionOf(ds: DatasetLike): Compression {
  const tp = ds.typeProperties ?? {};
  const raw = str(tp.compression?.type) ?? str(tp.compressionCodec);
  const levelRaw = (str(tp.compression?.level) ?? str(tp.compressionLevel) ?? 'Optimal').toLowerCase();
  const level = levelRaw === 'fastest' ? 'Fastest' : 'Optimal';
  const isParquet = ds.type === 'Parquet';
  const allowed = isParquet ? PARQUET_CODECS : TEXT_CODECS;
  if (raw === undefined || raw === '') return { type: isParquet ? 'snappy' : 'none', level };
  const codec = NAMES[raw.toLowerCase()];
  if (!codec || !allowed.includes(codec)) {
    throw new Error(`Dataset '${ds.name}' (${ds.type}): compression codec '${raw}' is not supported by the local engine (supported for ${isParquet ? 'Parquet' : ds.type}: ${allowed.join(', ')}).`);
  }
  if (levelRaw !== 'optimal' && levelRaw !== 'fastest') throw new Error(`Dataset '${ds.name}' (${ds.type}): compressionLevel '${levelRaw}' is not valid (Optimal or Fastest).`);
  return { type: codec, level };
}

/** The codec for a file's bytes around its format (Parquet and Avro compress their pages and blocks themselves). */
export function fileCodecOf(ds: DatasetLike, fmt: FormatType): Compression {
  const c = compressionOf(ds);
  return fmt === 'Parquet' || fmt === 'Avro' ? { type: 'none', level: c.level } : c;
}

const zlibLevel = (c: Compression) => (c.level === 'Fastest' ? 1 : 6);

/** `source` piped through `t`, with errors of either side ending the result. */
function through(source: Readable, t: Transform): Readable {
  pipeline(source, t, () => {});
  return t;
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export interface Entry {
  /** The entry's name: the file's own name, or the path inside an archive. */
  name: string;
  stream: Readable;
}

/** Entries of one compressed file: a single one for stream codecs, one per file for archives. */
export async function* decompressEntries(raw: Readable, c: Compression, fileName: string): AsyncGenerator<Entry> {
  const inner = fileName.replace(/\.(gz|bz2|deflate|snappy|lz4|zst)$/i, '');
  switch (c.type) {
    case 'none':
      yield { name: fileName, stream: raw };
      return;
    case 'gzip':
      yield { name: inner, stream: through(raw, zlib.createGunzip()) };
      return;
    case 'deflate':
      yield { name: inner, stream: through(raw, zlib.createInflateRaw()) };
      return;
    case 'bzip2': {
      const { default: bz2 } = await import('unbzip2-stream');
      // unbzip2-stream is a classic through stream: piped into a PassThrough to be async iterable.
      const bz = bz2();
      const out = new PassThrough();
      raw.on('error', (e) => out.destroy(e));
      bz.on('error', (e: Error) => out.destroy(e));
      raw.pipe(bz).pipe(out);
      yield { name: inner, stream: out };
      return;
    }
    case 'snappy': {
      const { createUncompressStream } = await import('snappy');
      yield { name: inner, stream: through(raw, createUncompressStream() as unknown as Transform) };
      return;
    }
    case 'lz4': {
      const { decompressFrameSync } = await import('lz4-napi');
      yield { name: inner, stream: Readable.from([decompressFrameSync(await readAll(raw))]) };
      return;
    }
    case 'ZipDeflate': {
      // A zip's directory is at its end: the archive is read whole, then each entry is inflated.
      const { unzipSync } = await import('fflate');
      let files: Record<string, Uint8Array>;
      try {
        files = unzipSync(await readAll(raw), { filter: (f) => !f.name.endsWith('/') });
      } catch (e) {
        throw new Error(`not a valid ZipDeflate (zip) archive: ${(e as Error).message}`);
      }
      for (const name of Object.keys(files).sort()) yield { name, stream: Readable.from([Buffer.from(files[name])]) };
      return;
    }
    case 'Tar':
    case 'TarGzip': {
      const { extract } = await import('tar-stream');
      const ex = extract();
      pipeline(c.type === 'TarGzip' ? through(raw, zlib.createGunzip()) : raw, ex, () => {});
      for await (const entry of ex) {
        if (entry.header.type !== 'file') {
          entry.resume();
          continue;
        }
        yield { name: entry.header.name, stream: Readable.from(entry as AsyncIterable<Buffer>) };
        entry.resume(); // whatever the reader left unread
      }
      return;
    }
    case 'zstd':
      throw new Error(`compression codec 'zstd' applies to Parquet files only.`);
  }
}

/** The name of an archive's single entry for a written file: the file name without the archive extension. */
export function entryNameOf(fileName: string, c: Compression): string {
  const base = fileName.slice(fileName.lastIndexOf('/') + 1);
  const ext = CODEC_EXTENSION[c.type];
  return ext && base.toLowerCase().endsWith(ext) ? base.slice(0, -ext.length) : base;
}

/** Fails early for codecs the local engine reads but cannot write. */
export function assertWritable(c: Compression, dsName: string): void {
  if (c.type === 'bzip2') {
    throw new Error(`Dataset '${dsName}': compression codec 'bzip2' can be read but not written by the local engine (no maintained bzip2 compressor exists for Node.js); write gzip, deflate, ZipDeflate, Tar, TarGzip, snappy or lz4 instead.`);
  }
}

/** `body` compressed with the codec; archives hold one entry named `entryName`. */
export async function compressStream(body: Readable, c: Compression, entryName: string): Promise<Readable> {
  switch (c.type) {
    case 'none':
      return body;
    case 'gzip':
      return through(body, zlib.createGzip({ level: zlibLevel(c) }));
    case 'deflate':
      return through(body, zlib.createDeflateRaw({ level: zlibLevel(c) }));
    case 'snappy': {
      const { createCompressStream } = await import('snappy');
      return through(body, createCompressStream() as unknown as Transform);
    }
    case 'lz4': {
      const { compressFrameSync } = await import('lz4-napi');
      return Readable.from(
        (async function* () {
          yield compressFrameSync(await readAll(body));
        })(),
      );
    }
    case 'ZipDeflate': {
      const { Zip, ZipDeflate } = await import('fflate');
      return Readable.from(
        (async function* () {
          const out: Uint8Array[] = [];
          let failure: Error | undefined;
          const zip = new Zip((err, data) => {
            if (err) failure = err;
            else out.push(data);
          });
          const file = new ZipDeflate(entryName, { level: zlibLevel(c) as 1 | 6 });
          zip.add(file);
          for await (const chunk of body) {
            file.push(chunk as Uint8Array);
            if (failure) throw failure;
            if (out.length) yield Buffer.concat(out.splice(0));
          }
          file.push(new Uint8Array(0), true);
          zip.end();
          if (failure) throw failure;
          yield Buffer.concat(out.splice(0));
        })(),
      );
    }
    case 'Tar':
    case 'TarGzip': {
      // A tar header carries the entry's size, so the entry is gathered first.
      const { pack } = await import('tar-stream');
      const p = pack();
      const tarStream = new PassThrough();
      pipeline(p, tarStream, () => {});
      readAll(body).then(
        (data) => {
          p.entry({ name: entryName, size: data.length, mtime: new Date() }, data, (err) => (err ? tarStream.destroy(err) : p.finalize()));
        },
        (err) => tarStream.destroy(err),
      );
      return c.type === 'TarGzip' ? through(tarStream, zlib.createGzip({ level: zlibLevel(c) })) : tarStream;
    }
    case 'bzip2':
    case 'zstd':
      throw new Error(`compression codec '${c.type}' cannot be written for this file type by the local engine.`);
  }
}
