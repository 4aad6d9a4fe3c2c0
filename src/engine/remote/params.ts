/** Typed pipeline parameters for createRun: CLI strings converted to the pipeline's declared types. */

export class ParameterError extends Error {}

/**
 * Converts `name=value` strings to the declared types (String, Int, Float, Bool, Array, Object,
 * SecureString). Names match case-insensitively; unknown names are an error naming the declared ones.
 */
export function typedParameters(declared: Record<string, { type?: string }> | undefined, raw: Record<string, string>, pipelineName: string): Record<string, unknown> {
  const decl = declared ?? {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    const name = Object.keys(decl).find((d) => d.toLowerCase() === k.toLowerCase());
    if (!name) throw new ParameterError(`Pipeline "${pipelineName}" has no parameter "${k}". Declared: ${Object.keys(decl).join(', ') || '(none)'}.`);
    const type = String(decl[name]?.type ?? 'String').toLowerCase();
    switch (type) {
      case 'int': {
        if (!/^-?\d+$/.test(v.trim())) throw new ParameterError(`Parameter "${name}" is Int; "${v}" is not an integer.`);
        out[name] = Number(v);
        break;
      }
      case 'float': {
        const n = Number(v);
        if (!v.trim() || Number.isNaN(n)) throw new ParameterError(`Parameter "${name}" is Float; "${v}" is not a number.`);
        out[name] = n;
        break;
      }
      case 'bool': {
        const l = v.trim().toLowerCase();
        if (l !== 'true' && l !== 'false') throw new ParameterError(`Parameter "${name}" is Bool; use true or false, not "${v}".`);
        out[name] = l === 'true';
        break;
      }
      case 'array':
      case 'object': {
        let j: unknown;
        try {
          j = JSON.parse(v);
        } catch (e) {
          throw new ParameterError(`Parameter "${name}" is ${type === 'array' ? 'Array' : 'Object'}; its value must be JSON: ${(e as Error).message}.`);
        }
        if (type === 'array' ? !Array.isArray(j) : typeof j !== 'object' || j === null || Array.isArray(j)) throw new ParameterError(`Parameter "${name}" must be a JSON ${type}.`);
        out[name] = j;
        break;
      }
      default:
        out[name] = v;
    }
  }
  return out;
}
