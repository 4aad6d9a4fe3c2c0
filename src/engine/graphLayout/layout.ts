/**
 * Lays out a graph model with ELK (layered, left to right, nested containers). Returns absolute
 * coordinates for nodes and edge polylines, ready to draw as SVG.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { GraphLayout, GraphModel, LaidOutEdge, LaidOutNode } from '../graph/types';

const NODE_W = 190;
const NODE_H = 52;
const ROOT_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.spacing.nodeNode': '24',
  'elk.layered.spacing.nodeNodeBetweenLayers': '48',
  'elk.padding': '[top=16,left=16,bottom=16,right=16]',
  'elk.edgeRouting': 'ORTHOGONAL',
};
const GROUP_OPTIONS = { ...ROOT_OPTIONS, 'elk.padding': '[top=40,left=16,bottom=16,right=16]' };

let elk: InstanceType<typeof ELK> | undefined;

/** Computes positions for every node and edge of the model. */
export async function layoutGraph(model: GraphModel): Promise<GraphLayout> {
  elk ??= new ELK();
  const known = new Set(model.nodes.map((n) => n.id));
  const elkNodes = new Map<string, ElkNode>();
  const root: ElkNode = { id: '__root', layoutOptions: ROOT_OPTIONS, children: [], edges: [] };
  for (const n of model.nodes) elkNodes.set(n.id, { id: n.id, width: NODE_W, height: NODE_H, children: [], edges: [] });
  const parentOf = (id: string) => {
    const p = model.nodes.find((n) => n.id === id)?.parent;
    return p && known.has(p) ? elkNodes.get(p)! : root;
  };
  for (const n of model.nodes) {
    const parent = parentOf(n.id);
    parent.children!.push(elkNodes.get(n.id)!);
  }
  for (const n of elkNodes.values()) {
    if (n.children!.length) {
      n.layoutOptions = GROUP_OPTIONS;
      delete n.width;
      delete n.height;
    }
  }
  model.edges.forEach((e, i) => {
    if (!known.has(e.from) || !known.has(e.to)) return;
    const p = parentOf(e.from);
    const edge: ElkExtendedEdge = { id: `e${i}`, sources: [e.from], targets: [e.to] };
    // Edges only join siblings in pipelines; place them in the common parent (or root).
    (p === parentOf(e.to) ? p : root).edges!.push(edge);
  });
  const out = await elk.layout(root);
  const nodes: LaidOutNode[] = [];
  const edges: LaidOutEdge[] = [];
  const byId = new Map(model.nodes.map((n) => [n.id, n]));
  const edgeById = new Map(model.edges.map((e, i) => [`e${i}`, e]));
  const walk = (n: ElkNode, ox: number, oy: number) => {
    for (const c of n.children ?? []) {
      const x = ox + (c.x ?? 0);
      const y = oy + (c.y ?? 0);
      const m = byId.get(c.id);
      if (m) nodes.push({ ...m, x, y, width: c.width ?? NODE_W, height: c.height ?? NODE_H });
      walk(c, x, y);
    }
    for (const e of n.edges ?? []) {
      const m = edgeById.get(e.id);
      if (!m) continue;
      const pts: { x: number; y: number }[] = [];
      for (const s of e.sections ?? []) {
        pts.push({ x: ox + s.startPoint.x, y: oy + s.startPoint.y });
        for (const b of s.bendPoints ?? []) pts.push({ x: ox + b.x, y: oy + b.y });
        pts.push({ x: ox + s.endPoint.x, y: oy + s.endPoint.y });
      }
      edges.push({ ...m, points: pts });
    }
  };
  walk(out, 0, 0);
  return { title: model.title, width: out.width ?? 0, height: out.height ?? 0, nodes, edges };
}
