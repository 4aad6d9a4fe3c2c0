/**
 * Mapping data flows: parse, validate, preview and run on DuckDB.
 * Public API of src/engine/dataflow.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import type { Factory } from '../model';
import { findResource } from '../model';
import { ActivityFailure, type ActivityIo, type ResolvedDataset } from '../contracts';
import { documentOf, type DataFlowDocument } from './document';
import { executeDataFlow, type ExecuteResult } from './execute';
import { optionValue, type DataFlowNode } from './graph';
import { createConnectors, loadConnectors, type DataFlowConnectors } from './io';
import { dataFlowTypeName } from './types';
import { userFunctions } from './udf';
import { planScan, planSink, type SinkTarget, type SourceScan } from './pushdown';
import { DataFlowStaging } from './staging';
import type { Factory as FactoryType } from '../model/types';

/** Finds the flowlet document for a compose transformation: by composition name, or via typeProperties.transformations[].flowlet. */
function flowletResolver(factory: FactoryType, doc: DataFlowDocument): (name: string) => DataFlowDocument | undefined {
  return (name) => {
    const entry = (Array.isArray(doc.typeProperties.transformations) ? doc.typeProperties.transformations : []).find((t: any) => t?.name === name);
    const ref = typeof entry?.flowlet?.referenceName === 'string' ? entry.flowlet.referenceName : name;
    const r = findResource(factory, 'dataflow', ref);
    return r && r.type === 'Flowlet' ? documentOf(r) : undefined;
  };
}

export { parseScript, parseDataFlowExpression } from './parser';
export { printScript, printExpr, stripSpans } from './printer';
export { buildGraph, toGraphModel, findCall, optionValue, TRANSFORMATIONS, type DataFlowGraph, type DataFlowNode } from './graph';
export { documentOf, dataFlowDocument, lineColumn, type DataFlowDocument } from './document';
export { validateDataFlowDocument, validateDataFlows } from './validate';
export { compileExpr, CompileError, type ColumnInfo, type CompileScope } from './compile';
export { FUNCTIONS, UNSUPPORTED } from './functions';
export { createConnectors, type DataFlowConnectors } from './io';

type ResolveDataset = (ref: { referenceName: string; parameters?: Record<string, unknown>; inline?: Record<string, any> }) => ResolvedDataset;

/** Inline dataset formats (the script's `format:` option) the local engine reads and writes, as dataset types. */
const INLINE_FORMATS: Record<string, string> = { delimited: 'DelimitedText', json: 'Json', parquet: 'Parquet' };

/**
 * The dataset an inline source or sink describes: the linked service from the sources/sinks entry, the type from
 * `format`, the location and format settings from the script options (`fileSystem`/`container`, `folderPath`,
 * `fileName`, `columnDelimiter`, `columnNamesAsHeader`, …), named as the dataset properties they stand for.
 */
function inlineDataset(doc: DataFlowDocument, kind: 'source' | 'sink', name: string, e: Record<string, any>): Record<string, any> {
  const n = doc.graph.byName.get(name);
  const opt = (k: string) => {
    const v = n ? optionValue(n.options[k]) : undefined;
    if (v === undefined && n?.options[k]) throw new ActivityFailure(`Data flow '${doc.name}': option '${k}' of the inline ${kind} '${name}' is an expression; the local engine takes literal values for inline dataset settings (use a dataset reference with parameters instead).`, 'DF-Executor-Unsupported', 'UserError');
    return v;
  };
  const format = String(opt('format') ?? '');
  const type = INLINE_FORMATS[format];
  if (!type) throw new ActivityFailure(`Data flow '${doc.name}': ${kind} '${name}' uses an inline dataset of format '${format || '(none)'}'; the local engine runs inline datasets of format ${Object.keys(INLINE_FORMATS).map((f) => `'${f}'`).join(', ')}. Use a dataset reference for other stores.`, 'DF-Executor-Unsupported', 'UserError');
  const location: Record<string, unknown> = {};
  const container = opt('fileSystem') ?? opt('container');
  if (typeof container === 'string' && container) location.container = container;
  for (const k of ['folderPath', 'fileName']) if (typeof opt(k) === 'string' && opt(k)) location[k] = opt(k);
  const typeProperties: Record<string, unknown> = { location };
  const copy: [string, string][] = [['columnDelimiter', 'columnDelimiter'], ['rowDelimiter', 'rowDelimiter'], ['quoteChar', 'quoteChar'], ['escapeChar', 'escapeChar'], ['nullValue', 'nullValue'], ['columnNamesAsHeader', 'firstRowAsHeader'], ['encoding', 'encodingName'], ['compressionType', 'compressionCodec'], ['compressionCodec', 'compressionCodec'], ['compressionLevel', 'compressionLevel']];
  for (const [from, to] of copy) if (opt(from) !== undefined) typeProperties[to] = opt(from);
  return { type, linkedServiceName: { referenceName: e.linkedService.referenceName, parameters: e.linkedService.parameters }, typeProperties };
}

/** Unwraps `{value, type: 'Expression'}` parameter objects (already evaluated by the pipeline engine). */
function parameterValues(v: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!v || typeof v !== 'object') return out;
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    out[k] = x && typeof x === 'object' && !Array.isArray(x) && 'value' in (x as object) ? (x as { value: unknown }).value : x;
  }
  return out;
}

function dataFlowResource(factory: Factory, name: unknown) {
  if (typeof name !== 'string' || !name) throw new ActivityFailure('The ExecuteDataFlow activity needs typeProperties.dataflow.referenceName.', 'DF-Executor-InvalidDataflow', 'UserError');
  const res = findResource(factory, 'dataflow', name);
  if (!res) throw new ActivityFailure(`Data flow '${name}' was not found in factory '${factory.name}' (folder dataflow/).`, 'DF-Executor-InvalidDataflow', 'UserError');
  if (res.type && res.type !== 'MappingDataFlow') throw new ActivityFailure(`Data flow '${name}' is a ${res.type}; the local engine runs mapping data flows.`, 'DF-Executor-InvalidDataflow', 'UserError');
  return res;
}

interface Hooked {
  doc: DataFlowDocument;
  scanSource(n: DataFlowNode): Promise<SourceScan | undefined>;
  scanFailed(n: DataFlowNode, reason: string): void;
  scanned(n: DataFlowNode, rowsScanned: number): void;
  sinkTarget(n: DataFlowNode, fileName: string | undefined): Promise<SinkTarget | undefined>;
  sinkFallback(n: DataFlowNode, reason: string): void;
  sinkCopied(n: DataFlowNode, target: SinkTarget, bytes: number): Promise<void>;
  readSource(n: DataFlowNode, limit?: number): Promise<{ rows: Record<string, unknown>[]; columns?: string[] }>;
  writeSink(n: DataFlowNode, rows: Record<string, unknown>[], columns: string[], opts?: { fileName?: string }): Promise<number>;
  sourceRows: Map<string, number>;
  bytesRead: Map<string, number>;
  bytesWritten: Map<string, number>;
  /** Per source: read by DuckDB directly, or why not. */
  scans: Map<string, SourceReadMode>;
}

/** How a source was read: by DuckDB's own reader (push-down), or through the JavaScript connector and why. */
export interface SourceReadMode {
  pushedDown: boolean;
  reason?: string;
  /** Preview only, pushed-down sources: rows DuckDB's reader produced (its query profile's count). */
  rowsScanned?: number;
}

export interface HookOptions {
  /** false: read every source through the JavaScript connectors (the reference path; push-down is the default). */
  pushDown?: boolean;
  log?(message: string): void;
  /** Runs: Blob and ADLS Gen2 sources and sinks pushed down through temporary local files (none in previews). */
  staging?: DataFlowStaging;
}

function hooks(doc: DataFlowDocument, connectors: DataFlowConnectors, resolveDataset: ResolveDataset, datasetParameters: Record<string, any>, signal: AbortSignal, runId: string, options: HookOptions = {}): Hooked {
  const tp = doc.typeProperties;
  const entry = (list: 'sources' | 'sinks', name: string): Record<string, any> => {
    const e = (Array.isArray(tp[list]) ? tp[list] : []).find((x: any) => x?.name === name);
    if (!e) throw new ActivityFailure(`Data flow '${doc.name}': ${list === 'sources' ? 'source' : 'sink'} '${name}' is not listed in typeProperties.${list}.`, 'DF-Executor-InvalidDataflow', 'UserError');
    if (!e.dataset?.referenceName && !e.linkedService?.referenceName) throw new ActivityFailure(`Data flow '${doc.name}': ${list === 'sources' ? 'source' : 'sink'} '${name}' has neither a dataset nor a linked service.`, 'DF-Executor-InvalidDataflow', 'UserError');
    return e;
  };
  const dataset = (e: Record<string, any>, name: string) =>
    e.dataset?.referenceName
      ? resolveDataset({ referenceName: e.dataset.referenceName, parameters: { ...(e.dataset.parameters ?? {}), ...parameterValues(datasetParameters?.[name]) } })
      : resolveDataset({ referenceName: `${name} (inline)`, inline: inlineDataset(doc, (tp.sinks ?? []).includes(e) ? 'sink' : 'source', name, e) });
  const sourceRows = new Map<string, number>();
  const bytesRead = new Map<string, number>();
  const bytesWritten = new Map<string, number>();
  const scans = new Map<string, SourceReadMode>();
  /** The reads a source makes: one, or one per wildcard path (relative to the container, replacing the dataset's folder and file). */
  const readSpecs = (n: DataFlowNode): Record<string, any>[] => {
    const settings: Record<string, any> = {};
    const q = n.options.query;
    if (q?.t === 'str') settings.query = q.value;
    const rowUrl = optionValue(n.options.rowUrlColumn);
    if (typeof rowUrl === 'string' && rowUrl) settings.rowUrlColumn = rowUrl;
    const wildcards = optionValue(n.options.wildcardPaths);
    const paths = Array.isArray(wildcards) ? wildcards.filter((w): w is string => typeof w === 'string' && w.length > 0) : [];
    return paths.length
      ? paths.map((w) => {
          const parts = w.replace(/^\/+/, '').split('/');
          const file = parts.pop()!;
          return { ...settings, storeSettings: { recursive: optionValue(n.options.recursive) !== false, wildcardFolderPath: parts.join('/') || undefined, wildcardFileName: file } };
        })
      : [settings];
  };
  const fallback = (n: DataFlowNode, reason: string) => {
    scans.set(n.name, { pushedDown: false, reason });
    options.log?.(`Data flow '${doc.name}': source '${n.name}' is read through the JavaScript connector: ${reason}.`);
  };
  return {
    doc,
    sourceRows,
    bytesRead,
    bytesWritten,
    scans,
    async scanSource(n) {
      if (options.pushDown === false) {
        scans.set(n.name, { pushedDown: false, reason: 'push-down is turned off' });
        return undefined;
      }
      const ds = dataset(entry('sources', n.name), n.name);
      let merged: SourceScan | undefined;
      for (const st of readSpecs(n)) {
        const plan = await planScan(ds, st, options.staging);
        if ('reason' in plan) {
          fallback(n, plan.reason);
          return undefined;
        }
        if (merged) {
          merged.files.push(...plan.files);
          merged.fileCount += plan.fileCount;
          merged.bytes += plan.bytes;
        } else merged = plan;
      }
      scans.set(n.name, { pushedDown: true });
      bytesRead.set(n.name, merged!.bytes);
      options.log?.(`Data flow '${doc.name}': source '${n.name}' is read by DuckDB directly (${merged!.format}, ${merged!.fileCount} file(s)).`);
      return merged;
    },
    scanned(n, rowsScanned) {
      scans.set(n.name, { ...(scans.get(n.name) ?? { pushedDown: true }), rowsScanned });
    },
    scanFailed(n, reason) {
      bytesRead.delete(n.name);
      fallback(n, `DuckDB could not read it as the dataset describes (${reason.split('\n')[0]})`);
    },
    async readSource(n, limit) {
      const ds = dataset(entry('sources', n.name), n.name);
      const rows: Record<string, unknown>[] = [];
      let columns: string[] | undefined;
      let bytes = 0;
      for (const st of readSpecs(n)) {
        if (limit !== undefined && rows.length >= limit) break;
        const r = await connectors.read(ds, st, signal, limit === undefined ? undefined : limit - rows.length);
        for (const row of r.rows) rows.push(row);
        columns ??= r.columns;
        bytes += r.bytesRead;
      }
      sourceRows.set(n.name, rows.length);
      bytesRead.set(n.name, bytes);
      return { rows, columns };
    },
    async sinkTarget(n, fileName) {
      if (options.pushDown === false) return undefined;
      const e = entry('sinks', n.name);
      let ds = dataset(e, n.name);
      if (fileName) {
        const tp = ds.typeProperties ?? {};
        ds = { ...ds, typeProperties: { ...tp, location: { ...(tp.location ?? {}), fileName } } };
      }
      const plan = await planSink(ds, {}, runId, options.staging);
      if ('reason' in plan) {
        this.sinkFallback(n, plan.reason);
        return undefined;
      }
      return plan;
    },
    sinkFallback(n, reason) {
      options.log?.(`Data flow '${doc.name}': sink '${n.name}' is written through the JavaScript connector: ${reason}.`);
    },
    async sinkCopied(n, target, bytes) {
      let how = 'directly';
      if (target.upload) {
        const { uploadFromFile } = await loadConnectors();
        bytes = await uploadFromFile(target.upload.store, target.upload.file, target.path, signal);
        how = 'to a temporary local file, then uploaded';
      }
      bytesWritten.set(n.name, bytes);
      options.log?.(`Data flow '${doc.name}': sink '${n.name}' was written by DuckDB ${how} (${target.format}, ${bytes} bytes).`);
    },
    async writeSink(n, rows, columns, opts) {
      const e = entry('sinks', n.name);
      const settings: Record<string, any> = {};
      if (optionValue(n.options.upsertable) === true || optionValue(n.options.updateable) === true) settings.writeBehavior = 'upsert';
      let ds = dataset(e, n.name);
      if (opts?.fileName) {
        const tp = ds.typeProperties ?? {};
        ds = { ...ds, typeProperties: { ...tp, location: { ...(tp.location ?? {}), fileName: opts.fileName } } };
      }
      const w = await connectors.write(ds, settings, rows, columns, signal, runId);
      bytesWritten.set(n.name, w.bytesWritten);
      return w.written;
    },
  };
}

/** The streams a sink depends on (itself included), in run order. */
function lineage(doc: DataFlowDocument, sink: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const i of doc.graph.byName.get(name)?.inputs ?? []) visit(i.name);
    out.push(name);
  };
  visit(sink);
  return out;
}

/** Builds ExecuteDataFlow's output (runStatus.metrics per sink with stages, streams and row counts). */
function activityOutput(h: Hooked, result: ExecuteResult, totalMs: number): Record<string, unknown> {
  const doc = h.doc;
  const metrics: Record<string, unknown> = {};
  for (const n of doc.graph.nodes.filter((x) => x.op === 'sink')) {
    const names = lineage(doc, n.name);
    const streams: Record<string, unknown> = {};
    for (const s of names) {
      const st = result.stages.get(s);
      if (!st) continue;
      streams[s] = { type: st.op, count: st.rows, partitionCounts: [st.rows], cached: false };
    }
    const sinkRun = result.sinks.get(n.name);
    const stageTime = names.reduce((t, s) => t + (result.stages.get(s)?.timeMs ?? 0), 0);
    const sources: Record<string, unknown> = {};
    for (const s of names) if (doc.graph.byName.get(s)?.op === 'source') sources[s] = { rowsRead: h.sourceRows.get(s) ?? result.stages.get(s)?.rows ?? 0 };
    const bytesRead = names.reduce((t, s) => t + (h.bytesRead.get(s) ?? 0), 0);
    metrics[n.name] = {
      format: String(doc.typeProperties.sinks?.find((x: any) => x?.name === n.name)?.dataset?.referenceName ?? 'dataset'),
      stages: [{ stage: 0, partitionTimes: [stageTime], bytesWritten: h.bytesWritten.get(n.name) ?? 0, bytesRead, streams, target: n.name, time: stageTime, progressState: 'Completed' }],
      sinkProcessingTime: sinkRun?.timeMs ?? 0,
      sources,
      rowsWritten: sinkRun?.rowsWritten ?? 0,
      progressState: 'Completed',
      sinkPostProcessingTime: 0,
    };
  }
  return {
    runStatus: {
      computeAcquisitionDuration: 0,
      version: 'adfw-duckdb',
      metrics,
      dsl: doc.text,
      profile: Object.fromEntries([...result.stages.values()].map((s) => [s.name, { type: s.op, rows: s.rows, timeMs: s.timeMs }])),
      totalTime: totalMs,
    },
    effectiveIntegrationRuntime: 'AutoResolveIntegrationRuntime (Local DuckDB)',
    billingReference: { activityType: 'executedataflow', billableDuration: [] },
    reportLineageToPurview: { status: 'NotReported' },
  };
}

/**
 * Runs an ExecuteDataFlow activity locally: reads the sources through the connectors, runs every
 * transformation on DuckDB, writes the sinks, and returns ADF's activity output shape.
 */
export async function runDataFlowActivity(factory: Factory, typeProperties: Record<string, any>, io: ActivityIo, resolveDataset: ResolveDataset, options: { pushDown?: boolean } = {}): Promise<Record<string, unknown>> {
  const ref = typeProperties?.dataflow ?? {};
  const res = dataFlowResource(factory, ref.referenceName);
  const doc = documentOf(res);
  const connectors = createConnectors();
  const staging = new DataFlowStaging(io.workDir ?? os.tmpdir(), io.signal);
  const t0 = Date.now();
  try {
    const h = hooks(doc, connectors, resolveDataset, ref.datasetParameters ?? {}, io.signal, `${Date.now()}`, { pushDown: options.pushDown, log: (m) => io.log('info', m), staging });
    io.log('info', `Running data flow '${doc.name}' on DuckDB (${doc.graph.nodes.length} transformations).`);
    const result = await executeDataFlow({ doc, hooks: h, parameters: parameterValues(ref.parameters), now: io.now(), workDir: io.workDir, udfs: userFunctions(factory, doc.typeProperties), signal: io.signal, resolveFlowlet: flowletResolver(factory, doc),
      onStage: (st) => {
        io.log('debug', `Data flow '${doc.name}': ${st.op} '${st.name}' produced ${st.rows} row(s) in ${st.timeMs} ms.`);
        io.progress({ stage: st.name, type: st.op, rows: st.rows, timeMs: st.timeMs });
      },
    });
    const output = activityOutput(h, result, Date.now() - t0);
    io.progress({ rowsWritten: [...result.sinks.values()].reduce((t, s) => t + s.rowsWritten, 0) });
    return output;
  } finally {
    await staging.release();
    await connectors.dispose();
  }
}

/** Rows a data preview reads per source unless told otherwise: ADF's debug settings default "row limit". */
export const DEFAULT_PREVIEW_ROW_LIMIT = 1000;

export interface PreviewOptions {
  factory: Factory;
  dataflow: string;
  stream: string;
  rows?: number;
  /** Reads at most this many rows per source (ADF's debug row limit; the CLI and VS Code default to DEFAULT_PREVIEW_ROW_LIMIT); all rows when absent. */
  sourceRows?: number;
  parameters?: Record<string, unknown>;
  resolveDataset: ResolveDataset;
  now?: Date;
  workDir?: string;
  signal?: AbortSignal;
  connectors?: DataFlowConnectors;
  /** false: read every source through the JavaScript connectors (default: DuckDB reads the files it can). */
  pushDown?: boolean;
}

export interface PreviewResult {
  dataflow: string;
  stream: string;
  columns: { name: string; type: string }[];
  rows: Record<string, unknown>[];
  /** Rows in the stream (all of them, not only the previewed ones), within the source row limit. */
  rowCount: number;
  /** Per source the preview needed: read by DuckDB directly (pushedDown) or through the connector, with the reason. */
  sources: Record<string, SourceReadMode>;
}

/** Data preview: the first N rows of any stream, computing only what that stream needs; sinks write nothing. */
export async function previewDataFlow(opts: PreviewOptions): Promise<PreviewResult> {
  const res = findResource(opts.factory, 'dataflow', opts.dataflow);
  if (!res) throw new ActivityFailure(`Data flow '${opts.dataflow}' was not found in factory '${opts.factory.name}'.`, 'DF-Preview-UnknownDataflow', 'UserError');
  const doc = documentOf(res);
  const connectors = opts.connectors ?? createConnectors();
  const signal = opts.signal ?? new AbortController().signal;
  try {
    const h = hooks(doc, connectors, opts.resolveDataset, {}, signal, 'preview', { pushDown: opts.pushDown });
    const result = await executeDataFlow({
      doc,
      hooks: h,
      parameters: opts.parameters,
      now: opts.now ?? new Date(),
      workDir: opts.workDir ?? path.join(os.tmpdir(), 'adfw-dataflow'),
      udfs: userFunctions(opts.factory, doc.typeProperties),
      preview: { stream: opts.stream, rows: opts.rows ?? 100, sourceRows: opts.sourceRows },
      signal,
      resolveFlowlet: flowletResolver(opts.factory, doc),
    });
    const stage = result.stages.get(opts.stream.split('@')[0]);
    return {
      dataflow: doc.name,
      stream: opts.stream,
      columns: result.preview!.columns.map((c) => ({ name: c.name, type: dataFlowTypeName(c.type) })),
      rows: result.preview!.rows,
      rowCount: opts.stream.includes('@') ? result.preview!.rows.length : stage?.rows ?? result.preview!.rows.length,
      sources: Object.fromEntries(h.scans),
    };
  } finally {
    if (!opts.connectors) await connectors.dispose();
  }
}
