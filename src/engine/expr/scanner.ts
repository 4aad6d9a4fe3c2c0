/**
 * Tokenizer of the expression language. It scans a JSON string value from a given offset, so token
 * positions are offsets into that value. It never throws: bad characters become 'error' tokens.
 */

export type TokenKind =
  | 'identifier' | 'string' | 'number' | 'lparen' | 'rparen' | 'lbracket' | 'rbracket'
  | 'comma' | 'dot' | 'questionDot' | 'questionBracket' | 'rbrace' | 'eof' | 'error' | 'unterminatedString';

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
  /** Decoded value: the string contents for strings, the text for the others. */
  text: string;
}

const enum Ch {
  Tab = 9, Lf = 10, Cr = 13, Space = 32, Quote = 39, LParen = 40, RParen = 41, Comma = 44, Minus = 45,
  Dot = 46, Zero = 48, Nine = 57, Question = 63, LBracket = 91, RBracket = 93, RBrace = 125,
}

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c > 127;
}
function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= Ch.Zero && c <= Ch.Nine) || c === Ch.Minus;
}
function isDigit(c: number): boolean {
  return c >= Ch.Zero && c <= Ch.Nine;
}
function isSpace(c: number): boolean {
  return c === Ch.Space || c === Ch.Tab || c === Ch.Lf || c === Ch.Cr || c === 0xa0 || c === 0xfeff;
}

export class Scanner {
  pos: number;
  constructor(readonly text: string, start: number) {
    this.pos = start;
  }

  private last: TokenKind | undefined;

  /** True when the previous token cannot end a value, so a '.' starts a number. */
  private valueExpected(): boolean {
    const k = this.last;
    return k === undefined || k === 'lparen' || k === 'comma' || k === 'lbracket' || k === 'questionBracket';
  }

  /** Reads the next token. */
  next(): Token {
    const tok = this.read();
    this.last = tok.kind;
    return tok;
  }

  private read(): Token {
    const t = this.text;
    let p = this.pos;
    while (p < t.length && isSpace(t.charCodeAt(p))) p++;
    const start = p;
    if (p >= t.length) {
      this.pos = p;
      return { kind: 'eof', start, end: p, text: '' };
    }
    const c = t.charCodeAt(p);
    const one = (kind: TokenKind): Token => {
      this.pos = p + 1;
      return { kind, start, end: p + 1, text: t[p] };
    };
    switch (c) {
      case Ch.LParen: return one('lparen');
      case Ch.RParen: return one('rparen');
      case Ch.LBracket: return one('lbracket');
      case Ch.RBracket: return one('rbracket');
      case Ch.Comma: return one('comma');
      case Ch.Dot:
        // '.5' is a number where a value is expected (after '(' ',' '[' or at the start); else member access.
        if (isDigit(t.charCodeAt(p + 1)) && this.valueExpected()) break;
        return one('dot');
      case Ch.RBrace: return one('rbrace');
      case Ch.Question: {
        const n = t.charCodeAt(p + 1);
        if (n === Ch.Dot || n === Ch.LBracket) {
          this.pos = p + 2;
          return { kind: n === Ch.Dot ? 'questionDot' : 'questionBracket', start, end: p + 2, text: t.slice(p, p + 2) };
        }
        return one('error');
      }
      case Ch.Quote: {
        let out = '';
        let q = p + 1;
        let segment = q;
        for (;;) {
          if (q >= t.length) {
            this.pos = t.length;
            return { kind: 'unterminatedString', start, end: t.length, text: out + t.slice(segment) };
          }
          if (t.charCodeAt(q) === Ch.Quote) {
            if (t.charCodeAt(q + 1) === Ch.Quote) {
              out += t.slice(segment, q + 1);
              q += 2;
              segment = q;
              continue;
            }
            out += t.slice(segment, q);
            this.pos = q + 1;
            return { kind: 'string', start, end: q + 1, text: out };
          }
          q++;
        }
      }
    }
    if (isDigit(c) || c === Ch.Dot || (c === Ch.Minus && isDigit(t.charCodeAt(p + 1))) || (c === Ch.Minus && t.charCodeAt(p + 1) === Ch.Dot && isDigit(t.charCodeAt(p + 2)))) {
      let q = c === Ch.Dot ? p : p + 1;
      while (q < t.length && isDigit(t.charCodeAt(q))) q++;
      if (t.charCodeAt(q) === Ch.Dot && isDigit(t.charCodeAt(q + 1))) {
        q += 2;
        while (q < t.length && isDigit(t.charCodeAt(q))) q++;
      }
      const e = t.charCodeAt(q);
      if (e === 101 || e === 69) {
        let r = q + 1;
        const s = t.charCodeAt(r);
        if (s === 43 || s === Ch.Minus) r++;
        if (isDigit(t.charCodeAt(r))) {
          while (r < t.length && isDigit(t.charCodeAt(r))) r++;
          q = r;
        }
      }
      this.pos = q;
      return { kind: 'number', start, end: q, text: t.slice(p, q) };
    }
    if (isIdentStart(c)) {
      let q = p + 1;
      while (q < t.length && isIdentPart(t.charCodeAt(q))) q++;
      this.pos = q;
      return { kind: 'identifier', start, end: q, text: t.slice(p, q) };
    }
    // One code point (a surrogate pair counts as one).
    const width = c >= 0xd800 && c <= 0xdbff && p + 1 < t.length ? 2 : 1;
    this.pos = p + width;
    return { kind: 'error', start, end: p + width, text: t.slice(p, p + width) };
  }
}
