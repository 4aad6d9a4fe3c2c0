/**
 * The reference graph of a factory: every `{"referenceName": ..., "type": "<Kind>Reference"}` in every resource
 * (activity -> dataset / linked service / pipeline / data flow, dataset -> linked service, trigger -> pipeline,
 * data flow -> dataset / linked service / flowlet, linked service -> integration runtime / Key Vault linked
 * service / credential), with the source range of each reference and a reverse index for "find references".
 *
 * Incremental: `updateResourceReferences` replaces the references of one resource only.
 */
import type { JsonNode } from '../json/document';
import { pathOf } from '../json';
import type { Factory, Resource, ResourceKind } from './types';
import { RESOURCE_KINDS } from './types';

/** ADF reference object types and the resource kind each one names. */
export const REFERENCE_KINDS: Readonly<Record<string, ResourceKind>> = {
  PipelineReference: 'pipeline',
  DatasetReference: 'dataset',
  LinkedServiceReference: 'linkedService',
  DataFlowReference: 'dataflow',
  IntegrationRuntimeReference: 'integrationRuntime',
  TriggerReference: 'trigger',
  CredentialReference: 'credential',
  ManagedVirtualNetworkReference: 'managedVirtualNetwork',
};

export interface ResourceId {
  kind: ResourceKind;
  name: string;
}

export interface Reference {
  /** The resource holding the reference. */
  from: ResourceId & { file: string };
  /** The referenced resource (name as written). */
  to: ResourceId;
  /** The reference object's `type`, e.g. DatasetReference. */
  referenceType: string;
  /** Range of the `referenceName` string value in `from.file` (quotes included). */
  offset: number;
  length: number;
  /** JSON path of the `referenceName` value. */
  path: (string | number)[];
  /** True when the name is an expression (`@...` or an Expression object): it cannot be resolved statically. */
  dynamic: boolean;
}

export interface ReferenceGraph {
  /** file -> references the resource of that file holds (per file, so duplicates and renames stay apart) */
  outgoing: Map<string, Reference[]>;
  /** target key (kind + lower-case name) -> references pointing at it */
  incoming: Map<string, Reference[]>;
  /** file -> key of the resource it defines */
  files: Map<string, string>;
}

/** Key of a resource: kind and lower-case name (ADF names are case-insensitive). */
export function resourceKey(kind: ResourceKind, name: string): string {
  return `${kind}:${name.toLowerCase()}`;
}

/** The references one resource document holds, in document order. Never throws. */
export function extractReferences(resource: Resource): Reference[] {
  const out: Reference[] = [];
  const root = resource.doc.root;
  if (!root) return out;
  const stack: JsonNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'object' && node.children) {
      let nameNode: JsonNode | undefined;
      let typeValue: unknown;
      for (const p of node.children) {
        const key = p.children?.[0]?.value;
        if (key === 'referenceName') nameNode = p.children?.[1];
        else if (key === 'type') typeValue = p.children?.[1]?.value;
      }
      const kind = typeof typeValue === 'string' ? REFERENCE_KINDS[typeValue] : undefined;
      if (kind && nameNode) {
        const isString = nameNode.type === 'string';
        const name = isString ? String(nameNode.value) : '';
        const dynamic = !isString || /^\s*@/.test(name) || name.includes('@{');
        out.push({
          from: { kind: resource.kind, name: resource.name, file: resource.file },
          to: { kind, name },
          referenceType: typeValue as string,
          offset: nameNode.offset,
          length: nameNode.length,
          path: pathOf(nameNode),
          dynamic,
        });
      }
    }
    if (node.children) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
  return out;
}

/** Builds the graph of a whole factory. */
export function buildReferenceGraph(factory: Factory): ReferenceGraph {
  const graph: ReferenceGraph = { outgoing: new Map(), incoming: new Map(), files: new Map() };
  // Resources derived from a Fabric pipeline's inline settings share its file: the pipeline holds the references.
  for (const kind of RESOURCE_KINDS) for (const r of factory.resources[kind].values()) if (!r.derived) updateResourceReferences(graph, r, factory.fabric?.pipelineIds);
  return graph;
}

/**
 * Fabric pipelines name their children by id: a legacy ExecutePipeline's referenceName and InvokePipeline's
 * `pipelineId` (a logicalId) become references to the pipeline's display name.
 */
function fabricPipelineReferences(resource: Resource, refs: Reference[], ids: Map<string, string>): Reference[] {
  const out = refs.map((r) => {
    const name = r.to.kind === 'pipeline' && !r.dynamic ? ids.get(r.to.name.toLowerCase()) : undefined;
    return name ? { ...r, to: { kind: r.to.kind, name } } : r;
  });
  const root = resource.doc.root;
  const stack: JsonNode[] = root ? [root] : [];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'property' && node.children?.[0]?.value === 'pipelineId' && node.children[1]?.type === 'string') {
      const v = node.children[1];
      const name = ids.get(String(v.value).toLowerCase());
      if (name) out.push({ from: { kind: resource.kind, name: resource.name, file: resource.file }, to: { kind: 'pipeline', name }, referenceType: 'PipelineReference', offset: v.offset, length: v.length, path: pathOf(v), dynamic: false });
    }
    if (node.children) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
  return out.sort((a, b) => a.offset - b.offset);
}

/** Replaces the references held by one resource (after its file changed). */
export function updateResourceReferences(graph: ReferenceGraph, resource: Resource, fabricIds?: Map<string, string>): void {
  removeFileReferences(graph, resource.file);
  const refs = fabricIds && resource.kind === 'pipeline' ? fabricPipelineReferences(resource, extractReferences(resource), fabricIds) : extractReferences(resource);
  graph.outgoing.set(resource.file, refs);
  graph.files.set(resource.file, resourceKey(resource.kind, resource.name));
  for (const ref of refs) {
    if (ref.dynamic) continue;
    const key = resourceKey(ref.to.kind, ref.to.name);
    const list = graph.incoming.get(key);
    if (list) list.push(ref);
    else graph.incoming.set(key, [ref]);
  }
}

/** Drops the references held by whatever resource a file defined (after the file was deleted). */
export function removeFileReferences(graph: ReferenceGraph, file: string): void {
  const old = graph.outgoing.get(file);
  graph.outgoing.delete(file);
  graph.files.delete(file);
  if (!old) return;
  for (const ref of old) {
    const k = resourceKey(ref.to.kind, ref.to.name);
    const list = graph.incoming.get(k);
    if (!list) continue;
    const kept = list.filter((r) => r !== ref);
    if (kept.length) graph.incoming.set(k, kept);
    else graph.incoming.delete(k);
  }
}

/** Drops the references held by a resource, by name (every file defining that name). */
export function removeResourceReferences(graph: ReferenceGraph, kind: ResourceKind, name: string): void {
  const key = resourceKey(kind, name);
  for (const [file, k] of [...graph.files]) if (k === key) removeFileReferences(graph, file);
}

/** References held by the resource of one file. */
export function referencesOfFile(graph: ReferenceGraph, file: string): Reference[] {
  return graph.outgoing.get(file) ?? [];
}

/** Where a resource is referenced (find references). */
export function referencesTo(graph: ReferenceGraph, kind: ResourceKind, name: string): Reference[] {
  return graph.incoming.get(resourceKey(kind, name)) ?? [];
}

/** What a resource references (by name; every file defining that name). */
export function referencesFrom(graph: ReferenceGraph, kind: ResourceKind, name: string): Reference[] {
  const key = resourceKey(kind, name);
  const out: Reference[] = [];
  for (const [file, k] of graph.files) if (k === key) out.push(...(graph.outgoing.get(file) ?? []));
  return out;
}

/** The reference under an offset of a file (for go-to-definition), if any. */
export function referenceAt(graph: ReferenceGraph, file: string, offset: number): Reference | undefined {
  for (const refs of graph.outgoing.values()) {
    for (const r of refs) if (r.from.file === file && offset >= r.offset && offset <= r.offset + r.length) return r;
  }
  return undefined;
}
