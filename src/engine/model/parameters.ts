/**
 * Pipeline parameters as ADF types them: the one rule for naming a declared parameter and for converting a value
 * to its declared type (String, Int, Float, Bool, Array, Object, SecureString). Local runs, triggers, remote runs
 * (CLI and editor prompts), reruns and tests made from runs all convert through `coerce`, so a value is accepted
 * or refused the same way everywhere; callers differ only in how they report a refusal.
 *
 * Values from the command line or a prompt arrive as strings and are converted; values from JSON (params files,
 * trigger bindings, ExecutePipeline) must already fit, numeric and boolean strings being accepted as ADF does.
 * Names match as ADF (and the ARM emulator) match them: the exact name, else the one equal ignoring case.
 */

import type { Factory } from './types';

export type ParameterType = 'String' | 'Int' | 'Float' | 'Bool' | 'Array' | 'Object' | 'SecureString';

export const PARAMETER_TYPES: readonly ParameterType[] = ['String', 'Int', 'Float', 'Bool', 'Array', 'Object', 'SecureString'];

const TYPES: Record<string, ParameterType> = {
  string: 'String', int: 'Int', integer: 'Int', float: 'Float', double: 'Float', bool: 'Bool', boolean: 'Bool',
  array: 'Array', object: 'Object', securestring: 'SecureString',
};

/** Normalises a declared type name (absent or not a string = String); unknown names give undefined. */
export function normaliseType(t: unknown): ParameterType | undefined {
  return typeof t === 'string' ? TYPES[t.toLowerCase()] : 'String';
}

/** The declared parameter a given name refers to: the exact name, else the one equal ignoring case. */
export function declaredParameterName(declared: Record<string, unknown> | undefined, name: string): string | undefined {
  if (!declared || typeof declared !== 'object') return undefined;
  if (Object.prototype.hasOwnProperty.call(declared, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(declared).find((d) => d.toLowerCase() === lower);
}

/** Why a value does not fit its type (callers word it their own way). */
export type CoercionProblem = 'notString' | 'notInteger' | 'notNumber' | 'notBool' | 'notJson' | 'notArray' | 'notObject';

export type Coerced = { value: unknown; error?: undefined; problem?: undefined } | { value?: undefined; error: string; problem: CoercionProblem; detail?: string };

/** Converts one value to a declared type; on refusal, `error` is a readable reason and `problem` its kind. */
export function coerce(type: string, value: unknown): Coerced {
  switch (type) {
    case 'String':
    case 'SecureString':
      if (typeof value === 'string') return { value };
      if (typeof value === 'number' || typeof value === 'boolean') return { value: String(value) };
      return { error: `expected a string, got ${describe(value)}`, problem: 'notString' };
    case 'Int': {
      if (typeof value === 'number' && Number.isInteger(value)) return { value };
      if (typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value)) return { value: Number(value) };
      return { error: `expected an integer, got ${describe(value)}`, problem: 'notInteger' };
    }
    case 'Float': {
      if (typeof value === 'number' && Number.isFinite(value)) return { value };
      if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return { value: Number(value) };
      return { error: `expected a number, got ${describe(value)}`, problem: 'notNumber' };
    }
    case 'Bool':
      if (typeof value === 'boolean') return { value };
      if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return { value: value.trim().toLowerCase() === 'true' };
      return { error: `expected true or false, got ${describe(value)}`, problem: 'notBool' };
    case 'Array':
    case 'Object': {
      let v = value;
      if (typeof v === 'string') {
        try {
          v = JSON.parse(v);
        } catch (e) {
          return { error: `expected JSON ${type === 'Array' ? 'array' : 'object'}, got a string that is not JSON: ${JSON.stringify(truncate(value as string))}`, problem: 'notJson', detail: (e as Error).message };
        }
      }
      if (type === 'Array' ? Array.isArray(v) : v !== null && typeof v === 'object' && !Array.isArray(v)) return { value: v };
      return { error: `expected ${type === 'Array' ? 'an array' : 'an object'}, got ${describe(v)}`, problem: type === 'Array' ? 'notArray' : 'notObject' };
    }
    default:
      return { value };
  }
}

/**
 * A parameter value read back from a run record (the REST shape keeps every value as a string) in its declared
 * type; a value that does not convert is kept as written.
 */
export function valueFromRecord(type: string | undefined, value: unknown): unknown {
  if (!type || type === 'String' || type === 'SecureString') return value;
  const c = coerce(type, value);
  return c.error === undefined ? c.value : value;
}

/** The REST shape keeps parameters as strings. */
export function stringifyParameters(values: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return out;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `"${truncate(v)}"`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

function truncate(s: string): string {
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}

/** A global parameter as declared in factory/*.json (`properties.globalParameters`) or globalParameters/*.json. */
export interface GlobalParameterDeclaration {
  type?: string;
  value: unknown;
}

/**
 * The factory's global parameters by name, as declared: factory/*.json first, then globalParameters/*.json (which
 * ADF's git integration writes when "include global parameters in ARM template" is on; a later file overrides).
 */
export function globalParameterDeclarations(factory: Factory): Record<string, GlobalParameterDeclaration> {
  const out: Record<string, GlobalParameterDeclaration> = {};
  const take = (gp: unknown) => {
    if (!gp || typeof gp !== 'object') return;
    for (const [k, v] of Object.entries(gp as Record<string, unknown>)) {
      const o = v as { type?: unknown; value?: unknown } | null;
      if (o && typeof o === 'object' && 'value' in o) out[k] = { type: typeof o.type === 'string' ? o.type : undefined, value: o.value };
      else out[k] = { value: v };
    }
  };
  for (const f of factory.resources.factory.values()) take(f.properties.globalParameters);
  for (const g of factory.resources.globalParameters.values()) take(g.json && 'properties' in g.json ? g.properties : g.json);
  return out;
}
