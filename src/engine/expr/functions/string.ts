/** String functions: concat, endsWith, guid, indexOf, lastIndexOf, replace, split, startsWith, substring, toLower, toUpper, trim. */
import { ExprCodes } from '../errors';
import { toText } from '../values';
import { int, optStr, str } from './args';
import { fn, type FunctionDef } from './types';
import type { ExprContext } from '../context';

/** Whitespace as .NET String.Trim() removes it. */
const TRIM_RE = /^[\s\u0085\u180e\u200b]+|[\s\u0085\u180e\u200b]+$/g;

/** A random GUID (version 4) from the context's random source. */
function randomGuid(ctx: ExprContext): string {
  const rnd = ctx.random ?? Math.random;
  const b: number[] = [];
  for (let i = 0; i < 16; i++) b.push(Math.floor(rnd() * 256) & 0xff);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const stringFunctions: FunctionDef[] = [
  fn('concat', 'string', [1, Infinity], 'concat(text1: any, text2: any, ...): string',
    'Combines two or more values into one string. Non-string values are converted to text (numbers invariant, booleans as True/False, objects as JSON, null as empty).',
    (args) => {
      let s = '';
      for (const a of args) s += toText(a);
      return s;
    }),
  fn('endsWith', 'string', [2, 2], 'endsWith(text: string, searchText: string): boolean',
    'Checks whether a string ends with a substring. Not case-sensitive.',
    (args, _c, site) => str(args, 0, site).toLowerCase().endsWith(str(args, 1, site).toLowerCase())),
  fn('guid', 'string', [0, 1], "guid(format?: 'N' | 'D' | 'B' | 'P' | 'X'): string",
    "Generates a globally unique identifier as a string. Format 'D' (default) is 32 hex digits with hyphens; 'N' without hyphens; 'B' in braces; 'P' in parentheses; 'X' as hexadecimal fields.",
    (args, ctx, site) => {
      const format = (optStr(args, 0, site) ?? 'D').toUpperCase();
      const g = randomGuid(ctx);
      const n = g.replace(/-/g, '');
      switch (format) {
        case 'D': return g;
        case 'N': return n;
        case 'B': return `{${g}}`;
        case 'P': return `(${g})`;
        case 'X': {
          const rest = n.slice(16).match(/../g)!.map((x) => `0x${x}`).join(',');
          return `{0x${n.slice(0, 8)},0x${n.slice(8, 12)},0x${n.slice(12, 16)},{${rest}}}`;
        }
        default: return site.invalid(0, `The format '${format}' is not a valid GUID format: use 'N', 'D', 'B', 'P' or 'X'.`);
      }
    }),
  fn('indexOf', 'string', [2, 2], 'indexOf(text: string, searchText: string): integer',
    'Returns the 0-based position of the first occurrence of a substring, or -1. Not case-sensitive.',
    (args, _c, site) => str(args, 0, site).toLowerCase().indexOf(str(args, 1, site).toLowerCase())),
  fn('lastIndexOf', 'string', [2, 2], 'lastIndexOf(text: string, searchText: string): integer',
    'Returns the 0-based position of the last occurrence of a substring, or -1. Not case-sensitive.',
    (args, _c, site) => {
      const text = str(args, 0, site).toLowerCase();
      const search = str(args, 1, site).toLowerCase();
      return search === '' ? Math.max(0, text.length - 1) : text.lastIndexOf(search);
    }),
  fn('replace', 'string', [3, 3], 'replace(text: string, oldText: string, newText: string): string',
    'Replaces every occurrence of a substring (case-sensitive) and returns the updated string.',
    (args, _c, site) => {
      const text = str(args, 0, site);
      const old = str(args, 1, site);
      const repl = args[2] === null ? '' : str(args, 2, site);
      if (old === '') site.invalid(1, 'The string to replace cannot be empty.');
      return text.split(old).join(repl);
    }),
  fn('split', 'string', [2, 2], 'split(text: string, delimiter: string): array',
    'Splits a string at each occurrence of a delimiter and returns the substrings as an array.',
    (args, _c, site) => {
      const text = str(args, 0, site);
      const d = str(args, 1, site);
      return d === '' ? [text] : text.split(d);
    }),
  fn('startsWith', 'string', [2, 2], 'startsWith(text: string, searchText: string): boolean',
    'Checks whether a string starts with a substring. Not case-sensitive.',
    (args, _c, site) => str(args, 0, site).toLowerCase().startsWith(str(args, 1, site).toLowerCase())),
  fn('substring', 'string', [2, 3], 'substring(text: string, startIndex: integer, length?: integer): string',
    'Returns characters from a string, starting at a 0-based position, for the given length (default: to the end).',
    (args, _c, site) => {
      const text = str(args, 0, site);
      const start = int(args, 1, site);
      const length = args.length > 2 ? int(args, 2, site) : text.length - start;
      if (start < 0 || start > text.length) {
        site.fail(ExprCodes.outOfRange, { length: text.length, start }, 1, 'substringStart');
      }
      if (length < 0 || start + length > text.length) {
        site.fail(ExprCodes.outOfRange, { start, count: length, length: text.length }, args.length > 2 ? 2 : 1, 'substringLength');
      }
      return text.slice(start, start + length);
    }),
  fn('toLower', 'string', [1, 1], 'toLower(text: string): string', 'Returns a string in lowercase.',
    (args, _c, site) => (args[0] === null ? '' : str(args, 0, site).toLowerCase())),
  fn('toUpper', 'string', [1, 1], 'toUpper(text: string): string', 'Returns a string in uppercase.',
    (args, _c, site) => (args[0] === null ? '' : str(args, 0, site).toUpperCase())),
  fn('trim', 'string', [1, 1], 'trim(text: string): string', 'Removes leading and trailing whitespace from a string.',
    (args, _c, site) => (args[0] === null ? '' : str(args, 0, site).replace(TRIM_RE, ''))),
];
