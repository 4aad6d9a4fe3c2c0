/**
 * Where a cursor is inside a JSON string value, in expression terms: outside any expression, typing a
 * function name, typing a property after '.', or inside a string argument of a call.
 */
import type { Expr } from '../ast';
import { parseTemplate } from '../parser';
import { Scanner, type Token } from '../scanner';

export type CursorContext =
  | { kind: 'none' }
  /** At a place where a value starts: functions, true/false/null. `prefix` is the identifier typed so far. */
  | { kind: 'value'; prefix: string; start: number; end: number }
  /** After `<object>.`: `object` is the parsed expression before the dot. */
  | { kind: 'member'; object: Expr; prefix: string; start: number; end: number }
  /** Inside the string argument `argIndex` of a call to `fn`. start/end: the string's content range. */
  | { kind: 'string'; fn: string; argIndex: number; prefix: string; start: number; end: number };

/** The expression regions of a value: [start, end) of each expression body. */
export function expressionRegions(value: string): { start: number; end: number }[] {
  if (value.charCodeAt(0) === 64 && value.charCodeAt(1) !== 64 && value.charCodeAt(1) !== 123) return [{ start: 1, end: value.length }];
  const out: { start: number; end: number }[] = [];
  let i = value.indexOf('@{');
  while (i >= 0) {
    if (value[i - 1] === '@') {
      i = value.indexOf('@{', i + 2);
      continue;
    }
    const s = new Scanner(value, i + 2);
    let end = value.length;
    for (let t = s.next(); t.kind !== 'eof'; t = s.next()) {
      if (t.kind === 'rbrace') {
        end = t.start;
        break;
      }
    }
    out.push({ start: i + 2, end });
    i = value.indexOf('@{', end);
  }
  return out;
}

/** Tokens of a region up to the end of the region. */
function tokensOf(value: string, start: number, end: number): Token[] {
  const s = new Scanner(value, start);
  const out: Token[] = [];
  for (let t = s.next(); t.kind !== 'eof' && t.start < end; t = s.next()) {
    if (t.kind === 'rbrace' && t.start >= end) break;
    out.push(t);
    if (out.length > 10_000) break;
  }
  return out;
}

/** Index of the token that opens the call whose argument list contains token index `i`, and the argument index. */
function enclosingCall(tokens: Token[], i: number): { nameIndex: number; argIndex: number } | undefined {
  let depth = 0;
  let arg = 0;
  for (let j = i; j >= 0; j--) {
    const k = tokens[j].kind;
    if (k === 'rparen' || k === 'rbracket') depth++;
    else if (k === 'lbracket' || k === 'questionBracket') {
      if (depth === 0) return undefined;
      depth--;
    } else if (k === 'lparen') {
      if (depth === 0) return j > 0 && tokens[j - 1].kind === 'identifier' ? { nameIndex: j - 1, argIndex: arg } : undefined;
      depth--;
    } else if (k === 'comma' && depth === 0) arg++;
  }
  return undefined;
}

/** Start index (token) of the postfix chain that ends at token index `last`. */
function chainStart(tokens: Token[], last: number): number {
  let depth = 0;
  for (let j = last; j >= 0; j--) {
    const k = tokens[j].kind;
    if (k === 'rparen' || k === 'rbracket') depth++;
    else if (k === 'lparen' || k === 'lbracket' || k === 'questionBracket') {
      if (depth === 0) return j + 1;
      depth--;
    } else if (k === 'comma' && depth === 0) return j + 1;
  }
  return 0;
}

/** Analyses the cursor at value offset `offset`. */
export function cursorContext(value: string, offset: number): CursorContext {
  const region = expressionRegions(value).find((r) => offset >= r.start && offset <= r.end);
  if (!region) return { kind: 'none' };
  const tokens = tokensOf(value, region.start, region.end);
  // The token under or just before the cursor.
  let idx = -1;
  for (let j = 0; j < tokens.length; j++) {
    if (tokens[j].start < offset) idx = j;
    else break;
  }
  const cur = idx >= 0 ? tokens[idx] : undefined;
  if (cur && (cur.kind === 'string' || cur.kind === 'unterminatedString') && offset > cur.start && (offset < cur.end || cur.kind === 'unterminatedString')) {
    const call = enclosingCall(tokens, idx - 1);
    const contentEnd = cur.kind === 'string' ? cur.end - 1 : Math.min(cur.end, region.end);
    const prefix = value.slice(cur.start + 1, offset);
    if (call) return { kind: 'string', fn: tokens[call.nameIndex].text, argIndex: call.argIndex, prefix, start: cur.start + 1, end: contentEnd };
    return { kind: 'none' };
  }
  let prefix = '';
  let start = offset;
  let end = offset;
  let before = idx;
  if (cur && (cur.kind === 'identifier' || cur.kind === 'number') && offset <= cur.end) {
    prefix = value.slice(cur.start, offset);
    start = cur.start;
    end = cur.end;
    before = idx - 1;
  } else if (cur && cur.end > offset) return { kind: 'none' };
  const prev = before >= 0 ? tokens[before] : undefined;
  if (prev && (prev.kind === 'dot' || prev.kind === 'questionDot')) {
    const first = chainStart(tokens, before - 1);
    if (first > before - 1) return { kind: 'none' };
    const text = '@' + value.slice(tokens[first].start, prev.start);
    const parsed = parseTemplate(text);
    if (parsed.template?.kind !== 'expression') return { kind: 'none' };
    return { kind: 'member', object: parsed.template.expr, prefix, start, end };
  }
  if (cur && cur.kind === 'number') return { kind: 'none' };
  if (!prev || prev.kind === 'lparen' || prev.kind === 'comma' || prev.kind === 'lbracket' || prev.kind === 'questionBracket') {
    return { kind: 'value', prefix, start, end };
  }
  return { kind: 'none' };
}
