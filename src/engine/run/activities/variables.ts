/** SetVariable (including the pipeline return value) and AppendVariable. */
import { formatMessage } from '../../codes';
import { ActivityFailure } from '../../contracts';
import type { ActivityContext, ActivityHandler } from '../context';
import { RunErrorCodes } from '../errors';

export const setVariableActivity: ActivityHandler = async (ctx) => {
  const tp = ctx.def.typeProperties ?? {};
  const name = tp.variableName;
  if (typeof name !== 'string' || !name) throw new ActivityFailure(formatMessage(RunErrorCodes.variable, { type: 'SetVariable', activity: ctx.def.name }, 'noName'), RunErrorCodes.variable);
  if (name === 'pipelineReturnValue' && (tp.setSystemVariable === true || !ctx.run.getVariable(name))) {
    const value = returnValue(ctx, tp.value);
    ctx.setInput({ variableName: name, value: tp.value, setSystemVariable: true });
    ctx.run.setReturnValue(value);
    return { output: { name, value } };
  }
  const value = ctx.evaluate(tp.value);
  ctx.setInput({ variableName: name, value });
  ctx.run.setVariable(name, value, ctx.scope, ctx.def.name);
  return { output: { name, value } };
};

export const appendVariableActivity: ActivityHandler = async (ctx) => {
  const tp = ctx.def.typeProperties ?? {};
  const name = tp.variableName;
  if (typeof name !== 'string' || !name) throw new ActivityFailure(formatMessage(RunErrorCodes.variable, { type: 'AppendVariable', activity: ctx.def.name }, 'noName'), RunErrorCodes.variable);
  const value = ctx.evaluate(tp.value);
  ctx.setInput({ variableName: name, value });
  ctx.run.appendVariable(name, value, ctx.scope, ctx.def.name);
  return { output: { name, value } };
};

/**
 * The pipeline return value: [{key, value: {type, content}}] with types String, Int, Float, Boolean,
 * Array, Object, Expression and Null, as ADF's SetVariable writes it.
 */
function returnValue(ctx: ActivityContext, raw: unknown): Record<string, unknown> {
  if (!Array.isArray(raw)) throw new ActivityFailure(formatMessage(RunErrorCodes.variable, { activity: ctx.def.name }, 'returnValueShape'), RunErrorCodes.variable);
  const out: Record<string, unknown> = {};
  for (const entry of raw as { key?: unknown; value?: { type?: unknown; content?: unknown } }[]) {
    const key = entry?.key;
    if (typeof key !== 'string' || !key) throw new ActivityFailure(formatMessage(RunErrorCodes.variable, { activity: ctx.def.name }, 'returnValueKey'), RunErrorCodes.variable);
    out[key] = typedValue(ctx, key, entry.value?.type, entry.value?.content);
  }
  return out;
}

function typedValue(ctx: ActivityContext, key: string, type: unknown, content: unknown): unknown {
  const t = String(type ?? 'String').toLowerCase();
  const bad = (what: string): never => {
    throw new ActivityFailure(formatMessage(RunErrorCodes.variable, { activity: ctx.def.name, key, type: String(type), problem: what, value: JSON.stringify(content) }, 'returnValueType'), RunErrorCodes.variable);
  };
  switch (t) {
    case 'null':
      return null;
    case 'expression':
      // Content with '@' is dynamic content as written ('@expr', or text with '@{...}' interpolation as in
      // "The value is @{guid()}"); content without any '@' is an expression body.
      return ctx.evaluate(typeof content === 'string' && !content.includes('@') ? `@${content}` : content);
    case 'string': {
      const v = ctx.evaluate(content);
      return typeof v === 'string' ? v : v === undefined || v === null ? bad('needs a string') : String(v);
    }
    case 'int': {
      const v = ctx.evaluate(content);
      const n = typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v) ? Number(v) : v;
      return typeof n === 'number' && Number.isInteger(n) ? n : bad('needs an integer');
    }
    case 'float': {
      const v = ctx.evaluate(content);
      const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
      return typeof n === 'number' && Number.isFinite(n) ? n : bad('needs a number');
    }
    case 'boolean':
    case 'bool': {
      const v = ctx.evaluate(content);
      if (typeof v === 'boolean') return v;
      if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
      return bad('needs true or false');
    }
    case 'array': {
      const v = Array.isArray(content) ? (content as unknown[]).map((e) => (e && typeof e === 'object' && 'type' in (e as object) && 'content' in (e as object) ? typedValue(ctx, key, (e as { type: unknown }).type, (e as { content: unknown }).content) : ctx.evaluate(e))) : ctx.evaluate(content);
      return Array.isArray(v) ? v : bad('needs an array');
    }
    case 'object': {
      // ADF writes an Object as a list of key/value pairs, each typed like a top-level entry.
      if (Array.isArray(content) && content.every((e) => e && typeof e === 'object' && 'key' in (e as object))) return returnValue(ctx, content);
      const v = ctx.evaluate(typeof content === 'string' ? safeJson(content) : content);
      return v && typeof v === 'object' && !Array.isArray(v) ? v : bad('needs an object');
    }
    default:
      return bad('is not a known type (String, Int, Float, Boolean, Array, Object, Expression, Null)');
  }
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}
