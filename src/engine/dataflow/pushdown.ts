/**
 * Source push-down: a data flow source whose files DuckDB reads natively (DelimitedText, Json, Parquet in a local
 * folder, or in a run on Blob storage / ADLS Gen2 through temporary local files: staging.ts) becomes a DuckDB table
 * function (`read_csv`/`read_json`/`read_parquet`) over the exact files the connector would list, with the dataset's
 * settings mapped one to one. Projections and the debug row limit then reach the scan as part of one SQL statement,
 * and no row passes through JavaScript. Anything DuckDB cannot honour exactly gives a reason instead, and the source
 * is read through the JavaScript connectors.
 */
import type { ResolvedDataset } from '../contracts/types';
import type { FileStore } from '../connectors';
import type { DataFlowStaging } from './staging';
import { quoteIdent, quoteLiteral } from './types';
import { loadConnectors } from './io';

export type ScanFormat = 'DelimitedText' | 'Json' | 'Parquet';

export interface SourceScan {
  format: ScanFormat;
  /** Absolute paths of the non-empty files to read, in the connector's listing order. */
  files: string[];
  /** Files listed (empty ones included) and their bytes. */
  fileCount: number;
  bytes: number;
  /** Reader options (SQL), without the file list. */
  options: string[];
  /** DelimitedText without a header: DuckDB's column0, column1, … become ADF's Prop_0, Prop_1, … */
  headerless: boolean;
  /** rowUrlColumn: the column that receives each row's file path, relative to `root` with a leading '/'. */
  fileColumn?: { name: string; root: string };
  /** The reader's columns when they are fixed in the call (`columns = {…}`: a pinned CSV dialect, see pinnedScan). */
  columns?: { name: string; type: string }[];
}

/** The reader option for files the parallel CSV reader refuses (null_padding with quoted line breaks). */
export const SERIAL_CSV = 'parallel = false';

/** DuckDB's error when the parallel CSV reader meets a quoted line break with null_padding on. */
export function needsSerialCsv(e: unknown): boolean {
  return /parallel scanner does not support null_padding/i.test(String((e as Error)?.message ?? e));
}

const UNION_BY_NAME = 'union_by_name = true';

/** Name of the file-name column DuckDB adds for rowUrlColumn (dropped after it has been turned into the path). */
export const FILE_COLUMN = '__adfw_file';

const SCAN_FORMATS = new Set<string>(['DelimitedText', 'Json', 'Parquet']);
/** File codecs DuckDB's CSV and JSON readers decompress themselves. */
const DUCKDB_CODECS: Record<string, string> = { none: 'none', gzip: 'gzip', zstd: 'zstd' };
/** ADF encodingName → DuckDB read_csv encoding (the ones DuckDB decodes without an extension). */
const CSV_ENCODINGS: Record<string, string> = { 'UTF-8': 'utf-8', UTF8: 'utf-8', 'UTF-8 WITHOUT BOM': 'utf-8', 'ISO-8859-1': 'latin-1', LATIN1: 'latin-1' };
const STANDARD_ROW_DELIMITERS = new Set(['\n', '\r\n', '\r']);

const sqlChar = (c: string) => quoteLiteral(c);

/**
 * Plans a DuckDB scan for a source dataset read with `settings` (storeSettings from wildcardPaths, rowUrlColumn),
 * or says why the source has to go through the JavaScript connector.
 */
export async function planScan(ds: ResolvedDataset, settings: Record<string, any>, staging?: DataFlowStaging): Promise<SourceScan | { reason: string }> {
  if (!SCAN_FORMATS.has(ds.type)) return { reason: `${ds.type} datasets are read through their connector` };
  const format = ds.type as ScanFormat;
  const connectors = await loadConnectors();
  const codec = connectors.datasetCodec(ds, 'Source').type;
  if (format !== 'Parquet' && !(codec in DUCKDB_CODECS)) return { reason: `compression '${codec}' is decompressed by the JavaScript connector (DuckDB reads gzip and zstd itself)` };
  const tp = ds.typeProperties ?? {};
  const options: string[] = [];
  let headerless = false;
  if (format === 'DelimitedText') {
    const s = connectors.delimitedSettings(tp);
    const encoding = CSV_ENCODINGS[s.encoding];
    if (!encoding) return { reason: `encodingName '${s.encoding}' is decoded by the JavaScript connector (DuckDB decodes UTF-8 and ISO-8859-1)` };
    if (s.rowDelimiter && !STANDARD_ROW_DELIMITERS.has(s.rowDelimiter)) return { reason: `rowDelimiter ${JSON.stringify(s.rowDelimiter)} is not a line break DuckDB splits rows on` };
    if (!s.quote) return { reason: 'an empty quoteChar (no quoting) is read by the JavaScript connector' };
    if (!s.escape) return { reason: 'an empty escapeChar is read by the JavaScript connector' };
    if ([...s.quote].length !== 1 || [...s.escape].length !== 1) return { reason: 'quoteChar and escapeChar must be single characters for DuckDB' };
    headerless = !s.header;
    // Every value is text, as the connector reads it; an empty field (or the dataset's nullValue) is NULL; short
    // rows are padded with NULLs; blank lines are skipped. The parallel reader refuses null_padding with a quoted
    // line break (wherever it is in the file): the executor then reads again with SERIAL_CSV (parallel = false).
    options.push(
      'all_varchar = true',
      `header = ${s.header}`,
      `delim = ${sqlChar(s.delimiter)}`,
      `quote = ${sqlChar(s.quote)}`,
      `escape = ${sqlChar(s.escape)}`,
      `nullstr = ${sqlChar(s.nullValue)}`,
      `encoding = ${sqlChar(encoding)}`,
      `compression = ${sqlChar(DUCKDB_CODECS[codec])}`,
      'null_padding = true',
      UNION_BY_NAME,
    );
  } else if (format === 'Json') {
    const enc = String(tp.encodingName ?? 'UTF-8').toUpperCase();
    if (CSV_ENCODINGS[enc] !== 'utf-8') return { reason: `encodingName '${enc}' is decoded by the JavaScript connector (DuckDB reads JSON in UTF-8)` };
    options.push("format = 'auto'", 'sample_size = -1', UNION_BY_NAME);
    if (codec !== 'none') options.push(`compression = ${sqlChar(DUCKDB_CODECS[codec])}`);
  } else {
    options.push(UNION_BY_NAME);
  }
  const loc = await connectors.datasetLocation(ds, 'Source');
  const localPath = loc.store.localPath;
  const rowUrl = typeof settings.rowUrlColumn === 'string' && settings.rowUrlColumn ? settings.rowUrlColumn : undefined;
  if (!localPath) {
    // Blob and ADLS Gen2: staged through temporary local files in a run (staging.ts), not in a preview.
    if (!staging || !connectors.STAGED_STORE_TYPES.has(ds.linkedService.type)) return { reason: `${loc.store.label} is not a local folder (DuckDB reads local files here; ${staging ? `${ds.linkedService.type} files go` : 'a preview reads Blob and ADLS files'} through the connector)` };
    if (rowUrl) return { reason: `rowUrlColumn on ${ds.linkedService.type} is filled by the JavaScript connector` };
  }
  const entries = await connectors.listSourceFiles(loc, settings.storeSettings);
  const nonEmpty = entries.filter((e) => e.size > 0);
  const bytes = entries.reduce((t, e) => t + e.size, 0);
  const files = localPath ? nonEmpty.map((e) => localPath(e.path)) : await staging!.sourceFiles(loc.store, nonEmpty);
  const scan: SourceScan = { format, files, fileCount: entries.length, bytes, options, headerless };
  if (rowUrl && localPath) {
    scan.fileColumn = { name: rowUrl, root: localPath('') };
    options.push(`filename = ${quoteLiteral(FILE_COLUMN)}`);
  }
  return scan;
}

/**
 * The sniff_csv call that settles the dialect of a one-file CSV scan (new line, skipped rows, comment character,
 * column names), or undefined for other scans. union_by_name, which only matters across files, is left out.
 */
export function sniffSql(scan: SourceScan): string | undefined {
  if (scan.format !== 'DelimitedText' || scan.files.length !== 1 || scan.fileColumn || scan.columns) return undefined;
  const options = scan.options.filter((o) => o !== UNION_BY_NAME);
  return `SELECT NewLineDelimiter, Comment, SkipRows, Columns FROM sniff_csv(${[quoteLiteral(scan.files[0]), ...options].join(', ')})`;
}

/** What sniff_csv found for a scan (one row of sniffSql's result). */
export interface CsvDialect {
  newLine: string;
  comment: string;
  skip: number;
  columns: { name: string; type: string }[];
}

/**
 * The scan with the dialect sniff_csv found written into the call (auto_detect off): DuckDB reads it exactly as it
 * would have detected it, without sniffing the file again each time the call is bound (every view and DESCRIBE
 * over the source binds it once). Same rows, same columns.
 */
export function pinnedScan(scan: SourceScan, d: CsvDialect): SourceScan {
  const options = scan.options.filter((o) => o !== UNION_BY_NAME);
  options.push('auto_detect = false', `skip = ${d.skip}`, `comment = ${quoteLiteral(d.comment)}`);
  if (['\\n', '\\r', '\\r\\n'].includes(d.newLine)) options.push(`new_line = ${quoteLiteral(d.newLine)}`);
  return { ...scan, options, columns: d.columns.map((c) => ({ ...c })) };
}

/** Reads a sniff_csv row (sniffSql's columns) into a dialect. */
export function csvDialect(row: Record<string, unknown>): CsvDialect {
  const comment = String(row.Comment ?? '');
  const columns = (Array.isArray(row.Columns) ? row.Columns : []).map((c: any) => ({ name: String(c?.name), type: String(c?.type) }));
  return { newLine: String(row.NewLineDelimiter ?? ''), comment: comment === '(empty)' ? '' : comment, skip: Number(row.SkipRows ?? 0), columns };
}

/** The table function call that reads the scan's files; `columns` fixes the column types (JSON, pinned CSV). */
export function scanFunction(scan: SourceScan, columns = scan.columns): string {
  const files = `[${scan.files.map(quoteLiteral).join(', ')}]`;
  const fn = scan.format === 'DelimitedText' ? 'read_csv' : scan.format === 'Json' ? 'read_json' : 'read_parquet';
  const options = [...scan.options];
  if (columns) options.push(`columns = {${columns.map((c) => `${quoteLiteral(c.name)}: ${quoteLiteral(c.type)}`).join(', ')}}`);
  return `${fn}(${[files, ...options].join(', ')})`;
}

/**
 * The SELECT list that turns the reader's columns into the connector's: Prop_N for headerless text, the
 * rowUrlColumn as a path relative to the store ('/folder/file.csv'), the file-name helper column dropped.
 */
export function scanProjection(scan: SourceScan, rawColumns: { name: string; type: string }[]): { items: string[]; columns: { name: string; type: string }[] } {
  const items: string[] = [];
  const columns: { name: string; type: string }[] = [];
  rawColumns.forEach((c, i) => {
    if (c.name === FILE_COLUMN) return;
    const name = scan.headerless && /^column\d+$/.test(c.name) ? `Prop_${i}` : c.name;
    items.push(name === c.name ? quoteIdent(c.name) : `${quoteIdent(c.name)} AS ${quoteIdent(name)}`);
    columns.push({ name, type: c.type });
  });
  if (scan.fileColumn && rawColumns.some((c) => c.name === FILE_COLUMN)) {
    const root = scan.fileColumn.root.replace(/\\/g, '/').replace(/\/+$/, '');
    items.push(`'/' || substr(replace(${quoteIdent(FILE_COLUMN)}, '\\', '/'), ${root.length + 2}) AS ${quoteIdent(scan.fileColumn.name)}`);
    columns.push({ name: scan.fileColumn.name, type: 'VARCHAR' });
  }
  return { items, columns };
}

/** JSON column types DuckDB infers from strings; the connector keeps them as text. */
export function textualJsonType(type: string): string {
  return /^(DATE|TIME|TIMESTAMP|UUID)/.test(type) ? 'VARCHAR' : type;
}

// ------------------------------------------------------------------ sinks

/** A sink DuckDB writes itself with COPY … TO (one local file, as the connector would name it). */
export interface SinkTarget {
  format: ScanFormat;
  /** Absolute path of the file to write. */
  path: string;
  /** DelimitedText: the dataset's settings (null text, header, characters). */
  delimited?: { header: boolean; delimiter: string; quote: string; escape: string; nullValue: string; newLine: string };
  json?: { array: boolean };
  /** Parquet: DuckDB's COMPRESSION name for the dataset's codec. */
  parquetCodec?: string;
  /** A sink on Blob storage or ADLS Gen2: `path` is a temporary file, streamed to `file` in `store` once written. */
  upload?: { store: FileStore; file: string };
}

const PARQUET_CODECS: Record<string, string> = { none: 'uncompressed', snappy: 'snappy', gzip: 'gzip', zstd: 'zstd', lz4: 'lz4' };

/**
 * Plans a DuckDB COPY for a sink dataset: the file the connector would write (the dataset's fileName, the sink's
 * single-file name, or data_<runId><extension>), or why the connector has to write it.
 */
export async function planSink(ds: ResolvedDataset, sink: Record<string, any>, runId: string, staging?: DataFlowStaging): Promise<SinkTarget | { reason: string }> {
  if (!SCAN_FORMATS.has(ds.type)) return { reason: `${ds.type} datasets are written by their connector` };
  const format = ds.type as ScanFormat;
  const connectors = await loadConnectors();
  const codec = connectors.datasetCodec(ds, 'Sink').type;
  const tp = ds.typeProperties ?? {};
  const target: Omit<SinkTarget, 'path'> = { format };
  if (format === 'Parquet') {
    const c = connectors.compressionOf(ds).type;
    if (!(c in PARQUET_CODECS)) return { reason: `Parquet compression '${c}' is written by the JavaScript connector` };
    target.parquetCodec = PARQUET_CODECS[c];
  } else {
    if (codec !== 'none') return { reason: `compression '${codec}' (with its compressionLevel) is applied by the JavaScript connector` };
    const enc = String(tp.encodingName ?? 'UTF-8').toUpperCase();
    if (CSV_ENCODINGS[enc] !== 'utf-8') return { reason: `encodingName '${enc}' is encoded by the JavaScript connector (DuckDB writes UTF-8)` };
  }
  if (format === 'DelimitedText') {
    const s = connectors.delimitedSettings(tp);
    const newLine = s.rowDelimiter ?? '\r\n';
    if (newLine !== '\r\n' && newLine !== '\n') return { reason: `rowDelimiter ${JSON.stringify(newLine)} is written by the JavaScript connector` };
    const quote = s.quote || '"';
    const escape = s.escape || quote;
    if ([...quote].length !== 1 || [...escape].length !== 1 || [...s.delimiter].length !== 1) return { reason: 'multi-character delimiters, quotes and escapes are written by the JavaScript connector' };
    if (!s.quote) return { reason: 'an empty quoteChar is written by the JavaScript connector' };
    target.delimited = { header: s.header, delimiter: s.delimiter, quote, escape, nullValue: s.nullValue, newLine };
  }
  if (format === 'Json') target.json = { array: connectors.jsonFilePattern(sink.formatSettings) === 'arrayOfObjects' };
  const loc = await connectors.datasetLocation(ds, 'Sink');
  const name = loc.fileName ?? `data_${runId}${connectors.extensionOf(format, sink.formatSettings)}`;
  const file = loc.folderPath ? `${loc.folderPath}/${name}` : name;
  if (loc.store.localPath) return { ...target, path: loc.store.localPath(file) };
  if (!staging || !connectors.STAGED_STORE_TYPES.has(ds.linkedService.type)) return { reason: `${loc.store.label} is not a local folder (DuckDB writes local files here; ${ds.linkedService.type} uploads go through the connector)` };
  return { ...target, path: await staging.sinkPath(name), upload: { store: loc.store, file } };
}

/** Largest magnitude below which a double is an integer JavaScript prints digit for digit. */
const SAFE = '9007199254740991';

/**
 * One column of a CSV sink as the connector writes it (values as the JavaScript writer prints them: True/False,
 * integral doubles without '.0', NULL and '' both as the null text when it is empty), or undefined when DuckDB's
 * text for the type is not the connector's (then the connector writes the sink).
 */
export function csvColumn(name: string, type: string, nullValue: string): string | undefined {
  const c = quoteIdent(name);
  const t = type.toUpperCase();
  if (t === 'VARCHAR') return `${nullValue === '' ? `nullif(${c}, '')` : c} AS ${c}`;
  if (t === 'BOOLEAN') return `CASE WHEN ${c} THEN 'True' WHEN NOT ${c} THEN 'False' END AS ${c}`;
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|DATE|TIMESTAMP)$/.test(t)) return `${c}`;
  // A decimal reaches the JavaScript writer as Number(its text): parse the text the same way (correctly rounded).
  if (t.startsWith('DECIMAL')) return `${jsNumberText(`CAST(CAST(${c} AS VARCHAR) AS DOUBLE)`)} AS ${c}`;
  if (t === 'DOUBLE' || t === 'FLOAT') return `${jsNumberText(`CAST(${c} AS DOUBLE)`)} AS ${c}`;
  return undefined;
}

/**
 * JavaScript's String(number) for a finite DOUBLE, from DuckDB's shortest round-trip text: the same digits, laid
 * out as JavaScript does (fixed notation from 1e-6 up to 1e21, no '.0' on integers, exponents without padding).
 */
export function jsNumberText(x: string): string {
  const t = `CAST(${x} AS VARCHAR)`;
  const m = `regexp_extract(${t}, '^(-?)([0-9])(?:\\.([0-9]+))?e([-+])([0-9]+)$', ['s', 'd', 'f', 'es', 'e'])`;
  const e = `CAST(${m}.e AS INTEGER)`;
  return `CASE WHEN ${x} = trunc(${x}) AND abs(${x}) <= ${SAFE} THEN CAST(CAST(${x} AS BIGINT) AS VARCHAR)
    WHEN ${t} NOT LIKE '%e%' THEN (CASE WHEN ${t} LIKE '%.0' THEN ${t}[:-3] ELSE ${t} END)
    WHEN ${m}.es = '+' AND ${e} < 21 THEN ${m}.s || ${m}.d || ${m}.f || repeat('0', ${e} - length(${m}.f))
    WHEN ${m}.es = '-' AND ${e} <= 6 THEN ${m}.s || '0.' || repeat('0', ${e} - 1) || ${m}.d || ${m}.f
    ELSE ${m}.s || ${m}.d || (CASE WHEN ${m}.f <> '' THEN '.' || ${m}.f ELSE '' END) || 'e' || ${m}.es || CAST(${e} AS VARCHAR) END`;
}

/** A query counting the values of floating columns JavaScript prints as NaN or Infinity (the connector writes those). */
export function doubleTextDiffers(table: string, columns: { name: string; type: string }[]): string | undefined {
  const conds = columns
    .filter((c) => /^(DOUBLE|FLOAT|DECIMAL)/i.test(c.type))
    .map((c) => `(${quoteIdent(c.name)} IS NOT NULL AND NOT isfinite(CAST(${quoteIdent(c.name)} AS DOUBLE)))`);
  return conds.length ? `SELECT count(*)::INTEGER AS n FROM ${table} WHERE ${conds.join(' OR ')}` : undefined;
}

/** One column of a JSON sink: integers beyond JavaScript's safe range as strings, as the connector writes them. */
export function jsonColumn(name: string, type: string): string {
  const c = quoteIdent(name);
  if (/^(BIGINT|HUGEINT|UBIGINT)$/i.test(type)) return `CAST(CASE WHEN ${c} BETWEEN -${SAFE} AND ${SAFE} THEN to_json(${c}) ELSE to_json(CAST(${c} AS VARCHAR)) END AS JSON) AS ${c}`;
  if (/^DECIMAL/i.test(type)) return `CAST(CAST(${c} AS VARCHAR) AS DOUBLE) AS ${c}`;
  return c;
}

/** The COPY statement that writes `select` to the sink's file. */
export function copySql(target: SinkTarget, select: string): string {
  const path = quoteLiteral(target.path);
  if (target.format === 'Parquet') return `COPY (${select}) TO ${path} (FORMAT parquet, COMPRESSION ${quoteLiteral(target.parquetCodec ?? 'snappy')})`;
  if (target.format === 'Json') return `COPY (${select}) TO ${path} (FORMAT json, ARRAY ${target.json?.array ? 'true' : 'false'})`;
  const d = target.delimited!;
  return `COPY (${select}) TO ${path} (FORMAT csv, HEADER ${d.header}, DELIMITER ${sqlChar(d.delimiter)}, QUOTE ${sqlChar(d.quote)}, ESCAPE ${sqlChar(d.escape)}, NULLSTR ${sqlChar(d.nullValue)}, NEW_LINE ${sqlChar(d.newLine === '\r\n' ? '\\r\\n' : '\\n')})`;
}
