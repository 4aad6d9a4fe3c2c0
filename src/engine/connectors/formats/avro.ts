/**
 * Avro object container files through avsc: read (any record schema) and write (a record schema of nullable
 * columns, from the mapping's interim types or the first rows' values). Block codecs: null, deflate (avsc's own)
 * and snappy (the snappy package, with Avro's 4-byte CRC32 after each block).
 */
import { PassThrough, type Readable } from 'node:stream';
import * as zlib from 'node:zlib';
import type { Row } from '../types';
import { str } from '../values';
import type { FormatWriter } from './writers';

const BATCH = 1000;

/** avsc is CommonJS: its exports sit on `default` when loaded with import(). */
async function loadAvsc(): Promise<typeof import('avsc')> {
  const m = await import('avsc');
  return (m as unknown as { default?: typeof import('avsc') }).default ?? m;
}

const AVRO_CODECS = ['none', 'deflate', 'snappy'] as const;

/** The dataset's Avro block codec (`avroCompressionCodec`), or an error naming the dataset and the supported ones. */
export function avroCodecOf(ds: { name: string; typeProperties?: Record<string, any> }): { codec: 'null' | 'deflate' | 'snappy'; level: number } {
  const raw = (str(ds.typeProperties?.avroCompressionCodec) ?? 'none').toLowerCase();
  const levelRaw = Number(ds.typeProperties?.avroCompressionLevel ?? 6);
  const level = Number.isInteger(levelRaw) && levelRaw >= 1 && levelRaw <= 9 ? levelRaw : 6;
  if (raw === 'none' || raw === 'null' || raw === '') return { codec: 'null', level };
  if (raw === 'deflate' || raw === 'snappy') return { codec: raw, level };
  throw new Error(`Dataset '${ds.name}' (Avro): avroCompressionCodec '${raw}' is not supported by the local engine (supported: ${AVRO_CODECS.join(', ')}).`);
}

async function codecs(level = 6) {
  const snappy = await import('snappy');
  return {
    null: (buf: Buffer, cb: (e: Error | null, v?: Buffer) => void) => cb(null, buf),
    deflate: (buf: Buffer, cb: (e: Error | null, v?: Buffer) => void) => zlib.deflateRaw(buf, { level }, cb),
    snappy: (buf: Buffer, cb: (e: Error | null, v?: Buffer) => void) => {
      try {
        const body = snappy.compressSync(buf);
        const crc = Buffer.alloc(4);
        crc.writeUInt32BE(zlib.crc32(buf) >>> 0);
        cb(null, Buffer.concat([body, crc]));
      } catch (e) {
        cb(e as Error);
      }
    },
  };
}

async function decoders() {
  const snappy = await import('snappy');
  return {
    null: (buf: Buffer, cb: (e: Error | null, v?: Buffer) => void) => cb(null, buf),
    deflate: (buf: Buffer, cb: (e: Error | null, v?: Buffer) => void) => zlib.inflateRaw(buf, cb),
    snappy: (buf: Buffer, cb: (e: Error | null, v?: Buffer) => void) => {
      try {
        const data = snappy.uncompressSync(buf.subarray(0, buf.length - 4)) as Buffer;
        if ((zlib.crc32(data) >>> 0) !== buf.readUInt32BE(buf.length - 4)) throw new Error('snappy block checksum mismatch');
        cb(null, data);
      } catch (e) {
        cb(e as Error);
      }
    },
  };
}

/** Rows of an Avro container file. Bytes, longs beyond 2^53 and nested records are normalised like Parquet's. */
export async function* readAvro(stream: Readable, label: string, columnsOut?: (cols: string[]) => void): AsyncGenerator<Row[]> {
  const avro = await loadAvsc();
  const decoder = new avro.streams.BlockDecoder({ codecs: await decoders() });
  decoder.on('metadata', (type: { fields?: { name: string }[] }) => {
    if (type.fields) columnsOut?.(type.fields.map((f) => f.name));
  });
  stream.on('error', (e) => decoder.destroy(e));
  stream.pipe(decoder);
  let batch: Row[] = [];
  try {
    for await (const rec of decoder as AsyncIterable<unknown>) {
      batch.push(rec !== null && typeof rec === 'object' && !Array.isArray(rec) ? normalize({ ...(rec as Row) }) : { value: rec });
      if (batch.length >= BATCH) {
        yield batch;
        batch = [];
      }
    }
  } catch (e) {
    throw new Error(`${label}: not a readable Avro file: ${(e as Error).message}`);
  }
  if (batch.length) yield batch;
}

function normalize(r: Row): Row {
  for (const k of Object.keys(r)) {
    const v = r[k];
    if (Buffer.isBuffer(v)) r[k] = v.toString('base64');
    else if (typeof v === 'bigint') r[k] = v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v.toString();
  }
  return r;
}

/** Avro type of an ADF interim type; other columns take theirs from the first rows' values. */
function avroTypeOf(interim: string | undefined, values: unknown[]): string {
  switch (interim?.toLowerCase()) {
    case 'byte':
    case 'sbyte':
    case 'int16':
    case 'uint16':
    case 'int32':
      return 'int';
    case 'uint32':
    case 'int64':
    case 'uint64':
      return 'long';
    case 'single':
    case 'double':
    case 'decimal':
      return 'double';
    case 'boolean':
      return 'boolean';
    case undefined:
      break;
    default:
      return 'string';
  }
  let t: string | undefined;
  for (const v of values) {
    if (v === null || v === undefined) continue;
    const vt = typeof v === 'number' ? 'double' : typeof v === 'boolean' ? 'boolean' : 'string';
    if (t && t !== vt) return 'string';
    t = vt;
  }
  return t ?? 'string';
}

function toAvro(v: unknown, t: string): unknown {
  if (v === null || v === undefined) return null;
  switch (t) {
    case 'int':
    case 'long':
    case 'double':
      return typeof v === 'number' ? v : Number(v);
    case 'boolean':
      return typeof v === 'boolean' ? v : String(v).toLowerCase() === 'true';
    default:
      return typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
}

/** Avro names allow [A-Za-z_][A-Za-z0-9_]*: other characters become '_' (as ADF does for Avro sinks). */
const avroName = (c: string) => {
  const n = c.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z_]/.test(n) ? n : `_${n}`;
};

/** An Avro writer: the schema is fixed by the first batch (or the known columns). */
export function avroWriter(columns: string[] | undefined, sinkTypes: Record<string, string> = {}, codec: { codec: string; level: number } = { codec: 'null', level: 6 }): FormatWriter {
  const out = new PassThrough();
  let enc: import('node:stream').Duplex | undefined;
  let cols: { name: string; field: string; type: string }[] | undefined;
  const start = async (rows: Row[]) => {
    const avro = await loadAvsc();
    const names = columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
    const used = new Set<string>();
    cols = names.map((name) => {
      let field = avroName(name);
      while (used.has(field)) field += '_';
      used.add(field);
      return { name, field, type: avroTypeOf(sinkTypes[name], rows.map((r) => r[name])) };
    });
    const schema = { type: 'record', name: 'AdfRecord', fields: cols.map((c) => ({ name: c.field, type: ['null', c.type], default: null })) };
    enc = new avro.streams.BlockEncoder(schema as never, { codec: codec.codec, codecs: await codecs(codec.level) });
    enc.on('error', (e) => out.destroy(e));
    enc.pipe(out);
  };
  const write = (rec: Row) => (enc!.write(rec) ? Promise.resolve() : new Promise<void>((r) => enc!.once('drain', () => r())));
  return {
    stream: out,
    async push(rows) {
      if (!rows.length) return;
      if (!enc) await start(rows);
      for (const r of rows) {
        const rec: Row = {};
        for (const c of cols!) rec[c.field] = toAvro(r[c.name], c.type);
        await write(rec);
      }
    },
    async end() {
      if (!enc) await start([]);
      enc!.end();
    },
  };
}
