/**
 * Maps offsets in a decoded JSON string value to offsets in the file: a string node's text starts after its
 * opening quote, and each escape sequence (`\n`, `\"`, `\u0041`, ...) is several file characters for one value
 * character. Expression diagnostics are positioned in the value; this puts them on the right file columns.
 */

/** Returns a function from value offset (0..value.length) to file offset, for the string token at `tokenOffset`. */
export function stringOffsetMapper(text: string, tokenOffset: number, tokenLength: number): (valueOffset: number) => number {
  const start = tokenOffset + 1;
  const end = tokenOffset + tokenLength - 1;
  // Fast path: no backslash, the value is the raw text.
  if (text.indexOf('\\', start) === -1 || text.indexOf('\\', start) >= end) return (v) => Math.min(start + Math.max(0, v), Math.max(start, end));
  const map: number[] = [];
  let i = start;
  while (i < end) {
    map.push(i);
    if (text.charCodeAt(i) === 92 /* \ */) i += text[i + 1] === 'u' ? 6 : 2;
    else i++;
  }
  map.push(Math.min(i, end));
  return (v) => map[Math.max(0, Math.min(v, map.length - 1))];
}
