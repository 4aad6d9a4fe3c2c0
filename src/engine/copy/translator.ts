/**
 * TabularTranslator: explicit mappings (by name or JSON path), collectionReference (one output row per
 * array element), type conversion, and the default mapping by name when no mappings are given.
 * A value that cannot be converted makes its row incompatible (skipped with fault tolerance, else a failure).
 */
import type { Row } from '../connectors/types';
import { ConnectorError, CONNECTOR_CODES } from '../contracts';
import { getAt, parsePath, setAt, type ParsedPath } from './jsonPath';

export interface IncompatibleRow {
  row: Row;
  message: string;
}

export interface Translator {
  /** Maps a batch of source rows; conversion failures come back separately. */
  map(rows: Row[]): { rows: Row[]; incompatible: IncompatibleRow[] };
  /** ADF interim type of each top-level sink column a mapping converts (`sink.type`), for typed file formats. */
  sinkTypes(): Record<string, string>;
  /** The sink's top-level columns in mapping order when there are mappings (else the source's columns apply). */
  sinkColumns(): string[] | undefined;
}

interface Mapping {
  from: ParsedPath;
  fromName: string;
  to: ParsedPath;
  toName: string;
  type?: string;
}

/** Target kinds: hierarchical sinks (Cosmos, JSON) keep nesting; tabular sinks (CSV, Parquet) get flat columns. */
export function createTranslator(translator: Record<string, any> | undefined, sinkIsHierarchical: boolean): Translator {
  const mappings: Mapping[] = [];
  const raw = Array.isArray(translator?.mappings) ? (translator!.mappings as Record<string, any>[]) : [];
  const typeConversion = translator?.typeConversion !== false;
  const settings = (translator?.typeConversionSettings ?? {}) as Record<string, any>;
  const mapComplexToString = translator?.mapComplexValuesToString === true;
  raw.forEach((m, i) => {
    const src = m?.source ?? {};
    const snk = m?.sink ?? {};
    const fromText = src.path ?? src.name;
    const toText = snk.path ?? snk.name;
    if (typeof fromText !== 'string' || typeof toText !== 'string') {
      throw new ConnectorError(`translator.mappings[${i}] needs source.name or source.path and sink.name or sink.path.`, 'Sink', CONNECTOR_CODES.mapping);
    }
    try {
      mappings.push({
        from: src.path !== undefined ? parsePath(src.path) : { absolute: false, segments: [src.name] },
        fromName: fromText,
        to: snk.path !== undefined ? parsePath(snk.path) : { absolute: false, segments: [snk.name] },
        toName: toText,
        type: snk.type ?? src.type,
      });
    } catch (e) {
      throw new ConnectorError(`translator.mappings[${i}]: ${(e as Error).message}`, 'Sink', CONNECTOR_CODES.mapping);
    }
  });
  let collection: ParsedPath | undefined;
  if (typeof translator?.collectionReference === 'string' && translator.collectionReference.trim()) {
    try {
      collection = parsePath(translator.collectionReference);
    } catch (e) {
      throw new ConnectorError(`translator.collectionReference: ${(e as Error).message}`, 'Sink', CONNECTOR_CODES.mapping);
    }
  }

  function mapOne(root: Row, item: unknown, out: Row[], bad: IncompatibleRow[]): void {
    const row: Row = {};
    for (const m of mappings) {
      const base = m.from.absolute || !collection ? root : item;
      let v = getAt(base, m.from.segments);
      if (v === undefined && !m.from.absolute && collection) v = getAt(root, m.from.segments);
      if (v !== undefined && m.type && typeConversion) {
        try {
          v = convert(v, m.type, settings);
        } catch (e) {
          bad.push({ row: root, message: `Column '${m.fromName}' contains an invalid value '${short(v)}': ${(e as Error).message}` });
          return;
        }
      } else if (mapComplexToString && v !== null && typeof v === 'object' && !sinkIsHierarchical) {
        v = JSON.stringify(v);
      }
      if (v === undefined) v = null;
      if (sinkIsHierarchical) setAt(row, m.to.segments, v);
      else row[m.to.segments.join('.')] = v;
    }
    out.push(row);
  }

  const sinkTypes: Record<string, string> = {};
  if (typeConversion) {
    for (const m of mappings) {
      const [top, ...rest] = m.to.segments;
      if (m.type && typeof top === 'string' && !rest.length) sinkTypes[top] = m.type;
    }
  }
  const sinkColumns = [...new Set(mappings.map((m) => m.to.segments[0]).filter((c): c is string => typeof c === 'string'))];
  return {
    sinkTypes: () => ({ ...sinkTypes }),
    sinkColumns: () => (sinkColumns.length ? [...sinkColumns] : undefined),
    map(rows) {
      if (!mappings.length && !collection) {
        return { rows: sinkIsHierarchical ? rows : rows.map(flattenForTable), incompatible: [] };
      }
      const out: Row[] = [];
      const bad: IncompatibleRow[] = [];
      for (const r of rows) {
        if (!collection) {
          if (mappings.length) mapOne(r, r, out, bad);
          else out.push(r);
          continue;
        }
        const arr = getAt(r, collection.segments);
        if (!Array.isArray(arr) || arr.length === 0) {
          // ADF still emits one row with the non-collection columns when the array is missing or empty.
          if (mappings.length) mapOne(r, undefined, out, bad);
          continue;
        }
        for (const item of arr) {
          if (mappings.length) mapOne(r, item, out, bad);
          else out.push(item && typeof item === 'object' ? (item as Row) : { value: item });
        }
      }
      return { rows: out, incompatible: bad };
    },
  };
}

/** Default mapping into a tabular sink: nested objects and arrays become JSON text. */
function flattenForTable(r: Row): Row {
  let copy: Row | undefined;
  for (const [k, v] of Object.entries(r)) {
    if (v !== null && typeof v === 'object' && !(v instanceof Date) && !(v instanceof Uint8Array)) {
      copy ??= { ...r };
      copy[k] = JSON.stringify(v);
    }
  }
  return copy ?? r;
}

function short(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 100 ? s.slice(0, 100) + '…' : s;
}

/** Converts a value to an ADF interim type; throws with the reason when it cannot. */
export function convert(v: unknown, type: string, settings: Record<string, any> = {}): unknown {
  if (v === null) return null;
  const t = type.toLowerCase();
  switch (t) {
    case 'string':
      return typeof v === 'object' ? JSON.stringify(v) : String(v);
    case 'int16':
    case 'int32':
    case 'int64':
    case 'byte':
    case 'integer': {
      const n = typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v) ? Number(v) : NaN;
      if (!Number.isInteger(n)) throw new Error(`not an integer (expected ${type})`);
      const limits: Record<string, [number, number]> = { int16: [-32768, 32767], int32: [-2147483648, 2147483647], byte: [0, 255] };
      const lim = limits[t];
      if (lim && (n < lim[0] || n > lim[1])) throw new Error(`out of range for ${type}`);
      return n;
    }
    case 'double':
    case 'single':
    case 'decimal':
    case 'float': {
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v.trim()) : NaN;
      if (!Number.isFinite(n)) throw new Error(`not a number (expected ${type})`);
      return n;
    }
    case 'boolean': {
      if (typeof v === 'boolean') return v;
      const s = String(v).trim().toLowerCase();
      const trues: string[] = (settings.booleanTrueValues ?? ['true', '1', 'yes']).map((x: string) => String(x).toLowerCase());
      const falses: string[] = (settings.booleanFalseValues ?? ['false', '0', 'no']).map((x: string) => String(x).toLowerCase());
      if (trues.includes(s)) return true;
      if (falses.includes(s)) return false;
      throw new Error('not a boolean');
    }
    case 'datetime':
    case 'datetimeoffset':
    case 'date': {
      const d = v instanceof Date ? v : typeof v === 'number' ? new Date(v) : new Date(String(v));
      if (Number.isNaN(d.getTime())) throw new Error(`not a date/time (expected ${type})`);
      return d.toISOString();
    }
    case 'guid': {
      const s = String(v);
      if (!/^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i.test(s)) throw new Error('not a GUID');
      return s.replace(/[{}]/g, '').toLowerCase();
    }
    default:
      return v;
  }
}
