/**
 * Property paths of stage files: `typeProperties.baseUrl`, `activities[0].typeProperties.url`,
 * `activities["Copy Data"].policy.timeout`, `globalParameters.'GP-String'.value`, with a leading `$` meaning the
 * resource's root. An array index may be a number or the `name` of an item (ADF arrays of named things:
 * activities, parameters of data flows, ...).
 */

export type PathSegment = { key: string } | { index: number } | { named: string };

export class PathSyntaxError extends Error {
  constructor(
    message: string,
    public readonly column: number,
  ) {
    super(message);
    this.name = 'PathSyntaxError';
  }
}

export interface ParsedPath {
  /** True when the path started with `$` (absolute from the resource's root). */
  absolute: boolean;
  segments: PathSegment[];
}

/** Parses a path; errors carry the 1-based column within the path text. */
export function parsePath(text: string): ParsedPath {
  let i = 0;
  const segments: PathSegment[] = [];
  let absolute = false;
  const s = text.trim();
  const lead = text.length - text.trimStart().length;
  const fail = (msg: string, at = i): never => {
    throw new PathSyntaxError(msg, lead + at + 1);
  };
  if (!s) fail('the path is empty; write e.g. typeProperties.baseUrl');
  if (s[0] === '$') {
    absolute = true;
    i = 1;
    if (i < s.length && s[i] !== '.' && s[i] !== '[') fail(`expected "." or "[" after "$"`);
    if (s[i] === '.') i++;
  }
  const quoted = (): string => {
    const q = s[i];
    let out = '';
    i++;
    while (i < s.length && s[i] !== q) {
      if (s[i] === '\\' && i + 1 < s.length) i++;
      out += s[i++];
    }
    if (i >= s.length) fail(`unterminated ${q === '"' ? 'double' : 'single'}-quoted name`);
    i++;
    return out;
  };
  let expectKey = true;
  while (i < s.length) {
    const c = s[i];
    if (c === '[') {
      i++;
      if (s[i] === '"' || s[i] === "'") {
        segments.push({ named: quoted() });
      } else {
        const m = /^\s*(\d+)\s*/.exec(s.slice(i));
        if (!m) fail('expected a number or a quoted name inside [ ]');
        segments.push({ index: Number(m![1]) });
        i += m![0].length;
      }
      if (s[i] !== ']') fail('expected "]"');
      i++;
      expectKey = false;
      continue;
    }
    if (c === '.') {
      if (expectKey) fail('empty name between dots');
      i++;
      expectKey = true;
      if (i >= s.length) fail('the path ends with "."');
      continue;
    }
    if (!expectKey) fail(`expected "." or "[" before "${c}"`);
    if (c === '"' || c === "'") segments.push({ key: quoted() });
    else {
      let name = '';
      while (i < s.length && s[i] !== '.' && s[i] !== '[') name += s[i++];
      name = name.trim();
      if (!name) fail('empty name');
      segments.push({ key: name });
    }
    expectKey = false;
  }
  if (!segments.length && !absolute) fail('the path is empty');
  return { absolute, segments };
}

export function formatPath(segments: PathSegment[]): string {
  let out = '';
  for (const s of segments) {
    if ('key' in s) out += (out ? '.' : '') + (/^[A-Za-z_$][\w$@-]*$/.test(s.key) ? s.key : `'${s.key}'`);
    else if ('index' in s) out += `[${s.index}]`;
    else out += `["${s.named}"]`;
  }
  return out;
}

type Container = Record<string, unknown> | unknown[];

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** Resolves one segment in a container: the key/index to use, or undefined when absent. */
function locate(container: unknown, seg: PathSegment): { holder: Container; at: string | number } | undefined {
  if ('key' in seg) {
    if (!isObject(container)) return undefined;
    // ADF's JSON is case-sensitive, but a stage path written with another case would silently add a
    // second property: match the existing key case-insensitively when there is exactly one.
    if (seg.key in container) return { holder: container, at: seg.key };
    const lower = seg.key.toLowerCase();
    const found = Object.keys(container).filter((k) => k.toLowerCase() === lower);
    return found.length === 1 ? { holder: container, at: found[0] } : { holder: container, at: seg.key };
  }
  if (!Array.isArray(container)) return undefined;
  if ('index' in seg) return { holder: container, at: seg.index };
  const idx = container.findIndex((x) => isObject(x) && x.name === seg.named);
  return idx < 0 ? undefined : { holder: container, at: idx };
}

function has(holder: Container, at: string | number): boolean {
  return Array.isArray(holder) ? typeof at === 'number' && at < holder.length : Object.prototype.hasOwnProperty.call(holder, at);
}

export type PathLookup = { found: true; value: unknown } | { found: false; missingAt: number };

/** Reads a path in a value. `missingAt` is the index of the first segment that does not exist. */
export function getPath(root: unknown, segments: PathSegment[]): PathLookup {
  let cur = root;
  for (let k = 0; k < segments.length; k++) {
    const loc = locate(cur, segments[k]);
    if (!loc || !has(loc.holder, loc.at)) return { found: false, missingAt: k };
    cur = (loc.holder as any)[loc.at];
  }
  return { found: true, value: cur };
}

/**
 * Sets a value. With `create`, missing objects on the way are created (never arrays: an index into a missing
 * array is an error). Returns false when the path cannot be reached.
 */
export function setPath(root: unknown, segments: PathSegment[], value: unknown, create: boolean): boolean {
  let cur = root;
  for (let k = 0; k < segments.length; k++) {
    const seg = segments[k];
    const loc = locate(cur, seg);
    if (!loc) return false;
    const last = k === segments.length - 1;
    if (last) {
      if (!has(loc.holder, loc.at) && !create) return false;
      if (Array.isArray(loc.holder) && (typeof loc.at !== 'number' || loc.at > loc.holder.length)) return false;
      (loc.holder as any)[loc.at] = value;
      return true;
    }
    if (!has(loc.holder, loc.at)) {
      if (!create || !('key' in seg) || !('key' in segments[k + 1])) return false;
      (loc.holder as any)[loc.at] = {};
    }
    cur = (loc.holder as any)[loc.at];
  }
  return false;
}

/** Removes a property or array item. Returns false when it does not exist. */
export function removePath(root: unknown, segments: PathSegment[]): boolean {
  if (!segments.length) return false;
  const parent = segments.length === 1 ? { found: true as const, value: root } : getPath(root, segments.slice(0, -1));
  if (!parent.found) return false;
  const loc = locate(parent.value, segments[segments.length - 1]);
  if (!loc || !has(loc.holder, loc.at)) return false;
  if (Array.isArray(loc.holder)) loc.holder.splice(loc.at as number, 1);
  else delete loc.holder[loc.at as string];
  return true;
}
