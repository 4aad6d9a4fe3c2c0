/** Graph webview: draws a laid-out graph as SVG (text via textContent only) and reports clicks. */
import type { GraphLayout, GraphModel, LaidOutNode } from '../../engine/graph/types';
import { layoutGraph } from './layout';
import { parseToGraph, type FromGraph } from './protocol';

declare function acquireVsCodeApi(): { postMessage(m: unknown): void; getState(): unknown; setState(s: unknown): void };

const vscode = acquireVsCodeApi();
const root = document.getElementById('root')!;
const SVG = 'http://www.w3.org/2000/svg';
let layout: GraphLayout | undefined;
let statuses: Record<string, string> = {};
let latest: GraphModel | undefined;

// Glyphs from blocks common system fonts cover (arrows, geometric shapes, dingbats).
const TYPE_GLYPH: Record<string, string> = {
  Copy: '⇄', Lookup: '◎', ForEach: '↻', Until: '↺', IfCondition: '◇', Switch: '☰', ExecutePipeline: '▶', SetVariable: 'x',
  AppendVariable: 'x+', Wait: '◔', Fail: '✖', WebActivity: '⊕', GetMetadata: 'ℹ', Delete: '✂', Filter: '▽', ExecuteDataFlow: '≋', Validation: '✓',
};

function post(m: FromGraph): void {
  vscode.postMessage(m);
}

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

function drawNode(n: LaidOutNode): SVGGElement {
  const status = statuses[n.id] ?? n.status;
  const g = svg('g', { class: `node kind-${n.kind}${status ? ` status-${status.replace(/[^A-Za-z]/g, '')}` : ''}`, 'data-node-id': n.id, tabindex: 0, role: 'button' });
  const title = svg('title', {}, `${n.label}${n.type ? ` (${n.type})` : ''}${n.detail ? `\n${n.detail}` : ''}${status ? `\n${status}` : ''}`);
  g.appendChild(title);
  g.appendChild(svg('rect', { x: n.x, y: n.y, width: n.width, height: n.height, rx: 4 }));
  if (n.kind === 'container' || n.kind === 'branch') {
    g.appendChild(svg('text', { x: n.x + 8, y: n.y + 18, class: 'label' }, `${n.type ? (TYPE_GLYPH[n.type] ?? '') + ' ' : ''}${n.label}`));
    if (n.detail) g.appendChild(svg('text', { x: n.x + 8, y: n.y + 32, class: 'detail' }, clip(n.detail, Math.floor(n.width / 7))));
  } else {
    g.appendChild(svg('text', { x: n.x + 10, y: n.y + 21, class: 'glyph' }, n.type ? (TYPE_GLYPH[n.type] ?? '◆') : '◆'));
    g.appendChild(svg('text', { x: n.x + 30, y: n.y + 21, class: 'label' }, clip(n.label, 22)));
    g.appendChild(svg('text', { x: n.x + 30, y: n.y + 39, class: 'detail' }, clip(status ? `${n.type ?? ''} · ${status}` : n.detail ?? n.type ?? '', 24)));
  }
  return g;
}

function clip(s: string, n: number): string {
  return s.length > n ? s.slice(0, Math.max(1, n - 1)) + '…' : s;
}

function draw(): void {
  if (!layout) return;
  const s = svg('svg', { width: layout.width, height: layout.height, viewBox: `0 0 ${layout.width} ${layout.height}`, class: 'graph' });
  const defs = svg('defs', {});
  const marker = svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
  marker.appendChild(svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow' }));
  defs.appendChild(marker);
  s.appendChild(defs);
  // Containers first so children and edges draw on top.
  const order = [...layout.nodes].sort((a, b) => depth(a) - depth(b));
  for (const n of order) s.appendChild(drawNode(n));
  for (const e of layout.edges) {
    if (e.points.length < 2) continue;
    const d = e.points.map((p, i) => `${i ? 'L' : 'M'}${p.x},${p.y}`).join(' ');
    const cls = (e.label ?? 'Succeeded').split(',')[0].trim();
    const g = svg('g', { class: `edge cond-${cls.replace(/[^A-Za-z]/g, '')}` });
    g.appendChild(svg('path', { d, 'marker-end': 'url(#arrow)' }));
    if (e.label) {
      const mid = e.points[Math.floor((e.points.length - 1) / 2)];
      const next = e.points[Math.floor((e.points.length - 1) / 2) + 1] ?? mid;
      g.appendChild(svg('text', { x: (mid.x + next.x) / 2, y: (mid.y + next.y) / 2 - 4, class: 'edge-label', 'text-anchor': 'middle' }, e.label));
    }
    s.appendChild(g);
  }
  const header = document.createElement('h1');
  header.textContent = layout.title ?? '';
  root.replaceChildren(header, s);
}

function depth(n: LaidOutNode): number {
  let d = 0;
  let p = n.parent;
  while (p && d < 100) {
    d++;
    p = layout!.nodes.find((x) => x.id === p)?.parent;
  }
  return d;
}

window.addEventListener('message', (ev: MessageEvent) => {
  const m = parseToGraph(ev.data);
  if (!m) return;
  if (m.type === 'model') {
    // ELK runs here, in the webview, so the extension host never loads it.
    const requested = m.model;
    latest = requested;
    layoutGraph(requested).then(
      (l) => {
        if (latest !== requested) return;
        layout = l;
        draw();
      },
      (e: Error) => showError(`Cannot lay out the graph: ${e.message}`),
    );
  } else if (m.type === 'status') {
    statuses = m.statuses;
    draw();
  } else showError(m.message);
});

function showError(message: string): void {
  const p = document.createElement('p');
  p.className = 'error';
  p.textContent = message;
  root.replaceChildren(p);
}

function nodeOf(t: EventTarget | null): string | undefined {
  return (t as Element | null)?.closest?.('[data-node-id]')?.getAttribute('data-node-id') ?? undefined;
}
root.addEventListener('click', (ev) => {
  const id = nodeOf(ev.target);
  if (id) post({ type: 'reveal', nodeId: id });
});
root.addEventListener('keydown', (ev) => {
  const id = nodeOf(ev.target);
  if (id && (ev.key === 'Enter' || ev.key === ' ')) post({ type: 'reveal', nodeId: id });
});
post({ type: 'ready' });
