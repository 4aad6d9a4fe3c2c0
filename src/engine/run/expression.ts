/** The runner's bridge to the expression language (src/engine/expr). */
import { ActivityFailure } from '../contracts';
import type { ExprContext } from './context';
import { evaluateValue } from '../expr';
import { RunErrorCodes } from './errors';

/** True when a value contains something the expression language must evaluate. */
function containsExpression(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.startsWith('@') || value.includes('@{');
  if (value === null || typeof value !== 'object' || depth > 100) return false;
  if (Array.isArray(value)) return value.some((v) => containsExpression(v, depth + 1));
  const o = value as Record<string, unknown>;
  if (o.type === 'Expression' && typeof o.value === 'string') return true;
  return Object.values(o).some((v) => containsExpression(v, depth + 1));
}

/**
 * Evaluates a value deeply (strings with '@', {"value", "type": "Expression"} objects, arrays, objects).
 * Expression errors become ActivityFailure with ADF's code InvalidTemplate.
 */
export function evaluateIn(value: unknown, context: ExprContext | (() => ExprContext)): unknown {
  if (!containsExpression(value)) return value;
  const ctx = typeof context === 'function' ? context() : context;
  try {
    return evaluateValue(value, ctx as Record<string, unknown>);
  } catch (e) {
    if (e instanceof ActivityFailure) throw e;
    const err = e as { name?: string; message?: string };
    throw new ActivityFailure(String(err?.message ?? e), RunErrorCodes.expression);
  }
}

/** Evaluates and requires a boolean (If Condition, Until, Filter). */
export function evaluateBoolean(value: unknown, ctx: ExprContext, what: string): boolean {
  const v = evaluateIn(value, ctx);
  if (typeof v !== 'boolean') throw new ActivityFailure(`${what} must evaluate to a boolean, got ${JSON.stringify(v)?.slice(0, 80)}.`, RunErrorCodes.expression);
  return v;
}
