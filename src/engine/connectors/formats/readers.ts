/**
 * Format readers: a byte stream (already decompressed) in, batches of rows out.
 */
import type { Readable } from 'node:stream';
import type { Row } from '../types';
import { JsonScanner } from './jsonScanner';
import { decoderLabel, type DelimitedSettings } from './settings';

const BATCH = 1000;

/** Json (JSON Lines, concatenated objects or an array of objects). */
export async function* readJson(stream: Readable, label: string, encoding = 'UTF-8'): AsyncGenerator<Row[]> {
  const decoder = new TextDecoder(decoderLabel(encoding));
  const scanner = new JsonScanner(label);
  let batch: Row[] = [];
  const take = (values: unknown[]) => {
    for (const v of values) batch.push(v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Row) : { value: v });
  };
  for await (const chunk of stream) {
    take(scanner.push(decoder.decode(chunk as Buffer, { stream: true })));
    if (batch.length >= BATCH) {
      yield batch;
      batch = [];
    }
  }
  take(scanner.push(decoder.decode()));
  take(scanner.end());
  if (batch.length) yield batch;
}

/** DelimitedText through csv-parse; without a header, columns are Prop_0, Prop_1, ... as in ADF. */
export async function* readDelimited(stream: Readable, label: string, s: DelimitedSettings, columnsOut?: (cols: string[]) => void): AsyncGenerator<Row[]> {
  const { parse } = await import('csv-parse');
  const decoder = new TextDecoder(decoderLabel(s.encoding));
  const parser = parse({
    delimiter: s.delimiter,
    quote: s.quote === '' ? false : s.quote,
    escape: s.escape === '' ? null : s.escape,
    record_delimiter: s.rowDelimiter ? [s.rowDelimiter] : [],
    relax_column_count: true,
    relax_quotes: true,
    bom: true,
    skip_empty_lines: true,
  });
  // Decode with the dataset's encoding, then parse text.
  (async () => {
    try {
      for await (const chunk of stream) {
        if (!parser.write(decoder.decode(chunk as Buffer, { stream: true }))) await new Promise((r) => parser.once('drain', r));
      }
      parser.end(decoder.decode());
    } catch (e) {
      parser.destroy(e as Error);
    }
  })();
  let header: string[] | undefined;
  let batch: Row[] = [];
  let line = 0;
  try {
    for await (const rec of parser as AsyncIterable<string[]>) {
      line++;
      if (!header) {
        if (s.header) {
          header = rec.map((h, i) => h || `Prop_${i}`);
          columnsOut?.(header);
          continue;
        }
        header = rec.map((_, i) => `Prop_${i}`);
        columnsOut?.(header);
      }
      const row: Row = {};
      for (let i = 0; i < header.length; i++) {
        const v = rec[i];
        row[header[i]] = v === undefined || v === s.nullValue ? null : v;
      }
      for (let i = header.length; i < rec.length; i++) row[`Prop_${i}`] = rec[i];
      batch.push(row);
      if (batch.length >= BATCH) {
        yield batch;
        batch = [];
      }
    }
  } catch (e) {
    throw new Error(`${label}: DelimitedText could not be parsed near record ${line + 1}: ${(e as Error).message}`);
  }
  if (batch.length) yield batch;
}

/** Parquet through hyparquet, one row group at a time (the file itself is read into memory). */
export async function* readParquet(data: Buffer, label: string, columnsOut?: (cols: string[]) => void): AsyncGenerator<Row[]> {
  const hp = await import('hyparquet');
  // hyparquet reads snappy itself; hyparquet-compressors adds gzip, zstd, brotli, LZ4 and LZ4_RAW.
  const { compressors } = await import('hyparquet-compressors');
  const ab = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
  let meta: Awaited<ReturnType<typeof hp.parquetMetadataAsync>>;
  try {
    meta = await hp.parquetMetadataAsync(ab);
  } catch (e) {
    throw new Error(`${label}: not a valid Parquet file: ${(e as Error).message}`);
  }
  const cols = hp.parquetSchema(meta).children.map((c) => c.element.name);
  columnsOut?.(cols);
  let start = 0;
  for (const rg of meta.row_groups) {
    const n = Number(rg.num_rows);
    if (n === 0) continue;
    const rows = (await hp.parquetReadObjects({ file: ab, metadata: meta, compressors, rowStart: start, rowEnd: start + n })) as Row[];
    start += n;
    for (const r of rows) for (const k of Object.keys(r)) r[k] = normalizeParquetValue(r[k]);
    for (let i = 0; i < rows.length; i += BATCH) yield rows.slice(i, i + BATCH);
  }
}

function normalizeParquetValue(v: unknown): unknown {
  if (typeof v === 'bigint') return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v.toString();
  if (v instanceof Date) return v.toISOString();
  return v;
}
