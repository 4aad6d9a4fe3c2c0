/**
 * Draws a laid-out graph (src/engine/graph/layout.ts) as an SVG element tree: the graph webview turns it into DOM
 * nodes, the static documentation serialises it with every text and attribute escaped. One drawing for both.
 */
import type { GraphLayout, LaidOutNode } from '../graph/types';
import { h, type VElement } from './vnode';

/** Glyphs from blocks common system fonts cover (arrows, geometric shapes, dingbats). */
export const TYPE_GLYPH: Readonly<Record<string, string>> = {
  Copy: '⇄', Lookup: '◎', ForEach: '↻', Until: '↺', IfCondition: '◇', Switch: '☰', ExecutePipeline: '▶', SetVariable: 'x',
  AppendVariable: 'x+', Wait: '◔', Fail: '✖', WebActivity: '⊕', GetMetadata: 'ℹ', Delete: '✂', Filter: '▽', ExecuteDataFlow: '≋', Validation: '✓',
};

export interface GraphSvgOptions {
  /** Status per node id (overrides the node's own `status`): drawn as `status-<Status>` classes. */
  statuses?: Readonly<Record<string, string>>;
  /** Extra classes per node id (e.g. coverage marks `cov-covered`, `cov-uncovered`). */
  marks?: Readonly<Record<string, string>>;
  /** Extra tooltip lines per node id. */
  notes?: Readonly<Record<string, string>>;
  /** Nodes are buttons (focusable, clickable in the webview); the static page draws them as plain groups. */
  interactive?: boolean;
  /** Link per node id (static pages: a node links to its section). */
  links?: Readonly<Record<string, string>>;
}

function clip(s: string, n: number): string {
  return s.length > n ? s.slice(0, Math.max(1, n - 1)) + '…' : s;
}

const cssName = (s: string) => s.replace(/[^A-Za-z0-9-]/g, '');

function node(n: LaidOutNode, o: GraphSvgOptions): VElement {
  const status = o.statuses?.[n.id] ?? n.status;
  const mark = o.marks?.[n.id];
  const cls = `node kind-${cssName(n.kind)}${status ? ` status-${cssName(status)}` : ''}${mark ? ` ${mark.split(/\s+/).map(cssName).join(' ')}` : ''}`;
  const tip = [`${n.label}${n.type ? ` (${n.type})` : ''}`, n.detail, status, o.notes?.[n.id]].filter(Boolean).join('\n');
  const parts: VElement[] = [h('title', null, tip), h('rect', { x: n.x, y: n.y, width: n.width, height: n.height, rx: 4 })];
  if (n.kind === 'container' || n.kind === 'branch') {
    parts.push(h('text', { x: n.x + 8, y: n.y + 18, class: 'label' }, `${n.type ? (TYPE_GLYPH[n.type] ?? '') + ' ' : ''}${n.label}`));
    if (n.detail) parts.push(h('text', { x: n.x + 8, y: n.y + 32, class: 'detail' }, clip(n.detail, Math.floor(n.width / 7))));
  } else {
    parts.push(h('text', { x: n.x + 10, y: n.y + 21, class: 'glyph' }, n.type ? (TYPE_GLYPH[n.type] ?? '◆') : '◆'));
    parts.push(h('text', { x: n.x + 30, y: n.y + 21, class: 'label' }, clip(n.label, 22)));
    parts.push(h('text', { x: n.x + 30, y: n.y + 39, class: 'detail' }, clip(status ? `${n.type ?? ''} · ${status}` : (n.detail ?? n.type ?? ''), 24)));
  }
  const attrs = o.interactive ? { class: cls, 'data-node-id': n.id, tabindex: 0, role: 'button' } : { class: cls, 'data-node-id': n.id };
  const g = h('g', attrs, ...parts);
  const link = o.links?.[n.id];
  return link ? h('a', { href: link }, g) : g;
}

/** The SVG of a laid-out graph: containers first so their children and the edges draw on top. */
export function graphSvg(layout: GraphLayout, o: GraphSvgOptions = {}): VElement {
  const byId = new Map(layout.nodes.map((n) => [n.id, n]));
  const depth = (n: LaidOutNode) => {
    let d = 0;
    for (let p = n.parent; p && d < 100; p = byId.get(p)?.parent) d++;
    return d;
  };
  const order = layout.nodes.map((n, i) => ({ n, i, d: depth(n) })).sort((a, b) => a.d - b.d || a.i - b.i);
  const edges: VElement[] = [];
  for (const e of layout.edges) {
    if (e.points.length < 2) continue;
    const d = e.points.map((p, i) => `${i ? 'L' : 'M'}${p.x},${p.y}`).join(' ');
    const cond = cssName((e.label ?? 'Succeeded').split(',')[0].trim());
    const parts: VElement[] = [h('path', { d, 'marker-end': 'url(#arrow)' })];
    if (e.label) {
      const k = Math.floor((e.points.length - 1) / 2);
      const mid = e.points[k];
      const next = e.points[k + 1] ?? mid;
      parts.push(h('text', { x: (mid.x + next.x) / 2, y: (mid.y + next.y) / 2 - 4, class: 'edge-label', 'text-anchor': 'middle' }, e.label));
    }
    edges.push(h('g', { class: `edge cond-${cond}` }, ...parts));
  }
  const label = layout.title ? `Activity graph of ${layout.title}` : 'Graph';
  return h(
    'svg',
    { xmlns: 'http://www.w3.org/2000/svg', width: layout.width, height: layout.height, viewBox: `0 0 ${layout.width} ${layout.height}`, class: 'graph', role: 'img', 'aria-label': label },
    h('defs', null, h('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, h('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow' }))),
    order.map((x) => node(x.n, o)),
    edges,
  );
}
