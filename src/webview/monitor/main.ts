/** Run monitor webview: renders what the extension sends and posts user actions back. */
import { renderMonitorPage } from '../../engine/report';
import { toDom } from '../shared/dom';
import { parseToMonitor, type FromMonitor, type MonitorViewState, type ToMonitor } from './protocol';

declare function acquireVsCodeApi(): { postMessage(m: unknown): void; getState(): unknown; setState(s: unknown): void };

const vscode = acquireVsCodeApi();
const root = document.getElementById('root')!;
let last: ToMonitor | undefined;

function post(m: FromMonitor): void {
  vscode.postMessage(m);
}

function render(msg: ToMonitor): void {
  last = msg;
  // Keep open <details> and scroll positions across re-renders.
  const open = new Set([...root.querySelectorAll('details[open]')].map((d) => d.getAttribute('data-activity-run-id') ?? d.className));
  const runsPane = root.querySelector('.runs-pane');
  const paneScroll = runsPane?.scrollTop ?? 0;
  const tree = renderMonitorPage(msg.runs, msg.selected, msg.state.filters, { interactive: true, now: msg.now, trusted: msg.trusted, ...(msg.paused ? { paused: msg.paused } : {}) });
  root.replaceChildren(toDom(tree));
  for (const d of root.querySelectorAll('details')) if (open.has(d.getAttribute('data-activity-run-id') ?? d.className)) d.setAttribute('open', '');
  const pane = root.querySelector('.runs-pane');
  if (pane) pane.scrollTop = paneScroll;
  vscode.setState(msg.state satisfies MonitorViewState);
}

window.addEventListener('message', (ev: MessageEvent) => {
  const msg = parseToMonitor(ev.data);
  if (msg) render(msg);
});

root.addEventListener('click', (ev) => {
  const target = ev.target as Element;
  const button = target.closest('button[data-action]');
  const runId = last?.selected?.pipelineRun.runId;
  if (button) {
    const action = button.getAttribute('data-action');
    if (action === 'refresh') post({ type: 'refresh' });
    else if (runId && (action === 'cancel' || action === 'rerun' || action === 'rerunFromFailed' || action === 'createTest')) post({ type: action, runId });
    return;
  }
  const row = target.closest('tr[data-run-id]');
  if (row) {
    post({ type: 'select', runId: row.getAttribute('data-run-id')! });
    return;
  }
  const act = target.closest('tr[data-activity-name]');
  if (act && runId) post({ type: 'revealActivity', runId, activityName: act.getAttribute('data-activity-name')! });
});

root.addEventListener('keydown', (ev) => {
  const row = (ev.target as Element).closest('tr[data-run-id]');
  if (row && (ev.key === 'Enter' || ev.key === ' ')) {
    ev.preventDefault();
    post({ type: 'select', runId: row.getAttribute('data-run-id')! });
  }
});

root.addEventListener('change', (ev) => {
  const form = (ev.target as Element).closest('form[data-role="filters"]') as HTMLFormElement | null;
  if (!form) return;
  const data = new FormData(form);
  const hours = Number(data.get('hours') ?? 0);
  post({
    type: 'filters',
    filters: {
      pipeline: String(data.get('pipeline') ?? '') || undefined,
      status: String(data.get('status') ?? '') || undefined,
      hours: Number.isFinite(hours) && hours > 0 ? hours : undefined,
      origin: (String(data.get('origin') ?? '') || undefined) as 'local' | 'remote' | undefined,
    },
  });
});

post({ type: 'ready' });
