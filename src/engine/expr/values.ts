/**
 * Runtime values of the expression language: JSON values, plus
 *  - AdfFloat: a float whose value is integral (`2.0`, `float('3')`), so `div(2.0, 4)` stays 0.5;
 *    non-integral JS numbers are floats, integral JS numbers are integers;
 *  - bigint: an integer beyond the safe range of a double (e.g. .NET ticks).
 * Values are converted back to plain JSON (numbers) at the API boundary by `toPlain`.
 */

export class AdfFloat {
  constructor(readonly value: number) {}
  toJSON(): number {
    return this.value;
  }
}

export type NumKind = 'int' | 'float';

/** 'int' or 'float' for a number value, undefined for anything else. */
export function numKind(v: unknown): NumKind | undefined {
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'bigint') return 'int';
  if (v instanceof AdfFloat) return 'float';
  return undefined;
}

/** The JS number of a number value (bigint may lose precision). */
export function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof AdfFloat) return v.value;
  return NaN;
}

/** A float result: integral values are wrapped so they stay floats. */
export function makeFloat(n: number): number | AdfFloat {
  return Number.isInteger(n) ? new AdfFloat(n) : n;
}

/** An integer result from a bigint: a plain number when safe. */
export function makeInt(n: bigint): number | bigint {
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof AdfFloat);
}

/** ADF's name for the type of a value, as used in its error messages. */
export function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'Null';
  if (typeof v === 'string') return 'String';
  if (typeof v === 'boolean') return 'Boolean';
  if (typeof v === 'bigint') return 'Integer';
  if (typeof v === 'number') return Number.isInteger(v) ? 'Integer' : 'Float';
  if (v instanceof AdfFloat) return 'Float';
  if (Array.isArray(v)) return 'Array';
  return 'Object';
}

/** Invariant text of a number as .NET prints it (round-trip, no exponent for ordinary magnitudes). */
function numberText(v: number | bigint | AdfFloat): string {
  if (typeof v === 'bigint') return v.toString();
  const n = v instanceof AdfFloat ? v.value : v;
  const s = String(n);
  if (!s.includes('e')) return s;
  // .NET "R" formatting uses E notation like 1E+21 / 1E-07.
  const [m, e] = s.split('e');
  const exp = Number(e);
  return `${m.toUpperCase()}E${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(exp < 0 ? 2 : 1, '0')}`;
}

/** JSON text of a value (compact), with floats and bigints written as numbers. */
export function toJsonText(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `__bigint__${x}` : x)).replace(/"__bigint__(-?\d+)"/g, '$1');
}

/**
 * The text of a value inside a string (interpolation, concat, string()): strings as is, null as '',
 * booleans as ADF prints them ('True'/'False'), numbers invariant, objects and arrays as compact JSON.
 */
export function toText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number' || typeof v === 'bigint' || v instanceof AdfFloat) return numberText(v);
  if (isPlainObject(v) && typeof v['$content-type'] === 'string' && typeof v.$content === 'string') {
    // Binary and XML content objects read as their text.
    return Buffer.from(v.$content, 'base64').toString('utf8');
  }
  return toJsonText(v);
}

/** Deep equality with ADF semantics: numbers compare by value across int/float, strings are ordinal. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const ka = numKind(a);
  const kb = numKind(b);
  if (ka && kb) {
    if (typeof a === 'bigint' || typeof b === 'bigint') {
      if (ka === 'int' && kb === 'int') return BigInt(a as number | bigint) === BigInt(b as number | bigint);
    }
    return toNumber(a) === toNumber(b);
  }
  // ADF compares a Boolean and a number by value (equals(true, 1) is true).
  if (typeof a === 'boolean' && kb) return Number(a) === toNumber(b);
  if (typeof b === 'boolean' && ka) return Number(b) === toNumber(a);
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (a === null || b === null) return a === b;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    for (const k of keys) if (!(k in b) || !deepEqual(a[k], b[k])) return false;
    return true;
  }
  return false;
}

/**
 * Converts a result to a plain JSON value: AdfFloat → number, bigint → number, undefined → null.
 * Only the top level can hold these: containers are built from plain values (createArray and array
 * convert their items with toPlain), and context values are JSON.
 */
export function toPlain(v: unknown): unknown {
  if (v instanceof AdfFloat) return v.value;
  if (typeof v === 'bigint') return Number(v);
  if (v === undefined) return null;
  return v;
}

/** Case-insensitive own-property lookup (exact name first), as ADF resolves property names. */
export function getProperty(obj: Record<string, unknown>, name: string): { found: boolean; value: unknown } {
  if (Object.prototype.hasOwnProperty.call(obj, name)) return { found: true, value: obj[name] };
  const lower = name.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return { found: true, value: obj[k] };
  return { found: false, value: undefined };
}

/** Sets an own enumerable property, also for keys such as "__proto__" (never touches the prototype). */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}
