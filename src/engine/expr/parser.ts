/**
 * Parser of JSON string values into templates (`@expr`, `@{...}` interpolation, `@@` escapes) and of the
 * expression grammar:
 *
 *   expr     := primary postfix*
 *   primary  := string | number | 'true' | 'false' | 'null' | name '(' [expr (',' expr)*] ')'
 *   postfix  := '.' name | '?.' name | '[' expr ']' | '?[' expr ']'
 *
 * Parsing never throws: problems are returned as positioned diagnostics (codes ADF3xxx).
 */
import type { Expr, Template } from './ast';
import { ExprCodes, type ExprDiagnostic } from './errors';
import { formatMessage, type MessageParams } from '../codes';
import { Scanner, type Token, type TokenKind } from './scanner';

/** Nesting limit: deeper expressions are reported instead of overflowing the stack. */
const MAX_DEPTH = 200;

class SyntaxFailure {
  constructor(readonly diagnostic: ExprDiagnostic) {}
}

class ExprParser {
  private tok: Token;
  private depth = 0;
  readonly scanner: Scanner;
  constructor(text: string, start: number) {
    this.scanner = new Scanner(text, start);
    this.tok = this.scanner.next();
  }

  get token(): Token {
    return this.tok;
  }

  /** Kind of the current token (a method, so narrowing does not stick across advances). */
  private kind(): TokenKind {
    return this.tok.kind;
  }

  private advance(): Token {
    const t = this.tok;
    this.tok = this.scanner.next();
    return t;
  }

  /** A syntax error at the token; its message is the code's template (or the named variant). */
  fail(t: Token, code: string, params: MessageParams = {}, variant?: string): never {
    throw new SyntaxFailure({ code, message: formatMessage(code, params, variant), offset: t.start, length: t.kind === 'eof' ? 0 : Math.max(1, t.end - t.start) });
  }

  private describe(t: Token): string {
    switch (t.kind) {
      case 'eof': return 'the end of the expression';
      case 'string': return `the string '${t.text}'`;
      default: return `'${t.text}'`;
    }
  }

  private badToken(t: Token, expected: string): never {
    if (t.kind === 'error') this.fail(t, ExprCodes.unexpectedCharacter, { char: t.text, position: t.start });
    if (t.kind === 'unterminatedString') this.fail(t, ExprCodes.unterminatedString, { position: t.start });
    this.fail(t, ExprCodes.unexpectedToken, { expected, found: this.describe(t), position: t.start });
  }

  private expect(kind: TokenKind, expected: string): Token {
    if (this.tok.kind !== kind) this.badToken(this.tok, expected);
    return this.advance();
  }

  parseExpr(): Expr {
    if (++this.depth > MAX_DEPTH) this.fail(this.tok, ExprCodes.unexpectedToken, { max: MAX_DEPTH }, 'tooDeep');
    let e = this.parsePrimary();
    for (;;) {
      const t = this.tok;
      if (t.kind === 'dot' || t.kind === 'questionDot') {
        this.advance();
        const name = this.tok;
        if (name.kind !== 'identifier' && name.kind !== 'number') this.badToken(name, 'a property name after \'.\'');
        this.advance();
        e = { kind: 'member', object: e, name: name.text, nameStart: name.start, optional: t.kind === 'questionDot', start: e.start, end: name.end };
      } else if (t.kind === 'lbracket' || t.kind === 'questionBracket') {
        this.advance();
        const index = this.parseExpr();
        const close = this.expect('rbracket', "']'");
        e = { kind: 'index', object: e, index, optional: t.kind === 'questionBracket', start: e.start, end: close.end };
      } else break;
    }
    this.depth--;
    return e;
  }

  private parsePrimary(): Expr {
    const t = this.tok;
    switch (t.kind) {
      case 'string':
        this.advance();
        return { kind: 'string', value: t.text, start: t.start, end: t.end };
      case 'number': {
        this.advance();
        const isFloat = /[.eE]/.test(t.text);
        let value: number | bigint = Number(t.text);
        if (!isFloat && !Number.isSafeInteger(value)) {
          value = BigInt(t.text);
          if (value > 9223372036854775807n || value < -9223372036854775808n) this.fail(t, ExprCodes.unexpectedToken, { value: t.text }, 'integerRange');
        }
        if (typeof value === 'number' && !Number.isFinite(value)) this.fail(t, ExprCodes.unexpectedToken, { value: t.text }, 'numberRange');
        return { kind: 'number', value, isFloat, start: t.start, end: t.end };
      }
      case 'identifier': {
        this.advance();
        if (this.tok.kind !== 'lparen') {
          const lower = t.text.toLowerCase();
          if (lower === 'true' || lower === 'false') return { kind: 'boolean', value: lower === 'true', start: t.start, end: t.end };
          if (lower === 'null') return { kind: 'null', start: t.start, end: t.end };
          this.fail(t, ExprCodes.bareIdentifier, { name: t.text, position: t.start });
        }
        this.advance();
        const args: Expr[] = [];
        if (this.kind() !== 'rparen') {
          for (;;) {
            args.push(this.parseExpr());
            if (this.kind() === 'comma') {
              this.advance();
              continue;
            }
            break;
          }
        }
        const close = this.expect('rparen', `',' or ')' in the call of '${t.text}'`);
        return { kind: 'call', name: t.text, nameStart: t.start, nameEnd: t.end, args, start: t.start, end: close.end };
      }
      default:
        this.badToken(t, 'a function call, a string, a number, true, false or null');
    }
  }
}

export interface ParsedTemplate {
  template?: Template;
  diagnostics: ExprDiagnostic[];
}

/** Parses one expression body starting at `start`, which must end at `terminator`. */
function parseBody(text: string, start: number, terminator: 'eof' | 'rbrace'): { expr?: Expr; end: number; diagnostic?: ExprDiagnostic } {
  const p = new ExprParser(text, start);
  try {
    if (p.token.kind === terminator) {
      p.fail(p.token, ExprCodes.emptyExpression, {}, terminator === 'eof' ? undefined : 'interpolation');
    }
    const expr = p.parseExpr();
    const t = p.token;
    if (t.kind !== terminator) {
      if (terminator === 'rbrace' && t.kind === 'eof') {
        p.fail({ ...t, start: start - 2, end: start }, ExprCodes.unterminatedInterpolation);
      }
      if (t.kind === 'error') p.fail(t, ExprCodes.unexpectedCharacter, { char: t.text, position: t.start });
      p.fail(t, ExprCodes.unexpectedToken, { found: t.kind === 'string' ? `string '${t.text}'` : `'${t.text}'`, position: t.start, reason: terminator === 'eof' ? 'the expression should end here' : "expected '}' to close the interpolation" }, 'trailing');
    }
    return { expr, end: t.end };
  } catch (e) {
    if (e instanceof SyntaxFailure) return { end: p.scanner.pos, diagnostic: e.diagnostic };
    throw e;
  }
}

/** Index of the '}' that closes an interpolation opened before `from`, skipping quoted strings; -1 if none. */
function skipToClose(text: string, from: number): number {
  let inString = false;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === "'") inString = !inString;
    else if (c === '}' && !inString) return i;
  }
  return -1;
}

/**
 * Splits a JSON string value into literal text and expressions.
 * `@expr` is a whole-value expression, `@@` at the start and `@@{` anywhere escape a literal '@',
 * `@{expr}` interpolates. Everything else is literal text.
 */
export function parseTemplate(text: string): ParsedTemplate {
  const diagnostics: ExprDiagnostic[] = [];
  if (text.charCodeAt(0) === 64 /* @ */ && text.charCodeAt(1) !== 64 && text.charCodeAt(1) !== 123 /* { */) {
    const r = parseBody(text, 1, 'eof');
    if (r.diagnostic) return { diagnostics: [r.diagnostic] };
    return { template: { kind: 'expression', expr: r.expr! }, diagnostics };
  }
  const parts: (string | Expr)[] = [];
  let literal = '';
  let i = 0;
  if (text.startsWith('@@')) {
    literal = '@';
    i = 2;
  }
  let segment = i;
  while (i < text.length) {
    const at = text.indexOf('@', i);
    if (at < 0) break;
    if (text.startsWith('@@{', at)) {
      literal += text.slice(segment, at) + '@{';
      i = at + 3;
      segment = i;
      continue;
    }
    if (text.charCodeAt(at + 1) !== 123) {
      i = at + 1;
      continue;
    }
    literal += text.slice(segment, at);
    const r = parseBody(text, at + 2, 'rbrace');
    if (r.diagnostic) {
      diagnostics.push(r.diagnostic);
      const close = skipToClose(text, at + 2);
      i = close < 0 ? text.length : close + 1;
      segment = i;
      continue;
    }
    if (literal) parts.push(literal);
    literal = '';
    parts.push(r.expr!);
    i = r.end;
    segment = i;
  }
  literal += text.slice(segment);
  // With syntax errors the template holds the parts that did parse (so they can still be checked).
  if (!parts.length && !diagnostics.length) return { template: { kind: 'text', value: literal }, diagnostics };
  if (literal) parts.push(literal);
  return { template: { kind: 'interpolation', parts }, diagnostics };
}

/** True when a JSON string value contains an expression (`@...` or `@{...}`), i.e. is not plain text. */
export function isExpressionText(text: string): boolean {
  if (text.charCodeAt(0) === 64) return text.charCodeAt(1) !== 64 || text.includes('@{', 2);
  for (let i = text.indexOf('@{'); i >= 0; i = text.indexOf('@{', i + 1)) {
    if (text[i - 1] !== '@') return true;
  }
  return false;
}
