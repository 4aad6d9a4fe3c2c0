/** Messages between the graph webview and the extension, validated on both sides. */
import type { GraphLayout } from '../../engine/graph/types';

export type ToGraph =
  | { type: 'layout'; layout: GraphLayout }
  | { type: 'status'; statuses: Record<string, string> }
  | { type: 'error'; message: string };

export type FromGraph = { type: 'ready' } | { type: 'reveal'; nodeId: string };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function parseFromGraph(v: unknown): FromGraph | undefined {
  if (!isObj(v)) return undefined;
  if (v.type === 'ready') return { type: 'ready' };
  if (v.type === 'reveal' && typeof v.nodeId === 'string' && v.nodeId.length <= 5000) return { type: 'reveal', nodeId: v.nodeId };
  return undefined;
}

export function parseToGraph(v: unknown): ToGraph | undefined {
  if (!isObj(v)) return undefined;
  if (v.type === 'error' && typeof v.message === 'string') return { type: 'error', message: v.message };
  if (v.type === 'status' && isObj(v.statuses) && Object.values(v.statuses).every((s) => typeof s === 'string')) return { type: 'status', statuses: v.statuses as Record<string, string> };
  if (v.type === 'layout' && isObj(v.layout)) {
    const l = v.layout;
    if (!isNum(l.width) || !isNum(l.height) || !Array.isArray(l.nodes) || !Array.isArray(l.edges)) return undefined;
    const nodesOk = l.nodes.every((n) => isObj(n) && typeof n.id === 'string' && typeof n.label === 'string' && typeof n.kind === 'string' && isNum(n.x) && isNum(n.y) && isNum(n.width) && isNum(n.height));
    const edgesOk = l.edges.every((e) => isObj(e) && typeof e.from === 'string' && typeof e.to === 'string' && Array.isArray(e.points) && e.points.every((p) => isObj(p) && isNum(p.x) && isNum(p.y)));
    return nodesOk && edgesOk ? { type: 'layout', layout: l as unknown as GraphLayout } : undefined;
  }
  return undefined;
}
