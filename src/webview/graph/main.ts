/** Graph webview: draws a laid-out graph as SVG (text via textContent only) and reports clicks. */
import type { GraphLayout, GraphModel } from '../../engine/graph/types';
import type { GraphCoverage } from '../../engine/coverage/graph';
import { layoutGraph } from '../../engine/graphLayout';
import { graphSvg } from '../../engine/report';
import { toDom } from '../shared/dom';
import { parseToGraph, type FromGraph } from './protocol';

declare function acquireVsCodeApi(): { postMessage(m: unknown): void; getState(): unknown; setState(s: unknown): void };

const vscode = acquireVsCodeApi();
const root = document.getElementById('root')!;
let layout: GraphLayout | undefined;
let statuses: Record<string, string> = {};
let latest: GraphModel | undefined;
let coverage: GraphCoverage | null = null;

function post(m: FromGraph): void {
  vscode.postMessage(m);
}

/** Draws the layout with the engine's SVG drawing (the one the static documentation uses), as DOM nodes. */
function draw(): void {
  if (!layout) return;
  const header = document.createElement('h1');
  header.textContent = layout.title ?? '';
  const svg = toDom(graphSvg(layout, { statuses, interactive: true, marks: coverage?.marks, notes: coverage?.notes }));
  if (!coverage) return root.replaceChildren(header, svg);
  const summary = document.createElement('p');
  summary.className = 'coverage-summary';
  summary.textContent = coverage.summary;
  root.replaceChildren(header, summary, svg);
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
  } else if (m.type === 'coverage') {
    coverage = m.coverage;
    draw();
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
