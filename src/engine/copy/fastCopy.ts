/**
 * The columnar fast path of the Copy activity: one source file → one sink file through DuckDB's own readers and
 * writers (read_csv / read_json_objects / read_parquet → COPY … TO), for copies fastPathDecision() lets through.
 * The output is the row path's, value for value:
 * - DelimitedText sources are read as text with the dataset's delimiter, quote, escape and null value, strictly
 *   (a line with too many or too few fields, or a stray quote, stops the fast path); column names come from the
 *   row path's own reader (first record; `Prop_n` without a header).
 * - Json sources: each object's values are taken as text; a value that is not a string or null (numbers,
 *   booleans, nested values, which the row path formats with JavaScript's rules) stops the fast path. The columns
 *   are those the row path takes: the keys of its first write (1,000 rows, DelimitedText sink) or row group
 *   (Parquet: its writes of 1,000 rows until 10,000 or more, so 10,000 to 10,999 rows), read by its own reader
 *   (`sample`, 40–240 ms of a 1,000,000-row copy). Each column is read typed JSON (DuckDB writes each value's JSON
 *   text out again; typed VARCHAR, a number arrives as its text, like the string of the same characters, and
 *   DuckDB's type detection samples only part of the file, so neither proves every value a string). A string's text
 *   starts with a quote; one without a backslash is sliced between its quotes (JSON escapes every quote and
 *   backslash inside a string), and only the others are parsed (`->>`): 5,000,000 values in 0.30 s of one core
 *   instead of 0.42 s with a parse of each. DuckDB's reader refuses an object with a key twice: that file takes the
 *   row path.
 * - Parquet sources: string columns; for a DelimitedText sink also booleans (True/False) and integers.
 * - DelimitedText sinks: DuckDB's CSV writer quotes a value by csv-stringify's rules (the row path's writer) when
 *   the dataset has a one-byte quote character, delimiter and escape, except that it also quotes any value holding
 *   '#'; such a value stops that copy, which then runs again with each line built in SQL by csv-stringify's rules
 *   and written unquoted (as do sinks without a quote character or with other characters). Nulls are written as
 *   the dataset's null text through the same quoting (`coalesce`), never as DuckDB's NULL string.
 * - Parquet sinks: string columns (the row path writes text sources as STRING), the dataset's codec.
 * Anything DuckDB refuses throws FastPathRefused: the caller deletes nothing of the source, removes the partial
 * sink file and copies that file on the row path, logging why.
 *
 * DuckDB runs with its default threads (one per core) and a 128 MB buffer pool, rows in order
 * (preserve_insertion_order); an instance is kept for the next copy (instances are not shared by copies running at
 * the same time) and closed after a few idle seconds.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { CopyRequest } from '../contracts';
import { compressionOf, delimitedSettings, delimitedStringifyOptions, fileRows, type FileEntry, type FileLocation, type Row } from '../connectors';

/** DuckDB settings of a fast copy (see the module comment and the files benchmark). */
const FAST_PATH_CONFIG: Record<string, string> = {
  // The buffer pool bounds the rows held for writing in order: with two threads, batches read ahead of a slower one
  // wait here (145–162 MB of a 192 MB pool in some 5,000,000-row copies, 85–100 MB in others).
  memory_limit: '128MB',
  temp_directory: path.join(os.tmpdir(), 'adfw-duckdb-spill'),
  // Give freed memory back to the system while copying: without jemalloc (these bindings use glibc's malloc) DuckDB
  // trims the heap after a task while it keeps more than threads × this threshold free; at 32 MB that was about
  // 100 MB of the peak, at 4 MB the trims cost no measurable time (at 0 they did).
  allocator_flush_threshold: '4MB',
  allocator_bulk_deallocation_flush_threshold: '4MB',
};
/** The buffer pool of a copy from a Json source (set for that copy, then set back). */
const JSON_MEMORY_LIMIT = '512MB';
/** read_csv's buffer (DuckDB's default is 32 MB, 16 × max_line_size); a line must still fit max_line_size (2 MB). */
const CSV_BUFFER_BYTES = 8 << 20;
/** Source bytes per Parquet row group (see rowGroupSize). */
const ROW_GROUP_BYTES = 16 << 20;
/** An idle instance is closed after this long. */
const IDLE_CLOSE_MS = 5_000;

const idle: DuckDBInstance[] = [];
let idleTimer: NodeJS.Timeout | undefined;

async function acquireInstance(): Promise<DuckDBInstance> {
  const db = idle.pop();
  if (db) return db;
  const { DuckDBInstance } = await import('@duckdb/node-api');
  return DuckDBInstance.create(':memory:', FAST_PATH_CONFIG);
}

function releaseInstance(db: DuckDBInstance): void {
  idle.push(db);
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    idleTimer = undefined;
    for (const d of idle.splice(0)) d.closeSync();
  }, IDLE_CLOSE_MS);
  idleTimer.unref();
}

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
  /** Reports that a DelimitedText sink is written by the exact line-by-line SQL instead of DuckDB's CSV writer, and why. */
  note?: (reason: string) => void;
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
  const db = await acquireInstance();
  let con: DuckDBConnection | undefined;
  const interrupt = () => con?.interrupt();
  o.signal.addEventListener('abort', interrupt);
  try {
    con = await db.connect();
    // DuckDB's JSON reader slows down in the 128 MB pool (a 1,000,000-row JSON Lines copy took 1.30–1.35 s in it,
    // 0.93–0.97 s in 512 MB, peaking about 30 MB higher), and 128 MB with the default flush threshold ran out of memory.
    if (o.req.source.type === 'Json') await con.run(`SET memory_limit = '${JSON_MEMORY_LIMIT}'`);
    const { from, columns, names, bytesPerRow } = await describeSource(o, con);
    // DuckDB binds names without regard to case; the row path tells "a" from "A".
    const clash = caseClash([...columns.keys()]);
    if (clash !== undefined && o.req.source.type !== 'DelimitedText') throw new FastPathRefused(`two source columns are named '${clash}' but for case`);
    const sinkCols = outputColumns(o.req, names);
    if (!sinkCols.length) throw new FastPathRefused('the source has no columns');
    const valueOf = (name: string): Column => columns.get(name) ?? { expr: 'NULL::VARCHAR', type: 'VARCHAR' };
    await fs.mkdir(path.dirname(o.sinkPath), { recursive: true });
    const run = async (sql: string): Promise<number> => {
      try {
        return (await con!.run(sql)).rowsChanged;
      } catch (e) {
        await fs.rm(o.sinkPath, { force: true });
        if (o.signal.aborted) throw e;
        if ((e as Error).message.includes(HASH_MARK)) throw new HashInValue();
        throw new FastPathRefused(`DuckDB: ${firstLine((e as Error).message)}`);
      }
    };
    let rows: number;
    if (o.req.sink.type === 'Parquet') {
      for (const c of sinkCols) if (valueOf(c.from).type !== 'VARCHAR') throw new FastPathRefused(`column '${c.from}' is ${valueOf(c.from).type}; the row path infers its Parquet type from the values`);
      // DuckDB would rename the second of two names equal but for case ("A" → "A_1").
      const sinkClash = caseClash(sinkCols.map((c) => c.to));
      if (sinkClash !== undefined) throw new FastPathRefused(`two sink columns are named '${sinkClash}' but for case`);
      const codec = compressionOf(o.req.sink).type;
      const list = sinkCols.map((c) => `${valueOf(c.from).expr} AS ${ident(c.to)}`).join(', ');
      rows = await run(`COPY (SELECT ${list} FROM ${from}) TO ${lit(o.sinkPath)} (FORMAT parquet, COMPRESSION ${codec === 'none' ? 'uncompressed' : codec}, ROW_GROUP_SIZE ${rowGroupSize(bytesPerRow)})`);
    } else {
      const cols = sinkCols.map((c) => ({ name: c.to, ...valueOf(c.from) }));
      const native = csvWriterSql(o, cols, from);
      rows = -1;
      if ('sql' in native) {
        try {
          rows = await run(native.sql);
        } catch (e) {
          if (!(e instanceof HashInValue)) throw e;
          o.note?.(`a value holds '#', which DuckDB's CSV writer always quotes`);
        }
      } else o.note?.(native.reason);
      if (rows < 0) rows = await run(await delimitedLinesSql(o, cols, from));
    }
    const st = await fs.stat(o.sinkPath);
    return { rows, bytesWritten: st.size };
  } finally {
    o.signal.removeEventListener('abort', interrupt);
    if (con && o.req.source.type === 'Json') await con.run(`SET memory_limit = '${FAST_PATH_CONFIG.memory_limit}'`).catch(() => undefined);
    con?.closeSync();
    releaseInstance(db);
  }
}

/**
 * Rows per Parquet row group: DuckDB's default (122,880), fewer for wide rows. The writer holds a whole row group
 * (in order, one per thread) in its buffer pool, and ROW_GROUP_SIZE_BYTES does not work while keeping the row
 * order: 122,880 rows of 1.4 kB ran out of 192 MB.
 */
function rowGroupSize(bytesPerRow: number): number {
  const rows = Math.floor(ROW_GROUP_BYTES / Math.max(bytesPerRow, 1));
  return Math.max(2_048, Math.min(122_880, rows));
}

/** A name that `names` holds twice but for case, if any. */
function caseClash(names: string[]): string | undefined {
  const lower = names.map((k) => k.toLowerCase());
  return lower.find((k, i) => lower.indexOf(k) !== i);
}

/** The error a value holding '#' raises in DuckDB's CSV writer query (see the module comment). */
const HASH_MARK = 'adfw: a value holds #';
class HashInValue extends Error {}

const firstLine = (m: string) => m.split('\n')[0];

/** The sink columns in order, each with the source column it takes (a mapping by name, or the same name). */
function outputColumns(req: CopyRequest, sourceNames: string[]): { from: string; to: string }[] {
  const mappings = (req.typeProperties?.translator?.mappings ?? []) as { source: { name: string }; sink: { name: string } }[];
  if (Array.isArray(mappings) && mappings.length) return mappings.map((m) => ({ from: m.source.name, to: m.sink.name }));
  return sourceNames.map((n) => ({ from: n, to: n }));
}

/** Rows per write of the row path (rowCopy hands its file writers a source batch in slices of this many rows). */
const ROW_PATH_WRITE = 1_000;

/**
 * The first rows as the row path reads them, and the column names its reader reports: the rows of its first
 * writes until they hold `rows` rows or more, each write a slice of up to ROW_PATH_WRITE rows of a source batch.
 * (The row path's DelimitedText writer takes its columns from the keys of its first write, its Parquet writer
 * from those of its first row group: the writes pending when they reach 10,000 rows, up to 10,999.)
 */
async function sample(o: FastCopyFile, rows: number): Promise<{ rows: Row[]; columns?: string[] }> {
  const out: Row[] = [];
  let columns: string[] | undefined;
  for await (const batch of fileRows(o.sourceLoc, o.req.source, o.entry, (c) => (columns ??= c))) {
    for (let i = 0; i < batch.length && out.length < rows; i += ROW_PATH_WRITE) out.push(...batch.slice(i, i + ROW_PATH_WRITE));
    if (out.length >= rows) break;
  }
  return { rows: out, columns };
}

/** The source's scan, its columns, and the bytes of a row (an estimate from the first rows, for Parquet row groups). */
async function describeSource(o: FastCopyFile, con: import('@duckdb/node-api').DuckDBConnection): Promise<{ from: string; columns: Map<string, Column>; names: string[]; bytesPerRow: number }> {
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
    const p = lit(o.sourcePath);
    const size = (await con.runAndReadAll(`SELECT sum(total_uncompressed_size)::DOUBLE / nullif((SELECT sum(num_rows) FROM parquet_file_metadata(${p})), 0) FROM parquet_metadata(${p})`)).getRowsJS()[0]?.[0];
    return { from, columns, names, bytesPerRow: Number(size) || 0 };
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
    const from = `read_csv(${lit(o.sourcePath)}, header = ${s.header}, auto_detect = false, columns = {${struct}}, delim = ${lit(s.delimiter)}, quote = ${lit(s.quote)}, escape = ${lit(s.escape)}, nullstr = ${lit(s.nullValue)}, strict_mode = true, encoding = 'utf-8', compression = ${lit(codec === 'gzip' ? 'gzip' : 'none')}, buffer_size = ${CSV_BUFFER_BYTES})`;
    names.forEach((n, i) => columns.set(n, { expr: `c${i}`, type: 'VARCHAR' }));
    const lines = text.split('\n').length - 1;
    return { from, columns, names, bytesPerRow: lines ? head.length / lines : head.length * 2 };
  }
  // Json: the row path's columns are the keys of its first write (DelimitedText) or row group (Parquet).
  const { rows } = await sample(o, o.req.sink.type === 'Parquet' ? 10_000 : 1);
  if (!rows.length) throw new FastPathRefused('the source file has no records');
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) seen.add(k);
  const names = [...seen];
  const mapped = [...new Set([...names, ...outputColumns(o.req, names).map((c) => c.from)])];
  // Each value as JSON text (see stringOfJson), then its text when it is a string.
  mapped.forEach((k, i) => columns.set(k, { expr: stringOfJson(`j${i}`, k), type: 'VARCHAR' }));
  const struct = mapped.map((k) => `${lit(k)}: 'JSON'`).join(', ');
  const select = mapped.map((k, i) => `${ident(k)}::VARCHAR AS j${i}`).join(', ');
  const from = `(SELECT ${select} FROM read_json(${lit(o.sourcePath)}, format = 'auto', records = true, auto_detect = false, columns = {${struct}}, compression = ${lit(codec === 'gzip' ? 'gzip' : 'uncompressed')}))`;
  const some = rows.slice(0, 1_000);
  return { from, columns, names, bytesPerRow: some.reduce((n, r) => n + JSON.stringify(r).length, 0) / some.length };
}

/**
 * The text of a JSON string, from its JSON text `v` (a column DuckDB's reader typed JSON writes each value out
 * again; NULL for null or an absent key), or an error (the fast path refuses the file) for a number, boolean or
 * nested value. By JSON's grammar a string's text is a quote, its characters, a quote, where a quote or backslash
 * among the characters is written with a backslash escape: so a text with no backslash is the string between its
 * first and last character (a slice, no parse), and only a text with a backslash is parsed (`->>`).
 */
function stringOfJson(v: string, key: string): string {
  return `CASE WHEN NOT prefix(${v}, '"') THEN error(${lit(`a value of '${key}' is not a string`)}) WHEN contains(${v}, '\\') THEN ${v}->>'$' ELSE ${v}[2:-2] END`;
}

/** The first bytes of a text file read to check its start and estimate its line length. */
const HEAD_BYTES = 65_536;

async function firstBytes(file: string, gzip: boolean): Promise<Buffer> {
  const { createReadStream } = await import('node:fs');
  const stream = createReadStream(file, { start: 0, end: HEAD_BYTES - 1 });
  const src = gzip ? stream.pipe((await import('node:zlib')).createGunzip()) : stream;
  const chunks: Buffer[] = [];
  let n = 0;
  try {
    for await (const c of src) {
      chunks.push(c as Buffer);
      n += (c as Buffer).length;
      if (n >= HEAD_BYTES) break;
    }
  } catch {
    /* a short or broken gzip member: DuckDB reports it when copying */
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks);
}

/**
 * COPY of a DelimitedText sink through DuckDB's CSV writer, or why not where its quoting differs from
 * csv-stringify's for this dataset. DuckDB quotes a value holding a line break, the delimiter's first byte, the
 * quote or '#', or equal to its NULL string; it doubles escapes and escapes quotes inside quotes (escape ≠ quote),
 * as csv-stringify does. So: one-byte (ASCII) delimiter, quote and escape, a quote character (without one,
 * csv-stringify writes an empty string as `""`), nulls written as the null text by coalesce() (DuckDB's NULL string
 * is a line break, which any value equal to it has quoted anyway), and a value holding '#' raises HASH_MARK.
 */
function csvWriterSql(o: FastCopyFile, cols: { name: string; expr: string; type: string }[], from: string): { sql: string } | { reason: string } {
  const s = delimitedSettings(o.req.sink.typeProperties);
  const opts = delimitedStringifyOptions(s);
  const R = opts.record_delimiter;
  const { quote: Q, escape: E, delimiter: D } = opts;
  const oneByte = (c: string) => c.length === 1 && c.charCodeAt(0) < 0x80;
  if (!s.quote) return { reason: 'the sink has no quote character' };
  if (!oneByte(Q) || !oneByte(E) || !oneByte(D)) return { reason: 'the sink delimiter, quote or escape character is not ASCII' };
  if (D === Q || D === E || (R !== '\n' && R !== '\r\n')) return { reason: 'DuckDB refuses the sink delimiter, quote, escape and row delimiter together' };
  if (caseClash(cols.map((c) => c.name)) !== undefined) return { reason: 'two sink columns are named alike but for case' };
  const hashQuoted = D === '#' || Q === '#';
  if (!hashQuoted && (s.nullValue.includes('#') || (s.header && cols.some((c) => c.name.includes('#'))))) return { reason: `the null value or a column name holds '#', which DuckDB's CSV writer always quotes` };
  const text = (c: { expr: string; type: string }) => (c.type === 'BOOLEAN' ? `CASE WHEN (${c.expr}) THEN 'True' WHEN NOT (${c.expr}) THEN 'False' END` : `(${c.expr})`);
  const inner = cols.map((c, i) => `coalesce(${text(c)}, ${lit(s.nullValue)}) AS v${i}`).join(', ');
  const outer = cols.map((c, i) => `${hashQuoted ? `v${i}` : `CASE WHEN contains(v${i}, '#') THEN error(${lit(HASH_MARK)}) ELSE v${i} END`} AS ${ident(c.name)}`).join(', ');
  return { sql: `COPY (SELECT ${outer} FROM (SELECT ${inner} FROM ${from})) TO ${lit(o.sinkPath)} (FORMAT csv, HEADER ${s.header}, DELIMITER ${lit(D)}, QUOTE ${lit(Q)}, ESCAPE ${lit(E)}, NULLSTR ${lit('\n')}, NEW_LINE ${lit(R)})` };
}

/**
 * COPY of a DelimitedText sink, for any dataset: one column holding each whole line, built by csv-stringify's rules (see
 * `delimitedStringifyOptions`): a value holding the delimiter, the quote, a line break or the row delimiter is
 * quoted, its escape characters doubled (when escape ≠ quote) and its quotes escaped; an empty string is written
 * empty (or as two quotes when the dataset has no quote character); null is the dataset's null value.
 */
async function delimitedLinesSql(o: FastCopyFile, cols: { name: string; expr: string; type: string }[], from: string): Promise<string> {
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
    // (A row delimiter \r\n or \n need not be looked for when line breaks are.)
    const marks = [...new Set([Q, D, R, ...(s.quote ? ['\n', '\r'] : [])])].filter((x) => !(s.quote && /^[\r\n]+$/.test(x) && x.length > 1));
    const needsQuotes = marks.map((x) => `contains(${v}, ${lit(x)})`).join(' OR ');
    return `CASE WHEN ${v} IS NULL THEN ${nullText} WHEN ${v} = '' THEN ${lit(record(['']))} WHEN ${needsQuotes} THEN ${withQuotes} ELSE ${v} END`;
  };
  const line = `concat(${cols.map(field).join(`, ${lit(D)}, `)})`;
  const header = record(cols.map((c) => c.name));
  // DuckDB writes the one column unquoted; its (unused) delimiter must differ from the data's.
  const unused = D === '\u001f' ? '\u001e' : '\u001f';
  return `COPY (SELECT ${line} AS ${ident(s.header ? header : 'line')} FROM ${from}) TO ${lit(o.sinkPath)} (FORMAT csv, HEADER ${s.header}, QUOTE '', ESCAPE '', DELIMITER ${lit(unused)}, NEW_LINE ${lit(R)})`;
}
