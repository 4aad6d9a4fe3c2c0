/** Format settings of file datasets (Json, DelimitedText, Parquet, Binary), with ADF's defaults. */
import { bool, str } from '../values';

export type FormatType = 'Json' | 'DelimitedText' | 'Parquet' | 'Avro' | 'Binary';

export interface DelimitedSettings {
  delimiter: string;
  rowDelimiter?: string;
  quote: string;
  escape: string;
  header: boolean;
  encoding: string;
  nullValue: string;
  skipLineCount: number;
}

export function delimitedSettings(tp: Record<string, any>): DelimitedSettings {
  const quote = tp?.quoteChar === undefined ? '"' : (str(tp.quoteChar) ?? '');
  const escape = tp?.escapeChar === undefined ? '\\' : (str(tp.escapeChar) ?? '');
  return {
    delimiter: unescapeDelimiter(str(tp?.columnDelimiter) ?? ','),
    rowDelimiter: str(tp?.rowDelimiter) ? unescapeDelimiter(str(tp.rowDelimiter)!) : undefined,
    quote,
    escape,
    header: bool(tp?.firstRowAsHeader, false),
    encoding: (str(tp?.encodingName) ?? 'UTF-8').toUpperCase(),
    nullValue: str(tp?.nullValue) ?? '',
    skipLineCount: 0,
  };
}

function unescapeDelimiter(s: string): string {
  return s.replace(/\\t/g, '\t').replace(/\\r/g, '\r').replace(/\\n/g, '\n');
}

/** Node/TextDecoder encoding label for ADF's encodingName, or an error naming the supported ones. */
export function decoderLabel(encoding: string): string {
  const e = encoding.toUpperCase();
  const map: Record<string, string> = { 'UTF-8': 'utf-8', UTF8: 'utf-8', 'UTF-8 WITHOUT BOM': 'utf-8', 'UTF-16': 'utf-16le', 'UTF-16LE': 'utf-16le', 'UTF-16BE': 'utf-16be', 'ISO-8859-1': 'latin1', 'WINDOWS-1252': 'windows-1252', 'US-ASCII': 'ascii', 'ASCII': 'ascii' };
  const label = map[e] ?? encoding.toLowerCase();
  try {
    new TextDecoder(label);
    return label;
  } catch {
    throw new Error(`encodingName '${encoding}' is not supported by the local engine.`);
  }
}

/** Buffer encoding for writing, when Node can encode it. */
export function encoderOf(encoding: string): BufferEncoding {
  const e = encoding.toUpperCase();
  if (e === 'UTF-8' || e === 'UTF8' || e === 'UTF-8 WITHOUT BOM') return 'utf8';
  if (e === 'UTF-16' || e === 'UTF-16LE') return 'utf16le';
  if (e === 'ISO-8859-1' || e === 'WINDOWS-1252' || e === 'LATIN1') return 'latin1';
  if (e === 'US-ASCII' || e === 'ASCII') return 'ascii';
  throw new Error(`encodingName '${encoding}' cannot be written by the local engine (supported for writing: UTF-8, UTF-16, ISO-8859-1, US-ASCII).`);
}

/** Json dataset write pattern (sink formatSettings.filePattern). */
export function jsonFilePattern(formatSettings: Record<string, any> | undefined): 'setOfObjects' | 'arrayOfObjects' {
  return str(formatSettings?.filePattern) === 'arrayOfObjects' ? 'arrayOfObjects' : 'setOfObjects';
}
