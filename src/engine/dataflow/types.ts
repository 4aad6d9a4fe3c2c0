/** Data flow column types and their DuckDB counterparts. */
import type { TypeRef } from './ast';

/** DuckDB SQL type for a data flow type reference (`integer`, `decimal(10,2)`, `(a as string)[]`). */
export function duckType(t: TypeRef): string | undefined {
  let base: string | undefined;
  if (t.fields) {
    const parts: string[] = [];
    for (const f of t.fields) {
      const inner = duckType(f.type);
      const n = f.expr.t === 'ident' || f.expr.t === 'braced' ? f.expr.name : undefined;
      if (!inner || n === undefined) return undefined;
      parts.push(`${quoteIdent(n)} ${inner}`);
    }
    base = `STRUCT(${parts.join(', ')})`;
  } else {
    base = simpleDuckType(t.name ?? '', t.params);
  }
  if (!base) return undefined;
  return base + '[]'.repeat(t.arrayDepth);
}

const SIMPLE: Record<string, string> = {
  string: 'VARCHAR', integer: 'INTEGER', int: 'INTEGER', long: 'BIGINT', short: 'SMALLINT', byte: 'TINYINT', double: 'DOUBLE', float: 'FLOAT',
  boolean: 'BOOLEAN', date: 'DATE', timestamp: 'TIMESTAMP', binary: 'BLOB', decimal: 'DECIMAL(10,0)', any: 'VARCHAR', map: 'MAP(VARCHAR, VARCHAR)',
};

/** DuckDB type for a simple data flow type name, or undefined when the name is not a data flow type. */
function simpleDuckType(name: string, params?: string[]): string | undefined {
  const n = name.toLowerCase();
  if (n === 'decimal' && params?.length) return `DECIMAL(${params.join(',')})`;
  return SIMPLE[n];
}

/** The data flow type name shown to users for a DuckDB type. */
export function dataFlowTypeName(duck: string): string {
  const t = duck.toUpperCase();
  if (t.endsWith('[]')) return dataFlowTypeName(t.slice(0, -2)) + '[]';
  if (t.startsWith('DECIMAL')) return t.toLowerCase();
  if (t.startsWith('STRUCT')) return 'struct';
  if (t.startsWith('MAP')) return 'map';
  const back: Record<string, string> = { VARCHAR: 'string', INTEGER: 'integer', BIGINT: 'long', SMALLINT: 'short', TINYINT: 'byte', DOUBLE: 'double', FLOAT: 'float', BOOLEAN: 'boolean', DATE: 'date', TIMESTAMP: 'timestamp', 'TIMESTAMP WITH TIME ZONE': 'timestamp', BLOB: 'binary', HUGEINT: 'long', UINTEGER: 'long', UBIGINT: 'long', USMALLINT: 'integer', UTINYINT: 'short', NULL: 'string' };
  return back[t] ?? t.toLowerCase();
}

/** Quotes a SQL identifier for DuckDB. */
export function quoteIdent(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}

/** Quotes a SQL string literal. */
export function quoteLiteral(value: string): string {
  return "'" + value.replace(/'/g, "''") + "'";
}

export const isStringType = (t: string) => t === 'VARCHAR';
export const isNumericType = (t: string) => /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|U\w*INT|FLOAT|DOUBLE|DECIMAL.*)$/.test(t);
export const isTemporalType = (t: string) => t === 'DATE' || t.startsWith('TIMESTAMP');
export const isListType = (t: string) => t.endsWith('[]');

/**
 * Converts a Java/Spark date-time pattern (yyyy-MM-dd HH:mm:ss.SSS) to a DuckDB strftime/strptime format.
 * Quoted text ('T') becomes literal text; `%` is escaped.
 */
export function javaToStrftime(pattern: string): string {
  let out = '';
  let i = 0;
  const map: [string, string][] = [
    ['yyyy', '%Y'], ['YYYY', '%Y'], ['yy', '%y'], ['MMMM', '%B'], ['MMM', '%b'], ['MM', '%m'], ['M', '%-m'], ['dd', '%d'], ['d', '%-d'],
    ['HH', '%H'], ['H', '%-H'], ['hh', '%I'], ['h', '%-I'], ['mm', '%M'], ['m', '%-M'], ['ss', '%S'], ['s', '%-S'],
    ['SSSSSS', '%f'], ['SSS', '%g'], ['a', '%p'], ['EEEE', '%A'], ['EEE', '%a'], ['DDD', '%j'], ['XXX', '%z'], ['Z', '%z'], ['z', '%Z'],
  ];
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === "'") {
      const e = pattern.indexOf("'", i + 1);
      const lit = e < 0 ? pattern.slice(i + 1) : pattern.slice(i + 1, e);
      out += lit === '' ? "'" : lit.replace(/%/g, '%%');
      i = e < 0 ? pattern.length : e + 1;
      continue;
    }
    const m = map.find(([k]) => pattern.startsWith(k, i));
    if (m) {
      out += m[1];
      i += m[0].length;
      continue;
    }
    out += c === '%' ? '%%' : c;
    i++;
  }
  return out;
}

/** Finds a column by name, ignoring case as ADF does (an exact match first). */
export function findColumn<C extends { name: string }>(cols: C[], name: string): C | undefined {
  return cols.find((c) => c.name === name) ?? cols.find((c) => c.name.toLowerCase() === name.toLowerCase());
}
