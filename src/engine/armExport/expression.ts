/**
 * ARM template expressions (`"[concat(parameters('factoryName'), '/X')]"`), the subset that ADF's
 * exported templates use: string, number and boolean literals, `parameters()`, `variables()`,
 * `concat()`, `resourceId()`, `format()`, `toLower()`/`toUpper()`, `string()`, and member or index
 * access on results. `[[` at the start of a string is ARM's escape for a literal `[`.
 * Anything else is an error naming the function, so a template that needs more fails loudly.
 */

export class ArmExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArmExpressionError';
  }
}

export interface ArmScope {
  parameter(name: string): unknown;
  variable(name: string): unknown;
}

type Token = { kind: 'str' | 'num' | 'id' | 'punct'; text: string; value?: unknown };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'") {
      let s = '';
      i++;
      for (;;) {
        if (i >= src.length) throw new ArmExpressionError(`Unterminated string in ARM expression "[${src}]".`);
        if (src[i] === "'") {
          if (src[i + 1] === "'") {
            s += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        s += src[i++];
      }
      out.push({ kind: 'str', text: s, value: s });
      continue;
    }
    const num = /^-?\d+(\.\d+)?/.exec(src.slice(i));
    if (num) {
      out.push({ kind: 'num', text: num[0], value: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (id) {
      out.push({ kind: 'id', text: id[0] });
      i += id[0].length;
      continue;
    }
    if ('(),.[]'.includes(c)) {
      out.push({ kind: 'punct', text: c });
      i++;
      continue;
    }
    throw new ArmExpressionError(`Unexpected character '${c}' in ARM expression "[${src}]".`);
  }
  return out;
}

function callFunction(name: string, args: unknown[], scope: ArmScope, src: string): unknown {
  const str = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  switch (name.toLowerCase()) {
    case 'parameters':
      return scope.parameter(String(args[0]));
    case 'variables':
      return scope.variable(String(args[0]));
    case 'concat':
      if (args.length && args.every(Array.isArray)) return (args as unknown[][]).flat();
      return args.map(str).join('');
    case 'resourceid':
      // resourceId([subscriptionId], [resourceGroup], type, name1, name2, ...): only the type/name form is needed here.
      return `${String(args[0])}/${args.slice(1).map(String).join('/')}`;
    case 'format':
      return String(args[0]).replace(/\{(\d+)\}/g, (_, n) => str(args[Number(n) + 1]));
    case 'tolower':
      return String(args[0]).toLowerCase();
    case 'toupper':
      return String(args[0]).toUpperCase();
    case 'string':
      return str(args[0]);
    case 'true':
      return true;
    case 'false':
      return false;
    default:
      throw new ArmExpressionError(`The ARM function '${name}' in "[${src}]" is not supported here.`);
  }
}

/** Evaluates the inside of one ARM expression (without the surrounding brackets). */
export function evaluateArmExpression(src: string, scope: ArmScope): unknown {
  const toks = tokenize(src);
  let pos = 0;
  const peek = () => toks[pos];
  const expect = (text: string) => {
    const t = toks[pos++];
    if (!t || t.text !== text || t.kind !== 'punct') throw new ArmExpressionError(`Expected '${text}' in ARM expression "[${src}]".`);
  };
  const primary = (): unknown => {
    const t = toks[pos++];
    if (!t) throw new ArmExpressionError(`Unexpected end of ARM expression "[${src}]".`);
    let v: unknown;
    if (t.kind === 'str' || t.kind === 'num') v = t.value;
    else if (t.kind === 'id') {
      expect('(');
      const args: unknown[] = [];
      if (peek()?.text !== ')') {
        for (;;) {
          args.push(primary());
          if (peek()?.text === ',') {
            pos++;
            continue;
          }
          break;
        }
      }
      expect(')');
      v = callFunction(t.text, args, scope, src);
    } else throw new ArmExpressionError(`Unexpected '${t.text}' in ARM expression "[${src}]".`);
    for (;;) {
      const n = peek();
      if (n?.text === '.' && n.kind === 'punct') {
        pos++;
        const m = toks[pos++];
        if (!m || m.kind !== 'id') throw new ArmExpressionError(`Expected a member name in ARM expression "[${src}]".`);
        v = v && typeof v === 'object' ? (v as Record<string, unknown>)[m.text] : undefined;
      } else if (n?.text === '[' && n.kind === 'punct') {
        pos++;
        const idx = primary();
        expect(']');
        v = v && typeof v === 'object' ? (v as Record<string, unknown>)[String(idx)] : undefined;
      } else break;
    }
    return v;
  };
  const v = primary();
  if (pos !== toks.length) throw new ArmExpressionError(`Unexpected '${toks[pos].text}' after the end of ARM expression "[${src}]".`);
  return v;
}

/** True when a JSON string is an ARM expression (starts with `[`, ends with `]`, not escaped with `[[`). */
function isArmExpression(s: string): boolean {
  return s.startsWith('[') && !s.startsWith('[[') && s.endsWith(']');
}

/** Evaluates every expression in a JSON value; `[[` escapes become literal `[`. */
export function evaluateArmValue(v: unknown, scope: ArmScope): unknown {
  if (typeof v === 'string') {
    if (v.startsWith('[[')) return v.slice(1);
    if (isArmExpression(v)) return evaluateArmExpression(v.slice(1, -1), scope);
    return v;
  }
  if (Array.isArray(v)) return v.map((x) => evaluateArmValue(x, scope));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, evaluateArmValue(x, scope)]));
  return v;
}
