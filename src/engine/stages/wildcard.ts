/**
 * Wildcard names as azure.datafactory.tools matches them (PowerShell's `-like`): `*` any run of characters,
 * `?` one character, `[abc]` / `[a-c]` one of a set, a backtick escapes the next character; case-insensitive;
 * the whole name must match.
 */
const cache = new Map<string, RegExp>();

export function wildcardRegExp(pattern: string): RegExp {
  const hit = cache.get(pattern);
  if (hit) return hit;
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '`' && i + 1 < pattern.length) re += escape(pattern[++i]);
    else if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        const body = pattern.slice(i + 1, end).replace(/[\\\]^]/g, (m) => '\\' + m);
        re += body ? `[${body}]` : '\\[\\]';
        i = end;
      }
    } else re += escape(c);
  }
  const out = new RegExp(`^${re}$`, 'is');
  if (cache.size > 1000) cache.clear();
  cache.set(pattern, out);
  return out;
}

function escape(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

export function hasWildcard(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

export function wildcardMatch(pattern: string, text: string): boolean {
  return wildcardRegExp(pattern).test(text);
}
