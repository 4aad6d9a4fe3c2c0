/** Tokenizer shared by the data flow script parser and the expression parser. */
import type { ScriptError } from './ast';

export type TokenKind = 'ident' | 'braced' | 'string' | 'number' | 'param' | 'dollar' | 'hash' | 'op' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Source text of the token. */
  text: string;
  /** Decoded value: identifier name, string contents, braced name, parameter name. */
  value: string;
  start: number;
  end: number;
}

const OPS = ['~>', ':=', '->', '===', '!==', '<=>', '==', '!=', '<=', '>=', '&&', '||', '<', '>', '+', '-', '*', '/', '%', '!', '=', ':', ',', '(', ')', '[', ']', '@', '.', '?', '^', '{', '}'];
const IDENT_START = /[\p{L}_]/u;
const IDENT_PART = /[\p{L}\p{N}_]/u;

/** Decodes the backslash escapes of a data flow string literal body. */
function decodeString(body: string): string {
  return body.replace(/\\(u[0-9a-fA-F]{4}|.)/gs, (_m, e: string) => {
    if (e.length === 5) return String.fromCharCode(parseInt(e.slice(1), 16));
    switch (e) {
      case 'n': return '\n';
      case 't': return '\t';
      case 'r': return '\r';
      case 'b': return '\b';
      case 'f': return '\f';
      default: return e;
    }
  });
}

/**
 * Splits `text` into tokens. Comments (`/* *\/` and `//` to end of line) and whitespace are skipped.
 * `{` starts a braced identifier unless `braceIsPunct(previousToken)` says it is punctuation
 * (the `parameters{ ... }` block). Never throws: problems go to `errors`.
 */
export function tokenize(text: string, errors: ScriptError[], braceIsPunct: (prev: Token | undefined) => boolean = () => false): Token[] {
  const toks: Token[] = [];
  let i = 0;
  const n = text.length;
  const push = (kind: TokenKind, start: number, end: number, value: string) => toks.push({ kind, text: text.slice(start, end), value, start, end });
  while (i < n) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v' || c === '\u00a0' || c === '\ufeff') {
      i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const e = text.indexOf('*/', i + 2);
      if (e < 0) {
        errors.push({ message: 'Unterminated comment: add "*/".', offset: i, length: 2 });
        i = n;
      } else i = e + 2;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    const start = i;
    if (c === "'" || c === '"' || c === '`') {
      i++;
      while (i < n && text[i] !== c) {
        if (text[i] === '\\' && c !== '`') i++;
        i++;
      }
      if (i >= n) {
        errors.push({ message: `Unterminated string: add the closing ${c}.`, offset: start, length: 1 });
        push('string', start, n, decodeString(text.slice(start + 1)));
        break;
      }
      i++;
      push('string', start, i, c === '`' ? text.slice(start + 1, i - 1) : decodeString(text.slice(start + 1, i - 1)));
      continue;
    }
    if (c === '{' && !braceIsPunct(toks[toks.length - 1])) {
      const e = text.indexOf('}', i + 1);
      if (e < 0) {
        errors.push({ message: 'Unterminated {column name}: add "}".', offset: start, length: 1 });
        i = n;
        continue;
      }
      i = e + 1;
      push('braced', start, i, text.slice(start + 1, e));
      continue;
    }
    if (c >= '0' && c <= '9') {
      const m = /^\d+(?:\.\d+)?(?:[eE][+-]?\d+)?[lLdDfFsSbB]?/.exec(text.slice(i, i + 64))!;
      i += m[0].length;
      push('number', start, i, m[0]);
      continue;
    }
    if (c === '$') {
      if (text[i + 1] === '$') {
        i += 2;
        push('dollar', start, i, '$$');
        continue;
      }
      i++;
      while (i < n && IDENT_PART.test(text[i])) i++;
      if (i === start + 1) {
        errors.push({ message: 'Expected a parameter name after "$".', offset: start, length: 1 });
        continue;
      }
      const name = text.slice(start + 1, i);
      push(/^\d+$/.test(name) ? 'dollar' : 'param', start, i, name);
      continue;
    }
    if (c === '#') {
      i++;
      while (i < n && IDENT_PART.test(text[i])) i++;
      if (i === start + 1) {
        errors.push({ message: 'Expected a name after "#" (for example #item).', offset: start, length: 1 });
        continue;
      }
      push('hash', start, i, text.slice(start + 1, i));
      continue;
    }
    if (IDENT_START.test(c)) {
      i++;
      while (i < n && IDENT_PART.test(text[i])) i++;
      push('ident', start, i, text.slice(start, i));
      continue;
    }
    const op = OPS.find((o) => text.startsWith(o, i));
    if (op) {
      i += op.length;
      push('op', start, i, op);
      continue;
    }
    errors.push({ message: `Unexpected character "${c}".`, offset: i, length: 1 });
    i++;
  }
  toks.push({ kind: 'eof', text: '', value: '', start: n, end: n });
  return toks;
}
