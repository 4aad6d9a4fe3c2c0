/**
 * Impact analysis over the reference graph of a factory: who references a resource, transitively (pipelines →
 * datasets → linked services → integration runtimes, triggers → pipelines, ExecutePipeline chains, data flows →
 * datasets), what it uses in turn, and which resources nothing uses.
 *
 * Built on model/references (one extractor of ADF references); this module only walks it. References whose name is
 * an expression cannot be followed statically: they are reported separately (`dynamicReferences`), never guessed.
 */
import { buildReferenceGraph, findResource, referencesFrom, referencesTo, RESOURCE_KINDS, resourceKey, type Factory, type Reference, type ReferenceGraph, type Resource, type ResourceKind } from '../model';

export interface ResourceLocation {
  /** 0-based offset and length of the `referenceName` value in `file`. */
  offset: number;
  length: number;
}

export interface ImpactEntry {
  kind: ResourceKind;
  name: string;
  /** File defining the resource; undefined when the name is referenced but no file defines it. */
  file?: string;
  /** Steps from the resource asked about (1: direct). */
  depth: number;
  /** The resource this one references (referencedBy) or is referenced by (uses) on the shortest path. */
  via: { kind: ResourceKind; name: string };
  /** Where, in `file` (referencedBy) or in the `via` resource's file (uses), the reference is written. */
  locations: (ResourceLocation & { file: string })[];
}

export interface ImpactResult {
  resource: Resource;
  /** Everything that references the resource, directly or through others, nearest first. */
  referencedBy: ImpactEntry[];
  /** Everything the resource references, directly or through others, nearest first. */
  uses: ImpactEntry[];
  /** References whose target is an expression, held by resources of `referencedBy` or the resource itself, of the same kind. */
  dynamicReferences: { kind: ResourceKind; name: string; file: string; offset: number; length: number; targetKind: ResourceKind }[];
}

/** Parses `kind/name` (kind as the folder name, case-insensitive; the name may contain '/'). */
export function parseResourceId(text: string): { kind: ResourceKind; name: string } | undefined {
  const i = text.indexOf('/');
  if (i <= 0 || i === text.length - 1) return undefined;
  const kindText = text.slice(0, i).toLowerCase();
  const kind = RESOURCE_KINDS.find((k) => k.toLowerCase() === kindText || `${k.toLowerCase()}s` === kindText);
  return kind ? { kind, name: text.slice(i + 1) } : undefined;
}

function byKey(factory: Factory, key: string): { kind: ResourceKind; name: string; file?: string } {
  const i = key.indexOf(':');
  const kind = key.slice(0, i) as ResourceKind;
  const r = factory.resources[kind]?.get(key.slice(i + 1)) ?? [...(factory.resources[kind]?.values() ?? [])].find((x) => x.name.toLowerCase() === key.slice(i + 1));
  return r ? { kind, name: r.name, file: r.file } : { kind, name: key.slice(i + 1) };
}

/** Breadth-first walk along references; `next` gives the neighbours of a resource with the references that connect them. */
function walk(
  factory: Factory,
  start: Resource,
  next: (kind: ResourceKind, name: string) => { key: string; kind: ResourceKind; name: string; ref: Reference }[],
  locationOf: (ref: Reference) => ResourceLocation & { file: string },
): ImpactEntry[] {
  const startKey = resourceKey(start.kind, start.name);
  const seen = new Map<string, ImpactEntry>();
  let frontier: { kind: ResourceKind; name: string }[] = [{ kind: start.kind, name: start.name }];
  for (let depth = 1; frontier.length; depth++) {
    const following: { kind: ResourceKind; name: string }[] = [];
    for (const from of frontier) {
      for (const n of next(from.kind, from.name)) {
        if (n.key === startKey) continue;
        const existing = seen.get(n.key);
        if (existing) {
          // Several references on the same step (e.g. a pipeline using a dataset twice): keep every location.
          if (existing.depth === depth && existing.via.kind === from.kind && existing.via.name.toLowerCase() === from.name.toLowerCase()) existing.locations.push(locationOf(n.ref));
          continue;
        }
        const target = byKey(factory, n.key);
        const entry: ImpactEntry = { kind: target.kind, name: target.name, file: target.file, depth, via: { kind: from.kind, name: from.name }, locations: [locationOf(n.ref)] };
        seen.set(n.key, entry);
        following.push({ kind: target.kind, name: target.name });
      }
    }
    frontier = following;
  }
  return [...seen.values()].sort((a, b) => a.depth - b.depth || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
}

/** Who references a resource (transitively) and what it uses (transitively). Undefined when no file defines it. */
export function impactOf(factory: Factory, kind: ResourceKind, name: string, graph: ReferenceGraph = buildReferenceGraph(factory)): ImpactResult | undefined {
  const resource = findResource(factory, kind, name);
  if (!resource) return undefined;
  const loc = (ref: Reference) => ({ file: ref.from.file, offset: ref.offset, length: ref.length });
  const referencedBy = walk(
    factory,
    resource,
    (k, n) => referencesTo(graph, k, n).map((ref) => ({ key: resourceKey(ref.from.kind, ref.from.name), kind: ref.from.kind, name: ref.from.name, ref })),
    loc,
  );
  const uses = walk(
    factory,
    resource,
    (k, n) => referencesFrom(graph, k, n).filter((ref) => !ref.dynamic).map((ref) => ({ key: resourceKey(ref.to.kind, ref.to.name), kind: ref.to.kind, name: ref.to.name, ref })),
    loc,
  );
  // Expression-named references of the resource's kind anywhere in the factory might reach it at run time.
  const dynamicReferences: ImpactResult['dynamicReferences'] = [];
  for (const refs of graph.outgoing.values()) {
    for (const ref of refs) if (ref.dynamic && ref.to.kind === kind) dynamicReferences.push({ kind: ref.from.kind, name: ref.from.name, file: ref.from.file, offset: ref.offset, length: ref.length, targetKind: ref.to.kind });
  }
  return { resource, referencedBy, uses, dynamicReferences };
}

/** Kinds reported by `unused`: resources that exist to be referenced. Triggers, factory settings and global parameters are entry points. */
export const UNUSED_KINDS: readonly ResourceKind[] = ['pipeline', 'dataset', 'linkedService', 'dataflow', 'integrationRuntime', 'credential', 'managedVirtualNetwork'];

export interface UnusedResource {
  kind: ResourceKind;
  name: string;
  file: string;
  /**
   * `unreferenced`: no resource references it; for a pipeline, `notTriggered`: no trigger starts it and no
   * ExecutePipeline activity calls it.
   */
  reason: 'unreferenced' | 'notTriggered';
  /** Resources of the factory hold references of this kind whose names are expressions: it may still be used at run time. */
  maybeDynamic: boolean;
}

/**
 * Resources nothing uses. A pipeline counts as used when a trigger starts it or an ExecutePipeline activity (in any
 * pipeline) calls it; other kinds when any resource references them. The default integration runtime
 * (`AutoResolveIntegrationRuntime`) and data flows of type Flowlet used by data flows count like the others.
 */
export function unusedResources(factory: Factory, graph: ReferenceGraph = buildReferenceGraph(factory), kinds: readonly ResourceKind[] = UNUSED_KINDS): UnusedResource[] {
  const dynamicKinds = new Set<ResourceKind>();
  for (const refs of graph.outgoing.values()) for (const ref of refs) if (ref.dynamic) dynamicKinds.add(ref.to.kind);
  const out: UnusedResource[] = [];
  for (const kind of kinds) {
    for (const r of factory.resources[kind].values()) {
      // Derived from a Fabric pipeline's inline settings: used by that pipeline by construction.
      if (r.derived) continue;
      // A reference from the resource itself (a pipeline calling itself) does not make it used.
      const incoming = referencesTo(graph, kind, r.name).filter((ref) => ref.from.file !== r.file);
      if (incoming.length) continue;
      out.push({ kind, name: r.name, file: r.file, reason: kind === 'pipeline' ? 'notTriggered' : 'unreferenced', maybeDynamic: dynamicKinds.has(kind) });
    }
  }
  return out.sort((a, b) => RESOURCE_KINDS.indexOf(a.kind) - RESOURCE_KINDS.indexOf(b.kind) || a.name.localeCompare(b.name));
}

/** Keys (`kind:lower-case name`) of the unused resources, for quick membership tests (the tree's Unused marker). */
export function unusedKeys(unused: readonly UnusedResource[]): Set<string> {
  return new Set(unused.map((u) => resourceKey(u.kind, u.name)));
}
