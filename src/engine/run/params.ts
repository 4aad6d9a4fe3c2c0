/**
 * Pipeline parameters: ADF's types (String, Int, Float, Bool, Array, Object, SecureString), defaults and
 * validation. Values from the command line arrive as strings and are converted; values from JSON
 * (params file, ExecutePipeline) must already fit the type (numeric and boolean strings are accepted, as ADF does).
 */
import { RunErrorCodes, RunSetupError } from './errors';
import { closestName } from '../text';

export interface ParameterSpec {
  type?: string;
  defaultValue?: unknown;
}

const TYPES: Record<string, string> = {
  string: 'String', int: 'Int', integer: 'Int', float: 'Float', double: 'Float', bool: 'Bool', boolean: 'Bool',
  array: 'Array', object: 'Object', securestring: 'SecureString',
};

/** Normalises a declared type name; unknown names give undefined. */
export function normaliseType(t: unknown): string | undefined {
  return typeof t === 'string' ? TYPES[t.toLowerCase()] : 'String';
}

/** Converts one value to a declared type, or returns an error message. */
export function coerce(type: string, value: unknown): { value?: unknown; error?: string } {
  switch (type) {
    case 'String':
    case 'SecureString':
      if (typeof value === 'string') return { value };
      if (typeof value === 'number' || typeof value === 'boolean') return { value: String(value) };
      return { error: `expected a string, got ${describe(value)}` };
    case 'Int': {
      if (typeof value === 'number' && Number.isInteger(value)) return { value };
      if (typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value)) return { value: Number(value) };
      return { error: `expected an integer, got ${describe(value)}` };
    }
    case 'Float': {
      if (typeof value === 'number' && Number.isFinite(value)) return { value };
      if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return { value: Number(value) };
      return { error: `expected a number, got ${describe(value)}` };
    }
    case 'Bool':
      if (typeof value === 'boolean') return { value };
      if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return { value: value.trim().toLowerCase() === 'true' };
      return { error: `expected true or false, got ${describe(value)}` };
    case 'Array':
    case 'Object': {
      let v = value;
      if (typeof v === 'string') {
        try {
          v = JSON.parse(v);
        } catch {
          return { error: `expected JSON ${type === 'Array' ? 'array' : 'object'}, got a string that is not JSON: ${JSON.stringify(truncate(value as string))}` };
        }
      }
      if (type === 'Array' ? Array.isArray(v) : v !== null && typeof v === 'object' && !Array.isArray(v)) return { value: v };
      return { error: `expected ${type === 'Array' ? 'an array' : 'an object'}, got ${describe(v)}` };
    }
    default:
      return { value };
  }
}

/**
 * Resolves the parameters of a pipeline run: given values (typed), then defaults; unknown and missing
 * parameters are errors. Throws RunSetupError listing every problem.
 */
export function resolveParameters(pipelineName: string, declared: Record<string, ParameterSpec> | undefined, given: Record<string, unknown>): { values: Record<string, unknown>; types: Record<string, string> } {
  const decl = declared && typeof declared === 'object' ? declared : {};
  const values: Record<string, unknown> = {};
  const types: Record<string, string> = {};
  const errors: string[] = [];
  const names = Object.keys(decl);
  for (const k of Object.keys(given)) {
    if (!(k in decl)) {
      const alt = closestName(k, names);
      errors.push(`Unknown parameter '${k}'${alt ? ` (did you mean '${alt}'?)` : ''}. Pipeline '${pipelineName}' declares: ${names.length ? names.join(', ') : 'no parameters'}.`);
    }
  }
  for (const [name, spec] of Object.entries(decl)) {
    const type = normaliseType(spec?.type);
    if (!type) {
      errors.push(`Parameter '${name}' has unknown type ${JSON.stringify(spec?.type)}; use String, Int, Float, Bool, Array, Object or SecureString.`);
      continue;
    }
    types[name] = type;
    let v: unknown;
    let source: string;
    if (name in given) {
      v = given[name];
      source = 'value';
    } else if (spec && 'defaultValue' in spec && spec.defaultValue !== undefined) {
      v = spec.defaultValue;
      source = 'default value';
    } else {
      errors.push(`Missing value for required parameter '${name}' (${type}) of pipeline '${pipelineName}'. Pass it with --param ${name}=... or give it a defaultValue.`);
      continue;
    }
    if (v === null) {
      values[name] = null;
      continue;
    }
    const c = coerce(type, v);
    if (c.error) errors.push(`Parameter '${name}' (${type}): the ${source} is invalid: ${c.error}.`);
    else values[name] = c.value;
  }
  if (errors.length) throw new RunSetupError(errors.join('\n'), RunErrorCodes.parameter);
  return { values, types };
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
