/**
 * Source push-down: a data flow source whose files DuckDB reads natively (DelimitedText, Json, Parquet in a local
 * folder) becomes a DuckDB table function (`read_csv`/`read_json`/`read_parquet`) over the exact files the
 * connector would list, with the dataset's settings mapped one to one. Projections and the debug row limit then
 * reach the scan as part of one SQL statement, and no row passes through JavaScript. Anything DuckDB cannot honour
 * exactly gives a reason instead, and the source is read through the JavaScript connectors.
 */
import type { ResolvedDataset } from '../contracts/types';
import { quoteIdent, quoteLiteral } from './types';

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
}

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
export async function planScan(ds: ResolvedDataset, settings: Record<string, any>): Promise<SourceScan | { reason: string }> {
  if (!SCAN_FORMATS.has(ds.type)) return { reason: `${ds.type} datasets are read through their connector` };
  const format = ds.type as ScanFormat;
  const connectors = await import('../connectors');
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
    // rows are padded with NULLs; blank lines are skipped. null_padding with quoted line breaks needs the serial reader.
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
      'parallel = false',
      'union_by_name = true',
    );
  } else if (format === 'Json') {
    const enc = String(tp.encodingName ?? 'UTF-8').toUpperCase();
    if (CSV_ENCODINGS[enc] !== 'utf-8') return { reason: `encodingName '${enc}' is decoded by the JavaScript connector (DuckDB reads JSON in UTF-8)` };
    options.push("format = 'auto'", 'sample_size = -1', 'union_by_name = true');
    if (codec !== 'none') options.push(`compression = ${sqlChar(DUCKDB_CODECS[codec])}`);
  } else {
    options.push('union_by_name = true');
  }
  const loc = await connectors.datasetLocation(ds, 'Source');
  if (!loc.store.localPath) return { reason: `${loc.store.label} is not a local folder (DuckDB reads local files here; Blob and ADLS bytes go through the connector)` };
  const entries = await connectors.listSourceFiles(loc, settings.storeSettings);
  const files: string[] = [];
  let bytes = 0;
  for (const e of entries) {
    bytes += e.size;
    if (e.size > 0) files.push(loc.store.localPath(e.path));
  }
  const scan: SourceScan = { format, files, fileCount: entries.length, bytes, options, headerless };
  if (typeof settings.rowUrlColumn === 'string' && settings.rowUrlColumn) {
    scan.fileColumn = { name: settings.rowUrlColumn, root: loc.store.localPath('') };
    options.push(`filename = ${quoteLiteral(FILE_COLUMN)}`);
  }
  return scan;
}

/** The table function call that reads the scan's files; `columns` fixes the JSON column types. */
export function scanFunction(scan: SourceScan, columns?: { name: string; type: string }[]): string {
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
