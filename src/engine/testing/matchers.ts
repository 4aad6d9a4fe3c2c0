/**
 * Expectation matching: plain JSON values compare by deep equality; objects whose single key starts with "$"
 * are operators ($contains, $regex, $subset, $exists, $gt/$gte/$lt/$lte, $length, $not, $anyOf, $json).
 * Returns the reason for a mismatch, or undefined when the value matches.
 */
import { isDeepStrictEqual } from 'node:util';

const OPERATORS = new Set(['$contains', '$regex', '$subset', '$exists', '$gt', '$gte', '$lt', '$lte', '$length', '$not', '$anyOf', '$json']);
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True when the expected value is an operator object such as {"$contains": "x"}. */
export function isOperator(expected: unknown): expected is Record<string, unknown> {
  if (!isObj(expected)) return false;
  const keys = Object.keys(expected);
  return keys.length > 0 && keys.every((k) => OPERATORS.has(k));
}

/** Marker for "the path does not exist" (distinct from null). */
export const ABSENT: unique symbol = Symbol('absent');
export type Actual = unknown | typeof ABSENT;

const show = (v: Actual): string => (v === ABSENT ? '(absent)' : JSON.stringify(v) ?? String(v));

/** Checks `actual` against `expected`; returns a reason on mismatch. */
export function mismatch(expected: unknown, actual: Actual): string | undefined {
  if (!isOperator(expected)) {
    if (actual === ABSENT) return 'is absent';
    return jsonEqual(expected, actual) ? undefined : 'differs';
  }
  for (const [op, arg] of Object.entries(expected)) {
    const r = applyOp(op, arg, actual);
    if (r) return r;
  }
  return undefined;
}

function applyOp(op: string, arg: unknown, actual: Actual): string | undefined {
  switch (op) {
    case '$exists':
      return (actual !== ABSENT) === (arg !== false) ? undefined : arg === false ? `exists (${show(actual)})` : 'is absent';
    case '$not':
      return mismatch(arg, actual) === undefined ? `matches ${show(arg)}` : undefined;
    case '$anyOf':
      if (!Array.isArray(arg)) return '$anyOf needs an array';
      return arg.some((a) => mismatch(a, actual) === undefined) ? undefined : 'matches none of the alternatives';
  }
  if (actual === ABSENT) return 'is absent';
  switch (op) {
    case '$contains':
      if (typeof actual === 'string') return typeof arg === 'string' && actual.includes(arg) ? undefined : `does not contain ${show(arg)}`;
      if (Array.isArray(actual)) return actual.some((x) => mismatch(arg, x) === undefined) ? undefined : `has no element matching ${show(arg)}`;
      return `is not a string or array`;
    case '$regex': {
      if (typeof actual !== 'string') return 'is not a string';
      let re: RegExp;
      try {
        re = new RegExp(String(arg), 's');
      } catch (e) {
        return `bad $regex: ${(e as Error).message}`;
      }
      return re.test(actual) ? undefined : `does not match /${String(arg)}/`;
    }
    case '$subset':
      return subset(arg, actual, '');
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte': {
      if (typeof actual !== 'number' && typeof actual !== 'string') return 'is not a number or string';
      const a = actual as number | string;
      const b = arg as number | string;
      const ok = op === '$gt' ? a > b : op === '$gte' ? a >= b : op === '$lt' ? a < b : a <= b;
      return ok ? undefined : `is not ${op.slice(1)} ${show(arg)}`;
    }
    case '$json': {
      // A string holding JSON (a Web activity's body built with concat()): parsed, then matched like any value.
      if (typeof actual !== 'string') return 'is not a string';
      let parsed: unknown;
      try {
        parsed = JSON.parse(actual);
      } catch (e) {
        return `is not JSON (${(e as Error).message})`;
      }
      const r = mismatch(arg, parsed);
      return r ? `parsed as JSON ${r === 'differs' ? `differs: ${show(parsed).slice(0, 300)}` : r}` : undefined;
    }
    case '$length': {
      const len = typeof actual === 'string' || Array.isArray(actual) ? actual.length : isObj(actual) ? Object.keys(actual).length : undefined;
      if (len === undefined) return 'has no length';
      return mismatch(arg, len) === undefined ? undefined : `has length ${len}`;
    }
  }
  return `unknown operator ${op}`;
}

/** Every key of `expected` (recursively) matches in `actual`; arrays compare element-wise with equal length. */
function subset(expected: unknown, actual: unknown, at: string): string | undefined {
  if (isOperator(expected)) {
    const r = mismatch(expected, actual);
    return r ? `${at || 'value'} ${r}` : undefined;
  }
  if (isObj(expected)) {
    if (!isObj(actual)) return `${at || 'value'} is not an object`;
    for (const [k, v] of Object.entries(expected)) {
      if (!(k in actual)) return `${at ? at + '.' : ''}${k} is absent`;
      const r = subset(v, actual[k], `${at ? at + '.' : ''}${k}`);
      if (r) return r;
    }
    return undefined;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return `${at || 'value'} is not an array of ${expected.length}`;
    for (let i = 0; i < expected.length; i++) {
      const r = subset(expected[i], actual[i], `${at}[${i}]`);
      if (r) return r;
    }
    return undefined;
  }
  return jsonEqual(expected, actual) ? undefined : `${at || 'value'} is ${JSON.stringify(actual)}`;
}

/** Deep equality of JSON values (object prototypes and key order do not matter; types do). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(plain(a), plain(b));
}

function plain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(plain);
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = plain((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

/** Splits "a.b[0]['c.d']" into ["a", "b", 0, "c.d"]. */
export function parsePath(p: string): (string | number)[] {
  const out: (string | number)[] = [];
  const re = /\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]|([^.[\]]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(p))) {
    if (m[1] !== undefined) out.push(Number(m[1]));
    else out.push(m[2] ?? m[3] ?? m[4]);
  }
  return out;
}

/** The value at a path, ABSENT when any step is missing. Keys match exactly, then case-insensitively (ADF property names are case-insensitive). */
export function valueAt(root: unknown, p: string): Actual {
  let cur: unknown = root;
  for (const seg of parsePath(p)) {
    if (typeof seg === 'number') {
      if (!Array.isArray(cur) || seg >= cur.length) return ABSENT;
      cur = cur[seg];
      continue;
    }
    if (!isObj(cur)) return ABSENT;
    if (seg in cur) cur = cur[seg];
    else {
      const k = Object.keys(cur).find((x) => x.toLowerCase() === seg.toLowerCase());
      if (k === undefined) return ABSENT;
      cur = cur[k];
    }
  }
  return cur;
}
