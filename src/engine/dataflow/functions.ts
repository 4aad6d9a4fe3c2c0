/**
 * The data flow expression functions and their DuckDB translations. Every documented function is either
 * here (FUNCTIONS) or listed in UNSUPPORTED with the reason the local engine rejects it.
 */
import type { Expr } from './ast';
import type { Compiled, CompileScope } from './compile';
import { findColumn, isListType, isStringType, javaToStrftime, quoteIdent, quoteLiteral } from './types';

export interface FunctionContext {
  scope: CompileScope;
  node: Expr;
  compile(e: Expr, scope?: CompileScope): Compiled;
  /** The binary operators' rules (`+` on strings, dates, numbers ...), for functions that are spelled as operators. */
  binary(op: string, l: Compiled, r: Compiled, at: Expr): Compiled;
  fail(message: string, node?: Expr): never;
}

export interface FunctionDef {
  min: number;
  max: number;
  kind?: 'aggregate' | 'window';
  /** Compiles already-compiled arguments. */
  compile?: (args: Compiled[], ctx: FunctionContext) => Compiled;
  /** Compiles from the argument nodes (lambdas, literal-only arguments). */
  special?: (args: Expr[], ctx: FunctionContext) => Compiled;
}

const F = (min: number, max: number, compile: FunctionDef['compile'], kind?: FunctionDef['kind']): FunctionDef => ({ min, max, compile, kind });
const S = (min: number, max: number, special: FunctionDef['special'], kind?: FunctionDef['kind']): FunctionDef => ({ min, max, special, kind });
const fn = (sqlName: string, type: string | ((a: Compiled[]) => string), min = 1, max = min): FunctionDef =>
  F(min, max, (a) => ({ sql: `${sqlName}(${a.map((x) => x.sql).join(', ')})`, type: typeof type === 'function' ? type(a) : type }));
const same = (a: Compiled[]) => a[0]?.type ?? 'UNKNOWN';
const str = (c: Compiled) => (isStringType(c.type) ? c.sql : `CAST(${c.sql} AS VARCHAR)`);
const bool = (sql: string): Compiled => ({ sql, type: 'BOOLEAN' });
const vc = (sql: string): Compiled => ({ sql, type: 'VARCHAR' });

/** A literal string argument (formats, patterns); fails when the argument is not a literal. */
function literalString(e: Expr, ctx: FunctionContext, what: string): string {
  if (e.t === 'str') return e.value;
  if (e.t === 'param') {
    const p = ctx.scope.params[e.name];
    const m = p && /^(?:CAST\()?'((?:[^']|'')*)'(?: AS VARCHAR\))?$/.exec(p.sql);
    if (m) return m[1].replace(/''/g, "'");
  }
  return ctx.fail(`The ${what} must be a literal string here.`, e);
}

function isLiteral(e: Expr, ctx: FunctionContext): boolean {
  try {
    literalString(e, ctx, 'value');
    return true;
  } catch {
    return false;
  }
}

function cast(type: string): FunctionDef {
  return S(1, 3, (args, ctx) => {
    const v = ctx.compile(args[0]);
    if (args[1] && (type === 'DATE' || type.startsWith('TIMESTAMP'))) {
      const fmt = javaToStrftime(literalString(args[1], ctx, 'format'));
      const src = isStringType(v.type) ? v.sql : `CAST(${v.sql} AS VARCHAR)`;
      return { sql: `CAST(try_strptime(${src}, ${quoteLiteral(fmt)}) AS ${type})`, type };
    }
    if (args[1] && /INT|DOUBLE|FLOAT|DECIMAL/.test(type) && isStringType(v.type)) {
      // Number formats like '#,###.##': drop grouping separators before converting.
      return { sql: `TRY_CAST(replace(${v.sql}, ',', '') AS ${type})`, type };
    }
    if (type === 'BOOLEAN' && isStringType(v.type)) {
      return { sql: `(CASE WHEN lower(trim(${v.sql})) IN ('true','t','yes','y','1') THEN TRUE WHEN lower(trim(${v.sql})) IN ('false','f','no','n','0') THEN FALSE END)`, type };
    }
    return { sql: `TRY_CAST(${v.sql} AS ${type})`, type };
  });
}

function toDecimal(): FunctionDef {
  return S(1, 5, (args, ctx) => {
    const v = ctx.compile(args[0]);
    const p = args[1] ? Number(literalNumber(args[1], ctx)) : 10;
    const s = args[2] ? Number(literalNumber(args[2], ctx)) : 0;
    const type = `DECIMAL(${p},${s})`;
    return { sql: `TRY_CAST(${v.sql} AS ${type})`, type };
  });
}

function literalNumber(e: Expr, ctx: FunctionContext): string {
  if (e.t === 'num') return e.raw.replace(/[lLdDfFsSbB]$/, '');
  return ctx.fail('Expected a literal number.', e);
}

function isType(type: string): FunctionDef {
  return S(1, 2, (args, ctx) => {
    const v = ctx.compile(args[0]);
    if (args[1] && (type === 'DATE' || type === 'TIMESTAMP')) {
      const fmt = javaToStrftime(literalString(args[1], ctx, 'format'));
      return bool(`(try_strptime(${str(v)}, ${quoteLiteral(fmt)}) IS NOT NULL)`);
    }
    return bool(`(TRY_CAST(${v.sql} AS ${type}) IS NOT NULL)`);
  });
}

function aggregate(sqlName: string, type: string | ((a: Compiled[]) => string), min = 1, max = min): FunctionDef {
  return F(min, max, (a) => ({ sql: `${sqlName}(${a.map((x) => x.sql).join(', ')})`, type: typeof type === 'function' ? type(a) : type }), 'aggregate');
}
/** `fooIf(condition, value)` → `foo(value) FILTER (WHERE condition)`. */
function aggregateIf(sqlName: string, type: string | ((a: Compiled[]) => string)): FunctionDef {
  return F(2, 2, (a) => ({ sql: `${sqlName}(${a[1].sql}) FILTER (WHERE ${a[0].sql})`, type: typeof type === 'function' ? type(a.slice(1)) : type }), 'aggregate');
}

/** Compiles a lambda body with #item, #index, #acc, ... bound to SQL lambda parameters (with their types when known). */
function lambda(args: Expr[], ctx: FunctionContext, vars: Record<string, string | Compiled>, body: Expr): Compiled {
  const scope = { ...ctx.scope, vars: new Map(ctx.scope.vars ?? []) };
  for (const [k, v] of Object.entries(vars)) scope.vars.set(k, typeof v === 'string' ? { sql: v, type: k === 'index' ? 'BIGINT' : 'UNKNOWN' } : v);
  void args;
  return ctx.compile(body, scope);
}
const elementOf = (arr: Compiled, sql: string): Compiled => ({ sql, type: arr.type.endsWith('[]') ? arr.type.slice(0, -2) : 'UNKNOWN' });

function dateFormatArg(args: Expr[], i: number, ctx: FunctionContext): string | undefined {
  return args[i] ? javaToStrftime(literalString(args[i], ctx, 'format')) : undefined;
}

function columnsOf(ctx: FunctionContext): { name: string; type: string }[] {
  return ctx.scope.columns;
}

/** Adds or subtracts days/months, keeping a date a date (DuckDB's DATE + INTERVAL is a TIMESTAMP). */
function dateShift(op: '+' | '-', unit: 'to_days' | 'to_months', max = 2): FunctionDef {
  return F(2, max, (a) => {
    const t = a[0].type === 'DATE' ? 'DATE' : 'TIMESTAMP';
    return { sql: `CAST(${a[0].sql} ${op} ${unit}(CAST(${a[1].sql} AS INTEGER)) AS ${t})`, type: t };
  });
}

const part = (unit: string) => F(1, 2, (a) => ({ sql: `CAST(date_part('${unit}', ${a[0].sql}) AS INTEGER)`, type: 'INTEGER' }));
/** days(n), hours(n), ...: a duration that can be added to dates and timestamps. */
const interval = (mult: number) => F(1, 1, (a) => ({ sql: `to_milliseconds(CAST(${a[0].sql} AS BIGINT) * ${mult})`, type: 'INTERVAL' }));

export const FUNCTIONS: Record<string, FunctionDef> = {
  // ----------------------------------------------------------------- logic and comparison
  iif: F(2, 3, (a) => ({ sql: `(CASE WHEN ${a[0].sql} THEN ${a[1].sql} ELSE ${a[2]?.sql ?? 'NULL'} END)`, type: a[1].type === 'NULL' ? a[2]?.type ?? 'UNKNOWN' : a[1].type })),
  iifNull: F(1, Infinity, (a) => (a.length === 1 ? bool(`(${a[0].sql} IS NULL)`) : { sql: `coalesce(${a.map((x) => x.sql).join(', ')})`, type: same(a) })),
  case: F(2, Infinity, (a) => {
    let sql = '(CASE';
    let i = 0;
    for (; i + 1 < a.length; i += 2) sql += ` WHEN ${a[i].sql} THEN ${a[i + 1].sql}`;
    sql += i < a.length ? ` ELSE ${a[i].sql} END)` : ' END)';
    return { sql, type: a[1].type };
  }),
  coalesce: F(1, Infinity, (a) => ({ sql: `coalesce(${a.map((x) => x.sql).join(', ')})`, type: a.find((x) => x.type !== 'NULL')?.type ?? 'UNKNOWN' })),
  isNull: F(1, 1, (a) => bool(`(${a[0].sql} IS NULL)`)),
  and: F(2, 2, (a) => bool(`(${a[0].sql} AND ${a[1].sql})`)),
  or: F(2, 2, (a) => bool(`(${a[0].sql} OR ${a[1].sql})`)),
  not: F(1, 1, (a) => bool(`(NOT ${a[0].sql})`)),
  xor: F(2, 2, (a) => bool(`(${a[0].sql} <> ${a[1].sql})`)),
  equals: F(2, 2, (a) => bool(`(${a[0].sql} = ${a[1].sql})`)),
  notEquals: F(2, 2, (a) => bool(`(${a[0].sql} <> ${a[1].sql})`)),
  equalsIgnoreCase: F(2, 2, (a) => bool(`(lower(${str(a[0])}) = lower(${str(a[1])}))`)),
  greater: F(2, 2, (a) => bool(`(${a[0].sql} > ${a[1].sql})`)),
  greaterOrEqual: F(2, 2, (a) => bool(`(${a[0].sql} >= ${a[1].sql})`)),
  lesser: F(2, 2, (a) => bool(`(${a[0].sql} < ${a[1].sql})`)),
  lesserOrEqual: F(2, 2, (a) => bool(`(${a[0].sql} <= ${a[1].sql})`)),
  between: F(3, 3, (a) => bool(`(${a[0].sql} BETWEEN ${a[1].sql} AND ${a[2].sql})`)),
  greatest: F(1, Infinity, (a) => ({ sql: `greatest(${a.map((x) => x.sql).join(', ')})`, type: same(a) })),
  least: F(1, Infinity, (a) => ({ sql: `least(${a.map((x) => x.sql).join(', ')})`, type: same(a) })),
  true: F(0, 0, () => bool('TRUE')),
  false: F(0, 0, () => bool('FALSE')),
  null: F(0, 0, () => ({ sql: 'NULL', type: 'NULL' })),
  in: F(2, 2, (a) => bool(`list_contains(${a[0].sql}, ${a[1].sql})`)),
  isNan: F(1, 1, (a) => bool(`isnan(${a[0].sql})`)),

  // ----------------------------------------------------------------- arithmetic
  add: F(2, 2, (a, c) => binaryVia('+', a, c)),
  minus: F(2, 2, (a, c) => binaryVia('-', a, c)),
  multiply: F(2, 2, (a) => ({ sql: `(${a[0].sql} * ${a[1].sql})`, type: same(a) })),
  divide: F(2, 2, (a) => ({ sql: `(${a[0].sql} / ${a[1].sql})`, type: 'DOUBLE' })),
  mod: F(2, 2, (a) => ({ sql: `(${a[0].sql} % ${a[1].sql})`, type: same(a) })),
  pMod: F(2, 2, (a) => ({ sql: `(((${a[0].sql} % ${a[1].sql}) + ${a[1].sql}) % ${a[1].sql})`, type: same(a) })),
  negate: F(1, 1, (a) => ({ sql: `(-${a[0].sql})`, type: same(a) })),
  abs: fn('abs', same),
  ceil: fn('ceil', same),
  floor: fn('floor', same),
  round: F(1, 3, (a) => ({ sql: `round(${a[0].sql}, ${a[1]?.sql ?? 0})`, type: same(a) })),
  power: fn('pow', 'DOUBLE', 2),
  sqrt: fn('sqrt', 'DOUBLE'),
  cbrt: fn('cbrt', 'DOUBLE'),
  log: F(1, 2, (a) => ({ sql: a.length === 2 ? `(ln(${a[0].sql}) / ln(${a[1].sql}))` : `ln(${a[0].sql})`, type: 'DOUBLE' })),
  log10: fn('log10', 'DOUBLE'),
  factorial: F(1, 1, (a) => ({ sql: `CAST(factorial(CAST(${a[0].sql} AS INTEGER)) AS BIGINT)`, type: 'BIGINT' })),
  sin: fn('sin', 'DOUBLE'), cos: fn('cos', 'DOUBLE'), tan: fn('tan', 'DOUBLE'),
  asin: fn('asin', 'DOUBLE'), acos: fn('acos', 'DOUBLE'), atan: fn('atan', 'DOUBLE'), atan2: fn('atan2', 'DOUBLE', 2),
  sinh: F(1, 1, (a) => ({ sql: `((exp(${a[0].sql}) - exp(-(${a[0].sql}))) / 2)`, type: 'DOUBLE' })),
  cosh: F(1, 1, (a) => ({ sql: `((exp(${a[0].sql}) + exp(-(${a[0].sql}))) / 2)`, type: 'DOUBLE' })),
  tanh: F(1, 1, (a) => ({ sql: `tanh(${a[0].sql})`, type: 'DOUBLE' })),
  degrees: fn('degrees', 'DOUBLE'),
  radians: fn('radians', 'DOUBLE'),
  random: F(0, 1, () => ({ sql: 'random()', type: 'DOUBLE' })),
  bitwiseAnd: F(2, 2, (a) => ({ sql: `(${a[0].sql} & ${a[1].sql})`, type: same(a) })),
  bitwiseOr: F(2, 2, (a) => ({ sql: `(${a[0].sql} | ${a[1].sql})`, type: same(a) })),
  bitwiseXor: F(2, 2, (a) => ({ sql: `xor(${a[0].sql}, ${a[1].sql})`, type: same(a) })),

  // ----------------------------------------------------------------- strings
  concat: F(1, Infinity, (a) => vc(`(${a.map(str).join(' || ')})`)),
  concatWS: F(2, Infinity, (a) => vc(`concat_ws(${a.map(str).join(', ')})`)),
  length: F(1, 1, (a) => ({ sql: `length(${str(a[0])})`, type: 'INTEGER' })),
  lower: F(1, 1, (a) => vc(`lower(${str(a[0])})`)),
  upper: F(1, 1, (a) => vc(`upper(${str(a[0])})`)),
  initCap: F(1, 1, (a) => vc(`array_to_string(list_transform(string_split(lower(${str(a[0])}), ' '), w -> upper(w[1]) || w[2:]), ' ')`)),
  trim: F(1, 2, (a) => vc(a[1] ? `trim(${str(a[0])}, ${a[1].sql})` : `trim(${str(a[0])})`)),
  ltrim: F(1, 2, (a) => vc(a[1] ? `ltrim(${str(a[0])}, ${a[1].sql})` : `ltrim(${str(a[0])})`)),
  rtrim: F(1, 2, (a) => vc(a[1] ? `rtrim(${str(a[0])}, ${a[1].sql})` : `rtrim(${str(a[0])})`)),
  left: F(2, 2, (a) => vc(`left(${str(a[0])}, ${a[1].sql})`)),
  right: F(2, 2, (a) => vc(`right(${str(a[0])}, ${a[1].sql})`)),
  substring: F(2, 3, (a) => vc(a[2] ? `substring(${str(a[0])}, ${a[1].sql}, ${a[2].sql})` : `substring(${str(a[0])}, ${a[1].sql})`)),
  substringIndex: F(3, 3, (a) => vc(`(CASE WHEN ${a[2].sql} > 0 THEN array_to_string(string_split(${str(a[0])}, ${a[1].sql})[1:${a[2].sql}], ${a[1].sql}) ELSE array_to_string(string_split(${str(a[0])}, ${a[1].sql})[${a[2].sql}:], ${a[1].sql}) END)`)),
  instr: F(2, 2, (a) => ({ sql: `instr(${str(a[0])}, ${str(a[1])})`, type: 'INTEGER' })),
  locate: F(2, 3, (a) => ({ sql: a[2] ? `(CASE WHEN instr(substring(${str(a[1])}, ${a[2].sql}), ${str(a[0])}) = 0 THEN 0 ELSE instr(substring(${str(a[1])}, ${a[2].sql}), ${str(a[0])}) + ${a[2].sql} - 1 END)` : `instr(${str(a[1])}, ${str(a[0])})`, type: 'INTEGER' })),
  replace: F(2, 3, (a) => vc(`replace(${str(a[0])}, ${str(a[1])}, ${a[2] ? str(a[2]) : "''"})`)),
  translate: F(3, 3, (a) => vc(`translate(${str(a[0])}, ${str(a[1])}, ${str(a[2])})`)),
  reverse: F(1, 1, (a) => (isListType(a[0].type) ? { sql: `list_reverse(${a[0].sql})`, type: a[0].type } : vc(`reverse(${str(a[0])})`))),
  lpad: F(3, 3, (a) => vc(`lpad(${str(a[0])}, ${a[1].sql}, ${str(a[2])})`)),
  rpad: F(3, 3, (a) => vc(`rpad(${str(a[0])}, ${a[1].sql}, ${str(a[2])})`)),
  startsWith: F(2, 2, (a) => bool(`starts_with(${str(a[0])}, ${str(a[1])})`)),
  endsWith: F(2, 2, (a) => bool(`ends_with(${str(a[0])}, ${str(a[1])})`)),
  like: F(2, 2, (a) => bool(`(${str(a[0])} LIKE ${str(a[1])})`)),
  rlike: F(2, 2, (a) => bool(`regexp_matches(${str(a[0])}, ${str(a[1])})`)),
  regexMatch: F(2, 2, (a) => bool(`regexp_matches(${str(a[0])}, ${str(a[1])})`)),
  regexExtract: F(2, 3, (a) => vc(`nullif(regexp_extract(${str(a[0])}, ${str(a[1])}, ${a[2]?.sql ?? 1}), '')`)),
  regexReplace: S(3, 3, (args, ctx) => {
    const [s, p] = [ctx.compile(args[0]), ctx.compile(args[1])];
    const r = args[2].t === 'str' ? vc(quoteLiteral(args[2].value.replace(/\\/g, '\\\\').replace(/\$(\d)/g, '\\$1'))) : ctx.compile(args[2]);
    return vc(`regexp_replace(${str(s)}, ${str(p)}, ${str(r)}, 'g')`);
  }),
  regexSplit: F(2, 2, (a) => ({ sql: `regexp_split_to_array(${str(a[0])}, ${str(a[1])})`, type: 'VARCHAR[]' })),
  split: F(2, 2, (a) => ({ sql: `string_split(${str(a[0])}, ${str(a[1])})`, type: 'VARCHAR[]' })),
  levenshtein: F(2, 2, (a) => ({ sql: `levenshtein(${str(a[0])}, ${str(a[1])})`, type: 'BIGINT' })),
  jaroWinkler: F(2, 2, (a) => ({ sql: `jaro_winkler_similarity(${str(a[0])}, ${str(a[1])})`, type: 'DOUBLE' })),
  md5: F(1, Infinity, (a) => vc(`md5(${a.map(str).join(' || ')})`)),
  sha1: F(1, Infinity, (a) => vc(`sha1(${a.map(str).join(' || ')})`)),
  sha2: S(2, Infinity, (args, ctx) => {
    const bits = literalNumber(args[0], ctx);
    if (bits !== '256' && bits !== '0') ctx.fail(`sha2() with ${bits} bits is not supported by the local engine; only 256 is.`, args[0]);
    return vc(`sha256(${args.slice(1).map((x) => str(ctx.compile(x))).join(' || ')})`);
  }),
  ascii: F(1, 1, (a) => ({ sql: `ascii(${str(a[0])})`, type: 'INTEGER' })),
  soundex: F(1, 1, (a) => {
    // American Soundex: letters to digit classes; H and W do not separate equal codes, vowels do.
    const s = `upper(regexp_replace(${str(a[0])}, '[^A-Za-z]', '', 'g'))`;
    const codes = `string_split(replace(translate(${s}, 'AEIOUYHWBFPVCGJKQSXZDTLMNR', '00000099111122222222334556'), '9', ''), '')`;
    return vc(`(CASE WHEN length(${s}) = 0 THEN NULL ELSE rpad(left(${s}, 1) || left(replace(array_to_string(list_filter(${codes}, (ch, i) -> i = 1 OR ch <> ${codes}[i - 1])[2:], ''), '0', ''), 3), 4, '0') END)`);
  }),
  char: F(1, 1, (a) => vc(`chr(CAST(${a[0].sql} AS INTEGER))`)),
  toBase64: F(1, 2, (a) => vc(`to_base64(encode(${str(a[0])}))`)),
  fromBase64: F(1, 2, (a) => vc(`decode(from_base64(${str(a[0])}))`)),
  hex: F(1, 1, (a) => vc(`hex(${a[0].sql})`)),
  unhex: F(1, 1, (a) => ({ sql: `unhex(${str(a[0])})`, type: 'BLOB' })),
  encode: F(1, 2, (a) => ({ sql: `encode(${str(a[0])})`, type: 'BLOB' })),
  decode: F(1, 2, (a) => vc(`decode(${a[0].sql})`)),
  uuid: F(0, 0, () => vc('CAST(uuid() AS VARCHAR)')),
  escape: S(2, 2, (args, ctx) => {
    const v = str(ctx.compile(args[0]));
    const format = literalString(args[1], ctx, 'format').toLowerCase();
    if (format === 'json') return vc(`replace(replace(replace(replace(replace(${v}, '\\', '\\\\'), '"', '\\"'), chr(10), '\\n'), chr(13), '\\r'), chr(9), '\\t')`);
    if (format === 'xml' || format === 'html') return vc(`replace(replace(replace(replace(replace(${v}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&apos;')`);
    if (format === 'java') return vc(`replace(replace(replace(${v}, '\\', '\\\\'), '"', '\\"'), chr(10), '\\n')`);
    return ctx.fail(`escape() supports the formats 'json', 'xml', 'html' and 'java', not '${format}'.`, args[1]);
  }),
  unescape: S(2, 2, (args, ctx) => {
    const v = str(ctx.compile(args[0]));
    const format = literalString(args[1], ctx, 'format').toLowerCase();
    if (format === 'json' || format === 'java') return vc(`replace(replace(replace(replace(replace(${v}, '\\n', chr(10)), '\\r', chr(13)), '\\t', chr(9)), '\\"', '"'), '\\\\', '\\')`);
    if (format === 'xml' || format === 'html') return vc(`replace(replace(replace(replace(replace(${v}, '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&apos;', ''''), '&amp;', '&')`);
    return ctx.fail(`unescape() supports the formats 'json', 'xml', 'html' and 'java', not '${format}'.`, args[1]);
  }),

  // ----------------------------------------------------------------- conversion
  toString: S(1, 3, (args, ctx) => {
    const v = ctx.compile(args[0]);
    const fmt = dateFormatArg(args, 1, ctx);
    if (fmt && (v.type === 'DATE' || v.type.startsWith('TIMESTAMP'))) return vc(`strftime(${v.sql}, ${quoteLiteral(fmt)})`);
    if (fmt && /INT|DOUBLE|FLOAT|DECIMAL/.test(v.type)) {
      const f = literalString(args[1], ctx, 'format');
      const decimals = (f.split('.')[1] ?? '').length;
      const grouping = f.includes(',');
      return vc(`format('{:${grouping ? ',' : ''}.${decimals}f}', CAST(${v.sql} AS DOUBLE))`);
    }
    if (v.type === 'BOOLEAN') return vc(`lower(CAST(${v.sql} AS VARCHAR))`);
    return vc(`CAST(${v.sql} AS VARCHAR)`);
  }),
  toInteger: cast('INTEGER'),
  toLong: cast('BIGINT'),
  toShort: cast('SMALLINT'),
  toByte: cast('TINYINT'),
  toDouble: cast('DOUBLE'),
  toFloat: cast('FLOAT'),
  toBoolean: cast('BOOLEAN'),
  toDate: cast('DATE'),
  toTimestamp: cast('TIMESTAMP'),
  toDecimal: toDecimal(),
  toBinary: F(1, 1, (a) => ({ sql: isStringType(a[0].type) ? `encode(${a[0].sql})` : `CAST(${a[0].sql} AS BLOB)`, type: 'BLOB' })),
  toUTC: F(1, 2, (a) => ({ sql: a[1] ? `timezone('UTC', timezone(${a[1].sql}, CAST(${a[0].sql} AS TIMESTAMP)))` : `CAST(${a[0].sql} AS TIMESTAMP)`, type: 'TIMESTAMP' })),
  fromUTC: F(1, 2, (a) => ({ sql: a[1] ? `timezone(${a[1].sql}, timezone('UTC', CAST(${a[0].sql} AS TIMESTAMP)))` : `CAST(${a[0].sql} AS TIMESTAMP)`, type: 'TIMESTAMP' })),
  isInteger: isType('INTEGER'),
  isLong: isType('BIGINT'),
  isShort: isType('SMALLINT'),
  isByte: isType('TINYINT'),
  isDouble: isType('DOUBLE'),
  isFloat: isType('FLOAT'),
  isDecimal: isType('DECIMAL(38,10)'),
  isBoolean: F(1, 1, (a) => bool(`(lower(trim(${str(a[0])})) IN ('true','false','t','f','yes','no','y','n','1','0'))`)),
  isDate: isType('DATE'),
  isTimestamp: isType('TIMESTAMP'),

  // ----------------------------------------------------------------- dates
  currentDate: F(0, 1, (_a, c) => ({ sql: `DATE '${c.scope.now.toISOString().slice(0, 10)}'`, type: 'DATE' })),
  currentTimestamp: F(0, 0, (_a, c) => ({ sql: `TIMESTAMP '${c.scope.now.toISOString().replace('T', ' ').replace('Z', '')}'`, type: 'TIMESTAMP' })),
  currentUTC: F(0, 1, (_a, c) => ({ sql: `TIMESTAMP '${c.scope.now.toISOString().replace('T', ' ').replace('Z', '')}'`, type: 'TIMESTAMP' })),
  year: part('year'),
  month: part('month'),
  dayOfMonth: part('day'),
  dayOfWeek: F(1, 1, (a) => ({ sql: `CAST(date_part('dow', ${a[0].sql}) + 1 AS INTEGER)`, type: 'INTEGER' })),
  dayOfYear: part('doy'),
  weekOfYear: part('week'),
  hour: part('hour'),
  minute: part('minute'),
  second: part('second'),
  millisecond: F(1, 2, (a) => ({ sql: `CAST(date_part('millisecond', ${a[0].sql}) % 1000 AS INTEGER)`, type: 'INTEGER' })),
  addDays: dateShift('+', 'to_days'),
  subDays: dateShift('-', 'to_days'),
  addMonths: dateShift('+', 'to_months', 3),
  subMonths: dateShift('-', 'to_months'),
  lastDayOfMonth: F(1, 1, (a) => ({ sql: `last_day(CAST(${a[0].sql} AS DATE))`, type: 'DATE' })),
  monthsBetween: F(2, 4, (a) => ({ sql: `(datediff('month', CAST(${a[1].sql} AS TIMESTAMP), CAST(${a[0].sql} AS TIMESTAMP)))::DOUBLE`, type: 'DOUBLE' })),
  days: interval(86400000),
  hours: interval(3600000),
  minutes: interval(60000),
  seconds: interval(1000),
  milliseconds: interval(1),
  weeks: interval(7 * 86400000),

  // ----------------------------------------------------------------- arrays and maps
  array: F(0, Infinity, (a) => ({ sql: `[${a.map((x) => x.sql).join(', ')}]`, type: `${a[0]?.type ?? 'VARCHAR'}[]` })),
  size: F(1, 1, (a) => ({ sql: a[0].type.startsWith('MAP') ? `cardinality(${a[0].sql})` : `len(${a[0].sql})`, type: 'INTEGER' })),
  at: F(2, 2, (a) => ({ sql: `${a[0].sql}[${a[1].sql}]`, type: a[0].type.endsWith('[]') ? a[0].type.slice(0, -2) : 'UNKNOWN' })),
  contains: S(2, 2, (args, ctx) => {
    const arr = ctx.compile(args[0]);
    const body = lambda(args, ctx, { item: elementOf(arr, 'x') }, args[1]);
    return bool(`(len(list_filter(${arr.sql}, x -> ${body.sql})) > 0)`);
  }),
  map: S(2, 2, (args, ctx) => {
    const arr = ctx.compile(args[0]);
    const body = lambda(args, ctx, { item: elementOf(arr, 'x') }, args[1]);
    return { sql: `list_transform(${arr.sql}, x -> ${body.sql})`, type: body.type === 'UNKNOWN' ? 'UNKNOWN' : `${body.type}[]` };
  }),
  mapIndex: S(2, 2, (args, ctx) => {
    const arr = ctx.compile(args[0]);
    const body = lambda(args, ctx, { item: elementOf(arr, 'x'), index: 'i' }, args[1]);
    return { sql: `list_transform(${arr.sql}, (x, i) -> ${body.sql})`, type: `${body.type}[]` };
  }),
  mapIf: S(3, 3, (args, ctx) => {
    const arr = ctx.compile(args[0]);
    const cond = lambda(args, ctx, { item: elementOf(arr, 'x') }, args[1]);
    const body = lambda(args, ctx, { item: elementOf(arr, 'x') }, args[2]);
    return { sql: `list_transform(list_filter(${arr.sql}, x -> ${cond.sql}), x -> ${body.sql})`, type: `${body.type}[]` };
  }),
  mapLoop: S(2, 2, (args, ctx) => {
    const n = ctx.compile(args[0]);
    const body = lambda(args, ctx, { index: 'i' }, args[1]);
    return { sql: `list_transform(range(1, ${n.sql} + 1), i -> ${body.sql})`, type: `${body.type}[]` };
  }),
  filter: S(2, 2, (args, ctx) => {
    const arr = ctx.compile(args[0]);
    const body = lambda(args, ctx, { item: elementOf(arr, 'x') }, args[1]);
    return { sql: `list_filter(${arr.sql}, x -> ${body.sql})`, type: arr.type };
  }),
  find: S(2, 2, (args, ctx) => {
    const arr = ctx.compile(args[0]);
    const body = lambda(args, ctx, { item: elementOf(arr, 'x') }, args[1]);
    return { sql: `list_filter(${arr.sql}, x -> ${body.sql})[1]`, type: arr.type.endsWith('[]') ? arr.type.slice(0, -2) : 'UNKNOWN' };
  }),
  reduce: S(4, 4, (args, ctx) => {
    const arr = ctx.compile(args[0]);
    const init = ctx.compile(args[1]);
    const step = lambda(args, ctx, { acc: { sql: 'acc', type: init.type }, item: elementOf(arr, 'x') }, args[2]);
    const result = lambda(args, ctx, { result: { sql: 'r', type: init.type } }, args[3]);
    return { sql: `(SELECT ${result.sql} FROM (SELECT list_reduce(list_prepend(${init.sql}, ${arr.sql}), (acc, x) -> ${step.sql}) AS r))`, type: result.type === 'UNKNOWN' ? init.type : result.type };
  }),
  sort: S(2, 2, (args, ctx) => {
    const arr = ctx.compile(args[0]);
    const cmp = args[1];
    // compare(#item1, #item2) / compare(#item2, #item1) are the documented orderings.
    if (cmp.t === 'call' && cmp.callee.t === 'ident' && cmp.callee.name === 'compare' && cmp.args.length === 2 && cmp.args[0].t === 'hash' && cmp.args[1].t === 'hash') {
      const desc = cmp.args[0].name === 'item2';
      return { sql: `list_sort(${arr.sql}, '${desc ? 'DESC' : 'ASC'}')`, type: arr.type };
    }
    return ctx.fail('sort() is supported with compare(#item1, #item2) or compare(#item2, #item1) as the comparator.', cmp);
  }),
  compare: F(2, 2, (a) => ({ sql: `(CASE WHEN ${a[0].sql} < ${a[1].sql} THEN -1 WHEN ${a[0].sql} > ${a[1].sql} THEN 1 ELSE 0 END)`, type: 'INTEGER' })),
  distinct: F(1, 1, (a) => ({ sql: `list_filter(${a[0].sql}, (x, i) -> list_position(${a[0].sql}, x) = i)`, type: a[0].type })),
  except: F(2, 2, (a) => ({ sql: `list_filter(${a[0].sql}, x -> NOT list_contains(${a[1].sql}, x))`, type: a[0].type })),
  intersect: F(2, 2, (a) => ({ sql: `list_intersect(${a[0].sql}, ${a[1].sql})`, type: a[0].type })),
  union: F(2, 2, (a) => ({ sql: `list_distinct(list_concat(${a[0].sql}, ${a[1].sql}))`, type: a[0].type })),
  flatten: F(1, 3, (a) => ({ sql: `flatten(${a[0].sql})`, type: a[0].type.endsWith('[][]') ? a[0].type.slice(0, -2) : 'UNKNOWN' })),
  slice: F(2, 3, (a) => ({ sql: a[2] ? `${a[0].sql}[${a[1].sql}:${a[1].sql} + ${a[2].sql} - 1]` : `${a[0].sql}[${a[1].sql}:]`, type: a[0].type })),
  keyValues: F(2, 2, (a) => ({ sql: `map_from_entries(list_zip(${a[0].sql}, ${a[1].sql}))`, type: 'MAP(VARCHAR, VARCHAR)' })),
  associate: F(2, Infinity, (a) => {
    const keys: string[] = [];
    const vals: string[] = [];
    for (let i = 0; i + 1 < a.length; i += 2) {
      keys.push(a[i].sql);
      vals.push(a[i + 1].sql);
    }
    return { sql: `MAP([${keys.join(', ')}], [${vals.join(', ')}])`, type: `MAP(VARCHAR, ${a[1].type})` };
  }),

  // ----------------------------------------------------------------- schema (metadata) functions
  byName: S(1, 2, (args, ctx) => {
    const cols = args[1] ? streamColumns(args[1], ctx) : { alias: ctx.scope.alias, columns: columnsOf(ctx) };
    if (!isLiteral(args[0], ctx)) {
      // A name computed per row: pick the column at run time; values come back as strings.
      const key = ctx.compile(args[0]);
      const whens = cols.columns.map((c) => `WHEN ${quoteLiteral(c.name.toLowerCase())} THEN CAST(${cols.alias ? cols.alias + '.' : ''}${quoteIdent(c.name)} AS VARCHAR)`);
      return vc(whens.length ? `(CASE lower(${str(key)}) ${whens.join(' ')} END)` : 'CAST(NULL AS VARCHAR)');
    }
    const name = literalString(args[0], ctx, 'column name of byName()');
    const c = findColumn(cols.columns, name);
    return c ? { sql: `${cols.alias ? cols.alias + '.' : ''}${quoteIdent(c.name)}`, type: c.type } : { sql: 'NULL', type: 'NULL' };
  }),
  byPosition: S(1, 1, (args, ctx) => {
    const n = Number(literalNumber(args[0], ctx));
    const c = ctx.scope.columns[n - 1];
    return c ? { sql: `${ctx.scope.alias ? ctx.scope.alias + '.' : ''}${quoteIdent(c.name)}`, type: c.type } : { sql: 'NULL', type: 'NULL' };
  }),
  hasColumn: S(1, 2, (args, ctx) => {
    const name = literalString(args[0], ctx, 'column name of hasColumn()');
    const cols = args[1] ? streamColumns(args[1], ctx).columns : columnsOf(ctx);
    return bool(findColumn(cols, name) ? 'TRUE' : 'FALSE');
  }),
  columnNames: S(0, 2, (args, ctx) => {
    const cols = args[0] && !(args[0].t === 'str' && args[0].value === '') ? streamColumns(args[0], ctx).columns : columnsOf(ctx);
    return { sql: `([${cols.map((c) => quoteLiteral(c.name)).join(', ')}]::VARCHAR[])`, type: 'VARCHAR[]' };
  }),
  columns: S(0, 2, (_args, ctx) => ({ sql: `([${columnsOf(ctx).map((c) => `CAST(${(ctx.scope.alias ? ctx.scope.alias + '.' : '') + quoteIdent(c.name)} AS VARCHAR)`).join(', ')}]::VARCHAR[])`, type: 'VARCHAR[]' })),
  partitionId: F(0, 0, () => ({ sql: '0', type: 'INTEGER' })),
  typeMatch: S(2, 2, (args, ctx) => {
    const t = ctx.compile(args[0]);
    const want = literalString(args[1], ctx, 'type class').toLowerCase();
    const classes: Record<string, string[]> = { number: ['integer', 'long', 'short', 'byte', 'double', 'float', 'decimal'], integral: ['integer', 'long', 'short', 'byte'], fractional: ['double', 'float', 'decimal'] };
    const names = classes[want] ?? [want];
    const decimal = want === 'number' || want === 'fractional' ? ` OR starts_with(${t.sql}, 'decimal')` : '';
    return bool(`(${t.sql} IN (${names.map(quoteLiteral).join(', ')})${decimal})`);
  }),

  // ----------------------------------------------------------------- row markers (alter row)
  // Rows are inserts until an alter row transformation marks them.
  isInsert: F(0, 1, (_a, c) => bool(c.scope.rowMarkers ? '(__adfw_rowop = 1)' : 'TRUE')),
  isUpdate: F(0, 1, (_a, c) => bool(c.scope.rowMarkers ? '(__adfw_rowop = 2)' : 'FALSE')),
  isUpsert: F(0, 1, (_a, c) => bool(c.scope.rowMarkers ? '(__adfw_rowop = 3)' : 'FALSE')),
  isDelete: F(0, 1, (_a, c) => bool(c.scope.rowMarkers ? '(__adfw_rowop = 4)' : 'FALSE')),
  isIgnore: F(0, 1, (_a, c) => bool(c.scope.rowMarkers ? '(__adfw_rowop = 0)' : 'FALSE')),
  isError: F(0, 1, () => bool('FALSE')),
  hasError: F(0, 1, () => bool('FALSE')),
  isMatch: F(0, 1, () => bool('TRUE')),

  // ----------------------------------------------------------------- aggregates
  count: F(0, 1, (a) => ({ sql: a.length ? `count(${a[0].sql})` : 'count(*)', type: 'BIGINT' }), 'aggregate'),
  countAll: F(0, 1, () => ({ sql: 'count(*)', type: 'BIGINT' }), 'aggregate'),
  countIf: F(1, 2, (a) => ({ sql: a[1] ? `count(${a[1].sql}) FILTER (WHERE ${a[0].sql})` : `count(*) FILTER (WHERE ${a[0].sql})`, type: 'BIGINT' }), 'aggregate'),
  countDistinct: F(1, Infinity, (a) => ({ sql: a.length === 1 ? `count(DISTINCT ${a[0].sql})` : `count(DISTINCT (${a.map((x) => x.sql).join(', ')}))`, type: 'BIGINT' }), 'aggregate'),
  countAllDistinct: F(1, Infinity, (a) => ({ sql: `count(DISTINCT (${a.map((x) => x.sql).join(', ')}))`, type: 'BIGINT' }), 'aggregate'),
  approxDistinctCount: F(1, 2, (a) => ({ sql: `approx_count_distinct(${a[0].sql})`, type: 'BIGINT' }), 'aggregate'),
  sum: aggregate('sum', (a) => (/INT/.test(a[0].type) ? 'HUGEINT' : a[0].type)),
  sumIf: aggregateIf('sum', (a) => (/INT/.test(a[0].type) ? 'HUGEINT' : a[0].type)),
  sumDistinct: F(1, 1, (a) => ({ sql: `sum(DISTINCT ${a[0].sql})`, type: a[0].type }), 'aggregate'),
  sumDistinctIf: F(2, 2, (a) => ({ sql: `sum(DISTINCT ${a[1].sql}) FILTER (WHERE ${a[0].sql})`, type: a[1].type }), 'aggregate'),
  avg: aggregate('avg', 'DOUBLE'),
  avgIf: aggregateIf('avg', 'DOUBLE'),
  mean: aggregate('avg', 'DOUBLE'),
  meanIf: aggregateIf('avg', 'DOUBLE'),
  min: aggregate('min', same),
  minIf: aggregateIf('min', same),
  max: aggregate('max', same),
  maxIf: aggregateIf('max', same),
  first: F(1, 2, (a) => ({ sql: a[1] && a[1].sql === 'TRUE' ? `first(${a[0].sql} ORDER BY (${a[0].sql} IS NULL))` : `first(${a[0].sql})`, type: a[0].type }), 'aggregate'),
  last: F(1, 2, (a) => ({ sql: `last(${a[0].sql})`, type: a[0].type }), 'aggregate'),
  collect: F(1, 1, (a) => ({ sql: `list(${a[0].sql}) FILTER (WHERE ${a[0].sql} IS NOT NULL)`, type: `${a[0].type}[]` }), 'aggregate'),
  collectUnique: F(1, 1, (a) => ({ sql: `list(DISTINCT ${a[0].sql}) FILTER (WHERE ${a[0].sql} IS NOT NULL)`, type: `${a[0].type}[]` }), 'aggregate'),
  stddev: aggregate('stddev_samp', 'DOUBLE'),
  stddevIf: aggregateIf('stddev_samp', 'DOUBLE'),
  stddevSample: aggregate('stddev_samp', 'DOUBLE'),
  stddevSampleIf: aggregateIf('stddev_samp', 'DOUBLE'),
  stddevPopulation: aggregate('stddev_pop', 'DOUBLE'),
  stddevPopulationIf: aggregateIf('stddev_pop', 'DOUBLE'),
  variance: aggregate('var_samp', 'DOUBLE'),
  varianceIf: aggregateIf('var_samp', 'DOUBLE'),
  varianceSample: aggregate('var_samp', 'DOUBLE'),
  varianceSampleIf: aggregateIf('var_samp', 'DOUBLE'),
  variancePopulation: aggregate('var_pop', 'DOUBLE'),
  variancePopulationIf: aggregateIf('var_pop', 'DOUBLE'),
  covariancePopulation: aggregate('covar_pop', 'DOUBLE', 2),
  covariancePopulationIf: F(3, 3, (a) => ({ sql: `covar_pop(${a[1].sql}, ${a[2].sql}) FILTER (WHERE ${a[0].sql})`, type: 'DOUBLE' }), 'aggregate'),
  covarianceSample: aggregate('covar_samp', 'DOUBLE', 2),
  covarianceSampleIf: F(3, 3, (a) => ({ sql: `covar_samp(${a[1].sql}, ${a[2].sql}) FILTER (WHERE ${a[0].sql})`, type: 'DOUBLE' }), 'aggregate'),
  kurtosis: aggregate('kurtosis_pop', 'DOUBLE'),
  kurtosisIf: aggregateIf('kurtosis_pop', 'DOUBLE'),
  skewness: aggregate('skewness', 'DOUBLE'),
  skewnessIf: aggregateIf('skewness', 'DOUBLE'),
  isDistinct: F(2, 2, () => bool('TRUE'), 'aggregate'),

  // ----------------------------------------------------------------- window functions
  rowNumber: F(0, 0, () => ({ sql: 'row_number() OVER __W__', type: 'BIGINT' }), 'window'),
  rank: F(0, 0, () => ({ sql: 'rank() OVER __W__', type: 'BIGINT' }), 'window'),
  denseRank: F(0, 0, () => ({ sql: 'dense_rank() OVER __W__', type: 'BIGINT' }), 'window'),
  cumeDist: F(0, 0, () => ({ sql: 'cume_dist() OVER __W__', type: 'DOUBLE' }), 'window'),
  percentRank: F(0, 0, () => ({ sql: 'percent_rank() OVER __W__', type: 'DOUBLE' }), 'window'),
  nTile: F(0, 1, (a) => ({ sql: `ntile(${a[0]?.sql ?? 2}) OVER __W__`, type: 'BIGINT' }), 'window'),
  lag: F(1, 3, (a) => ({ sql: `lag(${a.map((x) => x.sql).join(', ')}) OVER __W__`, type: a[0].type }), 'window'),
  lead: F(1, 3, (a) => ({ sql: `lead(${a.map((x) => x.sql).join(', ')}) OVER __W__`, type: a[0].type }), 'window'),
};

function binaryVia(op: '+' | '-', a: Compiled[], ctx: FunctionContext): Compiled {
  return ctx.binary(op, a[0], a[1], ctx.node);
}

function streamColumns(e: Expr, ctx: FunctionContext): { alias?: string; columns: { name: string; type: string }[] } {
  const name = e.t === 'str' ? e.value : e.t === 'ident' ? e.name : undefined;
  const s = name !== undefined ? ctx.scope.streams?.[name] : undefined;
  if (!s) return ctx.fail(`Stream ${name ?? ''} is not an input of this transformation.`, e);
  return s;
}

/**
 * Documented functions the local engine rejects, with the reason (shown in the error message).
 * Anything in neither table is reported as an unknown function.
 */
export const UNSUPPORTED: Record<string, string> = {
  blake2b: 'DuckDB has no BLAKE2 hash; use sha2(256, ...) or md5()',
  blake2bBinary: 'DuckDB has no BLAKE2 hash; use sha2(256, ...) or md5()',
  crc32: 'DuckDB has no CRC-32 function; use md5() or sha2(256, ...)',
  byNames: 'it returns columns of mixed types as one array; use byName() per column',
  byOrigin: 'column lineage (origin) is not tracked locally',
  byOrigins: 'column lineage (origin) is not tracked locally',
  originColumns: 'column lineage (origin) is not tracked locally',
  byPath: 'hierarchical column paths are not resolved locally; use member access (a.b.c)',
  hasPath: 'hierarchical column paths are not resolved locally',
  byItem: 'it resolves sub-columns of structures dynamically',
  nextSequence: 'use a surrogate key transformation (keyGenerate) instead',
  setBitSet: 'bit sets are not supported locally',
  isBitSet: 'bit sets are not supported locally',
  assertErrorMessages: 'assert error rows are not kept locally',
  mapAssociation: 'map transformation with lambdas over entries is not supported locally',
  reassociate: 'map transformation with lambdas over entries is not supported locally',
  unfold: 'unfold() is not supported; use a flatten transformation',
  topN: 'use a rank or window transformation with a filter instead',
  expr: 'expressions built from strings at run time are not supported locally',
  stringToMap: 'not supported locally',
  dropLeft: '',
  dropRight: '',
  normalize: 'Unicode normalisation is not available in DuckDB',
  rank: '',
};

/** Cached lookup functions: called on a cache sink (`cacheSink#lookup(...)`), never on their own. */
export const CACHE_FUNCTIONS = new Set(['lookup', 'mlookup', 'output', 'outputs']);
delete UNSUPPORTED.rank;
// dropLeft/dropRight are simple enough to support directly.
delete UNSUPPORTED.dropLeft;
delete UNSUPPORTED.dropRight;
FUNCTIONS.dropLeft = F(2, 2, (a) => vc(`substring(${str(a[0])}, ${a[1].sql} + 1)`));
FUNCTIONS.dropRight = F(2, 2, (a) => vc(`left(${str(a[0])}, greatest(length(${str(a[0])}) - ${a[1].sql}, 0))`));
