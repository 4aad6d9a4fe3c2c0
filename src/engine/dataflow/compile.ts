/**
 * Compiles data flow expressions to DuckDB SQL. Column types come from the input relation (DESCRIBE of
 * the upstream view), so operators such as `+` pick string concatenation, date arithmetic or addition
 * like ADF does. Functions the engine cannot run locally are rejected with a message naming them.
 */
import type { Expr } from './ast';
import { CACHE_FUNCTIONS, FUNCTIONS, UNSUPPORTED, type FunctionContext } from './functions';
import { parseDataFlowExpression } from './parser';
import { findColumn, isNumericType, isStringType, isTemporalType, quoteIdent, quoteLiteral } from './types';
import { closestName } from '../text';

export { findColumn };

export interface ColumnInfo {
  name: string;
  /** DuckDB type, e.g. VARCHAR, INTEGER, DECIMAL(10,2), VARCHAR[]. */
  type: string;
  /** The stream that produced the column (a source, select, derive, aggregate, ...): `origin@name` refers to it. */
  origin?: string;
}

export interface Compiled {
  sql: string;
  /** DuckDB type of the result; 'UNKNOWN' when it cannot be told before running. */
  type: string;
}

export interface CompileScope {
  /** Columns of the (single) input relation, referenced unqualified. */
  columns: ColumnInfo[];
  /** SQL alias that prefixes unqualified columns (e.g. "l"); none when the relation is unaliased. */
  alias?: string;
  /** For joins/lookups/exists: stream name -> its alias and columns, for `stream@column`. */
  streams?: Record<string, { alias: string; columns: ColumnInfo[] }>;
  /** `$name` parameter values, already as SQL literals. */
  params: Record<string, Compiled>;
  /** Run clock used by currentTimestamp()/currentDate()/currentUTC(). */
  now: Date;
  /** `name := expr` locals and lambda variables (#item, #acc, ...). */
  locals?: Map<string, Compiled>;
  vars?: Map<string, Compiled>;
  /** `$$` inside a column pattern. */
  dollar?: Compiled;
  /** Meta values of the column a pattern is matching (name, type, position, stream, origin). */
  meta?: Record<string, Compiled>;
  /** Window specification `(PARTITION BY ... ORDER BY ...)` inside a window transformation. */
  windowSpec?: string;
  /** Cache sinks (store: 'cache') available to `name#lookup()`, `name#outputs()`, `name#output()`. */
  caches?: Map<string, { table: string; columns: ColumnInfo[]; keys: string[] }>;
  /** True when rows carry alter-row markers (isInsert(), isDelete(), ... read them). */
  rowMarkers?: boolean;
  /** User functions from data flow libraries: name -> arity and body (parameters i1, i2, ...). */
  udfs?: Map<string, { arity: number; body: Expr }>;
}

/** A compile error with the position of the offending node in the script. */
export class CompileError extends Error {
  constructor(message: string, public readonly offset: number, public readonly length: number) {
    super(message);
    this.name = 'CompileError';
  }
}

function fail(e: Expr, message: string): never {
  throw new CompileError(message, e.start, Math.max(1, e.end - e.start));
}

/** The relations visible in a scope: the unqualified input and, in joins, each input stream. */
function relations(scope: CompileScope): { alias?: string; stream?: string; columns: ColumnInfo[] }[] {
  return [{ alias: scope.alias, columns: scope.columns }, ...Object.entries(scope.streams ?? {}).map(([stream, s]) => ({ alias: s.alias, stream, columns: s.columns }))];
}

const ref = (alias: string | undefined, c: ColumnInfo): Compiled => ({ sql: (alias ? alias + '.' : '') + quoteIdent(c.name), type: c.type });

function columnRef(scope: CompileScope, name: string, e: Expr): Compiled {
  const rels = relations(scope);
  const exact = rels.flatMap((r) => (findColumn(r.columns, name) ? [{ r, c: findColumn(r.columns, name)! }] : []));
  if (exact.length === 1) return ref(exact[0].r.alias, exact[0].c);
  if (exact.length > 1) fail(e, `Column "${name}" exists in several input streams; qualify it as stream@${name}.`);
  // After a join, clashing names are kept as "origin@name"; an unqualified name is fine when only one is left.
  const lower = `@${name.toLowerCase()}`;
  const qualified = rels.flatMap((r) => r.columns.filter((c) => c.name.toLowerCase().endsWith(lower)).map((c) => ({ r, c })));
  if (qualified.length === 1) return ref(qualified[0].r.alias, qualified[0].c);
  if (qualified.length > 1) fail(e, `Column "${name}" is ambiguous: ${qualified.map((q) => q.c.name).join(', ')}. Qualify it as stream@${name}.`);
  return fail(e, `Column "${name}" not found. Available columns: ${listColumns(scope)}.`);
}

/** `stream@column`: a join input's column, a column kept as "stream@column" after a join, or a column whose origin is the stream. */
function qualifiedRef(scope: CompileScope, stream: string, name: string, e: Expr): Compiled {
  const s = scope.streams?.[stream] ?? Object.entries(scope.streams ?? {}).find(([k]) => k.toLowerCase() === stream.toLowerCase())?.[1];
  if (s) {
    const c = findColumn(s.columns, name) ?? s.columns.find((x) => x.name.toLowerCase().endsWith(`@${name.toLowerCase()}`) && s.columns.filter((y) => y.name.toLowerCase().endsWith(`@${name.toLowerCase()}`)).length === 1);
    if (c) return ref(s.alias, c);
  }
  const rels = relations(scope);
  const full = `${stream}@${name}`.toLowerCase();
  for (const r of rels) {
    const c = r.columns.find((x) => x.name.toLowerCase() === full);
    if (c) return ref(r.alias, c);
  }
  const byOrigin = rels.flatMap((r) => r.columns.filter((x) => x.origin?.toLowerCase() === stream.toLowerCase() && (x.name.toLowerCase() === name.toLowerCase() || x.name.toLowerCase().endsWith(`@${name.toLowerCase()}`))).map((c) => ({ r, c })));
  if (byOrigin.length >= 1) return ref(byOrigin[0].r.alias, byOrigin[0].c);
  if (s) fail(e, `Column "${name}" not found in stream "${stream}".`);
  // The stream is an ancestor whose columns arrived unchanged: accept the plain name when it is unique.
  const plain = rels.flatMap((r) => (findColumn(r.columns, name) ? [{ r, c: findColumn(r.columns, name)! }] : []));
  if (plain.length === 1) return ref(plain[0].r.alias, plain[0].c);
  return fail(e, `Column "${stream}@${name}" not found. Available columns: ${listColumns(scope)}.`);
}

function listColumns(scope: CompileScope): string {
  const all = [...scope.columns.map((c) => c.name), ...Object.entries(scope.streams ?? {}).flatMap(([s, v]) => v.columns.map((c) => `${s}@${c.name}`))];
  return all.length ? all.slice(0, 30).join(', ') + (all.length > 30 ? ', …' : '') : '(none)';
}

/** Compiles an expression node. */
export function compileExpr(e: Expr, scope: CompileScope): Compiled {
  switch (e.t) {
    case 'num':
      return compileNumber(e.raw);
    case 'str':
      if (e.quote === '"') return compileInterpolated(e, scope);
      return { sql: quoteLiteral(e.value), type: 'VARCHAR' };
    case 'ident': {
      const local = scope.locals?.get(e.name);
      if (local) return local;
      if (scope.meta && e.name in scope.meta) return scope.meta[e.name];
      if (e.name === 'true' || e.name === 'false') return { sql: e.name.toUpperCase(), type: 'BOOLEAN' };
      if (e.name === 'null') return { sql: 'NULL', type: 'NULL' };
      return columnRef(scope, e.name, e);
    }
    case 'braced':
      return columnRef(scope, e.name, e);
    case 'param': {
      const p = scope.params[e.name];
      if (!p) fail(e, `Parameter $${e.name} is not declared in the data flow's parameters{...} block.`);
      return p;
    }
    case 'dollar':
      if (e.raw === '$$' && scope.dollar) return scope.dollar;
      return fail(e, `"${e.raw}" is only valid inside a column pattern (each(match(...), ...)).`);
    case 'hash': {
      const v = scope.vars?.get(e.name);
      if (!v) fail(e, `#${e.name} is only valid inside a higher-order function (map, filter, reduce, ...).`);
      return v;
    }
    case 'local': {
      const v = scope.locals?.get(e.name);
      if (!v) fail(e, `Local :${e.name} is not defined; define it in the same transformation with ${e.name} := expression.`);
      return v;
    }
    case 'paren':
      if (e.items.length !== 1) fail(e, 'Parentheses hold a single expression here.');
      {
        const c = compileExpr(e.items[0], scope);
        return { sql: `(${c.sql})`, type: c.type };
      }
    case 'unary': {
      const a = compileExpr(e.arg, scope);
      return e.op === '!' ? { sql: `(NOT ${a.sql})`, type: 'BOOLEAN' } : { sql: `(-${a.sql})`, type: a.type };
    }
    case 'binary':
      return compileBinary(e.op, compileExpr(e.left, scope), compileExpr(e.right, scope), e);
    case 'array': {
      const items = e.items.map((i) => compileExpr(i, scope));
      const t = items.find((i) => i.type !== 'NULL')?.type ?? 'VARCHAR';
      return { sql: `[${items.map((i) => i.sql).join(', ')}]`, type: `${t}[]` };
    }
    case 'struct': {
      const parts: string[] = [];
      const types: string[] = [];
      for (const it of e.items) {
        if (it.t !== 'assign' || (it.target.t !== 'ident' && it.target.t !== 'braced')) fail(it, 'A structure literal lists fields as @(name = expression, ...).');
        const v = compileExpr(it.value, scope);
        parts.push(`${quoteIdent(it.target.name)} := ${v.sql}`);
        types.push(`${quoteIdent(it.target.name)} ${v.type}`);
      }
      return { sql: `struct_pack(${parts.join(', ')})`, type: `STRUCT(${types.join(', ')})` };
    }
    case 'index': {
      const o = compileExpr(e.object, scope);
      const i = compileExpr(e.index, scope);
      if (o.type.startsWith('MAP')) return { sql: `${o.sql}[${i.sql}]`, type: 'UNKNOWN' };
      // Data flow arrays are 1-based, like DuckDB lists.
      return { sql: `${o.sql}[${i.sql}]`, type: o.type.endsWith('[]') ? o.type.slice(0, -2) : 'UNKNOWN' };
    }
    case 'member': {
      const o = compileExpr(e.object, scope);
      return { sql: `(${o.sql}).${quoteIdent(e.name)}`, type: structFieldType(o.type, e.name) };
    }
    case 'qualified': {
      if (e.column.t !== 'ident' && e.column.t !== 'braced') return fail(e, 'Expected a column name after "@".');
      return qualifiedRef(scope, e.stream, e.column.name, e);
    }
    case 'call':
      return compileCall(e, scope);
    case 'hashMember':
      return fail(e, `Call the cached lookup: ${e.object.t === 'ident' ? e.object.name : 'cache'}#${e.name}(...).`);
    case 'named':
    case 'assign':
    case 'typed':
    case 'parseSpec':
      return fail(e, 'Expected an expression here.');
  }
}

function structFieldType(t: string, field: string): string {
  const m = /^STRUCT\((.*)\)$/.exec(t);
  if (!m) return 'UNKNOWN';
  const re = new RegExp(`(?:^|, )"?${field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"? ([^,]+)`, 'i');
  return re.exec(m[1])?.[1] ?? 'UNKNOWN';
}

function compileNumber(raw: string): Compiled {
  const suffix = /[lLdDfFsSbB]$/.test(raw) ? raw.slice(-1).toLowerCase() : '';
  const body = suffix ? raw.slice(0, -1) : raw;
  if (suffix === 'l') return { sql: `${BigInt(body)}::BIGINT`, type: 'BIGINT' };
  if (suffix === 'd') return { sql: `${body}::DOUBLE`, type: 'DOUBLE' };
  if (suffix === 'f') return { sql: `${body}::FLOAT`, type: 'FLOAT' };
  if (suffix === 's') return { sql: `${body}::SMALLINT`, type: 'SMALLINT' };
  if (suffix === 'b') return { sql: `${body}::TINYINT`, type: 'TINYINT' };
  if (/[.eE]/.test(body)) return { sql: `${body}::DOUBLE`, type: 'DOUBLE' };
  const n = Number(body);
  if (Number.isSafeInteger(n) && Math.abs(n) <= 2147483647) return { sql: String(n), type: 'INTEGER' };
  return { sql: `${BigInt(body)}::BIGINT`, type: 'BIGINT' };
}

/** `"text {expr} text"` string interpolation. */
function compileInterpolated(e: Extract<Expr, { t: 'str' }>, scope: CompileScope): Compiled {
  const v = e.value;
  const parts: string[] = [];
  let i = 0;
  let lit = '';
  while (i < v.length) {
    if (v[i] === '{') {
      const close = v.indexOf('}', i + 1);
      if (close < 0) fail(e, 'Unterminated {expression} in an interpolated string.');
      if (lit) parts.push(quoteLiteral(lit));
      lit = '';
      const inner = parseDataFlowExpression(v.slice(i + 1, close));
      if (!inner.expr || inner.errors.length) fail(e, `Invalid expression in interpolated string: ${inner.errors[0]?.message ?? ''}`);
      parts.push(`CAST(${compileExpr(shift(inner.expr, e.start + 1 + i + 1), scope).sql} AS VARCHAR)`);
      i = close + 1;
    } else lit += v[i++];
  }
  if (lit || !parts.length) parts.push(quoteLiteral(lit));
  return { sql: parts.length === 1 ? parts[0] : `(${parts.join(' || ')})`, type: 'VARCHAR' };
}

function shift<T>(node: T, by: number): T {
  if (Array.isArray(node)) return node.map((n) => shift(n, by)) as T;
  if (node && typeof node === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) o[k] = (k === 'start' || k === 'end') && typeof v === 'number' ? v + by : shift(v, by);
    return o as T;
  }
  return node;
}

/** Compiles a binary operator with ADF's typing rules. */
function compileBinary(op: string, l: Compiled, r: Compiled, at: Expr): Compiled {
  switch (op) {
    case '+':
      if (isStringType(l.type) || isStringType(r.type)) return { sql: `(CAST(${l.sql} AS VARCHAR) || CAST(${r.sql} AS VARCHAR))`, type: 'VARCHAR' };
      if (isTemporalType(l.type) && isNumericType(r.type)) return { sql: `CAST(${l.sql} + to_days(CAST(${r.sql} AS INTEGER)) AS ${l.type})`, type: l.type };
      if (l.type === 'DATE' && r.type === 'INTERVAL') return { sql: `CAST(${l.sql} + ${r.sql} AS TIMESTAMP)`, type: 'TIMESTAMP' };
      return { sql: `(${l.sql} + ${r.sql})`, type: numericResult(l.type, r.type) };
    case '-':
      if (isTemporalType(l.type) && isNumericType(r.type)) return { sql: `CAST(${l.sql} - to_days(CAST(${r.sql} AS INTEGER)) AS ${l.type})`, type: l.type };
      if (l.type === 'DATE' && r.type === 'DATE') return { sql: `date_diff('day', ${r.sql}, ${l.sql})`, type: 'BIGINT' };
      if (l.type.startsWith('TIMESTAMP') && r.type.startsWith('TIMESTAMP')) return { sql: `(epoch_ms(${l.sql}) - epoch_ms(${r.sql}))`, type: 'BIGINT' };
      return { sql: `(${l.sql} - ${r.sql})`, type: numericResult(l.type, r.type) };
    case '*':
      return { sql: `(${l.sql} * ${r.sql})`, type: numericResult(l.type, r.type) };
    case '/':
      return { sql: `(${l.sql} / ${r.sql})`, type: 'DOUBLE' };
    case '%':
      return { sql: `(${l.sql} % ${r.sql})`, type: numericResult(l.type, r.type) };
    case '^':
      return { sql: `xor(${l.sql}, ${r.sql})`, type: l.type };
    case '==':
      return { sql: `(${l.sql} = ${r.sql})`, type: 'BOOLEAN' };
    case '!=':
      return { sql: `(${l.sql} <> ${r.sql})`, type: 'BOOLEAN' };
    case '===':
    case '<=>':
      return { sql: `(${l.sql} IS NOT DISTINCT FROM ${r.sql})`, type: 'BOOLEAN' };
    case '!==':
      return { sql: `(${l.sql} IS DISTINCT FROM ${r.sql})`, type: 'BOOLEAN' };
    case '<':
    case '>':
    case '<=':
    case '>=':
      return { sql: `(${l.sql} ${op} ${r.sql})`, type: 'BOOLEAN' };
    case '&&':
      return { sql: `(${l.sql} AND ${r.sql})`, type: 'BOOLEAN' };
    case '||':
      return { sql: `(${l.sql} OR ${r.sql})`, type: 'BOOLEAN' };
    case '->':
      return { sql: `MAP {${l.sql}: ${r.sql}}`, type: `MAP(${l.type}, ${r.type})` };
    default:
      return fail(at, `Operator "${op}" is not supported.`);
  }
}

const NUM_RANK = ['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'FLOAT', 'DOUBLE'];
function numericResult(a: string, b: string): string {
  if (a.startsWith('DECIMAL') || b.startsWith('DECIMAL')) return a.startsWith('DECIMAL') && b.startsWith('DECIMAL') ? a : a.startsWith('DECIMAL') ? (NUM_RANK.indexOf(b) >= 5 ? 'DOUBLE' : a) : NUM_RANK.indexOf(a) >= 5 ? 'DOUBLE' : b;
  const ia = NUM_RANK.indexOf(a);
  const ib = NUM_RANK.indexOf(b);
  if (ia < 0 || ib < 0) return ia >= 0 ? a : ib >= 0 ? b : 'UNKNOWN';
  return NUM_RANK[Math.max(ia, ib)];
}

/** `cache#lookup(keys...)`, `cache#mlookup(keys...)`, `cache#outputs()`, `cache#output()` over a cache sink. */
function compileCacheCall(e: Extract<Expr, { t: 'call' }>, member: Extract<Expr, { t: 'hashMember' }>, scope: CompileScope): Compiled {
  if (member.object.t !== 'ident') return fail(member.object, 'A cached lookup is written cacheSinkName#lookup(...).');
  const name = member.object.name;
  const caches = scope.caches ?? new Map<string, { table: string; columns: ColumnInfo[]; keys: string[] }>();
  const cache = caches.get(name) ?? [...caches.entries()].find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
  if (!cache) return fail(member.object, `"${name}" is not a cache sink (a sink with store: 'cache') of this data flow.`);
  const struct = `struct_pack(${cache.columns.map((c) => `${quoteIdent(c.name)} := c.${quoteIdent(c.name)}`).join(', ')})`;
  const type = `STRUCT(${cache.columns.map((c) => `${quoteIdent(c.name)} ${c.type}`).join(', ')})`;
  const keyed = () => {
    if (!cache.keys.length) fail(member, `Cache sink "${name}" has no keys; add keys:['column'] to it to use ${member.name}().`);
    if (e.args.length !== cache.keys.length) fail(e, `${name}#${member.name}() takes ${cache.keys.length} key value(s) (${cache.keys.join(', ')}); got ${e.args.length}.`);
    return e.args.map((a, i) => `c.${quoteIdent(cache.keys[i])} = ${compileExpr(a, scope).sql}`).join(' AND ');
  };
  switch (member.name) {
    case 'lookup':
      return { sql: `(SELECT ${struct} FROM ${cache.table} c WHERE ${keyed()} LIMIT 1)`, type };
    case 'mlookup':
      return { sql: `(SELECT list(${struct}) FROM ${cache.table} c WHERE ${keyed()})`, type: `${type}[]` };
    case 'outputs':
      return { sql: `(SELECT list(${struct}) FROM ${cache.table} c)`, type: `${type}[]` };
    case 'output':
      return { sql: `(SELECT ${struct} FROM ${cache.table} c LIMIT 1)`, type };
    default:
      return fail(member, `Unknown cached lookup function ${member.name}(); use lookup, mlookup, output or outputs.`);
  }
}

function compileCall(e: Extract<Expr, { t: 'call' }>, scope: CompileScope): Compiled {
  if (e.callee.t === 'hashMember') return compileCacheCall(e, e.callee, scope);
  if (e.callee.t !== 'ident') return fail(e.callee, 'Only named functions can be called.');
  const name = e.callee.name;
  const udf = scope.udfs?.get(name);
  if (udf) {
    if (e.args.length !== udf.arity) fail(e, `Function ${name}() takes ${udf.arity} argument(s); got ${e.args.length}.`);
    const locals = new Map(scope.locals ?? []);
    e.args.forEach((a, i) => {
      const c = compileExpr(a, scope);
      locals.set(`i${i + 1}`, { sql: `(${c.sql})`, type: c.type });
    });
    const body = compileExpr(udf.body, { ...scope, locals });
    return { sql: `(${body.sql})`, type: body.type };
  }
  const fn = FUNCTIONS[name];
  if (!fn) {
    if (CACHE_FUNCTIONS.has(name)) fail(e.callee, `${name}() is called on a cache sink: cacheSinkName#${name}(...).`);
    const why = UNSUPPORTED[name];
    if (why !== undefined) fail(e.callee, `Function ${name}() is not supported by the local data flow engine${why ? ': ' + why : ''}.`);
    const ci = closestName(name, Object.keys(FUNCTIONS));
    fail(e.callee, `Unknown function ${name}()${ci ? `; did you mean ${ci}()?` : ''}.`);
  }
  if (e.args.length < fn.min || e.args.length > fn.max) {
    const range = fn.min === fn.max ? `${fn.min}` : fn.max === Infinity ? `at least ${fn.min}` : `${fn.min} to ${fn.max}`;
    fail(e, `Function ${name}() takes ${range} argument${fn.max === 1 ? '' : 's'}; got ${e.args.length}.`);
  }
  const ctx: FunctionContext = {
    scope,
    node: e,
    compile: (x, s) => compileExpr(x, s ?? scope),
    binary: compileBinary,
    fail: (msg, node) => fail(node ?? e, msg),
  };
  let out: Compiled;
  if (fn.special) out = fn.special(e.args, ctx);
  else out = fn.compile!(e.args.map((a) => compileExpr(a, scope)), ctx);
  if (fn.kind === 'window') {
    if (!scope.windowSpec) fail(e.callee, `${name}() is a window function; use it in a window or rank transformation.`);
    out = { sql: out.sql.replace('__W__', scope.windowSpec), type: out.type };
  } else if (fn.kind === 'aggregate' && scope.windowSpec) {
    out = { sql: `${out.sql} OVER ${scope.windowSpec}`, type: out.type };
  }
  return out;
}
