/**
 * The dependency graph of a whole factory as a graph model (the same model the pipeline graph view lays out with
 * ELK): one node per resource, one edge per referencing → referenced pair, labelled with how often it is referenced.
 */
import type { GraphModel, GraphNode } from '../graph/types';
import { buildReferenceGraph, RESOURCE_KINDS, resourceKey, type Factory, type ReferenceGraph } from '../model';
import { unusedKeys, unusedResources } from './impact';

/** Kinds drawn in the dependency graph (factory settings and global parameters reference nothing). */
const GRAPH_KINDS = RESOURCE_KINDS.filter((k) => k !== 'factory' && k !== 'globalParameters');

/**
 * Node ids are `kind:lower-case name` (the model's resource key). A node's `kind` is the resource kind, or
 * `missing` for a name referenced but defined by no file; `status` is `Unused` for resources nothing uses.
 */
export function factoryGraph(factory: Factory, graph: ReferenceGraph = buildReferenceGraph(factory)): GraphModel {
  const unused = unusedKeys(unusedResources(factory, graph));
  const nodes = new Map<string, GraphNode>();
  for (const kind of GRAPH_KINDS) {
    for (const r of factory.resources[kind].values()) {
      const id = resourceKey(kind, r.name);
      nodes.set(id, { id, label: r.name, kind, type: r.type ?? kind, detail: r.type ?? kind, status: unused.has(id) ? 'Unused' : undefined, source: { file: r.file, path: [], offset: 0, length: 0 } });
    }
  }
  const counts = new Map<string, { from: string; to: string; n: number }>();
  for (const [file, refs] of graph.outgoing) {
    const from = graph.files.get(file);
    if (!from || !nodes.has(from)) continue;
    for (const ref of refs) {
      if (ref.dynamic) continue;
      const to = resourceKey(ref.to.kind, ref.to.name);
      if (to === from) continue;
      if (!nodes.has(to)) nodes.set(to, { id: to, label: ref.to.name, kind: 'missing', type: ref.to.kind, detail: `${ref.to.kind} (no file)` });
      const key = `${from}\n${to}`;
      const c = counts.get(key);
      if (c) c.n++;
      else counts.set(key, { from, to, n: 1 });
    }
  }
  const edges = [...counts.values()].map((c) => ({ from: c.from, to: c.to, label: c.n > 1 ? `×${c.n}` : undefined }));
  return { title: factory.name, nodes: [...nodes.values()], edges };
}
