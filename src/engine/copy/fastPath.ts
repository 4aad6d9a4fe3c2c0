/**
 * Whether a Copy activity can take the columnar fast path (fastCopy.ts: DuckDB reads the source file and writes
 * the sink file) or must take the row path (rows one by one through the JavaScript connectors), and if not, why.
 * Pure: looks only at the request's datasets, linked services and settings. What only the files can tell (a
 * column type, a value that is not a string, a line DuckDB's strict reader refuses) is checked while copying, and
 * sends that file to the row path too.
 *
 * The row path is the reference of ADF's behaviour; the fast path takes only copies whose output it reproduces
 * exactly (same bytes for DelimitedText, same rows, columns and types for Parquet).
 */
import type { CopyRequest, ResolvedDataset } from '../contracts';
import { compressionOf, delimitedSettings, str } from '../connectors';
import { storeRefusal } from './fastStaging';

export type FastPathDecision = { fast: true } | { fast: false; reason: string };

const SOURCES = new Set(['DelimitedText', 'Json', 'Parquet']);
const SINKS = new Set(['DelimitedText', 'Parquet']);
const UTF8 = new Set(['UTF-8', 'UTF8', 'UTF-8 WITHOUT BOM']);

const no = (reason: string): FastPathDecision => ({ fast: false, reason });

/** Decides between the fast path and the row path for a copy (see the module comment). */
export function fastPathDecision(req: CopyRequest): FastPathDecision {
  const tp = req.typeProperties ?? {};
  const { source, sink } = req;
  if (!SOURCES.has(source.type)) return no(`the source dataset is ${source.type}; the fast path reads DelimitedText, Json and Parquet`);
  if (!SINKS.has(sink.type)) return no(`the sink dataset is ${sink.type}; the fast path writes DelimitedText and Parquet`);
  const unreachable = storeRefusal(req);
  if (unreachable) return no(unreachable);
  let srcCodec: string;
  let sinkCodec: string;
  try {
    srcCodec = compressionOf(source).type;
    sinkCodec = compressionOf(sink).type;
  } catch (e) {
    return no((e as Error).message);
  }
  if (source.type !== 'Parquet' && srcCodec !== 'none' && srcCodec !== 'gzip') return no(`the source is compressed with ${srcCodec}; DuckDB reads gzip text files natively, not ${srcCodec}`);
  if (sink.type === 'DelimitedText' && sinkCodec !== 'none') return no(`the sink is compressed with ${sinkCodec}; the fast path writes uncompressed text`);
  const encoding = (ds: ResolvedDataset) => (str(ds.typeProperties?.encodingName) ?? 'UTF-8').toUpperCase();
  if (source.type !== 'Parquet' && !UTF8.has(encoding(source))) return no(`the source encoding is ${encoding(source)}; DuckDB reads UTF-8`);
  if (source.type === 'DelimitedText') {
    const s = delimitedSettings(source.typeProperties);
    if (s.rowDelimiter !== undefined) return no(`the source sets rowDelimiter; the fast path reads files whose line ends are detected (\\r\\n, \\n)`);
    if ([...s.delimiter].length !== 1 || /[\r\n]/.test(s.delimiter)) return no(`the source column delimiter '${s.delimiter}' is not one character`);
    if ([...s.quote].length !== 1) return no(s.quote ? `the source quote character '${s.quote}' is not one character` : `the source has no quote character`);
    if ([...s.escape].length !== 1) return no(s.escape ? `the source escape character '${s.escape}' is not one character` : `the source has no escape character`);
    if (s.delimiter === s.quote || s.delimiter === s.escape) return no(`the source delimiter is also its quote or escape character`);
  }
  if (sink.type === 'DelimitedText') {
    const s = delimitedSettings(sink.typeProperties);
    if (!UTF8.has(encoding(sink))) return no(`the sink encoding is ${encoding(sink)}; the fast path writes UTF-8`);
    if (s.rowDelimiter !== undefined && s.rowDelimiter !== '\n' && s.rowDelimiter !== '\r\n') return no(`the sink row delimiter is neither \\n nor \\r\\n`);
    if ([...s.delimiter].length !== 1) return no(`the sink column delimiter '${s.delimiter}' is not one character`);
    if ([...s.quote].length > 1 || [...s.escape].length > 1) return no(`the sink quote or escape character is longer than one character`);
  }
  const translator = tp.translator as Record<string, any> | undefined;
  if (translator) {
    if (translator.type !== undefined && translator.type !== 'TabularTranslator') return no(`the translator is ${String(translator.type)}`);
    if (typeof translator.collectionReference === 'string' && translator.collectionReference.trim()) return no(`the mapping has a collectionReference`);
    const mappings = Array.isArray(translator.mappings) ? (translator.mappings as Record<string, any>[]) : [];
    const seen = new Set<string>();
    for (const m of mappings) {
      const src = m?.source ?? {};
      const snk = m?.sink ?? {};
      if (src.path !== undefined || snk.path !== undefined) return no(`a mapping uses a JSON path; the fast path maps columns by name`);
      if (typeof src.name !== 'string' || typeof snk.name !== 'string') return no(`a mapping has no source or sink name`);
      const type = snk.type ?? src.type;
      if (type !== undefined && translator.typeConversion !== false && String(type).toLowerCase() !== 'string') {
        return no(`column '${src.name}' is converted to ${String(type)}; type conversion (and skipping the rows it refuses) runs on the row path`);
      }
      if (seen.has(snk.name)) return no(`sink column '${snk.name}' is mapped twice`);
      seen.add(snk.name);
    }
  }
  return { fast: true };
}
