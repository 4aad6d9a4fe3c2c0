/**
 * Typed pipeline parameters for createRun: CLI and prompt strings converted to the pipeline's declared types by
 * the model's rule (model/parameters.ts), the same one local runs use; refusals are ParameterErrors.
 */
import { coerce, declaredParameterName, normaliseType, PARAMETER_TYPES, type CoercionProblem } from '../model';

export class ParameterError extends Error {}

function refusal(name: string, type: string, v: string, problem: CoercionProblem, detail?: string): string {
  switch (problem) {
    case 'notInteger':
      return `Parameter "${name}" is Int; "${v}" is not an integer.`;
    case 'notNumber':
      return `Parameter "${name}" is Float; "${v}" is not a number.`;
    case 'notBool':
      return `Parameter "${name}" is Bool; use true or false, not "${v}".`;
    case 'notJson':
      return `Parameter "${name}" is ${type}; its value must be JSON: ${detail ?? 'not JSON'}.`;
    case 'notArray':
    case 'notObject':
      return `Parameter "${name}" must be a JSON ${type.toLowerCase()}.`;
    default:
      return `Parameter "${name}" is ${type}; "${v}" does not fit it.`;
  }
}

/**
 * Converts `name=value` strings to the declared types (String, Int, Float, Bool, Array, Object,
 * SecureString). Names match as ADF matches them (exact, else ignoring case); unknown names are an error naming
 * the declared ones.
 */
export function typedParameters(declared: Record<string, { type?: string }> | undefined, raw: Record<string, string>, pipelineName: string): Record<string, unknown> {
  const decl = declared ?? {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    const name = declaredParameterName(decl, k);
    if (!name) throw new ParameterError(`Pipeline "${pipelineName}" has no parameter "${k}". Declared: ${Object.keys(decl).join(', ') || '(none)'}.`);
    const type = normaliseType(decl[name]?.type);
    if (!type) throw new ParameterError(`Parameter "${name}" has unknown type ${JSON.stringify(decl[name]?.type)}; use ${PARAMETER_TYPES.join(', ')}.`);
    const c = coerce(type, v);
    if (c.error !== undefined) throw new ParameterError(refusal(name, type, String(v), c.problem, c.detail));
    out[name] = c.value;
  }
  return out;
}
