/** Parsing with a per-string cache, and evaluation of JSON string values (the area's API: ./index.ts). */
import { formatMessage } from '../codes';
import type { Template } from './ast';
import { checkTemplate } from './check';
import type { ExprContext } from './context';
import { ExpressionError, ExprCodes, type ExprDiagnostic } from './errors';
import { compileTemplate, type Compiled } from './evaluator';
import { isExpressionText, parseTemplate } from './parser';
import { AdfFloat, isPlainObject, setOwn, toJsonText, toPlain } from './values';


interface CacheEntry {
  template?: Template;
  diagnostics: ExprDiagnostic[];
  compiled?: Compiled;
}

const CACHE_LIMIT = 10_000;
const cache = new Map<string, CacheEntry>();

function analyse(text: string): CacheEntry {
  let entry = cache.get(text);
  if (entry) return entry;
  const parsed = parseTemplate(text);
  const diagnostics = parsed.template ? [...parsed.diagnostics, ...checkTemplate(parsed.template)].sort((a, b) => a.offset - b.offset) : parsed.diagnostics;
  entry = { template: parsed.template, diagnostics };
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(text, entry);
  return entry;
}

/**
 * Parses a JSON string value. Returns the template AST (`{kind: 'text' | 'expression' | 'interpolation'}`)
 * and diagnostics (syntax errors, unknown functions, wrong argument counts), each positioned as an offset
 * and length into `text`. Never throws.
 */
export function parseExpression(text: string): { ast?: Template; diagnostics: ExprDiagnostic[] } {
  const e = analyse(String(text));
  return { ast: e.template, diagnostics: e.diagnostics.slice() };
}

/**
 * Evaluates one JSON string value: `@expr` keeps the result's type, `@{..}` interpolation gives a string,
 * `@@` escapes a literal '@', other text is returned as is. Throws ExpressionError (positioned) on syntax
 * or evaluation errors. Results are plain JSON values.
 */
export function evaluateExpression(text: string, ctx: ExprContext): unknown {
  const run = compiledFor(text);
  try {
    return toPlain(run(ctx ?? {}));
  } catch (e) {
    throw tooDeep(e, text);
  }
}

/** Values nested deeper than the stack allows (hostile input) become an ExpressionError, not a crash. */
function tooDeep(e: unknown, text: string): unknown {
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    return new ExpressionError(ExprCodes.outOfRange, formatMessage(ExprCodes.outOfRange, {}, 'tooDeep'), 0, typeof text === 'string' ? text.length : 0);
  }
  return e;
}

function guardDepth<T>(text: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw tooDeep(e, text);
  }
}

/**
 * Evaluates like evaluateExpression and returns the result as compact JSON text, with 64-bit integers
 * (such as ticks) written exactly instead of rounded to a double.
 */
export function evaluateToJsonText(text: string, ctx: ExprContext): string {
  const run = compiledFor(text);
  return guardDepth(text, () => {
    const v = run(ctx ?? {});
    // An integral float keeps its decimal point, as ADF writes it in JSON (float('2') → 2.0).
    if (v instanceof AdfFloat && Number.isFinite(v.value) && !/[.e]/i.test(String(v.value))) return `${v.value}.0`;
    return toJsonText(v ?? null);
  });
}

function compiledFor(text: string): Compiled {
  if (typeof text !== 'string') throw new ExpressionError(ExprCodes.invalidArgument, formatMessage(ExprCodes.invalidArgument, { type: text === null ? 'null' : typeof text }, 'notString'), 0, 0);
  const e = analyse(text);
  if (!e.compiled) {
    if (e.diagnostics.length) {
      const d = e.diagnostics[0];
      throw new ExpressionError(d.code, d.message, d.offset, d.length);
    }
    e.compiled = compileTemplate(e.template!, text);
  }
  return e.compiled;
}

/** True for `{"value": "...", "type": "Expression"}` objects. */
function isExpressionObject(v: unknown): v is { value: string; type: string } {
  return isPlainObject(v) && typeof v.type === 'string' && v.type.toLowerCase() === 'expression' && typeof v.value === 'string';
}

/**
 * Evaluates a JSON value deeply: string values as in evaluateExpression, `{"value", "type": "Expression"}`
 * objects to the expression's result, arrays and objects element by element. Other values are returned as is.
 */
export function evaluateValue(value: unknown, ctx: ExprContext): unknown {
  return guardDepth('', () => evaluateDeep(value, ctx));
}

function evaluateDeep(value: unknown, ctx: ExprContext): unknown {
  if (typeof value === 'string') return value.includes('@') ? evaluateExpression(value, ctx) : value;
  if (Array.isArray(value)) return value.map((v) => evaluateDeep(v, ctx));
  if (isExpressionObject(value)) return evaluateExpression(value.value, ctx);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) setOwn(out, k, evaluateDeep(v, ctx));
    return out;
  }
  return value;
}

/** True when a JSON value is or contains an expression (a string with `@`, or an Expression object). */
export function isExpressionValue(value: unknown): boolean {
  if (typeof value === 'string') return isExpressionText(value);
  if (Array.isArray(value)) return value.some(isExpressionValue);
  if (isExpressionObject(value)) return true;
  if (isPlainObject(value)) return Object.values(value).some(isExpressionValue);
  return false;
}
