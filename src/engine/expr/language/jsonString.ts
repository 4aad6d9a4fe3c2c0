/**
 * The JSON string value under a file offset, with the mapping between offsets in the decoded value and
 * offsets in the file (escape sequences such as `\"`, `\n`, `\u0041` are several file characters for one
 * value character).
 */
import { findNodeAtOffset, getNodePath, parseTree, type Node } from 'jsonc-parser';

export interface StringAt {
  node: Node;
  /** The decoded string value. */
  value: string;
  /** JSON path of the string (for property keys: the path of the property). */
  path: (string | number)[];
  /** True when the string is a property key rather than a value. */
  isKey: boolean;
  /** File offset of a value offset (0..value.length). */
  toFile(valueOffset: number): number;
  /** Value offset of a file offset inside the string's quotes (clamped). */
  toValue(fileOffset: number): number;
}

/** Builds the value→file offset table for a string token starting at `tokenOffset`. */
export function valueOffsets(text: string, tokenOffset: number, tokenLength: number): number[] {
  const start = tokenOffset + 1;
  const end = text.charCodeAt(tokenOffset + tokenLength - 1) === 34 && tokenLength > 1 ? tokenOffset + tokenLength - 1 : tokenOffset + tokenLength;
  const map: number[] = [];
  let i = start;
  while (i < end) {
    map.push(i);
    i += text.charCodeAt(i) === 92 /* \ */ ? (text[i + 1] === 'u' ? 6 : 2) : 1;
  }
  map.push(Math.min(i, end));
  return map;
}

/** The string node at a file offset (cursor inside the quotes), or undefined. */
export function stringAt(text: string, offset: number, root?: Node): StringAt | undefined {
  const tree = root ?? parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  if (!tree) return undefined;
  const node = findNodeAtOffset(tree, offset, true);
  if (!node || node.type !== 'string' || typeof node.value !== 'string') return undefined;
  if (offset <= node.offset || offset > node.offset + node.length) return undefined;
  const map = valueOffsets(text, node.offset, node.length);
  const isKey = node.parent?.type === 'property' && node.parent.children?.[0] === node;
  return {
    node,
    value: node.value,
    path: getNodePath(node),
    isKey,
    toFile: (v) => map[Math.max(0, Math.min(v, map.length - 1))],
    toValue: (f) => {
      let lo = 0;
      while (lo < map.length - 1 && map[lo + 1] <= f) lo++;
      return lo;
    },
  };
}
