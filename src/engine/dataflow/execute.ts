/**
 * Executes a data flow on DuckDB (in-process, in memory): every transformation becomes a table built by
 * one SQL statement from its inputs, so row counts and timings per stage come for free.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { DuckDBConnection, DuckDBInstance, DuckDBResultReader } from '@duckdb/node-api';
import { ActivityFailure } from '../contracts';
import type { Expr } from './ast';
import { CompileError, compileExpr, findColumn, type ColumnInfo, type Compiled, type CompileScope } from './compile';
import type { DataFlowDocument } from './document';
import { lineColumn } from './document';
import { findCall, optionValue, refKey, type DataFlowNode } from './graph';
import { parseDataFlowExpression } from './parser';
import { dataFlowTypeName, duckType, quoteIdent, quoteLiteral } from './types';
import type { UserFunction } from './udf';
import { copySql, csvColumn, csvDialect, doubleTextDiffers, FILE_COLUMN, jsonColumn, needsSerialCsv, pinnedScan, scanFunction, SERIAL_CSV, scanProjection, sniffSql, textualJsonType, type CsvDialect, type SinkTarget, type SourceScan } from './pushdown';

export interface SourceData {
  rows: Record<string, unknown>[];
  columns?: string[];
}

export interface ExecuteHooks {
  /** A DuckDB scan of the source's files when DuckDB reads them natively (push-down); undefined: use readSource. */
  scanSource?(node: DataFlowNode): Promise<SourceScan | undefined>;
  /** In a preview: how many rows DuckDB's reader produced for a pushed-down source (from the query profile). */
  scanned?(node: DataFlowNode, rowsScanned: number): void;
  /** DuckDB failed on a planned scan: the source is read through readSource instead. */
  scanFailed?(node: DataFlowNode, reason: string): void;
  /** Loads a source's rows (through the connectors); at most `limit` rows when given. */
  readSource(node: DataFlowNode, limit?: number): Promise<SourceData>;
  /** A local file DuckDB writes the sink to with COPY (push-down); undefined: writeSink. Not called in preview. */
  sinkTarget?(node: DataFlowNode, fileName: string | undefined): Promise<SinkTarget | undefined>;
  /** The sink's data cannot be written by DuckDB as the connector would write it: writeSink runs. */
  sinkFallback?(node: DataFlowNode, reason: string): void;
  /** DuckDB wrote the sink's file (its size in bytes); a target with `upload` is sent to its store here. */
  sinkCopied?(node: DataFlowNode, target: SinkTarget, bytes: number): void | Promise<void>;
  /** Writes a sink's rows; returns rows written. Not called in preview. */
  writeSink?(node: DataFlowNode, rows: Record<string, unknown>[], columns: string[], opts?: { fileName?: string }): Promise<number>;
}

export interface StageResult {
  name: string;
  op: string;
  rows: number;
  timeMs: number;
}

export interface ExecuteResult {
  stages: Map<string, StageResult>;
  sinks: Map<string, { rowsWritten: number; timeMs: number }>;
  /** Preview rows when a stream was requested. */
  preview?: { columns: ColumnInfo[]; rows: Record<string, unknown>[] };
}

export interface ExecuteOptions {
  doc: DataFlowDocument;
  hooks: ExecuteHooks;
  /** Parameter values: data flow expressions (strings) or plain values. */
  parameters?: Record<string, unknown>;
  now: Date;
  workDir: string;
  udfs?: Map<string, UserFunction>;
  /** Only compute this stream (and what it needs) and return its first rows. */
  preview?: { stream: string; rows: number; /** Debug row limit per source, like ADF's debug settings. */ sourceRows?: number };
  /** Called after each transformation ran (progress reporting). */
  onStage?(stage: StageResult): void;
  /** Finds the flowlet a `compose` transformation runs (by its composition name or the transformations list). */
  resolveFlowlet?(name: string): DataFlowDocument | undefined;
  signal?: AbortSignal;
}

const ROWOP = '__adfw_rowop';
/** Row-wise transformations a single consumer can run inline (see Executor.create). */
const LAZY_OPS = new Set(['derive', 'select', 'cast', 'filter']);
/** Consumers that read such a view in one streaming pass, keeping its row order. */
const INLINE_CONSUMERS = new Set([...LAZY_OPS, 'aggregate', 'sink']);

/** Turns a compile error into ADF's error shape with the script position. */
function failAt(doc: DataFlowDocument, node: DataFlowNode, e: unknown): never {
  if (e instanceof CompileError) {
    const { line, column } = lineColumn(doc.text, e.offset);
    const code = /^Column "/.test(e.message) ? 'DF-Executor-ColumnUnavailable' : 'DF-Executor-InvalidExpression';
    throw new ActivityFailure(`Data flow '${doc.name}', transformation '${node.name}' (script line ${line}, column ${column}): ${e.message}`, code, 'UserError');
  }
  if (e instanceof ActivityFailure) throw e;
  throw new ActivityFailure(`Data flow '${doc.name}', transformation '${node.name}': ${(e as Error)?.message ?? String(e)}`, 'DF-Executor-SystemError', 'UserError');
}

/**
 * One in-memory DuckDB database per process, opened on first use: a run or preview opens its own connection and
 * keeps its tables in a schema of its own (dropped at the end), so concurrent runs never see each other's tables.
 */
let database: Promise<DuckDBInstance> | undefined;
let runSeq = 0;

async function openDatabase(): Promise<DuckDBInstance> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  return DuckDBInstance.create(':memory:', { threads: '2' });
}

/**
 * CSV dialects sniff_csv found, per sniff call and file version (size, modification and change times, inode): a
 * source file read again unchanged (the next preview or run) is not sniffed again; a changed file is.
 */
const dialects = new Map<string, CsvDialect>();
const MAX_DIALECTS = 64;

async function fileVersion(file: string): Promise<string> {
  const st = await fs.stat(file, { bigint: true });
  return `${st.size}:${st.mtimeNs}:${st.ctimeNs}:${st.ino}:${st.dev}`;
}

/** Runs the data flow (or the part needed for a preview). */
export async function executeDataFlow(opts: ExecuteOptions): Promise<ExecuteResult> {
  database ??= openDatabase();
  const db = database;
  let instance: DuckDBInstance;
  try {
    instance = await db;
  } catch (e) {
    if (database === db) database = undefined;
    throw e;
  }
  const conn = await instance.connect();
  const schema = `run_${process.pid}_${++runSeq}`;
  try {
    return await new Executor(opts, inSchema(conn, schema)).run();
  } catch (e) {
    // A fatal DuckDB error invalidates the database: the next run opens a new one.
    if (/invalidated/i.test(String((e as Error)?.message))) database = undefined;
    throw e;
  } finally {
    // A preview answers without waiting for its schema to be dropped.
    const dropped = conn
      .run(`USE memory.main; DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      .catch(() => undefined)
      .then(() => conn.closeSync());
    if (!opts.preview) await dropped;
  }
}

/** The statements an executor runs. */
type Sql = Pick<DuckDBConnection, 'run' | 'runAndReadAll' | 'streamAndReadUntil'>;

/**
 * The connection with its run's schema created and in use before the first statement, in the same call (one round
 * trip less); repeated until a call succeeds, so a failed first statement cannot leave the run in the main schema.
 */
function inSchema(conn: DuckDBConnection, schema: string): Sql {
  let prefix = `CREATE SCHEMA IF NOT EXISTS ${schema}; USE ${schema}; `;
  const first = async <T>(f: (sql: string) => Promise<T>, sql: string): Promise<T> => {
    const r = await f(prefix + sql);
    prefix = '';
    return r;
  };
  return {
    run: (sql: string) => first((q) => conn.run(q), sql),
    runAndReadAll: (sql: string) => first((q) => conn.runAndReadAll(q), sql),
    streamAndReadUntil: (sql: string, rows: number) => first((q) => conn.streamAndReadUntil(q, rows), sql),
  } as Sql;
}

class Executor {
  private readonly tables = new Map<string, string>();
  /** Streams stored as views: view -> the table whose row count it keeps (undefined for a filter). */
  private readonly views = new Map<string, string | undefined>();
  private readonly counted = new Map<string, number>();
  private readonly stages = new Map<string, StageResult>();
  private readonly sinks = new Map<string, { rowsWritten: number; timeMs: number }>();
  private params: Record<string, Compiled> = {};
  private readonly caches = new Map<string, { table: string; columns: ColumnInfo[]; keys: string[] }>();
  /** Per table: lower-case column name -> the stream that produced the column (for origin@column references). */
  private readonly origins = new Map<string, Map<string, string>>();
  private seq = 0;
  /** Per view: the table or view it reads (views over a scan of their own have none). */
  private readonly viewInputs = new Map<string, string | undefined>();
  /** Views that are a pushed-down source's scan, read once by their only consumer. */
  private readonly scanViews = new Set<string>();
  /** The source each scan view reads. */
  private readonly scanNodes = new Map<string, DataFlowNode>();
  /** Set while a scan is read into a table (a streamed scan failed). */
  private eager = false;
  /** DESCRIBE results per table or view (they never change once created). */
  private readonly described = new Map<string, ColumnInfo[]>();
  /** Stages in run order, waiting for their row count when it comes from a later statement. */
  private readonly reported: { st: StageResult; table?: string }[] = [];

  /**
   * `prefix` keeps table names of nested flowlet runs apart; `bound` gives a flowlet's input streams
   * the caller's tables.
   */
  constructor(private readonly opts: ExecuteOptions, private readonly conn: Sql, private readonly prefix = 't', private readonly bound: string[] = [], private readonly depth = 0) {}

  /** The table that holds a stream after run(). */
  tableOf(name: string): string | undefined {
    return this.tables.get(name);
  }

  private get doc() {
    return this.opts.doc;
  }

  async run(): Promise<ExecuteResult> {
    const g = this.doc.graph;
    if (this.doc.script.errors.length) {
      const e = this.doc.script.errors[0];
      const { line, column } = lineColumn(this.doc.text, e.offset);
      throw new ActivityFailure(`Data flow '${this.doc.name}' has a script error at line ${line}, column ${column}: ${e.message}`, 'DF-Executor-ParseError', 'UserError');
    }
    this.params = this.compileParameters();
    const order = this.order();
    let needed: Set<string> | undefined;
    if (this.opts.preview) {
      const target = this.opts.preview.stream;
      const base = target.split('@')[0];
      if (!g.byName.has(base)) throw new ActivityFailure(`Data flow '${this.doc.name}' has no stream '${target}'. Streams: ${g.nodes.map((n) => n.name).join(', ')}.`, 'DF-Preview-UnknownStream', 'UserError');
      needed = new Set();
      const add = (name: string) => {
        if (needed!.has(name)) return;
        needed!.add(name);
        const node = g.byName.get(name);
        for (const i of node?.inputs ?? []) add(i.name);
        for (const c of node ? cacheRefs(node) : []) if (g.byName.has(c)) add(c);
      };
      add(base);
    }
    for (const n of order) {
      if (needed && !needed.has(n.name)) continue;
      if (this.opts.signal?.aborted) throw new ActivityFailure('The data flow run was cancelled.', 'DF-Executor-Cancelled', 'UserError');
      const t0 = performance.now();
      try {
        await this.stage(n);
      } catch (e) {
        failAt(this.doc, n, e);
      }
      const timeMs = Math.round(performance.now() - t0);
      await this.assignOrigins(n);
      const table = this.tables.get(n.name) ?? (n.op === 'split' ? this.input(n) : undefined);
      // A view over a pushed-down scan (or a filter of one) is counted by the statement that reads it (see
      // materialize); its stage is reported then, in order.
      const deferred = !!table && this.streaming(table);
      const st = { name: n.name, op: n.op, rows: table && !deferred ? await this.rowCount(table) : 0, timeMs };
      this.stages.set(n.name, st);
      this.reported.push({ st, table: deferred ? table : undefined });
      await this.report(false);
    }
    await this.report(true);
    const result: ExecuteResult = { stages: this.stages, sinks: this.sinks };
    if (this.opts.preview) {
      const key = this.opts.preview.stream;
      const table = this.tables.get(key) ?? [...this.tables.entries()].find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
      if (!table) {
        const n = g.byName.get(key.split('@')[0])!;
        throw new ActivityFailure(n.branches ? `'${n.name}' has branches; preview one of ${n.branches.map((b) => `${n.name}@${b}`).join(', ')}.` : `Stream '${key}' produced no table.`, 'DF-Preview-UnknownStream', 'UserError');
      }
      const columns = (await this.columns(table)).filter((c) => c.name !== ROWOP);
      const rows = await this.firstRows(`SELECT ${columns.map((c) => quoteIdent(c.name)).join(', ') || '*'} FROM ${table}`, Math.max(0, Math.floor(this.opts.preview.rows)));
      result.preview = { columns, rows };
    }
    return result;
  }

  /** Topological order (inputs before consumers); validation reports cycles, here they are an error. */
  private order(): DataFlowNode[] {
    const g = this.doc.graph;
    const out: DataFlowNode[] = [];
    const state = new Map<string, number>();
    const visit = (n: DataFlowNode) => {
      const s = state.get(n.name);
      if (s === 2) return;
      if (s === 1) throw new ActivityFailure(`Data flow '${this.doc.name}' has a cycle through '${n.name}'.`, 'DF-Executor-Cycle', 'UserError');
      state.set(n.name, 1);
      for (const i of n.inputs) {
        const up = g.byName.get(i.name);
        if (!up) throw new ActivityFailure(`Data flow '${this.doc.name}': input stream '${i.name}' of '${n.name}' is not defined.`, 'DF-Executor-UnknownStream', 'UserError');
        visit(up);
      }
      // A cached lookup (cacheSink#lookup()) needs the cache sink first.
      for (const c of cacheRefs(n)) {
        const up = g.byName.get(c);
        if (up) visit(up);
      }
      state.set(n.name, 2);
      out.push(n);
    };
    for (const n of g.nodes) visit(n);
    return out;
  }

  private compileParameters(): Record<string, Compiled> {
    const out: Record<string, Compiled> = {};
    const given = this.opts.parameters ?? {};
    const scope: CompileScope = { columns: [], params: {}, now: this.opts.now };
    for (const p of this.doc.graph.parameters) {
      const type = duckType(p.decl.type) ?? 'VARCHAR';
      const key = Object.keys(given).find((k) => k.toLowerCase() === p.name.toLowerCase());
      let c: Compiled | undefined;
      if (key !== undefined) {
        const v = given[key];
        if (typeof v === 'string') {
          const parsed = parseDataFlowExpression(v);
          c = parsed.expr && !parsed.errors.length ? safeCompile(parsed.expr, scope) : undefined;
          c ??= { sql: quoteLiteral(v), type: 'VARCHAR' };
        } else c = jsLiteral(v);
      } else if (p.decl.defaultValue) {
        c = compileExpr(p.decl.defaultValue, scope);
      } else {
        throw new ActivityFailure(`Data flow '${this.doc.name}': parameter $${p.name} has no default value and none was passed; set it in the activity's dataflow.parameters.`, 'DF-Executor-ParameterMissing', 'UserError');
      }
      out[p.name] = { sql: `CAST(${c.sql} AS ${type})`, type };
    }
    return out;
  }

  // ------------------------------------------------------------------ SQL helpers

  private async exec(sql: string): Promise<void> {
    await this.conn.run(sql);
  }
  private async rows(sql: string): Promise<Record<string, unknown>[]> {
    return plainRows(await this.conn.runAndReadAll(sql));
  }
  /**
   * The first `n` rows of a query, streamed: DuckDB computes chunks (2,048 rows) until `n` are read, and the result is
   * dropped. (`LIMIT n` over a small table or view took 1–2 ms more than streaming its first chunk.)
   */
  private async firstRows(sql: string, n: number): Promise<Record<string, unknown>[]> {
    return plainRows(await this.conn.streamAndReadUntil(sql, n)).slice(0, n);
  }
  private async count(table: string): Promise<number> {
    const r = await this.conn.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM ${table}`);
    return Number(r.getRowObjectsJson()[0].n);
  }
  private async columns(table: string): Promise<ColumnInfo[]> {
    let cols = this.described.get(table);
    if (!cols) {
      const r = await this.conn.runAndReadAll(`DESCRIBE ${table}`);
      cols = r.getRowObjectsJson().map((x) => ({ name: String(x.column_name), type: String(x.column_type) }));
      if (/^[\w]+$/.test(table)) this.described.set(table, cols);
    }
    const origins = this.origins.get(table);
    return cols.map((c) => {
      const origin = origins?.get(c.name.toLowerCase());
      return origin ? { ...c, origin } : { ...c };
    });
  }

  /** Reports the stages whose counts are known, in run order; `all`: counts the rest first. */
  private async report(all: boolean): Promise<void> {
    while (this.reported.length) {
      const { st, table } = this.reported[0];
      if (table) {
        const known = this.knownCount(table);
        if (known === undefined && !all) return;
        st.rows = known ?? (await this.rowCount(table));
      }
      this.reported.shift();
      if (this.depth === 0) this.opts.onStage?.(st);
    }
  }

  /** A view whose rows are only known by reading its pushed-down scan again (run mode). */
  private streaming(table: string): boolean {
    if (this.knownCount(table) !== undefined) return false;
    for (let t: string | undefined = table; t !== undefined && this.views.has(t); t = this.viewInputs.get(t)) if (this.scanViews.has(t)) return true;
    return false;
  }

  /** The row count of a table or view when it is known without a query. */
  private knownCount(table: string): number | undefined {
    if (this.counted.has(table)) return this.counted.get(table);
    if (!this.views.has(table)) return undefined;
    const from = this.views.get(table);
    return from === undefined ? undefined : this.knownCount(from);
  }

  /**
   * Builds a table from a statement that reads a chain of streaming views ending in a pushed-down scan, under
   * EXPLAIN ANALYZE: DuckDB's own counts give the scan's rows (its reader's output, when no filter was pushed into
   * it) and the rows of the chain's one filter, so the file is read once. Counts it cannot attribute are left to
   * a count query.
   */
  private async materialize(t: string, sql: string, inputs: string[]): Promise<void> {
    const chain: string[] = [];
    for (const i of inputs) for (let v: string | undefined = i; v !== undefined && this.views.has(v); v = this.viewInputs.get(v)) if (!chain.includes(v)) chain.push(v);
    const scans = chain.filter((v) => this.scanViews.has(v));
    if (!scans.length || this.opts.preview) {
      await this.createTable(t, sql);
      return;
    }
    let r;
    try {
      r = await this.conn.runAndReadAll(`EXPLAIN (ANALYZE, FORMAT JSON) CREATE TABLE ${t} AS ${sql}`);
    } catch {
      // The file failed DuckDB's reader while streaming (a typed value it rejects, a quoted line break for the
      // parallel reader, ragged rows, …): each scan is read the way a source is when it is not streamed (with all of
      // its fallbacks, the JavaScript connector last) and the statement runs again over those tables.
      for (const v of scans) {
        const node = this.scanNodes.get(v)!;
        this.eager = true;
        try {
          await this.source(node);
        } finally {
          this.eager = false;
        }
        const table = this.tables.get(node.name)!;
        await this.exec(`CREATE OR REPLACE VIEW ${v} AS SELECT * FROM ${table}`);
        this.described.delete(v);
        this.tables.set(node.name, v);
        this.scanViews.delete(v);
        this.views.set(v, table);
        this.viewInputs.set(v, table);
      }
      await this.createTable(t, sql);
      return;
    }
    const ops: { name: string; rows: number; extra: unknown }[] = [];
    const walk = (node: any) => {
      if (!node || typeof node !== 'object') return;
      ops.push({ name: String(node.operator_name ?? '').trim(), rows: Number(node.operator_cardinality ?? NaN), extra: node.extra_info });
      for (const c of Array.isArray(node.children) ? node.children : []) walk(c);
    };
    let profile: unknown;
    try {
      profile = JSON.parse(String(r.getRows()[0]?.[1] ?? '{}'));
    } catch {
      return;
    }
    this.countFromProfile(t, profile);
    walk(profile);
    const readers = ops.filter((o) => /^READ_(CSV|JSON|NDJSON|PARQUET)/i.test(o.name) || /^(TABLE_SCAN|SEQ_SCAN)/i.test(o.name));
    if (scans.length !== 1 || readers.length !== 1 || !/^READ_/i.test(readers[0].name) || !Number.isFinite(readers[0].rows)) return;
    const extra = readers[0].extra && typeof readers[0].extra === 'object' ? (readers[0].extra as Record<string, unknown>) : {};
    if (Object.keys(extra).some((k) => /filter/i.test(k))) return;
    this.counted.set(scans[0], readers[0].rows);
    const filters = chain.filter((v) => this.views.get(v) === undefined && !this.scanViews.has(v));
    const planFilters = ops.filter((o) => o.name === 'FILTER');
    if (filters.length === 1 && planFilters.length === 1 && Number.isFinite(planFilters[0].rows)) this.counted.set(filters[0], planFilters[0].rows);
  }


  /** CREATE TABLE … AS: DuckDB answers with the rows it inserted, which is the table's row count. */
  private async createTable(t: string, sql: string): Promise<void> {
    const r = await this.conn.runAndReadAll(`CREATE TABLE ${t} AS ${sql}`);
    const n = Number(r.getRows()[0]?.[0]);
    if (r.columnNames()[0] === 'Count' && Number.isSafeInteger(n)) this.counted.set(t, n);
  }

  /** The rows a profiled CREATE TABLE … AS inserted: what the operator under (BATCH_)CREATE_TABLE_AS produced. */
  private countFromProfile(t: string, profile: unknown): void {
    const find = (node: any): any => {
      if (!node || typeof node !== 'object') return undefined;
      if (/^(BATCH_)?CREATE_TABLE_AS$/.test(String(node.operator_name ?? '').trim())) return node;
      for (const c of Array.isArray(node.children) ? node.children : []) {
        const f = find(c);
        if (f) return f;
      }
      return undefined;
    };
    const ctas = find(profile);
    const n = Array.isArray(ctas?.children) && ctas.children.length === 1 ? Number(ctas.children[0].operator_cardinality) : NaN;
    if (Number.isSafeInteger(n)) this.counted.set(t, n);
  }

  /**
   * Records where each output column comes from: transformations that define a schema (source, select,
   * aggregate, pivot, unpivot, flatten) own all their columns; the others pass origins through and own new columns.
   */
  private async assignOrigins(n: DataFlowNode): Promise<void> {
    const defining = new Set(['source', 'select', 'aggregate', 'pivot', 'unpivot', 'foldDown', 'input']);
    const inherited = new Map<string, string>();
    for (let i = 0; i < n.inputs.length; i++) {
      const t = this.tables.get(refKey(n.inputs[i]));
      for (const [k, v] of (t && this.origins.get(t)) ?? []) if (!inherited.has(k)) inherited.set(k, v);
    }
    // Columns a transformation assigns (derive a = ..., window, rank/key outputs, casts) are its own.
    const own = new Set<string>();
    for (const a of n.args) {
      if (a.t === 'assign' && (a.target.t === 'ident' || a.target.t === 'braced')) own.add(a.target.name.toLowerCase());
      if (a.t === 'call' && a.callee.t === 'ident' && a.callee.name === 'output') for (const d of a.args) if (d.t === 'typed' && (d.expr.t === 'ident' || d.expr.t === 'braced')) own.add(d.expr.name.toLowerCase());
    }
    const tables = [n.name, ...(n.branches ?? []).map((b) => `${n.name}@${b}`)].map((k) => this.tables.get(k)).filter((t): t is string => !!t);
    for (const t of tables) {
      if (this.origins.has(t)) continue;
      const m = new Map<string, string>();
      for (const c of await this.columns(t)) {
        const k = c.name.toLowerCase();
        m.set(k, defining.has(n.op) || own.has(k) ? n.name : inherited.get(k) ?? n.name);
      }
      this.origins.set(t, m);
    }
  }
  private newTable(): string {
    return `${this.prefix}${++this.seq}`;
  }
  /**
   * Stores a stream: a table, or a view when the stream is a row-wise step (derive, select, cast, filter) read by
   * exactly one consumer and free of random values. A chain of such steps then runs inside its consumer's statement,
   * in one pass over its input, instead of copying every row once per step.
   */
  private async create(name: string, sql: string, scan = false): Promise<string> {
    const t = this.newTable();
    const node = this.doc.graph.byName.get(name);
    const single = !!node && this.consumers(name) === 1 && !/\b(random|uuid|gen_random_uuid|setseed)\s*\(/i.test(sql);
    // A pushed-down source read by one streaming consumer is a view too (run mode): its file is read once, by the
    // statement that materializes the chain.
    const lazy = single && (LAZY_OPS.has(node.op) || (scan && !this.opts.preview && !this.eager));
    if (lazy) {
      // The view's columns come back with its creation (one statement less per stage).
      const r = await this.conn.runAndReadAll(`CREATE VIEW ${t} AS ${sql}; DESCRIBE ${t}`);
      this.described.set(t, r.getRowObjectsJson().map((x) => ({ name: String(x.column_name), type: String(x.column_type) })));
      const input = scan ? undefined : this.input(node);
      this.views.set(t, node.op === 'filter' || scan ? undefined : input);
      this.viewInputs.set(t, input);
      if (scan) {
        this.scanViews.add(t);
        this.scanNodes.set(t, node);
      }
    } else {
      await this.materialize(t, sql, node ? node.inputs.map((_, i) => this.tableOrUndefined(node, i)).filter((x): x is string => !!x) : []);
    }
    this.tables.set(name, t);
    return t;
  }

  private tableOrUndefined(n: DataFlowNode, i: number): string | undefined {
    try {
      return this.input(n, i);
    } catch {
      return undefined;
    }
  }

  /**
   * How many transformations read a stream (any of its branches), cached lookups included; a consumer whose output
   * order depends on how its input is stored (join, lookup, union, window, …) counts as many.
   */
  private consumers(name: string): number {
    const key = name.toLowerCase();
    let n = 0;
    for (const x of this.doc.graph.nodes) {
      const reads = x.inputs.filter((i) => i.name.toLowerCase() === key).length;
      n += reads && !INLINE_CONSUMERS.has(x.op) ? 2 : reads;
      if (cacheRefs(x).some((c) => c.toLowerCase() === key)) n++;
    }
    return n;
  }

  /** Rows of a stream's table or view (a row-preserving view has its input's count). */
  private async rowCount(table: string): Promise<number> {
    if (this.views.has(table)) {
      const from = this.views.get(table);
      if (from !== undefined) return this.counted.get(from) ?? this.rowCount(from);
    }
    const n = this.counted.get(table) ?? (await this.count(table));
    this.counted.set(table, n);
    return n;
  }
  private input(n: DataFlowNode, i = 0): string {
    const ref = n.inputs[i];
    if (!ref) throw new ActivityFailure(`'${n.name}' needs ${i + 1} input stream(s) but the script gives it ${n.inputs.length}.`, 'DF-Executor-InvalidDataflow', 'UserError');
    const key = refKey(ref);
    const t = this.tables.get(key) ?? [...this.tables.entries()].find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
    if (!t) throw new Error(`Input '${key}' is not available${ref.branch === undefined && this.doc.graph.byName.get(ref.name)?.branches ? `; '${ref.name}' has branches, use ${ref.name}@branch` : ''}.`);
    return t;
  }
  private scope(columns: ColumnInfo[], extra: Partial<CompileScope> = {}): CompileScope {
    const udfs = this.opts.udfs ? new Map([...this.opts.udfs].map(([k, v]) => [k, { arity: v.arity, body: v.body }])) : undefined;
    return { columns: columns.filter((c) => c.name !== ROWOP), caches: this.caches, rowMarkers: columns.some((c) => c.name === ROWOP), params: this.params, now: this.opts.now, udfs, ...extra };
  }

  // ------------------------------------------------------------------ stages

  private async stage(n: DataFlowNode): Promise<void> {
    switch (n.op) {
      case 'source':
        return this.source(n);
      case 'sink':
        return this.sink(n);
      case 'select':
        return this.select(n);
      case 'derive':
        return this.derive(n);
      case 'filter':
        return this.filter(n);
      case 'aggregate':
        return this.aggregate(n);
      case 'join':
        return this.join(n);
      case 'lookup':
        return this.lookup(n);
      case 'exists':
        return this.exists(n);
      case 'union':
        return this.union(n);
      case 'split':
        return this.split(n);
      case 'sort':
        return this.sort(n);
      case 'alterRow':
        return this.alterRow(n);
      case 'keyGenerate':
        return this.keyGenerate(n);
      case 'window':
        return this.window(n);
      case 'rank':
        return this.rank(n);
      case 'pivot':
        return this.pivot(n);
      case 'unpivot':
        return this.unpivot(n);
      case 'foldDown':
        return this.flatten(n);
      case 'parse':
        return this.parse(n);
      case 'stringify':
        return this.stringify(n);
      case 'cast':
        return this.cast(n);
      case 'assert':
        return this.assert(n);
      case 'call':
        throw new ActivityFailure(`External call transformation '${n.name}' calls a REST endpoint per row; the local engine does not run it. Replace it with a source for local runs.`, 'DF-Executor-Unsupported', 'UserError');
      case 'compose':
        return this.flowlet(n);
      case 'input':
        return this.flowletInput(n);
      case 'output':
        return this.flowletOutput(n);
      default:
        throw new ActivityFailure(`Unknown transformation '${n.op}' ('${n.name}').`, 'DF-Executor-Unsupported', 'UserError');
    }
  }

  /** Runs a flowlet: its input(...) streams read this node's inputs, its output() streams become this node's branches. */
  private async flowlet(n: DataFlowNode): Promise<void> {
    const composition = optionValue(n.options.composition);
    const name = typeof composition === 'string' ? composition : n.name;
    const doc = this.opts.resolveFlowlet?.(name);
    if (!doc) throw new ActivityFailure(`Flowlet '${name}' used by '${n.name}' was not found in the factory.`, 'DF-Executor-InvalidDataflow', 'UserError');
    if (this.depth > 16) throw new ActivityFailure(`Flowlets nest more than 16 levels deep at '${n.name}'; a flowlet probably uses itself.`, 'DF-Executor-InvalidDataflow', 'UserError');
    const inputs: string[] = [];
    const mc = findCall(n.args, 'mapColumn');
    for (let i = 0; i < n.inputs.length; i++) {
      const t = this.input(n, i);
      if (mc && n.inputs.length === 1) {
        const mapped = this.newTable();
        await this.exec(`CREATE TABLE ${mapped} AS SELECT ${(await this.mapping(mc.args, await this.columns(t), n)).join(', ')} FROM ${t}`);
        inputs.push(mapped);
      } else inputs.push(t);
    }
    const sub = new Executor({ ...this.opts, doc, preview: undefined }, this.conn, `${this.prefix}_${n.name.replace(/\W/g, '')}_`, inputs, this.depth + 1);
    const result = await sub.run();
    for (const [k, st] of result.stages) this.stages.set(`${n.name}/${k}`, { ...st, name: `${n.name}/${k}` });
    const outputs = doc.graph.nodes.filter((x) => x.op === 'output');
    const branches = n.branches ?? outputs.map((o) => o.name);
    for (const b of branches) {
      const out = outputs.find((o) => o.name.toLowerCase() === b.toLowerCase());
      const t = out && sub.tableOf(out.name);
      if (!t) throw new ActivityFailure(`Flowlet '${name}' has no output '${b}'. Its outputs: ${outputs.map((o) => o.name).join(', ') || '(none)'}.`, 'DF-Executor-InvalidDataflow', 'UserError');
      this.tables.set(`${n.name}@${b}`, t);
    }
    if (branches.length === 1) this.tables.set(n.name, this.tables.get(`${n.name}@${branches[0]}`)!);
  }

  private async flowletInput(n: DataFlowNode): Promise<void> {
    const inputs = this.doc.graph.nodes.filter((x) => x.op === 'input');
    const ordered = [...inputs].sort((a, b) => Number(optionValue(a.options.order) ?? inputs.indexOf(a)) - Number(optionValue(b.options.order) ?? inputs.indexOf(b)));
    const i = ordered.indexOf(n);
    const t = this.bound[i];
    if (!t) throw new ActivityFailure(`Flowlet input '${n.name}' has no stream connected to it.`, 'DF-Executor-InvalidDataflow', 'UserError');
    const declared = findCall(n.args, 'output');
    const have = await this.columns(t);
    const items: string[] = [];
    for (const a of declared?.args ?? []) {
      if (a.t !== 'typed' || (a.expr.t !== 'ident' && a.expr.t !== 'braced')) continue;
      const c = findColumn(have, a.expr.name);
      if (!c) throw new ActivityFailure(`Flowlet input '${n.name}' expects column '${a.expr.name}', which the incoming stream does not have (${have.map((x) => x.name).join(', ')}).`, 'DF-Executor-InvalidDataflow', 'UserError');
      items.push(`TRY_CAST(${quoteIdent(c.name)} AS ${duckType(a.type) ?? 'VARCHAR'}) AS ${quoteIdent(a.expr.name)}`);
    }
    if (!declared || optionValue(n.options.allowSchemaDrift) === true) for (const c of have) if (!items.some((x) => x.endsWith(` AS ${quoteIdent(c.name)}`))) items.push(quoteIdent(c.name));
    await this.create(n.name, `SELECT ${items.join(', ') || '*'} FROM ${t}`);
  }

  private async flowletOutput(n: DataFlowNode): Promise<void> {
    await this.create(n.name, `SELECT * FROM ${this.input(n)}`);
  }

  private declaredColumns(n: DataFlowNode): ColumnInfo[] {
    const declared = findCall(n.args, 'output');
    const decl: ColumnInfo[] = [];
    for (const a of declared?.args ?? []) {
      if (a.t === 'typed' && (a.expr.t === 'ident' || a.expr.t === 'braced')) decl.push({ name: a.expr.name, type: duckType(a.type) ?? 'VARCHAR' });
    }
    return decl;
  }

  /** The source's projection over its raw columns: declared columns cast to their types, drifted ones as they are. */
  private sourceSelect(n: DataFlowNode, decl: ColumnInfo[], have: ColumnInfo[]): string[] {
    return this.sourceItems(n, decl, have).map((i) => i.sql);
  }

  /** sourceSelect's items, each with the column it makes. */
  private sourceItems(n: DataFlowNode, decl: ColumnInfo[], have: ColumnInfo[]): { sql: string; column: ColumnInfo }[] {
    const drift = optionValue(n.options.allowSchemaDrift) !== false;
    const items: { sql: string; column: ColumnInfo }[] = [];
    for (const d of decl) {
      const c = findColumn(have, d.name);
      items.push({ sql: c ? `TRY_CAST(${quoteIdent(c.name)} AS ${d.type}) AS ${quoteIdent(d.name)}` : `CAST(NULL AS ${d.type}) AS ${quoteIdent(d.name)}`, column: d });
    }
    const rowUrl = optionValue(n.options.rowUrlColumn);
    if (typeof rowUrl === 'string' && rowUrl && !findColumn(have, rowUrl)) items.push({ sql: `CAST(NULL AS VARCHAR) AS ${quoteIdent(rowUrl)}`, column: { name: rowUrl, type: 'VARCHAR' } });
    for (const c of have) {
      if (findColumn(decl, c.name)) continue;
      // The rowUrlColumn is added to the source schema whether or not drift is allowed.
      if (!decl.length || drift || (typeof rowUrl === 'string' && c.name.toLowerCase() === rowUrl.toLowerCase())) items.push({ sql: quoteIdent(c.name), column: c });
    }
    return items;
  }

  /**
   * A pushed-down source: one CREATE TABLE … AS SELECT over DuckDB's reader, so the projection (undeclared columns
   * of a source without drift are never read) and the debug row limit (LIMIT) reach the scan.
   */
  private async scannedSource(n: DataFlowNode, full: SourceScan, limit: number | undefined): Promise<void> {
    const decl = this.declaredColumns(n);
    // Under a row limit the reader takes small buffers (DuckDB's CSV reader fills 32 MB before the first row
    // otherwise), one at a time (the serial reader), and JSON types come from the rows read, as on the connector path.
    let scan: SourceScan = limit === undefined ? full : { ...full, options: full.options.map((o) => (o === 'sample_size = -1' ? `sample_size = ${Math.max(1, limit)}` : o)).concat(full.format === 'DelimitedText' ? ['buffer_size = 2097152', ...(full.options.includes(SERIAL_CSV) ? [] : [SERIAL_CSV])] : []) };
    if (!scan.files.length) {
      const defs = (decl.length ? decl : []).map((c) => `${quoteIdent(c.name)} ${c.type}`);
      const raw = this.newTable();
      await this.exec(`CREATE TABLE ${raw} (${defs.length ? defs.join(', ') : '"_empty" VARCHAR'})`);
      await this.create(n.name, `SELECT ${this.sourceSelect(n, decl, await this.columns(raw)).join(', ') || '*'} FROM ${raw}`);
      return;
    }
    const sniff = sniffSql(scan);
    if (sniff) scan = pinnedScan(scan, await this.dialect(scan.files[0], sniff));
    let fn = scanFunction(scan);
    let rawCols = scan.columns ?? (await this.describe(`SELECT * FROM ${fn}`));
    if (scan.format === 'Json' && rawCols.some((c) => textualJsonType(c.type) !== c.type)) {
      // DuckDB would turn date-like strings into DATE/TIMESTAMP; the connector keeps JSON strings as strings.
      fn = scanFunction(scan, rawCols.filter((c) => c.name !== FILE_COLUMN).map((c) => ({ name: c.name, type: textualJsonType(c.type) })));
      rawCols = await this.describe(`SELECT * FROM ${fn}`);
    }
    const proj = scanProjection(scan, rawCols);
    const have = proj.columns.map((c) => ({ name: c.name, type: c.type }));
    if (optionValue(n.options.validateSchema) === true) {
      const missing = decl.filter((d) => !findColumn(have, d.name)).map((d) => d.name);
      if (missing.length) throw new ActivityFailure(`Source '${n.name}' validates its schema and the data has no column(s) ${missing.join(', ')}.`, 'DF-Executor-SchemaMismatch', 'UserError');
    }
    const items = this.sourceItems(n, decl, have);
    const select = items.map((i) => i.sql);
    const query = (from: string) => `SELECT ${select.join(', ') || '*'} FROM (SELECT ${proj.items.join(', ')} FROM ${from}${limit !== undefined ? ` LIMIT ${limit}` : ''})`;
    const sql = query(fn);
    if (!this.opts.preview || !this.opts.hooks.scanned) {
      // Declared numeric columns of delimited text are parsed by the reader itself (the same casts as TRY_CAST of the
      // text); a value it rejects fails that statement, and the text-then-TRY_CAST scan runs instead (NULL for it).
      const typed = scan.format === 'DelimitedText' ? typedCsvColumns(decl, have) : [];
      if (typed.length) {
        try {
          const untyped = scan.options.filter((o) => o !== 'all_varchar = true');
          const typedScan = scan.columns
            ? scanFunction({ ...scan, options: untyped }, scan.columns.map((c) => typed.find((t) => t.name === c.name) ?? c))
            : scanFunction({ ...scan, options: [...untyped, "auto_type_candidates = ['VARCHAR']", `types = {${typed.map((c) => `${quoteLiteral(c.name)}: ${quoteLiteral(c.type)}`).join(', ')}}`] });
          await this.create(n.name, query(typedScan), true);
          return;
        } catch {
          this.tables.delete(n.name);
        }
      }
      await this.create(n.name, sql, true);
      return;
    }
    // In a preview, the scan runs under EXPLAIN ANALYZE: DuckDB's own count of the rows its reader produced shows
    // that the row limit stopped the scan.
    const t = this.newTable();
    const r = await this.conn.runAndReadAll(`EXPLAIN (ANALYZE, FORMAT JSON) CREATE TABLE ${t} AS ${sql}`);
    this.tables.set(n.name, t);
    // The table's columns are the select's, when DuckDB names and types them as written (a DESCRIBE less).
    const made = items.map((i) => i.column);
    const lower = made.map((c) => c.name.toLowerCase());
    if (made.length && made.every((c, i) => PLAIN_TYPE.test(c.type) && lower.indexOf(lower[i]) === i)) this.described.set(t, made.map((c) => ({ name: c.name, type: c.type })));
    const profile = JSON.parse(String(r.getRows()[0]?.[1] ?? '{}'));
    this.countFromProfile(t, profile);
    this.opts.hooks.scanned(n, scannedRows(profile));
  }

  /** The dialect sniff_csv finds for a one-file CSV scan (cached per file version). */
  private async dialect(file: string, sniff: string): Promise<CsvDialect> {
    const key = `${sniff}\u0000${await fileVersion(file)}`;
    let d = dialects.get(key);
    if (!d) {
      d = csvDialect((await this.conn.runAndReadAll(sniff)).getRowObjectsJson()[0] ?? {});
      dialects.set(key, d);
      if (dialects.size > MAX_DIALECTS) dialects.delete(dialects.keys().next().value!);
    }
    return d;
  }

  private async describe(sql: string): Promise<ColumnInfo[]> {
    const r = await this.conn.runAndReadAll(`DESCRIBE ${sql}`);
    return r.getRowObjectsJson().map((x) => ({ name: String(x.column_name), type: String(x.column_type) }));
  }

  private async source(n: DataFlowNode): Promise<void> {
    const limit = this.opts.preview?.sourceRows;
    const scan = await this.opts.hooks.scanSource?.(n);
    if (scan) {
      try {
        try {
          return await this.scannedSource(n, scan, limit);
        } catch (e) {
          if (scan.format !== 'DelimitedText' || !needsSerialCsv(e)) throw e;
          return await this.scannedSource(n, { ...scan, options: [...scan.options, SERIAL_CSV] }, limit);
        }
      } catch (e) {
        // A file DuckDB's reader rejects (a dialect its sniffer cannot confirm, ragged rows, …) is read as before.
        if (e instanceof ActivityFailure || !this.opts.hooks.scanFailed) throw e;
        this.opts.hooks.scanFailed(n, (e as Error).message);
      }
    }
    const read = await this.opts.hooks.readSource(n, limit);
    const data = limit !== undefined && read.rows.length > limit ? { ...read, rows: read.rows.slice(0, limit) } : read;
    const decl = this.declaredColumns(n);
    const raw = this.newTable();
    const kinds = columnKinds(data.rows);
    // The rowUrlColumn comes after the file's own columns, whichever file came first.
    const urlColumn = optionValue(n.options.rowUrlColumn);
    if (typeof urlColumn === 'string' && kinds.has(urlColumn)) {
      const k = kinds.get(urlColumn)!;
      kinds.delete(urlColumn);
      kinds.set(urlColumn, k);
    }
    const cols = data.columns ?? [...kinds.keys()];
    if (data.rows.length) {
      const file = path.join(this.opts.workDir, `dataflow-${process.pid}-${Date.now()}-${this.seq}.jsonl`);
      await fs.mkdir(this.opts.workDir, { recursive: true });
      await fs.writeFile(file, data.rows.map((r) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? Number(v) : v))).join('\n'));
      // Flat columns get their type from what the connector produced; nested values let DuckDB infer structures.
      const simple = [...kinds.values()].every((k) => k !== 'mixed');
      let options = simple
        ? `columns = {${[...kinds].map(([c, k]) => `${quoteLiteral(c)}: '${k}'`).join(', ')}}`
        : 'sample_size = -1, union_by_name = true';
      try {
        if (!simple) {
          // Strings stay strings (DuckDB would infer DATE/TIMESTAMP from date-like text), as on the pushed-down path.
          const inferred = await this.describe(`SELECT * FROM read_json(${quoteLiteral(file)}, format = 'newline_delimited', ${options})`);
          if (inferred.some((c) => textualJsonType(c.type) !== c.type)) options = `columns = {${inferred.map((c) => `${quoteLiteral(c.name)}: ${quoteLiteral(textualJsonType(c.type))}`).join(', ')}}`;
        }
        await this.exec(`CREATE TABLE ${raw} AS SELECT * FROM read_json(${quoteLiteral(file)}, format = 'newline_delimited', ${options})`);
      } finally {
        await fs.rm(file, { force: true });
      }
    } else {
      const defs = (decl.length ? decl : cols.map((c) => ({ name: c, type: 'VARCHAR' }))).map((c) => `${quoteIdent(c.name)} ${c.type}`);
      await this.exec(`CREATE TABLE ${raw} (${defs.length ? defs.join(', ') : '"_empty" VARCHAR'})`);
    }
    const have = await this.columns(raw);
    if (optionValue(n.options.validateSchema) === true && data.rows.length) {
      const missing = decl.filter((d) => !findColumn(have, d.name)).map((d) => d.name);
      if (missing.length) throw new ActivityFailure(`Source '${n.name}' validates its schema and the data has no column(s) ${missing.join(', ')}.`, 'DF-Executor-SchemaMismatch', 'UserError');
    }
    await this.create(n.name, `SELECT ${this.sourceSelect(n, decl, have).join(', ') || '*'} FROM ${raw}`);
  }

  private async sink(n: DataFlowNode): Promise<void> {
    const input = this.input(n);
    const cols = await this.columns(input);
    const mc = findCall(n.args, 'mapColumn');
    const hasOp = !!findColumn(cols, ROWOP);
    let sql: string;
    if (mc) sql = `SELECT ${(await this.mapping(mc.args, cols, n)).join(', ')}${hasOp ? `, ${ROWOP}` : ''} FROM ${input}`;
    else sql = `SELECT * FROM ${input}`;
    // Alter-row policies meet the sink's allowed operations (insert is allowed unless insertable: false).
    const allowed = [optionValue(n.options.insertable) !== false && 1, optionValue(n.options.updateable) === true && 2, optionValue(n.options.upsertable) === true && 3, optionValue(n.options.deletable) === true && 4].filter((x): x is number => typeof x === 'number');
    const marked = this.newTable();
    await this.materialize(marked, sql, [input]);
    const deletes = hasOp && allowed.includes(4) ? await this.count(`(SELECT 1 FROM ${marked} WHERE ${ROWOP} = 4)`) : 0;
    const where = hasOp ? ` WHERE ${ROWOP} IN (${allowed.filter((x) => x !== 4).join(', ') || 'NULL'})` : allowed.includes(1) ? '' : ' WHERE FALSE';
    // Without row markers, every row of the marked table is written: it is the sink's table as it is.
    let t = marked;
    if (hasOp || where) t = await this.create(n.name, `SELECT * ${hasOp ? `EXCLUDE (${ROWOP}) ` : ''}FROM ${marked}${where}`);
    else this.tables.set(n.name, marked);
    if (optionValue(n.options.store) === 'cache') {
      const keys = optionValue(n.options.keys);
      this.caches.set(n.name, { table: t, columns: await this.columns(t), keys: Array.isArray(keys) ? keys.map(String) : [] });
      return;
    }
    if (this.opts.preview || !this.opts.hooks.writeSink) return;
    if (optionValue(n.options.store) === 'cache') return;
    if (deletes > 0) throw new ActivityFailure(`Sink '${n.name}' allows deletes and ${deletes} row(s) are marked for deletion; the local engine writes inserts, updates and upserts but does not delete from sinks.`, 'DF-Executor-Unsupported', 'UserError');
    const t0 = performance.now();
    const fileName = await this.sinkFileName(n);
    const copied = await this.copySink(n, t, fileName);
    if (copied !== undefined) {
      this.sinks.set(n.name, { rowsWritten: copied, timeMs: Math.round(performance.now() - t0) });
      return;
    }
    const outCols = (await this.columns(t)).map((c) => c.name);
    const rows = await this.rows(`SELECT * FROM ${t}`);
    const written = await this.opts.hooks.writeSink(n, rows, outCols, { fileName });
    this.sinks.set(n.name, { rowsWritten: written, timeMs: Math.round(performance.now() - t0) });
  }

  /**
   * Writes a sink with DuckDB's COPY when the hooks give a local file target and every column's text is the
   * connector's; returns the rows written, or undefined when the connector has to write it (the hooks log why).
   */
  private async copySink(n: DataFlowNode, table: string, fileName: string | undefined): Promise<number | undefined> {
    const target = await this.opts.hooks.sinkTarget?.(n, fileName);
    if (!target) return undefined;
    const cols = await this.columns(table);
    let items: string[];
    if (target.format === 'DelimitedText') {
      const mapped = cols.map((c) => ({ c, sql: csvColumn(c.name, c.type, target.delimited!.nullValue) }));
      const odd = mapped.find((m) => m.sql === undefined);
      if (odd) {
        this.opts.hooks.sinkFallback?.(n, `column '${odd.c.name}' is ${odd.c.type}, whose text the JavaScript writer prints its own way`);
        return undefined;
      }
      const check = doubleTextDiffers(table, cols);
      if (check && Number((await this.rows(check))[0].n) > 0) {
        this.opts.hooks.sinkFallback?.(n, 'some numbers are NaN or infinite, which the JavaScript writer prints its own way');
        return undefined;
      }
      items = mapped.map((m) => m.sql!);
    } else if (target.format === 'Json') items = cols.map((c) => jsonColumn(c.name, c.type));
    else items = cols.map((c) => quoteIdent(c.name));
    await fs.mkdir(path.dirname(target.path), { recursive: true });
    const r = await this.conn.runAndReadAll(copySql(target, `SELECT ${items.join(', ') || '*'} FROM ${table}`));
    const written = Number(r.getRows()[0]?.[0] ?? (await this.count(table)));
    await this.opts.hooks.sinkCopied?.(n, target, (await fs.stat(target.path)).size);
    return written;
  }

  /** The single output file named by the sink (partitionFileNames, "output to single file"). */
  private async sinkFileName(n: DataFlowNode): Promise<string | undefined> {
    const names = n.options.partitionFileNames;
    const first = names?.t === 'array' ? names.items[0] : undefined;
    if (!first) return undefined;
    const c = compileExpr(first.t === 'paren' && first.items.length === 1 ? first.items[0] : first, this.scope([]));
    const r = await this.rows(`SELECT CAST(${c.sql} AS VARCHAR) AS f`);
    return typeof r[0]?.f === 'string' && r[0].f ? r[0].f : undefined;
  }

  /** Compiles mapColumn(...) entries (plain columns, renames, each(...) rules) to SELECT items. */
  private async mapping(args: Expr[], cols: ColumnInfo[], n: DataFlowNode, scopeExtra: Partial<CompileScope> = {}): Promise<string[]> {
    const scope = this.scope(cols, scopeExtra);
    const items: string[] = [];
    const names = new Set<string>();
    const push = (sql: string, name: string) => {
      if (names.has(name.toLowerCase())) return; // skipDuplicateMapOutputs: the first mapping wins
      names.add(name.toLowerCase());
      items.push(`${sql} AS ${quoteIdent(name)}`);
    };
    for (const a of args) {
      if (a.t === 'ident' || a.t === 'braced') push(compileExpr(a, scope).sql, a.name);
      else if (a.t === 'member') push(compileExpr(a, scope).sql, a.name);
      else if (a.t === 'qualified' && (a.column.t === 'ident' || a.column.t === 'braced')) push(compileExpr(a, scope).sql, a.column.name);
      else if (a.t === 'assign' && (a.target.t === 'ident' || a.target.t === 'braced')) push(compileExpr(a.value, scope).sql, a.target.name);
      else if (a.t === 'call' && a.callee.t === 'ident' && a.callee.name === 'each') for (const r of await this.each(a, cols, n, scope)) push(r.sql, r.name);
      else throw new CompileError('Unsupported mapping; use column, newName = expression, or each(match(...), ...).', a.start, a.end - a.start);
    }
    return items;
  }

  /** Expands a column pattern each(match(condition), nameExpr = valueExpr) over the input columns. */
  private async each(call: Extract<Expr, { t: 'call' }>, cols: ColumnInfo[], n: DataFlowNode, scope: CompileScope): Promise<{ name: string; sql: string }[]> {
    const args = call.args;
    const m = args[0];
    if (!m || m.t !== 'call' || m.callee.t !== 'ident' || (m.callee.name !== 'match' && m.callee.name !== 'patternMatch')) {
      throw new CompileError('Hierarchical column patterns each(structColumn, ...) are not supported locally; use each(match(condition), ...).', call.start, call.end - call.start);
    }
    const out: { name: string; sql: string }[] = [];
    const visible = cols.filter((c) => c.name !== ROWOP);
    for (let i = 0; i < visible.length; i++) {
      const c = visible[i];
      const ref: Compiled = { sql: (scope.alias ? scope.alias + '.' : '') + quoteIdent(c.name), type: c.type };
      const meta: Record<string, Compiled> = {
        name: { sql: quoteLiteral(c.name), type: 'VARCHAR' },
        type: { sql: quoteLiteral(dataFlowTypeName(c.type)), type: 'VARCHAR' },
        position: { sql: String(i + 1), type: 'INTEGER' },
        stream: { sql: quoteLiteral(n.inputs[0]?.name ?? n.name), type: 'VARCHAR' },
        origin: { sql: quoteLiteral(n.inputs[0]?.name ?? n.name), type: 'VARCHAR' },
      };
      let ok: boolean;
      if (m.callee.name === 'patternMatch') {
        const p = m.args[0];
        const re = p?.t === 'str' ? p.value : '';
        ok = new RegExp(re).test(c.name);
      } else {
        const cond = compileExpr(m.args[0], { ...scope, meta, dollar: { sql: quoteLiteral(c.name), type: 'VARCHAR' } });
        const r = await this.rows(`SELECT (${cond.sql}) AS ok`);
        ok = r[0].ok === true;
      }
      if (!ok) continue;
      const rules = args.slice(1);
      if (!rules.length) out.push({ name: c.name, sql: ref.sql });
      for (const rule of rules) {
        if (rule.t !== 'assign') throw new CompileError('A column pattern rule is written nameExpression = valueExpression.', rule.start, rule.end - rule.start);
        const nameC = compileExpr(rule.target, { ...scope, meta, dollar: { sql: quoteLiteral(c.name), type: 'VARCHAR' } });
        const nameRows = await this.rows(`SELECT CAST(${nameC.sql} AS VARCHAR) AS n`);
        const value = compileExpr(rule.value, { ...scope, meta, dollar: ref });
        out.push({ name: String(nameRows[0].n), sql: value.sql });
      }
    }
    return out;
  }

  private async select(n: DataFlowNode): Promise<void> {
    const input = this.input(n);
    const cols = await this.columns(input);
    const mc = findCall(n.args, 'mapColumn');
    const items = mc ? await this.mapping(mc.args, cols, n) : cols.map((c) => quoteIdent(c.name));
    if (findColumn(cols, ROWOP) && mc) items.push(ROWOP);
    await this.create(n.name, `SELECT ${items.join(', ')} FROM ${input}`);
  }

  private async derive(n: DataFlowNode): Promise<void> {
    const input = this.input(n);
    const cols = await this.columns(input);
    const locals = new Map<string, Compiled>();
    const scope = this.scope(cols, { locals });
    const out = new Map<string, { name: string; sql: string }>(cols.map((c) => [c.name.toLowerCase(), { name: c.name, sql: quoteIdent(c.name) }]));
    // Derived columns see the input columns (not each other), like ADF.
    for (const a of n.args) {
      if (a.t === 'assign' && a.local && (a.target.t === 'ident' || a.target.t === 'braced')) {
        const c = compileExpr(a.value, scope);
        locals.set(a.target.name, { sql: `(${c.sql})`, type: c.type });
      }
    }
    for (const a of n.args) {
      if (a.t === 'assign' && a.local) continue;
      if (a.t === 'assign' && (a.target.t === 'ident' || a.target.t === 'braced')) {
        out.set(a.target.name.toLowerCase(), { name: out.get(a.target.name.toLowerCase())?.name ?? a.target.name, sql: compileExpr(a.value, scope).sql });
      } else if (a.t === 'assign') {
        const nameC = compileExpr(a.target, scope);
        const nr = await this.rows(`SELECT CAST(${nameC.sql} AS VARCHAR) AS n`);
        const nm = String(nr[0].n);
        out.set(nm.toLowerCase(), { name: out.get(nm.toLowerCase())?.name ?? nm, sql: compileExpr(a.value, scope).sql });
      } else if (a.t === 'call' && a.callee.t === 'ident' && a.callee.name === 'each') {
        for (const r of await this.each(a, cols, n, scope)) out.set(r.name.toLowerCase(), { name: out.get(r.name.toLowerCase())?.name ?? r.name, sql: r.sql });
      } else throw new CompileError('A derived column is written name = expression.', a.start, a.end - a.start);
    }
    await this.create(n.name, `SELECT ${[...out.values()].map((o) => `${o.sql} AS ${quoteIdent(o.name)}`).join(', ')} FROM ${input}`);
  }

  private async filter(n: DataFlowNode): Promise<void> {
    const input = this.input(n);
    const cond = n.args[0];
    if (!cond) throw new Error('A filter needs a condition.');
    const c = compileExpr(cond, this.scope(await this.columns(input)));
    await this.create(n.name, `SELECT * FROM ${input} WHERE coalesce(${c.sql}, FALSE)`);
  }

  private async aggregate(n: DataFlowNode): Promise<void> {
    const input = this.input(n);
    const cols = await this.columns(input);
    const scope = this.scope(cols);
    const gb = findCall(n.args, 'groupBy');
    const groups: { name: string; sql: string }[] = [];
    for (const a of gb?.args ?? []) {
      if (a.t === 'ident' || a.t === 'braced') groups.push({ name: a.name, sql: compileExpr(a, scope).sql });
      else if (a.t === 'qualified' && (a.column.t === 'ident' || a.column.t === 'braced')) groups.push({ name: a.column.name, sql: compileExpr(a, scope).sql });
      else if (a.t === 'assign' && (a.target.t === 'ident' || a.target.t === 'braced')) groups.push({ name: a.target.name, sql: compileExpr(a.value, scope).sql });
      else throw new CompileError('groupBy() lists columns or name = expression.', a.start, a.end - a.start);
    }
    const aggs: { name: string; sql: string }[] = [];
    for (const a of n.args) {
      if (a === gb) continue;
      if (a.t === 'assign' && (a.target.t === 'ident' || a.target.t === 'braced')) aggs.push({ name: a.target.name, sql: compileExpr(a.value, scope).sql });
      else if (a.t === 'call' && a.callee.t === 'ident' && a.callee.name === 'each') {
        const groupNames = new Set(groups.map((g) => g.name.toLowerCase()));
        aggs.push(...(await this.each(a, cols.filter((c) => !groupNames.has(c.name.toLowerCase())), n, scope)));
      } else throw new CompileError('An aggregate is written name = aggregateFunction(...).', a.start, a.end - a.start);
    }
    const items = [...groups, ...aggs].map((x) => `${x.sql} AS ${quoteIdent(x.name)}`);
    await this.create(n.name, `SELECT ${items.join(', ')} FROM ${input}${groups.length ? ` GROUP BY ${groups.map((g) => g.sql).join(', ')}` : ''}`);
  }

  /** Scope over two inputs aliased l and r, the combined output column list, and the origins of the output columns. */
  private async twoInputs(n: DataFlowNode): Promise<{ left: string; right: string; lc: ColumnInfo[]; rc: ColumnInfo[]; scope: CompileScope; items: string[]; origins: Map<string, string> }> {
    const left = this.input(n, 0);
    const right = this.input(n, 1);
    const lc = (await this.columns(left)).filter((c) => c.name !== ROWOP);
    const rc = (await this.columns(right)).filter((c) => c.name !== ROWOP);
    const ln = n.inputs[0].name;
    const rn = n.inputs[1].name;
    const scope = this.scope([], { streams: { [ln]: { alias: 'l', columns: lc }, [rn]: { alias: 'r', columns: rc } } });
    if (ln === rn) throw new Error('A stream cannot be joined with itself directly; add a select in one branch.');
    const items: string[] = [];
    const origins = new Map<string, string>();
    const taken = new Set<string>();
    // Clashing names are kept as "origin@name" (the stream that produced the column), as stream-qualified references expect.
    const add = (alias: string, c: ColumnInfo, other: ColumnInfo[], stream: string) => {
      let out = c.name;
      if (findColumn(other, c.name)) {
        const o = other.find((x) => x.name.toLowerCase() === c.name.toLowerCase())!;
        const origin = c.origin && c.origin !== o.origin ? c.origin : stream;
        out = `${origin}@${c.name}`;
      }
      if (taken.has(out.toLowerCase())) out = `${stream}@${c.name}`;
      taken.add(out.toLowerCase());
      origins.set(out.toLowerCase(), c.origin ?? stream);
      items.push(out === c.name ? `${alias}.${quoteIdent(c.name)}` : `${alias}.${quoteIdent(c.name)} AS ${quoteIdent(out)}`);
    };
    for (const c of lc) add('l', c, rc, ln);
    for (const c of rc) add('r', c, lc, rn);
    return { left, right, lc, rc, scope, items, origins };
  }

  private async join(n: DataFlowNode): Promise<void> {
    const { left, right, scope, items, origins } = await this.twoInputs(n);
    const type = String(optionValue(n.options.joinType) ?? 'inner').toLowerCase();
    const kinds: Record<string, string> = { inner: 'INNER JOIN', left: 'LEFT JOIN', right: 'RIGHT JOIN', outer: 'FULL OUTER JOIN', cross: 'CROSS JOIN' };
    const kw = kinds[type];
    if (!kw) throw new Error(`joinType '${type}' is not one of inner, left, right, outer, cross.`);
    const cond = n.args[0];
    if (type === 'cross') {
      const where = cond ? ` WHERE ${compileExpr(cond, scope).sql}` : '';
      this.origins.set(await this.create(n.name, `SELECT ${items.join(', ')} FROM ${left} l CROSS JOIN ${right} r${where}`), origins);
      return;
    }
    if (!cond) throw new Error('A join needs a condition.');
    this.origins.set(await this.create(n.name, `SELECT ${items.join(', ')} FROM ${left} l ${kw} ${right} r ON ${compileExpr(cond, scope).sql}`), origins);
  }

  private async lookup(n: DataFlowNode): Promise<void> {
    const { left, right, scope, items, origins } = await this.twoInputs(n);
    const cond = n.args[0];
    if (!cond) throw new Error('A lookup needs a condition.');
    const multiple = optionValue(n.options.multiple) === true;
    const pickup = String(optionValue(n.options.pickup) ?? 'any').toLowerCase();
    const on = compileExpr(cond, scope).sql;
    const base = `SELECT ${items.join(', ')}, l.__rid AS __rid, row_number() OVER (PARTITION BY l.__rid ORDER BY r.__rrid ${pickup === 'last' ? 'DESC' : 'ASC'}) AS __pick FROM (SELECT *, row_number() OVER () AS __rid FROM ${left}) l LEFT JOIN (SELECT *, row_number() OVER () AS __rrid FROM ${right}) r ON ${on}`;
    this.origins.set(await this.create(n.name, `SELECT * EXCLUDE (__rid, __pick) FROM (${base}) ${multiple ? '' : 'WHERE __pick = 1 '}ORDER BY __rid`), origins);
  }

  private async exists(n: DataFlowNode): Promise<void> {
    const left = this.input(n, 0);
    const right = this.input(n, 1);
    const lc = await this.columns(left);
    const rc = await this.columns(right);
    const scope = this.scope([], { streams: { [n.inputs[0].name]: { alias: 'l', columns: lc }, [n.inputs[1].name]: { alias: 'r', columns: rc } } });
    const cond = n.args[0];
    if (!cond) throw new Error('An exists transformation needs a condition.');
    const negate = optionValue(n.options.negate) === true;
    await this.create(n.name, `SELECT l.* FROM ${left} l WHERE ${negate ? 'NOT ' : ''}EXISTS (SELECT 1 FROM ${right} r WHERE ${compileExpr(cond, scope).sql})`);
  }

  private async union(n: DataFlowNode): Promise<void> {
    const byName = optionValue(n.options.byName) !== false;
    if (byName) {
      await this.create(n.name, n.inputs.map((_, i) => `SELECT * FROM ${this.input(n, i)}`).join(' UNION ALL BY NAME '));
      return;
    }
    // By position: names from the first stream that has each position; shorter streams are padded with NULLs.
    const tables = n.inputs.map((_, i) => this.input(n, i));
    const cols = await Promise.all(tables.map(async (t) => (await this.columns(t)).filter((c) => c.name !== ROWOP)));
    const width = Math.max(...cols.map((c) => c.length));
    const names: string[] = [];
    const types: string[] = [];
    for (let p = 0; p < width; p++) {
      names.push(cols.find((c) => c[p])![p].name);
      const ts = new Set(cols.filter((c) => c[p]).map((c) => c[p].type));
      types.push(ts.size === 1 ? [...ts][0] : 'VARCHAR');
    }
    const parts = tables.map((t, i) => `SELECT ${names.map((nm, p) => (cols[i][p] ? `CAST(${quoteIdent(cols[i][p].name)} AS ${types[p]})` : `CAST(NULL AS ${types[p]})`) + ` AS ${quoteIdent(nm)}`).join(', ')} FROM ${t}`);
    await this.create(n.name, parts.join(' UNION ALL '));
  }

  private async split(n: DataFlowNode): Promise<void> {
    const input = this.input(n);
    const scope = this.scope(await this.columns(input));
    const conds = n.args.map((a) => `coalesce(${compileExpr(a, scope).sql}, FALSE)`);
    const branches = n.branches ?? [];
    if (branches.length < conds.length) throw new Error(`Conditional split needs a branch name per condition (${conds.length}) plus a default.`);
    const disjoint = optionValue(n.options.disjoint) === true;
    for (let i = 0; i < branches.length; i++) {
      let where: string;
      if (i < conds.length) where = disjoint ? conds[i] : [...conds.slice(0, i).map((c) => `NOT ${c}`), conds[i]].join(' AND ');
      else where = conds.map((c) => `NOT ${c}`).join(' AND ') || 'TRUE';
      const t = this.newTable();
      await this.exec(`CREATE TABLE ${t} AS SELECT * FROM ${input} WHERE ${where}`);
      this.tables.set(`${n.name}@${branches[i]}`, t);
    }
  }

  /** ORDER BY items of asc(...)/desc(...) arguments. */
  private orderBy(args: Expr[], scope: CompileScope, caseInsensitive = false): string[] {
    const out: string[] = [];
    for (const a of args) {
      if (a.t !== 'call' || a.callee.t !== 'ident' || (a.callee.name !== 'asc' && a.callee.name !== 'desc')) continue;
      const c = compileExpr(a.args[0], scope);
      const nullsFirst = a.args[1] ? optionValue(a.args[1]) === true : a.callee.name === 'asc';
      const key = caseInsensitive && c.type === 'VARCHAR' ? `lower(${c.sql})` : c.sql;
      out.push(`${key} ${a.callee.name === 'asc' ? 'ASC' : 'DESC'} NULLS ${nullsFirst ? 'FIRST' : 'LAST'}`);
    }
    return out;
  }

  private async sort(n: DataFlowNode): Promise<void> {
    const input = this.input(n);
    const order = this.orderBy(n.args, this.scope(await this.columns(input)), optionValue(n.options.caseInsensitive) === true);
    await this.create(n.name, `SELECT * FROM ${input}${order.length ? ` ORDER BY ${order.join(', ')}` : ''}`);
  }

  private async alterRow(n: DataFlowNode): Promise<void> {
    const input = this.input(n);
    const cols = await this.columns(input);
    const scope = this.scope(cols);
    const codes: Record<string, number> = { insertIf: 1, updateIf: 2, upsertIf: 3, deleteIf: 4 };
    const whens: string[] = [];
    for (const a of n.args) {
      if (a.t === 'call' && a.callee.t === 'ident' && codes[a.callee.name]) whens.push(`WHEN coalesce(${compileExpr(a.args[0], scope).sql}, FALSE) THEN ${codes[a.callee.name]}`);
    }
    const keep = cols.filter((c) => c.name !== ROWOP).map((c) => quoteIdent(c.name));
    const prev = findColumn(cols, ROWOP) ? ROWOP : '1';
    await this.create(n.name, `SELECT ${keep.join(', ')}, CASE ${whens.join(' ')} ELSE ${prev} END AS ${ROWOP} FROM ${input}`);
  }

  private async keyGenerate(n: DataFlowNode): Promise<void> {
    const input = this.input(n);
    const out = findCall(n.args, 'output');
    const decl = out?.args[0];
    if (!decl || decl.t !== 'typed' || (decl.expr.t !== 'ident' && decl.expr.t !== 'braced')) throw new Error('A surrogate key declares its column: output(key as long).');
    const start = Number(optionValue(n.options.startAt) ?? 1);
    const step = Number(optionValue(n.options.stepValue) ?? 1);
    await this.create(n.name, `SELECT *, CAST(${start} + (row_number() OVER () - 1) * ${step} AS ${duckType(decl.type) ?? 'BIGINT'}) AS ${quoteIdent(decl.expr.name)} FROM ${input}`);
  }

  private windowSpec(n: DataFlowNode, scope: CompileScope, order: string[]): string {
    const over = findCall(n.args, 'over');
    const parts = (over?.args ?? []).map((a) => compileExpr(a.t === 'assign' ? a.value : a, scope).sql);
    let spec = `(${parts.length ? `PARTITION BY ${parts.join(', ')}` : ''}${order.length ? ` ORDER BY ${order.join(', ')}` : ''}`;
    const start = optionValue(n.options.startRowOffset);
    const end = optionValue(n.options.endRowOffset);
    if (typeof start === 'number' || typeof end === 'number') {
      const bound = (v: unknown, unbounded: string) => (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) >= 2 ** 53 ? unbounded : v === 0 ? 'CURRENT ROW' : v < 0 ? `${-v} PRECEDING` : `${v} FOLLOWING`);
      spec += ` ROWS BETWEEN ${bound(start, 'UNBOUNDED PRECEDING')} AND ${bound(end, 'UNBOUNDED FOLLOWING')}`;
    }
    return spec + ')';
  }

  private async window(n: DataFlowNode): Promise<void> {
    const input = this.input(n);
    const cols = await this.columns(input);
    const base = this.scope(cols);
    const spec = this.windowSpec(n, base, this.orderBy(n.args, base));
    const scope = this.scope(cols, { windowSpec: spec });
    const out = new Map<string, { name: string; sql: string }>(cols.map((c) => [c.name.toLowerCase(), { name: c.name, sql: quoteIdent(c.name) }]));
    for (const a of n.args) {
      if (a.t === 'assign' && (a.target.t === 'ident' || a.target.t === 'braced')) out.set(a.target.name.toLowerCase(), { name: a.target.name, sql: compileExpr(a.value, scope).sql });
    }
    await this.create(n.name, `SELECT ${[...out.values()].map((o) => `${o.sql} AS ${quoteIdent(o.name)}`).join(', ')} FROM ${input}`);
  }

  private async rank(n: DataFlowNode): Promise<void> {
    const input = this.input(n);
    const cols = await this.columns(input);
    const order = this.orderBy(n.args, this.scope(cols), optionValue(n.options.caseInsensitive) === true);
    const out = findCall(n.args, 'output');
    const decl = out?.args[0];
    if (!decl || decl.t !== 'typed' || (decl.expr.t !== 'ident' && decl.expr.t !== 'braced')) throw new Error('A rank declares its column: output(rankColumn as long).');
    const fn = optionValue(n.options.dense) === true ? 'dense_rank()' : 'rank()';
    await this.create(n.name, `SELECT *, CAST(${fn} OVER (ORDER BY ${order.join(', ') || '1'}) AS ${duckType(decl.type) ?? 'BIGINT'}) AS ${quoteIdent(decl.expr.name)} FROM ${input}`);
  }

  private async pivot(n: DataFlowNode): Promise<void> {
    const input = this.input(n);
    const cols = await this.columns(input);
    const scope = this.scope(cols);
    const gb = findCall(n.args, 'groupBy');
    const pb = findCall(n.args, 'pivotBy');
    if (!pb?.args[0]) throw new Error('A pivot needs pivotBy(column).');
    const groups = (gb?.args ?? []).map((a) => ({ name: a.t === 'ident' || a.t === 'braced' ? a.name : a.t === 'assign' && (a.target.t === 'ident' || a.target.t === 'braced') ? a.target.name : 'group', sql: compileExpr(a.t === 'assign' ? a.value : a, scope).sql }));
    const key = compileExpr(pb.args[0], scope);
    let values: string[];
    if (pb.args[1]?.t === 'array') values = pb.args[1].items.map((i) => String(optionValue(i)));
    else values = (await this.rows(`SELECT DISTINCT CAST(${key.sql} AS VARCHAR) AS v FROM ${input} WHERE ${key.sql} IS NOT NULL ORDER BY 1`)).map((r) => String(r.v));
    const naming = String(optionValue(n.options.columnNaming) ?? '$N$V');
    const items = groups.map((g) => `${g.sql} AS ${quoteIdent(g.name)}`);
    for (const v of values) {
      for (const a of n.args) {
        if (a.t !== 'assign' || (a.target.t !== 'ident' && a.target.t !== 'braced')) continue;
        const agg = compileExpr(a.value, scope).sql;
        const filtered = agg.includes(' FILTER (') ? agg : `${agg} FILTER (WHERE CAST(${key.sql} AS VARCHAR) = ${quoteLiteral(v)})`;
        items.push(`${filtered} AS ${quoteIdent(naming.replace('$N', a.target.name).replace('$V', v))}`);
      }
    }
    await this.create(n.name, `SELECT ${items.join(', ')} FROM ${input}${groups.length ? ` GROUP BY ${groups.map((g) => g.sql).join(', ')}` : ''}`);
  }

  private async unpivot(n: DataFlowNode): Promise<void> {
    const input = this.input(n);
    const cols = await this.columns(input);
    const out = findCall(n.args, 'output');
    const ug = findCall(n.args, 'ungroupBy');
    const decls = (out?.args ?? []).filter((a): a is Extract<Expr, { t: 'typed' }> => a.t === 'typed');
    if (decls.length < 2) throw new Error('An unpivot declares output(nameColumn as string, valueColumn as type).');
    const nameCol = decls[0].expr.t === 'ident' || decls[0].expr.t === 'braced' ? decls[0].expr.name : 'name';
    const valueCol = decls[1].expr.t === 'ident' || decls[1].expr.t === 'braced' ? decls[1].expr.name : 'value';
    const vt = duckType(decls[1].type) ?? 'VARCHAR';
    const keep = new Set((ug?.args ?? []).map((a) => (a.t === 'ident' || a.t === 'braced' ? a.name.toLowerCase() : '')));
    const keepCols = cols.filter((c) => keep.has(c.name.toLowerCase()));
    const pivoted = cols.filter((c) => !keep.has(c.name.toLowerCase()) && c.name !== ROWOP);
    const ignoreNulls = optionValue(n.options.ignoreNullPivots) === true;
    const parts = pivoted.map((c) => `SELECT ${[...keepCols.map((k) => quoteIdent(k.name)), `${quoteLiteral(c.name)} AS ${quoteIdent(nameCol)}`, `TRY_CAST(${quoteIdent(c.name)} AS ${vt}) AS ${quoteIdent(valueCol)}`].join(', ')}, row_number() OVER () AS __r, ${pivoted.indexOf(c)} AS __c FROM ${input}${ignoreNulls ? ` WHERE ${quoteIdent(c.name)} IS NOT NULL` : ''}`);
    await this.create(n.name, `SELECT * EXCLUDE (__r, __c) FROM (${parts.join(' UNION ALL ')}) ORDER BY __r, __c`);
  }

  private async flatten(n: DataFlowNode): Promise<void> {
    const input = this.input(n);
    const cols = await this.columns(input);
    const unroll = findCall(n.args, 'unroll');
    const target = unroll?.args[0];
    if (!target) throw new Error('A flatten needs unroll(arrayColumn).');
    const arr = compileExpr(target, this.scope(cols));
    const itemType = arr.type.endsWith('[]') ? arr.type.slice(0, -2) : 'VARCHAR';
    const unrolled = this.newTable();
    const rootName = target.t === 'ident' || target.t === 'braced' ? target.name : '__item';
    const others = cols.filter((c) => c.name.toLowerCase() !== rootName.toLowerCase()).map((c) => quoteIdent(c.name));
    await this.exec(`CREATE TABLE ${unrolled} AS SELECT ${[...others, `unnest(CASE WHEN len(${arr.sql}) > 0 THEN ${arr.sql} ELSE [NULL::${itemType}] END) AS ${quoteIdent(rootName)}`].join(', ')} FROM ${input}`);
    const ucols = await this.columns(unrolled);
    const mc = findCall(n.args, 'mapColumn');
    const items = mc ? await this.mapping(mc.args, ucols, n) : ucols.map((c) => quoteIdent(c.name));
    await this.create(n.name, `SELECT ${items.join(', ')} FROM ${unrolled}`);
  }

  private async parse(n: DataFlowNode): Promise<void> {
    const input = this.input(n);
    const cols = await this.columns(input);
    const scope = this.scope(cols);
    const format = String(optionValue(n.options.format) ?? 'json').toLowerCase();
    if (format !== 'json') throw new Error(`Parse format '${format}' is not supported locally; only 'json' is.`);
    const extra: string[] = [];
    for (const a of n.args) {
      if (a.t !== 'assign' || a.value.t !== 'parseSpec' || (a.target.t !== 'ident' && a.target.t !== 'braced')) continue;
      const src = compileExpr(a.value.expr, scope);
      const t = duckType(a.value.type);
      if (!t) throw new CompileError('Unsupported parse type.', a.value.start, a.value.end - a.value.start);
      extra.push(`TRY_CAST(json_transform(${src.sql}, ${quoteLiteral(jsonStructure(t))}) AS ${t}) AS ${quoteIdent(a.target.name)}`);
    }
    await this.create(n.name, `SELECT *, ${extra.join(', ')} FROM ${input}`);
  }

  private async stringify(n: DataFlowNode): Promise<void> {
    const input = this.input(n);
    const scope = this.scope(await this.columns(input));
    const extra: string[] = [];
    for (const a of n.args) {
      if (a.t !== 'assign' || (a.target.t !== 'ident' && a.target.t !== 'braced')) continue;
      const v = a.value.t === 'parseSpec' ? a.value.expr : a.value;
      extra.push(`CAST(to_json(${compileExpr(v, scope).sql}) AS VARCHAR) AS ${quoteIdent(a.target.name)}`);
    }
    await this.create(n.name, `SELECT * REPLACE (${extra.join(', ')}) FROM ${input}`.replace('SELECT * REPLACE () FROM', 'SELECT * FROM')).catch(async () => this.create(n.name, `SELECT *, ${extra.join(', ')} FROM ${input}`));
  }

  private async cast(n: DataFlowNode): Promise<void> {
    const input = this.input(n);
    const cols = await this.columns(input);
    const out = findCall(n.args, 'output');
    const casts = new Map<string, string>();
    for (const a of out?.args ?? []) if (a.t === 'typed' && (a.expr.t === 'ident' || a.expr.t === 'braced')) casts.set(a.expr.name.toLowerCase(), duckType(a.type) ?? 'VARCHAR');
    const items = cols.map((c) => (casts.has(c.name.toLowerCase()) ? `TRY_CAST(${quoteIdent(c.name)} AS ${casts.get(c.name.toLowerCase())}) AS ${quoteIdent(c.name)}` : quoteIdent(c.name)));
    await this.create(n.name, `SELECT ${items.join(', ')} FROM ${input}`);
  }

  private async assert(n: DataFlowNode): Promise<void> {
    const input = this.input(n);
    const cols = await this.columns(input);
    const scope = this.scope(cols);
    for (const a of n.args) {
      if (a.t !== 'call' || a.callee.t !== 'ident') continue;
      const id = a.args.find((x, i) => i >= 1 && x.t === 'str');
      const label = id && id.t === 'str' ? id.value : a.callee.name;
      let bad = 0;
      if (a.callee.name === 'expectTrue') {
        const c = compileExpr(a.args[0], scope);
        bad = Number((await this.rows(`SELECT count(*)::INTEGER AS n FROM ${input} WHERE NOT coalesce(${c.sql}, FALSE)`))[0].n);
      } else if (a.callee.name === 'expectUnique') {
        const c = compileExpr(a.args[0], scope);
        bad = Number((await this.rows(`SELECT count(*)::INTEGER AS n FROM (SELECT ${c.sql} AS k FROM ${input} GROUP BY 1 HAVING count(*) > 1)`))[0].n);
      } else continue;
      if (bad > 0) throw new ActivityFailure(`Assert '${label}' in '${n.name}' failed for ${bad} row(s).`, 'DF-Executor-AssertFailed', 'UserError');
    }
    await this.create(n.name, `SELECT * FROM ${input}`);
  }
}

/** Names of cache sinks a transformation reads with name#lookup()/#outputs()/#output(). */
function cacheRefs(n: DataFlowNode): string[] {
  const out = new Set<string>();
  const visit = (v: unknown): void => {
    if (!v || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach(visit);
    const o = v as Record<string, unknown>;
    if (o.t === 'hashMember' && (o.object as Expr | undefined)?.t === 'ident') out.add((o.object as Extract<Expr, { t: 'ident' }>).name);
    for (const [k, x] of Object.entries(o)) if (k !== 'start' && k !== 'end') visit(x);
  };
  visit(n.statement.args);
  return [...out];
}

/** Per column, the DuckDB type of the JS values a connector produced ('mixed' for nested or mixed values). */
function columnKinds(rows: Record<string, unknown>[]): Map<string, string> {
  const kinds = new Map<string, string>();
  for (const r of rows) {
    for (const k in r) {
      const v = r[k];
      const t = v === null || v === undefined ? 'NULL' : typeof v === 'string' ? 'VARCHAR' : typeof v === 'boolean' ? 'BOOLEAN' : typeof v === 'bigint' ? 'BIGINT' : typeof v === 'number' ? (Number.isInteger(v) ? 'BIGINT' : 'DOUBLE') : 'mixed';
      const prev = kinds.get(k);
      if (prev === undefined || prev === 'NULL') kinds.set(k, t);
      else if (t !== 'NULL' && t !== prev) kinds.set(k, (prev === 'BIGINT' && t === 'DOUBLE') || (prev === 'DOUBLE' && t === 'BIGINT') ? 'DOUBLE' : 'mixed');
    }
  }
  for (const [k, v] of kinds) if (v === 'NULL') kinds.set(k, 'VARCHAR');
  return kinds;
}

/** Raw CSV columns declared with a numeric type, which DuckDB's reader may parse itself (headerless Prop_N excluded). */
function typedCsvColumns(decl: ColumnInfo[], have: ColumnInfo[]): ColumnInfo[] {
  const out: ColumnInfo[] = [];
  for (const d of decl) {
    if (!/^(TINYINT|SMALLINT|INTEGER|BIGINT|FLOAT|DOUBLE)$/.test(d.type)) continue;
    const c = findColumn(have, d.name);
    if (c && c.name === d.name && !/^Prop_\d+$/.test(c.name)) out.push({ name: c.name, type: d.type });
  }
  return out;
}

/** Types DuckDB's DESCRIBE spells as the data flow mapping writes them (see duckType). */
const PLAIN_TYPE = /^(VARCHAR|INTEGER|BIGINT|SMALLINT|TINYINT|DOUBLE|FLOAT|BOOLEAN|DATE|TIMESTAMP|BLOB)$/;

/** Rows the file readers (READ_CSV, READ_JSON…, READ_PARQUET) produced in a DuckDB JSON query profile. */
function scannedRows(node: any): number {
  if (!node || typeof node !== 'object') return 0;
  const own = /^READ_(CSV|JSON|NDJSON|PARQUET)/i.test(String(node.operator_name ?? '')) ? Number(node.operator_cardinality ?? 0) : 0;
  return own + (Array.isArray(node.children) ? node.children.reduce((t: number, c: unknown) => t + scannedRows(c), 0) : 0);
}

/** DuckDB JSON structure for json_transform from a DuckDB type. */
function jsonStructure(t: string): string {
  return JSON.stringify(t);
}

function safeCompile(e: Expr, scope: CompileScope): Compiled | undefined {
  try {
    return compileExpr(e, scope);
  } catch {
    return undefined;
  }
}

function jsLiteral(v: unknown): Compiled {
  if (v === null || v === undefined) return { sql: 'NULL', type: 'NULL' };
  if (typeof v === 'number') return Number.isInteger(v) ? { sql: String(v), type: 'BIGINT' } : { sql: `${v}::DOUBLE`, type: 'DOUBLE' };
  if (typeof v === 'boolean') return { sql: v ? 'TRUE' : 'FALSE', type: 'BOOLEAN' };
  return { sql: quoteLiteral(typeof v === 'string' ? v : JSON.stringify(v)), type: 'VARCHAR' };
}

/** JSON-friendly value: integers and decimals as numbers when exact enough. */
/** A result's rows read so far, each value as the connector path gives it (see plainValue). */
function plainRows(r: DuckDBResultReader): Record<string, unknown>[] {
  const types = r.columnTypes().map(String);
  const names = r.columnNames();
  return r.getRowObjectsJson().map((row) => {
    const o: Record<string, unknown> = {};
    names.forEach((n, i) => (o[n] = plainValue((row as Record<string, unknown>)[n], types[i])));
    return o;
  });
}

function plainValue(v: unknown, type: string): unknown {
  if (typeof v === 'string' && /^(BIGINT|HUGEINT|UBIGINT|DECIMAL)/.test(type)) {
    const n = Number(v);
    return Number.isFinite(n) && (type.startsWith('DECIMAL') || Number.isSafeInteger(n)) ? n : v;
  }
  return v;
}
