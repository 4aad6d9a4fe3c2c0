/** Messages between the data preview webview and the extension, validated on both sides. */

export interface PreviewData {
  dataflow: string;
  stream: string;
  columns: { name: string; type: string }[];
  rows: Record<string, unknown>[];
  rowCount: number;
  /** Streams of the data flow, for the stream picker. */
  streams: string[];
  elapsedMs: number;
  /** Rows read per source (ADF's debug row limit); 0: whole sources. */
  rowLimit?: number;
  /** Per source: read by DuckDB directly or through the connector (with the reason), rows its reader produced. */
  sources?: Record<string, { pushedDown: boolean; reason?: string; rowsScanned?: number }>;
}

export type ToPreview =
  | { type: 'loading'; dataflow: string; stream: string }
  | { type: 'data'; data: PreviewData }
  | { type: 'error'; dataflow: string; stream: string; message: string };

export type FromPreview = { type: 'ready' } | { type: 'refresh' } | { type: 'select'; stream: string } | { type: 'rows'; rows: number } | { type: 'rowLimit'; rowLimit: number };

/** Row limits the preview panel offers (0: whole sources). */
export const ROW_LIMITS = [100, 1000, 10000, 100000, 0];

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown, max = 5000): v is string => typeof v === 'string' && v.length <= max;

export function parseFromPreview(v: unknown): FromPreview | undefined {
  if (!isObj(v)) return undefined;
  if (v.type === 'ready' || v.type === 'refresh') return { type: v.type };
  if (v.type === 'select' && isStr(v.stream)) return { type: 'select', stream: v.stream };
  if (v.type === 'rows' && typeof v.rows === 'number' && Number.isInteger(v.rows) && v.rows > 0 && v.rows <= 10000) return { type: 'rows', rows: v.rows };
  if (v.type === 'rowLimit' && typeof v.rowLimit === 'number' && Number.isInteger(v.rowLimit) && v.rowLimit >= 0 && v.rowLimit <= 1e9) return { type: 'rowLimit', rowLimit: v.rowLimit };
  return undefined;
}

export function parseToPreview(v: unknown): ToPreview | undefined {
  if (!isObj(v)) return undefined;
  if (v.type === 'loading' && isStr(v.dataflow) && isStr(v.stream)) return { type: 'loading', dataflow: v.dataflow, stream: v.stream };
  if (v.type === 'error' && isStr(v.dataflow) && isStr(v.stream) && isStr(v.message, 100000)) return { type: 'error', dataflow: v.dataflow, stream: v.stream, message: v.message };
  if (v.type === 'data' && isObj(v.data)) {
    const d = v.data;
    const ok =
      isStr(d.dataflow) && isStr(d.stream) && Array.isArray(d.columns) && d.columns.every((c) => isObj(c) && isStr(c.name) && isStr(c.type)) &&
      Array.isArray(d.rows) && d.rows.every(isObj) && typeof d.rowCount === 'number' && Array.isArray(d.streams) && d.streams.every((s) => isStr(s)) && typeof d.elapsedMs === 'number' &&
      (d.rowLimit === undefined || typeof d.rowLimit === 'number') &&
      (d.sources === undefined || (isObj(d.sources) && Object.values(d.sources).every((x) => isObj(x) && typeof x.pushedDown === 'boolean' && (x.reason === undefined || isStr(x.reason)) && (x.rowsScanned === undefined || typeof x.rowsScanned === 'number'))));
    return ok ? { type: 'data', data: d as unknown as PreviewData } : undefined;
  }
  return undefined;
}
