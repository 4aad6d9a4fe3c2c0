/**
 * Go to definition and find references inside a factory, on the live text of a resource file:
 * `referenceName` (pipelines, datasets, linked services, data flows, integration runtimes, triggers),
 * `dependsOn[].activity`, and in expressions `activity('X')`, `variables('x')`, `pipeline().parameters.x`,
 * `dataset().x`, `linkedService().x`. Pure; never throws.
 */
import * as path from 'node:path';
import { findNodeAtOffset, type Node } from 'jsonc-parser';
import type { JsonDocument } from '../json';
import { nodeAt, parseJsonDocument, pathOf } from '../json';
import type { Factory, ResourceKind } from '../model/types';
import { RESOURCE_KINDS, REFERENCE_KINDS, findResource, isActivityPath } from '../model';

export interface Location {
  file: string;
  offset: number;
  length: number;
}

/** What a position refers to. */
export type SymbolRef =
  | { kind: 'resource'; resourceKind: ResourceKind; name: string }
  | { kind: 'activity'; name: string }
  | { kind: 'variable'; name: string }
  | { kind: 'parameter'; name: string }
  | { kind: 'datasetParameter'; name: string }
  | { kind: 'linkedServiceParameter'; name: string };

interface ExprHit {
  ref: SymbolRef;
  offset: number;
  length: number;
}

const EXPR_PATTERNS: { re: RegExp; make: (name: string) => SymbolRef }[] = [
  { re: /activity\(\s*'([^']*)'\s*\)/g, make: (name) => ({ kind: 'activity', name }) },
  { re: /variables\(\s*'([^']*)'\s*\)/g, make: (name) => ({ kind: 'variable', name }) },
  { re: /pipeline\(\s*\)\s*\.\s*parameters\s*\.\s*([A-Za-z_][\w]*)/g, make: (name) => ({ kind: 'parameter', name }) },
  { re: /pipeline\(\s*\)\s*\.\s*parameters\s*\[\s*'([^']*)'\s*\]/g, make: (name) => ({ kind: 'parameter', name }) },
  { re: /dataset\(\s*\)\s*\.\s*([A-Za-z_][\w]*)/g, make: (name) => ({ kind: 'datasetParameter', name }) },
  { re: /linkedService\(\s*\)\s*\.\s*([A-Za-z_][\w]*)/g, make: (name) => ({ kind: 'linkedServiceParameter', name }) },
];

/** Symbol references inside one JSON string node (raw text, so offsets are file offsets). */
function exprHits(doc: JsonDocument, node: Node): ExprHit[] {
  const raw = doc.text.slice(node.offset, node.offset + node.length);
  if (!raw.includes('@')) return [];
  const hits: ExprHit[] = [];
  for (const { re, make } of EXPR_PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(raw); m; m = re.exec(raw)) {
      const nameStart = m.index + m[0].lastIndexOf(m[1]);
      hits.push({ ref: make(m[1]), offset: node.offset + nameStart, length: m[1].length });
    }
  }
  return hits;
}

function stringNodes(root: Node | undefined, out: Node[] = []): Node[] {
  if (!root) return out;
  if (root.type === 'string') out.push(root);
  for (const c of root.children ?? []) stringNodes(c, out);
  return out;
}

function keyRange(node: Node | undefined): Location | undefined {
  const prop = node?.parent;
  if (prop?.type === 'property' && prop.children?.[0]) return { file: '', offset: prop.children[0].offset, length: prop.children[0].length };
  return undefined;
}

/** The symbol at an offset of a resource document, with the range of the name under the cursor. */
export function symbolAt(doc: JsonDocument, offset: number): { ref: SymbolRef; range: Location } | undefined {
  if (!doc.root) return undefined;
  const node = findNodeAtOffset(doc.root, offset, true);
  if (!node) return undefined;
  const p = pathOf(node);
  const loc = (n: Node): Location => ({ file: doc.file, offset: n.offset, length: n.length });
  const isKey = node.parent?.type === 'property' && node.parent.children?.[0] === node;
  if (node.type === 'string' && !isKey) {
    const last = p[p.length - 1];
    if (last === 'referenceName' && node.parent?.parent) {
      const typeNode = node.parent.parent.children?.find((c) => c.children?.[0]?.value === 'type')?.children?.[1];
      const kind = typeof typeNode?.value === 'string' ? REFERENCE_KINDS[typeNode.value] : undefined;
      if (kind) return { ref: { kind: 'resource', resourceKind: kind, name: String(node.value) }, range: loc(node) };
    }
    if (last === 'activity' && p[p.length - 3] === 'dependsOn') return { ref: { kind: 'activity', name: String(node.value) }, range: loc(node) };
    if (last === 'name' && isActivityPath(p.slice(0, -1))) return { ref: { kind: 'activity', name: String(node.value) }, range: loc(node) };
    const hit = exprHits(doc, node).find((x) => offset >= x.offset && offset <= x.offset + x.length);
    if (hit) return { ref: hit.ref, range: { file: doc.file, offset: hit.offset, length: hit.length } };
    return undefined;
  }
  if (isKey) {
    const objPath = pathOf(node.parent!.parent!);
    const name = String(node.value);
    const declKind = declarationKind(objPath, doc);
    if (declKind) return { ref: { kind: declKind, name } as SymbolRef, range: loc(node) };
  }
  return undefined;
}

function declarationKind(objPath: (string | number)[], doc: JsonDocument): SymbolRef['kind'] | undefined {
  if (objPath.length !== 2 || objPath[0] !== 'properties') return undefined;
  const kindOfFile = path.basename(path.dirname(doc.file));
  if (objPath[1] === 'variables') return 'variable';
  if (objPath[1] === 'parameters') return kindOfFile === 'dataset' ? 'datasetParameter' : kindOfFile === 'linkedService' ? 'linkedServiceParameter' : 'parameter';
  return undefined;
}

/** Every activity object in a pipeline document, nested ones included, with its name node. */
export function activityNameNodes(doc: JsonDocument): { name: string; node: Node; path: (string | number)[] }[] {
  const out: { name: string; node: Node; path: (string | number)[] }[] = [];
  for (const n of stringNodes(doc.root)) {
    const prop = n.parent;
    if (prop?.type !== 'property' || prop.children?.[1] !== n || prop.children?.[0]?.value !== 'name') continue;
    const p = pathOf(n);
    if (isActivityPath(p.slice(0, -1))) out.push({ name: String(n.value), node: n, path: p.slice(0, -1) });
  }
  return out;
}

/** Where a symbol is declared. `doc` is the live document the symbol was found in. */
export function findDefinition(factory: Factory | undefined, doc: JsonDocument, ref: SymbolRef): Location[] {
  switch (ref.kind) {
    case 'resource': {
      const r = factory ? findResource(factory, ref.resourceKind, ref.name) : undefined;
      if (!r) return [];
      const n = nodeAt(r.doc, ['name']);
      return [{ file: r.file, offset: n?.offset ?? 0, length: n?.length ?? 0 }];
    }
    case 'activity':
      return activityNameNodes(doc)
        .filter((a) => a.name === ref.name)
        .map((a) => ({ file: doc.file, offset: a.node.offset, length: a.node.length }));
    case 'variable':
    case 'parameter':
    case 'datasetParameter':
    case 'linkedServiceParameter': {
      const section = ref.kind === 'variable' ? 'variables' : 'parameters';
      const k = keyRange(nodeAt(doc, ['properties', section, ref.name]));
      return k ? [{ ...k, file: doc.file }] : [];
    }
  }
}

function sameRef(a: SymbolRef, b: SymbolRef): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'resource' && b.kind === 'resource') return a.resourceKind === b.resourceKind && a.name.toLowerCase() === b.name.toLowerCase();
  return a.name === b.name;
}

/** Uses of a symbol (declaration included when `includeDeclaration`). For resources, across the factory. */
export function findReferences(factory: Factory | undefined, doc: JsonDocument, ref: SymbolRef, includeDeclaration = true): Location[] {
  const out: Location[] = [];
  const scan = (d: JsonDocument) => {
    for (const n of stringNodes(d.root)) {
      const p = pathOf(n);
      const last = p[p.length - 1];
      if (ref.kind === 'resource' && last === 'referenceName') {
        const s = symbolAt(d, n.offset + 1);
        if (s && sameRef(s.ref, ref)) out.push({ file: d.file, offset: n.offset, length: n.length });
      } else if (ref.kind === 'activity' && last === 'activity' && p[p.length - 3] === 'dependsOn' && n.value === ref.name) {
        out.push({ file: d.file, offset: n.offset, length: n.length });
      }
      if (ref.kind !== 'resource') for (const hit of exprHits(d, n)) if (sameRef(hit.ref, ref)) out.push({ file: d.file, offset: hit.offset, length: hit.length });
    }
  };
  if (ref.kind === 'resource') {
    if (factory) {
      for (const kind of RESOURCE_KINDS) {
        for (const r of factory.resources[kind].values()) {
          // The live document replaces the saved copy of the same file.
          scan(r.file === doc.file ? doc : r.doc);
        }
      }
      if (![...RESOURCE_KINDS].some((k) => [...factory.resources[k].values()].some((r) => r.file === doc.file))) scan(doc);
    } else scan(doc);
  } else scan(doc);
  if (includeDeclaration) {
    for (const d of findDefinition(factory, doc, ref)) if (!out.some((o) => o.file === d.file && o.offset === d.offset)) out.unshift(d);
  }
  return out;
}

/** Convenience for callers holding text rather than a parsed document. */
export function documentOf(file: string, text: string): JsonDocument {
  return parseJsonDocument(file, text);
}
