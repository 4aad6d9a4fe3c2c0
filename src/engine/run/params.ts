/**
 * The values a run starts with: pipeline parameters (given, defaults, reruns), variables' defaults and global
 * parameters. Types and conversion are the model's (model/parameters.ts); this module reports refusals as
 * RunSetupError.
 */
import type { Factory } from '../model';
import type { RunResult } from '../contracts';
import { coerce, declaredParameterName, globalParameterDeclarations, normaliseType, valueFromRecord } from '../model';
import { RunErrorCodes, RunSetupError } from './errors';
import { closestName } from '../text';

export { coerce, normaliseType, stringifyParameters } from '../model';

export interface ParameterSpec {
  type?: string;
  defaultValue?: unknown;
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
  const byDeclared: Record<string, unknown> = {};
  const givenAs: Record<string, string> = {};
  for (const [k, v] of Object.entries(given)) {
    const name = declaredParameterName(decl, k);
    if (name === undefined) {
      const alt = closestName(k, names);
      errors.push(`Unknown parameter '${k}'${alt ? ` (did you mean '${alt}'?)` : ''}. Pipeline '${pipelineName}' declares: ${names.length ? names.join(', ') : 'no parameters'}.`);
    } else if (name in givenAs) errors.push(`Parameter '${name}' is given twice ('${givenAs[name]}' and '${k}'); give it once.`);
    else {
      givenAs[name] = k;
      byDeclared[name] = v;
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
    if (name in byDeclared) {
      v = byDeclared[name];
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

/** Variable types ADF knows (String, Bool, Array, Integer) with their initial values, defaults converted. */
export function variableDefaults(pipelineName: string, decl: unknown): Map<string, { type: string; value: unknown }> {
  const out = new Map<string, { type: string; value: unknown }>();
  const problems: string[] = [];
  for (const [name, spec] of Object.entries((decl && typeof decl === 'object' ? decl : {}) as Record<string, { type?: string; defaultValue?: unknown }>)) {
    const t = String(spec?.type ?? 'String');
    const type = /^bool(ean)?$/i.test(t) ? 'Bool' : /^array$/i.test(t) ? 'Array' : /^int(eger)?$/i.test(t) ? 'Integer' : /^string$/i.test(t) ? 'String' : undefined;
    if (!type) {
      problems.push(`Variable '${name}' of pipeline '${pipelineName}' has unknown type '${t}'; use String, Bool, Array or Integer.`);
      continue;
    }
    let value: unknown = type === 'String' ? '' : type === 'Bool' ? false : type === 'Array' ? [] : 0;
    if (spec?.defaultValue !== undefined) {
      const c = coerce(type === 'Integer' ? 'Int' : type, spec.defaultValue);
      if (c.error !== undefined) problems.push(`Variable '${name}' (${type}): the default value is invalid: ${c.error}.`);
      else value = c.value;
    }
    out.set(name, { type, value });
  }
  if (problems.length) throw new RunSetupError(problems.join('\n'), RunErrorCodes.variable);
  return out;
}

/** The factory's global parameters (from factory/*.json and globalParameters/*.json), by name. */
export function globalParameterValues(factory: Factory): Record<string, unknown> {
  return Object.fromEntries(Object.entries(globalParameterDeclarations(factory)).map(([k, d]) => [k, d.value]));
}

/** The parameters of an earlier run, for a rerun: declared ones in their types; SecureStrings (masked) left out. */
export function previousParameters(prev: RunResult, declared: Record<string, { type?: string }>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(prev.pipelineRun.parameters ?? {})) {
    const type = normaliseType(declared[k]?.type);
    if (!type || !(k in declared)) continue;
    if (type === 'SecureString') continue; // masked in the record; comes from its default or must be given again
    out[k] = valueFromRecord(type, v);
  }
  return out;
}
