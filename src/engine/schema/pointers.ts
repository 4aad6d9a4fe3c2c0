/** JSON pointers of ajv errors to paths, nodes and ranges of the parsed document. */
import type { JsonDocument, JsonNode } from '../json/document';

/** JSON pointer (ajv instancePath) to a path, with array indexes as numbers where the document has arrays. */
export function pointerToPath(doc: JsonDocument, pointer: string): (string | number)[] {
  if (!pointer) return [];
  const segs = pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const path: (string | number)[] = [];
  let node: JsonNode | undefined = doc.root;
  for (const s of segs) {
    if (node?.type === 'array') {
      const i = Number(s);
      path.push(i);
      node = node.children?.[i];
    } else {
      path.push(s);
      node = node?.children?.find((p) => p.children?.[0]?.value === s)?.children?.[1];
    }
  }
  return path;
}

export function nodeAtPath(root: JsonNode | undefined, path: (string | number)[]): JsonNode | undefined {
  let node = root;
  for (const s of path) {
    if (!node) return undefined;
    if (node.type === 'array' && typeof s === 'number') node = node.children?.[s];
    else if (node.type === 'object') {
      // The last duplicate key wins, as in JSON.parse.
      const props = node.children?.filter((p) => p.children?.[0]?.value === s) ?? [];
      node = props[props.length - 1]?.children?.[1];
    } else return undefined;
  }
  return node;
}

/** The key of an object/array value (short and readable), or the value's own range for scalars. */
export function keyOrValueRange(node: JsonNode): { offset: number; length: number } {
  if ((node.type === 'object' || node.type === 'array') && node.parent?.type === 'property' && node.parent.children?.[0]) {
    const k = node.parent.children[0];
    return { offset: k.offset, length: k.length };
  }
  if (node.type === 'object' || node.type === 'array') return { offset: node.offset, length: 1 };
  return { offset: node.offset, length: node.length };
}
