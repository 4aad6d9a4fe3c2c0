/** Messages between the graph webview and the extension, validated on both sides. */
import type { GraphModel } from '../../engine/graph/types';
import type { GraphCoverage } from '../../engine/coverage/graph';

export type ToGraph =
  | { type: 'model'; model: GraphModel }
  | { type: 'status'; statuses: Record<string, string> }
  | { type: 'coverage'; coverage: GraphCoverage | null }
  | { type: 'error'; message: string };

export type FromGraph = { type: 'ready' } | { type: 'reveal'; nodeId: string };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

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
  if (v.type === 'coverage') {
    if (v.coverage === null) return { type: 'coverage', coverage: null };
    const c = v.coverage;
    const strings = (x: unknown) => isObj(x) && Object.values(x).every((s) => typeof s === 'string');
    return isObj(c) && strings(c.marks) && strings(c.notes) && typeof c.summary === 'string' ? { type: 'coverage', coverage: c as unknown as GraphCoverage } : undefined;
  }
  if (v.type === 'model' && isObj(v.model)) {
    const m = v.model;
    if (!Array.isArray(m.nodes) || !Array.isArray(m.edges) || (m.title !== undefined && typeof m.title !== 'string')) return undefined;
    const optStr = (x: unknown) => x === undefined || typeof x === 'string';
    const nodesOk = m.nodes.every((n) => isObj(n) && typeof n.id === 'string' && typeof n.label === 'string' && typeof n.kind === 'string' && optStr(n.type) && optStr(n.parent) && optStr(n.status) && optStr(n.detail));
    const edgesOk = m.edges.every((e) => isObj(e) && typeof e.from === 'string' && typeof e.to === 'string' && optStr(e.label));
    return nodesOk && edgesOk ? { type: 'model', model: m as unknown as GraphModel } : undefined;
  }
  return undefined;
}
