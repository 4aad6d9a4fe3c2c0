/**
 * The JSON paths ADF uses in TabularTranslator mappings: `$['a']['b'][0]`, `$.a.b`, `['a']`, `a.b`, `a[0]`.
 * A path starting with `$` is absolute; without it, it is relative to the collectionReference item.
 */

export interface ParsedPath {
  absolute: boolean;
  segments: (string | number)[];
}

/** Parses a mapping path; throws an Error naming the path and the position on bad syntax. */
export function parsePath(path: string): ParsedPath {
  let i = 0;
  const s = path.trim();
  const segments: (string | number)[] = [];
  let absolute = false;
  if (s[0] === '$') {
    absolute = true;
    i = 1;
  }
  const fail = (why: string) => {
    throw new Error(`Invalid JSON path "${path}" at position ${i + 1}: ${why}. Use a path like $['name'] or $.name.`);
  };
  while (i < s.length) {
    const c = s[i];
    if (c === '.') {
      i++;
      continue;
    }
    if (c === '[') {
      i++;
      const q = s[i];
      if (q === "'" || q === '"') {
        let j = i + 1;
        let out = '';
        while (j < s.length && s[j] !== q) {
          if (s[j] === '\\' && j + 1 < s.length) j++;
          out += s[j++];
        }
        if (s[j] !== q) fail('unterminated quoted name');
        i = j + 1;
        if (s[i] !== ']') fail("expected ']'");
        i++;
        segments.push(out);
      } else {
        const j = s.indexOf(']', i);
        if (j < 0) fail("expected ']'");
        const inner = s.slice(i, j).trim();
        if (/^\d+$/.test(inner)) segments.push(Number(inner));
        else if (inner === '*') segments.push('*');
        else if (inner) segments.push(inner);
        else fail('empty brackets');
        i = j + 1;
      }
      continue;
    }
    let j = i;
    while (j < s.length && s[j] !== '.' && s[j] !== '[') j++;
    segments.push(s.slice(i, j));
    i = j;
  }
  return { absolute, segments };
}

/** The value at `segments` in `v`, or undefined. */
export function getAt(v: unknown, segments: (string | number)[]): unknown {
  let cur = v;
  for (const seg of segments) {
    if (cur === null || cur === undefined || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

/** Sets `value` at `segments` in `target`, creating objects and arrays on the way. */
export function setAt(target: Record<string, unknown>, segments: (string | number)[], value: unknown): void {
  let cur: Record<string | number, unknown> = target;
  for (let k = 0; k < segments.length - 1; k++) {
    const seg = segments[k];
    let next = cur[seg];
    if (next === null || typeof next !== 'object') {
      next = typeof segments[k + 1] === 'number' ? [] : {};
      cur[seg] = next;
    }
    cur = next as Record<string | number, unknown>;
  }
  cur[segments[segments.length - 1]] = value;
}
