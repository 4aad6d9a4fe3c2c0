/**
 * The columnar fast path of the Copy activity: one source file → one sink file through DuckDB's own readers and
 * writers (read_csv / read_json_objects / read_parquet → COPY … TO), for copies fastPathDecision() lets through.
 * The output is the row path's, value for value:
 * - DelimitedText sources are read as text with the dataset's delimiter, quote, escape and null value, strictly
 *   (a line with too many or too few fields, or a stray quote, stops the fast path); column names come from the
 *   row path's own reader (first record; `Prop_n` without a header).
 * - Json sources: each object's values are taken as text; a value that is not a string or null (numbers,
 *   booleans, nested values, which the row path formats with JavaScript's rules) stops the fast path. The columns
 *   are those the row path takes: the keys of the first 1,000 rows (DelimitedText sink) or 10,000 rows (Parquet).
 * - Parquet sources: string columns; for a DelimitedText sink also booleans (True/False) and integers.
 * - DelimitedText sinks: each line is built in SQL by csv-stringify's quoting rules (the row path's writer), and
 *   DuckDB writes the lines unquoted; the header and the null text are quoted by csv-stringify itself.
 * - Parquet sinks: string columns (the row path writes text sources as STRING), the dataset's codec.
 * Anything DuckDB refuses throws FastPathRefused: the caller deletes nothing of the source, removes the partial
 * sink file and copies that file on the row path, logging why.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CopyRequest } from '../contracts';
import { compressionOf, delimitedSettings, delimitedStringifyOptions, fileRows, type FileEntry, type FileLocation, type Row } from '../connectors';

/** DuckDB settings of a fast copy (see fastCopyFile). */
const FAST_PATH_THREADS = 1;
const FAST_PATH_MEMORY = '256MB';

/** The fast path cannot copy this file; the row path will. */
export class FastPathRefused extends Error {}

export interface FastCopyFile {
  req: CopyRequest;
  /** The source file's store and entry (a local folder). */
  sourceLoc: FileLocation;
  entry: FileEntry;
  /** Absolute paths on this machine. */
  sourcePath: string;
  sinkPath: string;
  signal: AbortSignal;
}

export interface FastCopyResult {
  rows: number;
  bytesWritten: number;
}

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;
const INTEGER_TYPES = new Set(['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'UHUGEINT']);

/** A source column: its SQL expression and DuckDB type. */
interface Column {
  expr: string;
  type: string;
}

/** Copies one file; throws FastPathRefused when the row path must copy it (nothing is left at sinkPath then). */
export async function fastCopyFile(o: FastCopyFile): Promise<FastCopyResult> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  // One thread and a bounded buffer pool: a copy is one streaming scan, and more threads make DuckDB hold more row
  // groups in flight to keep their order (peak memory grew with the file size: see the files benchmark).
  await con.run(`SET threads = ${FAST_PATH_THREADS}; SET memory_limit = '${FAST_PATH_MEMORY}'; SET temp_directory = ${lit(path.join(os.tmpdir(), 'adfw-duckdb-spill'))}`);
  const interrupt = () => con.interrupt();
  o.signal.addEventListener('abort', interrupt);
  try {
    const { from, columns, names } = await describeSource(o, con);
    // DuckDB binds names without regard to case; the row path tells "a" from "A".
    const lower = [...columns.keys()].map((k) => k.toLowerCase());
    const clash = lower.find((k, i) => lower.indexOf(k) !== i);
    if (clash !== undefined && o.req.source.type !== 'DelimitedText') throw new FastPathRefused(`two source columns are named '${clash}' but for case`);
    const sinkCols = outputColumns(o.req, names);
    if (!sinkCols.length) throw new FastPathRefused('the source has no columns');
    const valueOf = (name: string): Column => columns.get(name) ?? { expr: 'NULL::VARCHAR', type: 'VARCHAR' };
    await fs.mkdir(path.dirname(o.sinkPath), { recursive: true });
    let sql: string;
    if (o.req.sink.type === 'Parquet') {
      for (const c of sinkCols) if (valueOf(c.from).type !== 'VARCHAR') throw new FastPathRefused(`column '${c.from}' is ${valueOf(c.from).type}; the row path infers its Parquet type from the values`);
      const codec = compressionOf(o.req.sink).type;
      const list = sinkCols.map((c) => `${valueOf(c.from).expr} AS ${ident(c.to)}`).join(', ');
      sql = `COPY (SELECT ${list} FROM ${from}) TO ${lit(o.sinkPath)} (FORMAT parquet, COMPRESSION ${codec === 'none' ? 'uncompressed' : codec})`;
    } else {
      sql = await delimitedSinkSql(o, sinkCols.map((c) => ({ name: c.to, ...valueOf(c.from) })), from);
    }
    let rows: number;
    try {
      rows = (await con.run(sql)).rowsChanged;
    } catch (e) {
      await fs.rm(o.sinkPath, { force: true });
      if (o.signal.aborted) throw e;
      throw new FastPathRefused(`DuckDB: ${firstLine((e as Error).message)}`);
    }
    const st = await fs.stat(o.sinkPath);
    return { rows, bytesWritten: st.size };
  } finally {
    o.signal.removeEventListener('abort', interrupt);
    con.closeSync();
    db.closeSync();
  }
}

const firstLine = (m: string) => m.split('\n')[0];

/** The sink columns in order, each with the source column it takes (a mapping by name, or the same name). */
function outputColumns(req: CopyRequest, sourceNames: string[]): { from: string; to: string }[] {
  const mappings = (req.typeProperties?.translator?.mappings ?? []) as { source: { name: string }; sink: { name: string } }[];
  if (Array.isArray(mappings) && mappings.length) return mappings.map((m) => ({ from: m.source.name, to: m.sink.name }));
  return sourceNames.map((n) => ({ from: n, to: n }));
}

/** The first rows as the row path reads them, and the column names its reader reports. */
async function sample(o: FastCopyFile, rows: number): Promise<{ rows: Row[]; columns?: string[] }> {
  const out: Row[] = [];
  let columns: string[] | undefined;
  for await (const batch of fileRows(o.sourceLoc, o.req.source, o.entry, (c) => (columns ??= c))) {
    out.push(...batch);
    if (out.length >= rows) break;
  }
  return { rows: out.slice(0, rows), columns };
}

async function describeSource(o: FastCopyFile, con: import('@duckdb/node-api').DuckDBConnection): Promise<{ from: string; columns: Map<string, Column>; names: string[] }> {
  const ds = o.req.source;
  const codec = compressionOf(ds).type;
  const columns = new Map<string, Column>();
  if (ds.type === 'Parquet') {
    const from = `read_parquet(${lit(o.sourcePath)})`;
    let described: Record<string, unknown>[];
    try {
      described = (await con.runAndReadAll(`DESCRIBE SELECT * FROM ${from}`)).getRowObjectsJS() as Record<string, unknown>[];
    } catch (e) {
      throw new FastPathRefused(`DuckDB: ${firstLine((e as Error).message)}`);
    }
    const names: string[] = [];
    for (const d of described) {
      const name = String(d.column_name);
      const type = String(d.column_type);
      if (columns.has(name)) throw new FastPathRefused(`the Parquet file repeats column '${name}'`);
      names.push(name);
      const t = INTEGER_TYPES.has(type) ? 'INTEGER' : type;
      if (t !== 'VARCHAR' && t !== 'BOOLEAN' && t !== 'INTEGER') throw new FastPathRefused(`column '${name}' is ${type}; the row path formats such values with JavaScript's rules`);
      columns.set(name, { expr: t === 'INTEGER' ? `CAST(${ident(name)} AS VARCHAR)` : ident(name), type: t === 'INTEGER' ? 'INTEGER' : t });
    }
    return { from, columns, names };
  }
  if (ds.type === 'DelimitedText') {
    const s = delimitedSettings(ds.typeProperties);
    const head = await firstBytes(o.sourcePath, codec === 'gzip');
    const text = head.toString('utf8').replace(/^\ufeff/, '');
    if (!text.length) throw new FastPathRefused('the source file is empty');
    if (text[0] === '\r' || text[0] === '\n') throw new FastPathRefused('the source file starts with an empty line');
    const { columns: names } = await sample(o, 1);
    if (!names?.length) throw new FastPathRefused('the source file has no records');
    if (names.length === 1) throw new FastPathRefused('the source has one column: DuckDB reads its empty lines as rows, the row path skips them');
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup !== undefined) throw new FastPathRefused(`the header repeats column '${dup}'`);
    const struct = names.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ');
    const from = `read_csv(${lit(o.sourcePath)}, header = ${s.header}, auto_detect = false, columns = {${struct}}, delim = ${lit(s.delimiter)}, quote = ${lit(s.quote)}, escape = ${lit(s.escape)}, nullstr = ${lit(s.nullValue)}, strict_mode = true, encoding = 'utf-8', compression = ${lit(codec === 'gzip' ? 'gzip' : 'none')})`;
    names.forEach((n, i) => columns.set(n, { expr: `c${i}`, type: 'VARCHAR' }));
    return { from, columns, names };
  }
  // Json: the row path's columns are the keys of its first write (1,000 rows) or row group (10,000 rows).
  const { rows } = await sample(o, o.req.sink.type === 'Parquet' ? 10_000 : 1_000);
  if (!rows.length) throw new FastPathRefused('the source file has no records');
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) seen.add(k);
  const names = [...seen];
  const mapped = [...new Set([...names, ...outputColumns(o.req, names).map((c) => c.from)])];
  // Each value as JSON, then its text when it is a string (null when null or absent); anything else stops the fast path.
  mapped.forEach((k, i) => {
    const v = `j${i}`;
    columns.set(k, { expr: `CASE WHEN ${v} IS NULL THEN NULL WHEN json_type(${v}) = 'VARCHAR' THEN ${v}->>'$' WHEN json_type(${v}) = 'NULL' THEN NULL ELSE error(${lit(`a value of '${k}' is not a string`)}) END`, type: 'VARCHAR' });
  });
  const struct = mapped.map((k) => `${lit(k)}: 'JSON'`).join(', ');
  const select = mapped.map((k, i) => `${ident(k)} AS j${i}`).join(', ');
  const from = `(SELECT ${select} FROM read_json(${lit(o.sourcePath)}, format = 'auto', records = true, auto_detect = false, columns = {${struct}}, compression = ${lit(codec === 'gzip' ? 'gzip' : 'uncompressed')}))`;
  return { from, columns, names };
}

async function firstBytes(file: string, gzip: boolean): Promise<Buffer> {
  const { createReadStream } = await import('node:fs');
  const stream = createReadStream(file, { start: 0, end: 65_535 });
  const src = gzip ? stream.pipe((await import('node:zlib')).createGunzip()) : stream;
  const chunks: Buffer[] = [];
  let n = 0;
  try {
    for await (const c of src) {
      chunks.push(c as Buffer);
      n += (c as Buffer).length;
      if (n >= 16) break;
    }
  } catch {
    /* a short or broken gzip member: DuckDB reports it when copying */
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks);
}

/**
 * COPY of a DelimitedText sink: one column holding each whole line, built by csv-stringify's rules (see
 * `delimitedStringifyOptions`): a value holding the delimiter, the quote, a line break or the row delimiter is
 * quoted, its escape characters doubled (when escape ≠ quote) and its quotes escaped; an empty string is written
 * empty (or as two quotes when the dataset has no quote character); null is the dataset's null value.
 */
async function delimitedSinkSql(o: FastCopyFile, cols: { name: string; expr: string; type: string }[], from: string): Promise<string> {
  const s = delimitedSettings(o.req.sink.typeProperties);
  const opts = delimitedStringifyOptions(s);
  const R = opts.record_delimiter;
  // csv-stringify formats the constants (header, null, booleans, the empty string) itself.
  const { stringify } = await import('csv-stringify/sync');
  const record = (values: unknown[]) => stringify([values], opts).slice(0, -R.length);
  const { quote: Q, escape: E, delimiter: D } = opts;
  const nullText = lit(record([s.nullValue]));
  const field = (c: { expr: string; type: string }) => {
    const v = `(${c.expr})`;
    if (c.type === 'BOOLEAN') return `CASE WHEN ${v} IS NULL THEN ${nullText} WHEN ${v} THEN ${lit(record([true]))} ELSE ${lit(record([false]))} END`;
    // Escapes are doubled (escape ≠ quote) and quotes escaped only in a value that needs quotes.
    const escaped = E !== Q ? `replace(${v}, ${lit(E)}, ${lit(E + E)})` : v;
    const withQuotes = `${lit(Q)} || replace(${escaped}, ${lit(Q)}, ${lit(E + Q)}) || ${lit(Q)}`;
    // csv-stringify quotes a value holding the quote, the delimiter or the row delimiter (line breaks of another
    // kind only through the writer's quoted_match, set when the dataset has a quote character).
    const needsQuotes = [...new Set([Q, D, R, ...(s.quote ? ['\n', '\r'] : [])])].map((x) => `contains(${v}, ${lit(x)})`).join(' OR ');
    return `CASE WHEN ${v} IS NULL THEN ${nullText} WHEN ${v} = '' THEN ${lit(record(['']))} WHEN ${needsQuotes} THEN ${withQuotes} ELSE ${v} END`;
  };
  const line = cols.map(field).join(` || ${lit(D)} || `);
  const header = record(cols.map((c) => c.name));
  // DuckDB writes the one column unquoted; its (unused) delimiter must differ from the data's.
  const unused = D === '\u001f' ? '\u001e' : '\u001f';
  return `COPY (SELECT ${line} AS ${ident(s.header ? header : 'line')} FROM ${from}) TO ${lit(o.sinkPath)} (FORMAT csv, HEADER ${s.header}, QUOTE '', ESCAPE '', DELIMITER ${lit(unused)}, NEW_LINE ${lit(R)})`;
}
