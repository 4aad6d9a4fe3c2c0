/**
 * Prints a parsed data flow script back to text in ADF's layout (one option per line, tab indents).
 * `parseScript(printScript(s))` yields the same tree as `s` (see `sameScript`).
 */
import type { Expr, Script, Statement, TypeRef } from './ast';

const PLAIN_NAME = /^[\p{L}_][\p{L}\p{N}_]*$/u;
const PRECEDENCE: Record<string, number> = { '->': 0.5, '||': 1, '&&': 2, '==': 3, '!=': 3, '===': 3, '!==': 3, '<=>': 3, '<': 4, '>': 4, '<=': 4, '>=': 4, '+': 5, '-': 5, '*': 6, '/': 6, '%': 6, '^': 7 };
/** Calls whose arguments go one per line when the call has several. */
const BLOCK_CALLS = new Set(['output', 'mapColumn', 'groupBy', 'over', 'partitionBy', 'unroll', 'ungroupBy', 'pivotBy', 'columns', 'keys']);

function name(n: string): string {
  return PLAIN_NAME.test(n) ? n : `{${n}}`;
}

/** Prints a type reference. */
function printType(t: TypeRef): string {
  let s = t.fields ? `(${t.fields.map((f) => printExpr(f)).join(', ')})` : t.name ?? '';
  if (t.params) s += `(${t.params.join(',')})`;
  return s + '[]'.repeat(t.arrayDepth);
}

function prec(e: Expr): number {
  if (e.t === 'binary') return PRECEDENCE[e.op] ?? 0;
  if (e.t === 'unary') return 8;
  if (e.t === 'assign' || e.t === 'named' || e.t === 'typed' || e.t === 'parseSpec') return -1;
  return 9;
}

function wrap(e: Expr, min: number, indent: string): string {
  const s = printExpr(e, indent);
  return prec(e) < min ? `(${s})` : s;
}

/** Prints one expression or argument. `indent` is the indentation of the enclosing line. */
export function printExpr(e: Expr, indent = ''): string {
  switch (e.t) {
    case 'num':
      return e.raw;
    case 'str':
      return e.raw;
    case 'ident':
      return e.name;
    case 'braced':
      return `{${e.name}}`;
    case 'param':
      return `$${e.name}`;
    case 'dollar':
      return e.raw;
    case 'hash':
      return `#${e.name}`;
    case 'call': {
      const callee = wrap(e.callee, 9, indent);
      if (e.callee.t === 'ident' && BLOCK_CALLS.has(e.callee.name) && e.args.length > 1) {
        const inner = indent + '\t';
        return `${callee}(\n${e.args.map((a) => inner + '\t' + printExpr(a, inner + '\t')).join(',\n')}\n${inner})`;
      }
      return `${callee}(${e.args.map((a) => printExpr(a, indent)).join(', ')})`;
    }
    case 'index':
      return `${wrap(e.object, 9, indent)}[${printExpr(e.index, indent)}]`;
    case 'member':
      return `${wrap(e.object, 9, indent)}.${e.braced ? `{${e.name}}` : e.name}`;
    case 'hashMember':
      return `${wrap(e.object, 9, indent)}#${e.name}`;
    case 'qualified':
      return `${e.stream}@${printExpr(e.column, indent)}`;
    case 'unary':
      return `${e.op}${wrap(e.arg, 8, indent)}`;
    case 'binary': {
      const p = PRECEDENCE[e.op] ?? 0;
      return `${wrap(e.left, p, indent)} ${e.op} ${wrap(e.right, p + 1, indent)}`;
    }
    case 'array':
      return `[${e.items.map((a) => printExpr(a, indent)).join(', ')}]`;
    case 'paren':
      return `(${e.items.map((a) => printExpr(a, indent)).join(', ')})`;
    case 'named':
      return `${name(e.key)}: ${printExpr(e.value, indent)}`;
    case 'assign':
      return `${printExpr(e.target, indent)} ${e.local ? ':=' : '='} ${printExpr(e.value, indent)}`;
    case 'local':
      return `:${name(e.name)}`;
    case 'struct':
      return `@(${e.items.map((a) => printExpr(a, indent)).join(', ')})`;
    case 'typed': {
      let s = `${wrap(e.expr, 0, indent)} as ${printType(e.type)}`;
      if (e.format) s += ` ${e.format.raw}`;
      if (e.defaultValue) s += ` (${printExpr(e.defaultValue, indent)})`;
      return s;
    }
    case 'parseSpec':
      return `${wrap(e.expr, 0, indent)} ? ${printType(e.type)}`;
  }
}

/** Prints one statement. */
function printStatement(s: Statement): string {
  if (s.kind === 'parameters') return `parameters{\n${s.params.map((p) => '\t' + printExpr(p, '\t')).join(',\n')}\n}`;
  const inputs = s.inputs.map((i) => (i.branch !== undefined ? `${i.name}@${name(i.branch)}` : i.name)).join(', ');
  const args = s.args.map((a) => printExpr(a, '')).join(',\n\t');
  let out = `${inputs ? inputs + ' ' : ''}${s.op}(${args}) ~> ${s.name}`;
  if (s.branches) out += `@(${s.branches.map(name).join(', ')})`;
  return out;
}

/** Prints a whole script. */
export function printScript(script: Pick<Script, 'statements'>): string {
  return script.statements.map(printStatement).join('\n');
}

/** Removes positions so trees can be compared structurally. */
export function stripSpans(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripSpans);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === 'start' || k === 'end' || k === 'opSpan' || k === 'nameSpan') continue;
      out[k] = stripSpans(x);
    }
    return out;
  }
  return v;
}
