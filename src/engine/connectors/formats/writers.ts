/**
 * Format writers: rows in, bytes out. Each writer serialises into a PassThrough that the store uploads while
 * rows keep coming; `push` waits when the stream is full (backpressure). Parquet buffers one row group at a time
 * (and, for lz4 and zstd, the whole file, which DuckDB re-encodes).
 */
import { PassThrough, type Readable } from 'node:stream';
import type { Row } from '../types';
import { encoderOf, type DelimitedSettings } from './settings';
import type { Codec } from './compression';

export interface FormatWriter {
  /** The serialised bytes (uncompressed). */
  readonly stream: Readable;
  push(rows: Row[]): Promise<void>;
  end(): Promise<void>;
}

function writeText(out: PassThrough, text: string, enc: BufferEncoding): Promise<void> {
  if (out.write(Buffer.from(text, enc))) return Promise.resolve();
  return new Promise((r) => out.once('drain', () => r()));
}

/** Json: setOfObjects writes one object per line (JSON Lines); arrayOfObjects writes one array. */
export function jsonWriter(pattern: 'setOfObjects' | 'arrayOfObjects', encoding = 'UTF-8'): FormatWriter {
  const out = new PassThrough();
  const enc = encoderOf(encoding);
  let first = true;
  return {
    stream: out,
    async push(rows) {
      if (!rows.length) return;
      let text = '';
      for (const r of rows) {
        if (pattern === 'arrayOfObjects') text += (first ? '[' : ',') + JSON.stringify(r);
        else text += JSON.stringify(r) + '\n';
        first = false;
      }
      await writeText(out, text, enc);
    },
    async end() {
      if (pattern === 'arrayOfObjects') await writeText(out, first ? '[]' : ']', enc);
      out.end();
    },
  };
}

/**
 * csv-stringify options of a DelimitedText sink (the columnar fast path quotes values by the same rules; its
 * header and null text are written with these options).
 */
export function delimitedStringifyOptions(s: DelimitedSettings, fileExtensionRowDelimiter = '\r\n') {
  return {
    delimiter: s.delimiter,
    quote: s.quote || '"',
    escape: s.escape || s.quote || '"',
    record_delimiter: s.rowDelimiter ?? fileExtensionRowDelimiter,
    // A value holding a line break is quoted whatever the row delimiter, so that readers (ADF's accepts \r, \n and \r\n) keep it whole.
    quoted_match: s.quote ? /[\r\n]/ : /^$/,
    cast: { boolean: (v: boolean) => (v ? 'True' : 'False'), date: (d: Date) => d.toISOString(), object: (o: object) => JSON.stringify(o) },
  };
}

/** DelimitedText through csv-stringify; the header comes from `columns` (or the first rows' keys). */
export function delimitedWriter(s: DelimitedSettings, columns: string[] | undefined, fileExtensionRowDelimiter = '\r\n'): FormatWriter {
  const out = new PassThrough();
  const enc = encoderOf(s.encoding);
  let cols = columns;
  let stringify: typeof import('csv-stringify/sync').stringify | undefined;
  let headerDone = false;
  const options = () => delimitedStringifyOptions(s, fileExtensionRowDelimiter);
  return {
    stream: out,
    async push(rows) {
      stringify ??= (await import('csv-stringify/sync')).stringify;
      if (!rows.length) return;
      if (!cols) {
        const seen = new Set<string>();
        for (const r of rows) for (const k of Object.keys(r)) seen.add(k);
        cols = [...seen];
      }
      let text = '';
      if (!headerDone) {
        headerDone = true;
        if (s.header) text += stringify([cols], options());
      }
      const records = rows.map((r) => cols!.map((c) => (r[c] === null || r[c] === undefined ? s.nullValue : r[c])));
      text += stringify(records, options());
      await writeText(out, text, enc);
    },
    async end() {
      if (!headerDone && s.header && cols) {
        stringify ??= (await import('csv-stringify/sync')).stringify;
        await writeText(out, stringify([cols], options()), enc);
      }
      out.end();
    },
  };
}

const ROW_GROUP = 10_000;
const FLUSH_BYTES = 1 << 20;

/**
 * Parquet through hyparquet-writer's ParquetWriter: one row group per 10,000 rows, compressed with the dataset's
 * codec (snappy, gzip through zlib, none; lz4 and zstd are re-encoded by DuckDB's Parquet writer, as no maintained
 * JavaScript compressor writes them and node 20's zlib has no zstd). A column whose
 * mapping names an ADF interim type (`sinkTypes`) gets the matching Parquet type; other columns take theirs from
 * the first row group's values.
 */
export function parquetWriter(columns: string[] | undefined, sinkTypes: Record<string, string> = {}, codec: Codec = 'snappy'): FormatWriter {
  const direct = codec === 'gzip' ? 'GZIP' : codec === 'none' || codec === 'lz4' || codec === 'zstd' ? 'UNCOMPRESSED' : 'SNAPPY';
  const options = async () => (direct === 'GZIP' ? { codec: direct, compressors: { GZIP: (await import('node:zlib')).gzipSync } } : { codec: direct });
  const out = new PassThrough();
  let cols = columns;
  let pending: Row[] = [];
  let writer: { pq: InstanceType<typeof import('hyparquet-writer').ParquetWriter>; bw: InstanceType<typeof import('hyparquet-writer').ByteWriter>; types: Map<string, string> } | undefined;

  const flushGroup = async () => {
    if (!pending.length) return;
    const hw = await import('hyparquet-writer');
    if (!cols) {
      const seen = new Set<string>();
      for (const r of pending) for (const k of Object.keys(r)) seen.add(k);
      cols = [...seen];
    }
    const types = writer?.types ?? new Map(cols.map((c) => [c, parquetTypeOf(sinkTypes[c]) ?? inferType(pending.map((r) => r[c]))]));
    const columnData = cols.map((c) => ({ name: c, data: pending.map((r) => toParquetValue(r[c], types.get(c)!)), type: types.get(c) as 'STRING' }));
    if (!writer) {
      const bw = byteWriter(hw);
      const schema = hw.schemaFromColumnData({ columnData });
      writer = { pq: new hw.ParquetWriter({ writer: bw, schema, ...(await options()) } as ConstructorParameters<typeof hw.ParquetWriter>[0]), bw, types };
    }
    await writer.pq.write({ columnData, rowGroupSize: ROW_GROUP });
    pending = [];
    if (streamed && out.writableNeedDrain) await new Promise((r) => out.once('drain', r));
  };

  // snappy, gzip and none: the bytes go out as they are written (flushed past 1 MB, as hyparquet-writer's own file
  // writer does), so memory holds a row group rather than the whole file. lz4 and zstd re-encode the whole file.
  const streamed = codec !== 'lz4' && codec !== 'zstd';
  const byteWriter = (hw: typeof import('hyparquet-writer')) => {
    const bw = new hw.ByteWriter();
    if (!streamed) return bw;
    const grow = bw.ensure.bind(bw);
    bw.ensure = (size: number) => {
      if (bw.index > FLUSH_BYTES) flush(bw);
      grow(size);
    };
    return bw;
  };
  const flush = (bw: InstanceType<typeof import('hyparquet-writer').ByteWriter>) => {
    if (bw.index) out.write(Buffer.from(new Uint8Array(bw.buffer, 0, bw.index)));
    bw.index = 0;
  };

  return {
    stream: out,
    async push(rows) {
      pending.push(...rows);
      if (pending.length >= ROW_GROUP) await flushGroup();
    },
    async end() {
      await flushGroup();
      if (!writer) {
        // An empty file still has a schema: one string column per known column.
        const hw = await import('hyparquet-writer');
        const bw = byteWriter(hw);
        const columnData = (cols ?? ['value']).map((c) => ({ name: c, data: [] as string[], type: 'STRING' as const }));
        writer = { pq: new hw.ParquetWriter({ writer: bw, schema: hw.schemaFromColumnData({ columnData }), ...(await options()) } as ConstructorParameters<typeof hw.ParquetWriter>[0]), bw, types: new Map() };
      }
      writer.pq.finish();
      if (streamed) {
        flush(writer.bw);
        out.end();
        return;
      }
      const bytes = Buffer.from(writer.bw.getBytes());
      try {
        out.end(codec === 'lz4' || codec === 'zstd' ? await recompressParquet(bytes, codec) : bytes);
      } catch (e) {
        out.destroy(e as Error);
      }
    },
  };
}

/**
 * Parquet type of an ADF interim type. Decision: Decimal is written as DOUBLE (no precision and scale are known);
 * Guid, TimeSpan and unknown names as STRING.
 */
function parquetTypeOf(interim: string | undefined): string | undefined {
  if (!interim) return undefined;
  switch (interim.toLowerCase()) {
    case 'byte':
    case 'sbyte':
    case 'int16':
    case 'uint16':
    case 'int32':
      return 'INT32';
    case 'uint32':
    case 'int64':
    case 'uint64':
      return 'INT64';
    case 'single':
    case 'double':
    case 'decimal':
      return 'DOUBLE';
    case 'boolean':
      return 'BOOLEAN';
    case 'datetime':
    case 'datetimeoffset':
      return 'TIMESTAMP';
    default:
      return 'STRING';
  }
}

/** Column type from sample values: numbers are DOUBLE (JSON numbers), nested values become JSON text. */
function inferType(values: unknown[]): string {
  let t: string | undefined;
  for (const v of values) {
    if (v === null || v === undefined) continue;
    const vt = typeof v === 'number' ? 'DOUBLE' : typeof v === 'boolean' ? 'BOOLEAN' : typeof v === 'bigint' ? 'INT64' : v instanceof Date ? 'TIMESTAMP' : 'STRING';
    if (t && t !== vt) return 'STRING';
    t = vt;
  }
  return t ?? 'STRING';
}

function toParquetValue(v: unknown, type: string): unknown {
  if (v === undefined || v === null) return null;
  switch (type) {
    case 'DOUBLE':
      return typeof v === 'number' ? v : Number(v);
    case 'BOOLEAN':
      return Boolean(v);
    case 'INT32':
      return Number(v);
    case 'INT64':
      return typeof v === 'bigint' ? v : BigInt(v as number);
    case 'TIMESTAMP':
      return v instanceof Date ? v : new Date(String(v));
    default:
      return typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
}

/** Re-encodes a Parquet file with DuckDB's writer (lz4 is written as LZ4_RAW, the codec current readers expect). */
async function recompressParquet(bytes: Buffer, codec: 'lz4' | 'zstd'): Promise<Buffer> {
  const fs = await import('node:fs/promises');
  const os = await import('node:os');
  const path = await import('node:path');
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-pq-'));
  const src = path.join(dir, 'in.parquet');
  const dst = path.join(dir, 'out.parquet');
  const q = (p: string) => `'${p.replace(/'/g, "''")}'`;
  try {
    await fs.writeFile(src, bytes);
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    try {
      await con.run(`COPY (SELECT * FROM read_parquet(${q(src)})) TO ${q(dst)} (FORMAT parquet, COMPRESSION ${codec})`);
    } finally {
      con.closeSync();
      db.closeSync();
    }
    return await fs.readFile(dst);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
