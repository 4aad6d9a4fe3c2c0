/**
 * Rewrites inside expressions, on the parser's syntax tree (never on the text by pattern): global parameters to
 * library variables, and `dataset().x` to the value the referencing activity passes for x.
 */
import { parseExpression, type Expr, type Template } from '../expr';

type Span = { start: number; end: number };

/** Every node of an expression, parents first. */
function* nodes(e: Expr): Generator<Expr> {
  yield e;
  if (e.kind === 'call') for (const a of e.args) yield* nodes(a);
  else if (e.kind === 'member') yield* nodes(e.object);
  else if (e.kind === 'index') {
    yield* nodes(e.object);
    yield* nodes(e.index);
  }
}

function exprsOf(t: Template): Expr[] {
  if (t.kind === 'expression') return [t.expr];
  if (t.kind === 'interpolation') return t.parts.filter((p): p is Expr => typeof p !== 'string');
  return [];
}

/** The template of a string when it holds at least one expression and parses; undefined otherwise. */
function templateOf(text: string): Template | undefined {
  if (!text.includes('@')) return undefined;
  const { ast, diagnostics } = parseExpression(text);
  if (!ast || diagnostics.length || ast.kind === 'text') return undefined;
  return ast;
}

function isCallTo(e: Expr, name: string): boolean {
  return e.kind === 'call' && e.name.toLowerCase() === name.toLowerCase() && e.args.length === 0;
}

/** `<object>.name` or `<object>['name']` with a literal name. */
function memberName(e: Expr): string | undefined {
  if (e.kind === 'member') return e.name;
  if (e.kind === 'index' && e.index.kind === 'string') return e.index.value;
  return undefined;
}

function objectOf(e: Expr): Expr | undefined {
  return e.kind === 'member' || e.kind === 'index' ? e.object : undefined;
}

/** Uses of `pipeline().globalParameters.<name>` in a string: name and the span of the whole access. */
export function globalParameterUses(text: string): { name: string; span: Span }[] {
  const t = templateOf(text);
  if (!t) return [];
  const out: { name: string; span: Span }[] = [];
  for (const root of exprsOf(t)) {
    for (const n of nodes(root)) {
      const name = memberName(n);
      const obj = objectOf(n);
      if (name === undefined || !obj || memberName(obj)?.toLowerCase() !== 'globalparameters') continue;
      const base = objectOf(obj);
      if (base && isCallTo(base, 'pipeline')) out.push({ name, span: { start: n.start, end: n.end } });
    }
  }
  return out;
}

/** Uses of `dataset().<name>` in a string. */
export function datasetParameterUses(text: string): { name: string; span: Span; whole: boolean }[] {
  const t = templateOf(text);
  if (!t) return [];
  const out: { name: string; span: Span; whole: boolean }[] = [];
  for (const root of exprsOf(t)) {
    for (const n of nodes(root)) {
      const name = memberName(n);
      const obj = objectOf(n);
      if (name !== undefined && obj && isCallTo(obj, 'dataset')) out.push({ name, span: { start: n.start, end: n.end }, whole: t.kind === 'expression' && root === n });
    }
  }
  return out;
}

/** Replaces spans of a string (non-overlapping), from the end so earlier offsets hold. */
export function splice(text: string, edits: { span: Span; text: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, e.span.start) + e.text + out.slice(e.span.end);
  return out;
}

/** A string literal of the expression language ('' escapes a quote). */
function stringLiteral(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/**
 * The expression text (without '@') that yields a JSON value as given in a reference's parameters: an Expression
 * object or an '@' string gives its expression (interpolations become concat of string() parts); literals become
 * literals; objects and arrays go through json(). Undefined when the value is an expression that does not parse.
 */
export function valueAsExpression(v: unknown): string | undefined {
  const text = v && typeof v === 'object' && !Array.isArray(v) && (v as { type?: unknown }).type === 'Expression' ? (v as { value?: unknown }).value : v;
  if (typeof text === 'string') {
    if (text.startsWith('@@')) return stringLiteral(text.slice(1));
    if (!text.includes('@')) return stringLiteral(text);
    const { ast, diagnostics } = parseExpression(text);
    if (!ast || diagnostics.length) return undefined;
    if (ast.kind === 'text') return stringLiteral(ast.value);
    if (ast.kind === 'expression') return text.slice(ast.expr.start, ast.expr.end);
    const parts = ast.parts.map((p) => (typeof p === 'string' ? stringLiteral(p) : `string(${text.slice(p.start, p.end)})`));
    return parts.length === 1 ? parts[0] : `concat(${parts.join(', ')})`;
  }
  if (text === null) return 'null';
  if (typeof text === 'number' || typeof text === 'boolean') return String(text);
  if (text === undefined) return undefined;
  return `json(${stringLiteral(JSON.stringify(text))})`;
}

/** Deep map over every string of a JSON value (object keys untouched). */
export function mapStrings(v: unknown, f: (s: string) => unknown): unknown {
  if (typeof v === 'string') return f(v);
  if (Array.isArray(v)) return v.map((x) => mapStrings(x, f));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapStrings(x, f)]));
  return v;
}

/** Every string of a JSON value with its path. */
export function* stringsOf(v: unknown, path: (string | number)[] = []): Generator<{ text: string; path: (string | number)[] }> {
  if (typeof v === 'string') yield { text: v, path };
  else if (Array.isArray(v)) for (let i = 0; i < v.length; i++) yield* stringsOf(v[i], [...path, i]);
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) yield* stringsOf(x, [...path, k]);
}

/** `properties.activities[3].typeProperties` from a JSON path. */
export function pathText(p: readonly (string | number)[]): string {
  let out = '';
  for (const s of p) out += typeof s === 'number' ? `[${s}]` : /^[A-Za-z_$][\w$]*$/.test(s) ? (out ? `.${s}` : s) : `[${JSON.stringify(s)}]`;
  return out;
}
