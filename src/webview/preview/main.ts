/** Data preview webview: a table of the first rows of one data flow stream, with a stream picker. Text via textContent only. */
import { parseToPreview, ROW_LIMITS, type FromPreview, type PreviewData } from './protocol';

declare function acquireVsCodeApi(): { postMessage(m: unknown): void; getState(): unknown; setState(s: unknown): void };

const vscode = acquireVsCodeApi();
const root = document.getElementById('root')!;

function post(m: FromPreview): void {
  vscode.postMessage(m);
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function cell(v: unknown): { text: string; cls: string } {
  if (v === null || v === undefined) return { text: 'NULL', cls: 'null' };
  if (typeof v === 'object') return { text: JSON.stringify(v), cls: 'complex' };
  if (typeof v === 'number') return { text: String(v), cls: 'number' };
  if (typeof v === 'boolean') return { text: String(v), cls: 'boolean' };
  return { text: String(v), cls: 'string' };
}

function toolbar(title: string, streams: string[], current: string, rowLimit?: number): HTMLElement {
  const bar = el('div', { class: 'toolbar' });
  bar.appendChild(el('span', { class: 'title' }, title));
  if (streams.length) {
    const sel = el('select', { 'aria-label': 'Stream' });
    for (const s of streams) {
      const o = el('option', { value: s }, s);
      if (s === current) o.selected = true;
      sel.appendChild(o);
    }
    sel.addEventListener('change', () => post({ type: 'select', stream: sel.value }));
    bar.appendChild(sel);
  }
  const rows = el('select', { 'aria-label': 'Rows' });
  for (const n of [10, 100, 1000]) rows.appendChild(el('option', { value: String(n) }, `${n} rows`));
  rows.value = String((vscode.getState() as { rows?: number } | undefined)?.rows ?? 100);
  rows.addEventListener('change', () => {
    vscode.setState({ rows: Number(rows.value) });
    post({ type: 'rows', rows: Number(rows.value) });
  });
  bar.appendChild(rows);
  if (rowLimit !== undefined) {
    // Rows read from each source (ADF's debug row limit): the setting's value until one is picked here.
    const limit = el('select', { 'aria-label': 'Row limit per source', title: 'Rows read from each source (debug row limit)' });
    const options = ROW_LIMITS.includes(rowLimit) ? ROW_LIMITS : [...ROW_LIMITS, rowLimit];
    for (const n of options) limit.appendChild(el('option', { value: String(n) }, n === 0 ? 'whole sources' : `row limit ${n}`));
    limit.value = String(rowLimit);
    limit.addEventListener('change', () => post({ type: 'rowLimit', rowLimit: Number(limit.value) }));
    bar.appendChild(limit);
  }
  const refresh = el('button', { type: 'button' }, 'Refresh');
  refresh.addEventListener('click', () => post({ type: 'refresh' }));
  bar.appendChild(refresh);
  return bar;
}

function render(d: PreviewData): void {
  root.replaceChildren();
  root.appendChild(toolbar(`${d.dataflow} › ${d.stream}`, d.streams, d.stream, d.rowLimit));
  const limit = d.rowLimit === undefined ? '' : d.rowLimit === 0 ? ' · whole sources read' : ` · up to ${d.rowLimit} rows per source`;
  root.appendChild(el('div', { class: 'summary' }, `${d.rows.length} of ${d.rowCount} rows · ${d.columns.length} columns · ${d.elapsedMs} ms${limit}`));
  const sources = Object.entries(d.sources ?? {});
  if (sources.length) {
    const text = sources.map(([name, s]) => (s.pushedDown ? `${name}: read by DuckDB${s.rowsScanned !== undefined ? ` (${s.rowsScanned} rows scanned)` : ''}` : `${name}: read through the connector${s.reason ? ` (${s.reason})` : ''}`)).join(' · ');
    root.appendChild(el('div', { class: 'summary sources' }, text));
  }
  const table = el('table');
  const head = el('tr');
  for (const c of d.columns) {
    const th = el('th', { title: c.type });
    th.appendChild(el('span', { class: 'name' }, c.name));
    th.appendChild(el('span', { class: 'type' }, c.type));
    head.appendChild(th);
  }
  table.appendChild(el('thead')).appendChild(head);
  const body = el('tbody');
  for (const r of d.rows) {
    const tr = el('tr');
    for (const c of d.columns) {
      const v = cell(r[c.name]);
      tr.appendChild(el('td', { class: v.cls }, v.text));
    }
    body.appendChild(tr);
  }
  table.appendChild(body);
  const wrap = el('div', { class: 'grid' });
  wrap.appendChild(table);
  root.appendChild(wrap);
}

window.addEventListener('message', (ev) => {
  const m = parseToPreview(ev.data);
  if (!m) return;
  if (m.type === 'loading') {
    root.replaceChildren(toolbar(`${m.dataflow} › ${m.stream}`, [], m.stream), el('div', { class: 'summary' }, 'Running the data flow on DuckDB…'));
  } else if (m.type === 'error') {
    root.replaceChildren(toolbar(`${m.dataflow} › ${m.stream}`, [], m.stream), el('pre', { class: 'error' }, m.message));
  } else render(m.data);
});

post({ type: 'ready' });
