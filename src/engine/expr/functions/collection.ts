/** Collection functions: contains, empty, first, intersection, join, last, length, skip, take, union. */
import { deepEqual, getProperty, isPlainObject, numKind, setOwn, toNumber, toText, typeName } from '../values';
import { int, str } from './args';
import { fn, type CallSite, type FunctionDef } from './types';
import { ExprCodes } from '../errors';

function collection(args: unknown[], i: number, site: CallSite, allowObject = false): string | unknown[] | Record<string, unknown> {
  const v = args[i];
  if (typeof v === 'string' || Array.isArray(v) || (allowObject && isPlainObject(v))) return v as string | unknown[] | Record<string, unknown>;
  return site.expectType(i, allowObject ? 'a string, an array or an object' : 'a string or an array', v);
}

/**
 * A key under which values that `equals` considers equal collide: numbers by value (Booleans as 1/0, as
 * equals compares them), strings as is, arrays and objects by canonical JSON. Linear-time set operations.
 */
function equalityKey(v: unknown): string {
  if (v === null || v === undefined) return 'z';
  if (typeof v === 'boolean') return `n:${v ? 1 : 0}`;
  const k = numKind(v);
  if (k) return `n:${typeof v === 'bigint' && !Number.isSafeInteger(Number(v)) ? v.toString() : toNumber(v)}`;
  if (typeof v === 'string') return `s:${v}`;
  return `j:${canonical(v)}`;
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isPlainObject(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean' || numKind(v)) return String(typeof v === 'boolean' ? Number(v) : toNumber(v));
  return JSON.stringify(v);
}

function setOperation(name: 'intersection' | 'union', args: unknown[], site: CallSite): unknown {
  const first = args[0];
  if (Array.isArray(first)) {
    const lists = args.map((a, i) => (Array.isArray(a) ? a : site.expectType(i, 'an array (all parameters must be of the same type)', a)));
    const seen = new Set<string>();
    const out: unknown[] = [];
    if (name === 'union') {
      for (const l of lists) {
        for (const x of l) {
          const key = equalityKey(x);
          if (!seen.has(key)) {
            seen.add(key);
            out.push(x);
          }
        }
      }
      return out;
    }
    const others = lists.slice(1).map((l) => new Set(l.map(equalityKey)));
    for (const x of lists[0]) {
      const key = equalityKey(x);
      if (seen.has(key)) continue;
      seen.add(key);
      if (others.every((o) => o.has(key))) out.push(x);
    }
    return out;
  }
  if (isPlainObject(first)) {
    const objs = args.map((a, i) => (isPlainObject(a) ? a : site.expectType(i, 'an object (all parameters must be of the same type)', a)));
    if (name === 'union') {
      const merged: Record<string, unknown> = {};
      for (const o of objs) for (const k of Object.keys(o)) setOwn(merged, k, o[k]);
      return merged;
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(objs[0])) {
      if (objs.every((o) => Object.prototype.hasOwnProperty.call(o, k) && deepEqual(o[k], v))) setOwn(out, k, v);
    }
    return out;
  }
  return site.expectType(0, 'an array or an object', first);
}

export const collectionFunctions: FunctionDef[] = [
  fn('contains', 'collection', [2, 2], 'contains(collection: string | array | object, value: any): boolean',
    'Checks whether a collection has an item: a substring in a string (case-sensitive), an element in an array, or a key in an object.',
    (args, _c, site) => {
      const c = collection(args, 0, site, true);
      const v = args[1];
      if (typeof c === 'string') return c.includes(typeof v === 'string' ? v : toText(v));
      if (Array.isArray(c)) return c.some((x) => deepEqual(x, v));
      return getProperty(c, typeof v === 'string' ? v : toText(v)).found;
    }),
  fn('empty', 'collection', [1, 1], 'empty(collection: string | array | object): boolean',
    'Checks whether a collection is empty (also true for null).',
    (args, _c, site) => {
      const v = args[0];
      if (v === null || v === undefined) return true;
      if (typeof v === 'string' || Array.isArray(v)) return v.length === 0;
      if (isPlainObject(v)) return Object.keys(v).length === 0;
      return site.expectType(0, 'a string, an array, an object or null', v);
    }),
  fn('first', 'collection', [1, 1], 'first(collection: string | array): any',
    'Returns the first item of a string or array (null when empty).',
    (args, _c, site) => {
      if (args[0] === null) return null;
      const c = collection(args, 0, site) as string | unknown[];
      return c.length ? c[0] : null;
    }),
  fn('intersection', 'collection', [2, Infinity], 'intersection(collection1: array | object, collection2: array | object, ...): array | object',
    'Returns the items common to all the collections (arrays or objects), without duplicates.',
    (args, _c, site) => setOperation('intersection', args, site)),
  fn('join', 'collection', [2, 2], 'join(collection: array, delimiter: string): string',
    'Returns a string with all the items of an array separated by a delimiter.',
    (args, _c, site) => {
      const a = args[0];
      if (!Array.isArray(a)) return site.expectType(0, 'an array', a);
      const d = str(args, 1, site);
      return a.map(toText).join(d);
    }),
  fn('last', 'collection', [1, 1], 'last(collection: string | array): any',
    'Returns the last item of a string or array (null when empty).',
    (args, _c, site) => {
      if (args[0] === null) return null;
      const c = collection(args, 0, site) as string | unknown[];
      return c.length ? c[c.length - 1] : null;
    }),
  fn('length', 'collection', [1, 1], 'length(collection: string | array): integer',
    'Returns the number of items in a string or array.',
    (args, _c, site) => {
      const v = args[0];
      if (typeof v === 'string' || Array.isArray(v)) return v.length;
      return site.fail(ExprCodes.invalidArgument, { name: 'length', expected: 'an array or a string', type: typeName(v) }, 0, 'onlyParameterType');
    }),
  fn('skip', 'collection', [2, 2], 'skip(collection: array | string, count: integer): array | string',
    'Removes items from the front of a collection and returns the rest.',
    (args, _c, site) => {
      const c = collection(args, 0, site) as string | unknown[];
      const n = int(args, 1, site);
      if (n < 0) site.invalid(1, `The count to skip must be a non-negative integer; it is ${n}.`);
      return c.slice(n);
    }),
  fn('take', 'collection', [2, 2], 'take(collection: array | string, count: integer): array | string',
    'Returns items from the front of a collection.',
    (args, _c, site) => {
      const c = collection(args, 0, site) as string | unknown[];
      const n = int(args, 1, site);
      if (n < 0) site.invalid(1, `The count to take must be a non-negative integer; it is ${n}.`);
      return c.slice(0, n);
    }),
  fn('union', 'collection', [2, Infinity], 'union(collection1: array | object, collection2: array | object, ...): array | object',
    'Returns all the items of the collections (arrays or objects), without duplicates; for objects, later keys win.',
    (args, _c, site) => setOperation('union', args, site)),
];
