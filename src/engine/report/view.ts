/**
 * Run rendering shared by the webview monitor and the static HTML report. Pure functions from run data to
 * element trees (vnode.ts); no DOM, no Node. Interactive parts (filters, buttons, clickable rows) are only
 * produced when `interactive` is set; the webview wires them by data attributes.
 */
import type { ActivityRun, PipelineRun, RunResult } from '../contracts/types';
import { h, styled, type VElement } from './vnode';
import { formatBytes, formatDuration, formatJson, formatTime, statusGlyph } from './format';

export interface RunFilters {
  pipeline?: string;
  status?: string;
  /** Time window in hours back from now (0/undefined = all). */
  hours?: number;
  origin?: 'local' | 'remote' | '';
}

export interface ViewOptions {
  interactive: boolean;
  /** Clock for in-progress bars (ms since epoch). */
  now: number;
  /**
   * Activities a debugger holds before they start, by pipeline run id: a transient mark of a run being debugged
   * (held activities have no activity run yet; the records stay a normal run's).
   */
  paused?: Record<string, string[]>;
}

/** Statuses of a pipeline run that is still going (the only ones that can be cancelled). */
export const ACTIVE_RUN_STATUSES: readonly string[] = ['Queued', 'InProgress', 'Canceling'];

/** Status filter choices: the known pipeline run statuses, then any other status present in the runs. */
export const FILTER_STATUSES: readonly string[] = ['Succeeded', 'Failed', 'InProgress', 'Queued', 'Cancelled', 'Canceling'];

/**
 * Status badge: glyph + text, coloured by a status class. A deactivated activity (Inactive) also says what
 * its dependents saw (`markedAs`, from onInactiveMarkAs).
 */
export function statusBadge(status: string | undefined, markedAs?: string): VElement {
  const s = status ?? 'Unknown';
  const title = s === 'Inactive' && markedAs ? `Inactive (deactivated, marked as ${markedAs})` : s;
  return h(
    'span',
    { class: `status status-${s.replace(/[^A-Za-z]/g, '')}`, title },
    h('span', { class: 'glyph', 'aria-hidden': 'true' }, statusGlyph(s)),
    ' ',
    s,
    s === 'Inactive' && markedAs ? h('span', { class: 'marked-as' }, ` → ${markedAs}`) : null,
  );
}

/** End of an activity bar or duration: its end, else now while it runs, else its start (a finished record without end, e.g. Inactive). */
function activityEnd(run: ActivityRun, now: number): number {
  if (run.activityRunEnd) return Date.parse(run.activityRunEnd);
  return run.status === 'InProgress' || run.status === 'Queued' ? now : Date.parse(run.activityRunStart);
}

/** True when a run passes the filters. */
export function matchesFilters(run: PipelineRun, f: RunFilters, now: number): boolean {
  if (f.pipeline && run.pipelineName !== f.pipeline) return false;
  if (f.status && run.status !== f.status) return false;
  if (f.origin && (run['adfw:origin'] ?? 'local') !== f.origin) return false;
  if (f.hours && f.hours > 0) {
    const t = Date.parse(run.runStart ?? run.lastUpdated);
    if (!Number.isNaN(t) && t < now - f.hours * 3600_000) return false;
  }
  return true;
}

function option(value: string, label: string, selected: boolean): VElement {
  return h('option', { value, selected }, label);
}

/** The filter bar (interactive only). */
export function renderFilters(runs: PipelineRun[], f: RunFilters): VElement {
  const pipelines = [...new Set(runs.map((r) => r.pipelineName))].sort();
  const statuses = [...FILTER_STATUSES];
  for (const r of runs) if (typeof r.status === 'string' && r.status && !statuses.includes(r.status)) statuses.push(r.status);
  if (f.status && !statuses.includes(f.status)) statuses.push(f.status);
  const windows: [string, string][] = [['0', 'Any time'], ['1', 'Last hour'], ['24', 'Last 24 hours'], ['168', 'Last 7 days']];
  return h(
    'form',
    { class: 'filters', 'data-role': 'filters' },
    h('label', null, 'Pipeline ', h('select', { name: 'pipeline' }, option('', 'All', !f.pipeline), pipelines.map((p) => option(p, p, f.pipeline === p)))),
    h('label', null, 'Status ', h('select', { name: 'status' }, option('', 'All', !f.status), statuses.map((s) => option(s, s, f.status === s)))),
    h('label', null, 'Time ', h('select', { name: 'hours' }, windows.map(([v, l]) => option(v, l, String(f.hours ?? 0) === v)))),
    h('label', null, 'Origin ', h('select', { name: 'origin' }, option('', 'All', !f.origin), option('local', 'Local', f.origin === 'local'), option('remote', 'Azure', f.origin === 'remote'))),
    h('button', { type: 'button', 'data-action': 'refresh', class: 'secondary' }, 'Refresh'),
  );
}

/** The list of pipeline runs, newest first. */
export function renderRunList(runs: PipelineRun[], selectedRunId: string | undefined, o: ViewOptions): VElement {
  const sorted = [...runs].sort((a, b) => (b.runStart ?? b.lastUpdated).localeCompare(a.runStart ?? a.lastUpdated));
  return h(
    'table',
    { class: 'runs', 'data-role': 'runs' },
    h('thead', null, h('tr', null, ['Pipeline', 'Status', 'Start (UTC)', 'Duration', 'Origin', 'Run ID'].map((c) => h('th', null, c)))),
    h(
      'tbody',
      null,
      sorted.length === 0 ? h('tr', null, h('td', { colspan: 6, class: 'empty' }, 'No runs match.')) : null,
      sorted.map((r) =>
        h(
          'tr',
          { 'data-run-id': o.interactive ? r.runId : undefined, class: r.runId === selectedRunId ? 'selected' : undefined, tabindex: o.interactive ? 0 : undefined },
          h('td', null, r.pipelineName),
          h('td', null, statusBadge(r.status), o.paused?.[r.runId]?.length ? pausedMark(o.paused[r.runId]) : null),
          h('td', null, formatTime(r.runStart)),
          h('td', null, formatDuration(r.durationInMs ?? runningMs(r.runStart, r.runEnd, o.now))),
          h('td', null, r['adfw:origin'] === 'remote' ? 'Azure' : r['adfw:fabric'] ? 'Local (Fabric)' : 'Local'),
          h('td', { class: 'mono' }, r.runId),
        ),
      ),
    ),
  );
}

function runningMs(start: string | undefined, end: string | undefined, now: number): number | undefined {
  const s = start ? Date.parse(start) : NaN;
  if (Number.isNaN(s)) return undefined;
  const e = end ? Date.parse(end) : now;
  return Number.isNaN(e) ? undefined : Math.max(0, e - s);
}

/** Activity runs ordered for display: containers followed by their children (by `adfw:parents`), each level by start. */
export function orderActivityRuns(runs: ActivityRun[]): { run: ActivityRun; depth: number }[] {
  const byStart = [...runs].sort((a, b) => (a.activityRunStart ?? '').localeCompare(b.activityRunStart ?? '') || a.activityName.localeCompare(b.activityName));
  const out: { run: ActivityRun; depth: number }[] = [];
  const used = new Set<ActivityRun>();
  const key = (p: string[] | undefined) => (p ?? []).join('\u0000');
  const childrenOf = new Map<string, ActivityRun[]>();
  for (const r of byStart) {
    const k = key(r['adfw:parents']);
    const list = childrenOf.get(k) ?? [];
    list.push(r);
    childrenOf.set(k, list);
  }
  const visit = (parents: string[], depth: number) => {
    for (const r of childrenOf.get(key(parents)) ?? []) {
      if (used.has(r)) continue;
      used.add(r);
      out.push({ run: r, depth });
      if (depth < 32) visit([...parents, r.activityName], depth + 1);
    }
  };
  visit([], 0);
  // Runs whose parents are not in the list (partial data) come last, at their own depth.
  for (const r of byStart) if (!used.has(r)) out.push({ run: r, depth: (r['adfw:parents'] ?? []).length });
  return out;
}

function activityMs(run: ActivityRun, now: number): number | undefined {
  const s = Date.parse(run.activityRunStart);
  const e = activityEnd(run, now);
  return Number.isNaN(s) || Number.isNaN(e) ? undefined : Math.max(0, e - s);
}

function errorText(e: ActivityRun['error']): string {
  if (!e) return '';
  return `${e.errorCode ? e.errorCode + ': ' : ''}${e.message ?? ''}`;
}

/** The "paused in the debugger" mark of a run (the held activities in its title). */
function pausedMark(names: string[]): VElement {
  return h('span', { class: 'paused', 'data-role': 'paused', title: `Paused in the debugger before: ${names.join(', ')}` }, ' · paused');
}

/** Activities held by a debugger in a run or the child runs shown with it (they have no activity run yet). */
function heldIn(result: RunResult, o: ViewOptions): string[] {
  if (!o.paused) return [];
  const ids = new Set([result.pipelineRun.runId, ...result.activityRuns.map((a) => a.pipelineRunId), ...result.activityRuns.map((a) => a['adfw:childRunId']).filter((x): x is string => !!x)]);
  return [...ids].flatMap((id) => o.paused![id] ?? []);
}

/** The activity runs table. */
export function renderActivityTable(result: RunResult, o: ViewOptions): VElement {
  const rows = orderActivityRuns(result.activityRuns);
  const held = heldIn(result, o);
  return h(
    'table',
    { class: 'activities', 'data-role': 'activities' },
    h('thead', null, h('tr', null, ['Activity', 'Type', 'Status', 'Start (UTC)', 'Duration', 'Error'].map((c) => h('th', null, c)))),
    h(
      'tbody',
      null,
      rows.length === 0 && !held.length ? h('tr', null, h('td', { colspan: 6, class: 'empty' }, 'No activity runs yet.')) : null,
      rows.map(({ run, depth }) =>
        h(
          'tr',
          { 'data-activity-run-id': run.activityRunId, 'data-activity-name': run.activityName },
          styled(h('td', { class: 'name' }, run.activityName), { 'padding-left': `${0.5 + depth * 1.25}em` }),
          h('td', null, run.activityType),
          h('td', null, statusBadge(run.status, run['adfw:markedAs'])),
          h('td', null, formatTime(run.activityRunStart)),
          h('td', null, formatDuration(run.durationInMs ?? activityMs(run, o.now))),
          h('td', { class: 'error-cell' }, errorText(run.error)),
        ),
      ),
      held.map((name) =>
        h('tr', { class: 'paused-row', 'data-role': 'paused-activity', 'data-activity-name': name }, h('td', { class: 'name' }, name), h('td', null, ''), h('td', null, h('span', { class: 'status status-Paused' }, 'Paused (debugger)')), h('td', null, ''), h('td', null, ''), h('td', null, '')),
      ),
    ),
  );
}

/** Gantt timeline: one bar per activity run, positioned by start/end relative to the pipeline run. */
export function renderGantt(result: RunResult, o: ViewOptions): VElement {
  const rows = orderActivityRuns(result.activityRuns);
  const starts = rows.map((r) => Date.parse(r.run.activityRunStart)).filter((t) => !Number.isNaN(t));
  const runStart = Date.parse(result.pipelineRun.runStart ?? '');
  const t0 = Math.min(...starts, Number.isNaN(runStart) ? Infinity : runStart);
  const ends = rows.map((r) => activityEnd(r.run, o.now)).filter((t) => !Number.isNaN(t));
  const runEnd = result.pipelineRun.runEnd ? Date.parse(result.pipelineRun.runEnd) : NaN;
  const t1 = Math.max(...ends, Number.isNaN(runEnd) ? -Infinity : runEnd, t0 + 1);
  const span = Number.isFinite(t0) && Number.isFinite(t1) ? t1 - t0 : 1;
  return h(
    'div',
    { class: 'gantt', 'data-role': 'gantt' },
    h('div', { class: 'gantt-scale' }, h('span', null, '0'), h('span', null, formatDuration(span))),
    rows.map(({ run, depth }) => {
      const s = Date.parse(run.activityRunStart);
      const e = activityEnd(run, o.now);
      const left = Number.isNaN(s) || !Number.isFinite(t0) ? 0 : ((s - t0) / span) * 100;
      const width = Number.isNaN(s) || Number.isNaN(e) ? 0 : Math.max(0.5, ((e - s) / span) * 100);
      return h(
        'div',
        { class: 'gantt-row' },
        styled(h('div', { class: 'gantt-label', title: run.activityName }, run.activityName), { 'padding-left': `${depth * 1.25}em` }),
        h(
          'div',
          { class: 'gantt-track' },
          styled(h('div', { class: `gantt-bar status-${String(run.status).replace(/[^A-Za-z]/g, '')}`, title: `${run.activityName}: ${run.status}${run.status === 'Inactive' ? ' (deactivated, not run)' : ` ${formatDuration(run.durationInMs)}`}` }), {
            left: `${left.toFixed(2)}%`,
            width: `${Math.min(width, 100 - left).toFixed(2)}%`,
          }),
        ),
      );
    }),
  );
}

const METRICS: [string, string, (v: unknown) => string][] = [
  ['rowsRead', 'Rows read', String],
  ['rowsCopied', 'Rows copied', String],
  ['rowsSkipped', 'Rows skipped', String],
  ['dataRead', 'Data read', formatBytes],
  ['dataWritten', 'Data written', formatBytes],
  ['filesRead', 'Files read', String],
  ['filesWritten', 'Files written', String],
  ['throughput', 'Throughput (KB/s)', (v) => (typeof v === 'number' ? v.toFixed(3) : String(v))],
  ['copyDuration', 'Copy duration (s)', String],
];

/** Copy metrics of each Copy activity run (rows read/copied/skipped, throughput, data read/written). */
export function renderCopyMetrics(result: RunResult): VElement | undefined {
  const copies = result.activityRuns.filter((a) => a.activityType === 'Copy' && a.output && typeof a.output === 'object');
  if (!copies.length) return undefined;
  return h(
    'section',
    { class: 'metrics', 'data-role': 'metrics' },
    h('h3', null, 'Copy metrics'),
    copies.map((a) => {
      const out = a.output as Record<string, unknown>;
      return h(
        'div',
        { class: 'metric-card', 'data-activity-name': a.activityName },
        h('div', { class: 'metric-title' }, a.activityName, ' ', statusBadge(a.status)),
        h(
          'dl',
          null,
          METRICS.filter(([k]) => out[k] !== undefined && out[k] !== null).flatMap(([k, label, f]) => [h('dt', null, label), h('dd', { 'data-metric': k }, f(out[k]))]),
        ),
      );
    }),
  );
}

/** Input, output and error JSON of each activity run, in collapsible sections. */
export function renderActivityDetails(result: RunResult, selectedActivityRunId?: string): VElement {
  return h(
    'section',
    { class: 'details', 'data-role': 'details' },
    h('h3', null, 'Activity input and output'),
    orderActivityRuns(result.activityRuns).map(({ run }) =>
      h(
        'details',
        { 'data-activity-run-id': run.activityRunId, open: run.activityRunId === selectedActivityRunId || undefined },
        h('summary', null, run.activityName, ' ', statusBadge(run.status, run['adfw:markedAs'])),
        run.error ? h('div', { class: 'error-box' }, h('strong', null, run.error.errorCode || 'Error'), ' ', h('span', null, run.error.failureType ?? ''), h('pre', null, run.error.message ?? '')) : null,
        h('div', { class: 'io' }, h('div', null, h('h4', null, 'Input'), h('pre', { class: 'json' }, formatJson(run.input))), h('div', null, h('h4', null, 'Output'), h('pre', { class: 'json' }, formatJson(run.output)))),
      ),
    ),
  );
}

/** A run's header: pipeline, status, ids, timing, message, parameters and (interactive) actions. */
export function renderRunHeader(result: RunResult, o: ViewOptions): VElement {
  const r = result.pipelineRun;
  const running = ACTIVE_RUN_STATUSES.includes(r.status);
  const failed = r.status === 'Failed' || r.status === 'Cancelled';
  const params = Object.entries(r.parameters ?? {});
  return h(
    'header',
    { class: 'run-header' },
    h('h2', null, r.pipelineName, ' ', statusBadge(r.status)),
    h(
      'dl',
      { class: 'run-facts' },
      h('dt', null, 'Run ID'),
      h('dd', { class: 'mono' }, r.runId),
      h('dt', null, 'Start (UTC)'),
      h('dd', null, formatTime(r.runStart)),
      h('dt', null, 'Duration'),
      h('dd', null, formatDuration(r.durationInMs ?? runningMs(r.runStart, r.runEnd, o.now))),
      h('dt', null, 'Triggered by'),
      h('dd', null, `${r.invokedBy?.name ?? ''} (${r.invokedBy?.invokedByType ?? ''})`),
      r['adfw:rerunOf'] ? [h('dt', null, 'Rerun of'), h('dd', { class: 'mono' }, r['adfw:rerunOf'])] : null,
      r['adfw:fabric'] ? [h('dt', null, 'Fabric workspace'), h('dd', { 'data-role': 'fabric-workspace' }, r['adfw:fabric'].workspace + (r['adfw:fabric'].valueSet ? ` (value set ${r['adfw:fabric'].valueSet})` : ''))] : null,
    ),
    r.message ? h('div', { class: 'error-box', 'data-role': 'run-message' }, r.message) : null,
    params.length ? h('details', { class: 'params' }, h('summary', null, `Parameters (${params.length})`), h('pre', { class: 'json' }, formatJson(r.parameters))) : null,
    o.interactive
      ? h(
          'div',
          { class: 'actions' },
          running ? h('button', { type: 'button', 'data-action': 'cancel' }, 'Cancel') : null,
          h('button', { type: 'button', 'data-action': 'rerun', class: 'secondary', disabled: running }, 'Rerun'),
          h('button', { type: 'button', 'data-action': 'rerunFromFailed', class: 'secondary', disabled: running || !failed }, 'Rerun from failed activity'),
          h('button', { type: 'button', 'data-action': 'createTest', class: 'secondary', disabled: running, title: 'Write a pipeline test that replays this run' }, r['adfw:origin'] === 'remote' ? 'Create Test from Azure Run' : 'Create Test from Run'),
        )
      : null,
  );
}

/** Everything about one run. */
export function renderRunDetail(result: RunResult, o: ViewOptions, selectedActivityRunId?: string): VElement {
  return h(
    'article',
    { class: 'run', 'data-role': 'run', 'data-status': result.pipelineRun.status },
    renderRunHeader(result, o),
    h('h3', null, 'Activity runs'),
    renderActivityTable(result, o),
    renderCopyMetrics(result),
    h('h3', null, 'Timeline'),
    renderGantt(result, o),
    renderActivityDetails(result, selectedActivityRunId),
  );
}

/** The whole monitor page: filters, the filtered run list and the selected run. */
export function renderMonitorPage(runs: PipelineRun[], selected: RunResult | undefined, filters: RunFilters, o: ViewOptions & { trusted: boolean }): VElement {
  const shown = runs.filter((r) => matchesFilters(r, filters, o.now));
  return h(
    'div',
    { class: 'layout' },
    h('h1', null, 'Pipeline runs'),
    o.trusted ? null : h('div', { class: 'banner', 'data-role': 'restricted' }, 'Restricted mode: runs are disabled until you trust this workspace.'),
    renderFilters(runs, filters),
    h('div', { class: 'runs-pane' }, renderRunList(shown, selected?.pipelineRun.runId, o)),
    selected ? renderRunDetail(selected, { ...o, interactive: o.interactive && o.trusted }) : h('p', { class: 'report-meta' }, runs.length ? 'Select a run to see its activities.' : 'No runs yet. Run a pipeline from the Data Factory view.'),
  );
}

/**
 * Merges the activity runs of child pipeline runs (ExecutePipeline, linked by `adfw:childRunId`) into a run,
 * nested under the ExecutePipeline activity, so the table and timeline group them. Depth-bounded.
 */
export function withChildRuns(result: RunResult, childOf: (runId: string) => RunResult | undefined, depth = 4): RunResult {
  if (depth <= 0) return result;
  const extra: ActivityRun[] = [];
  for (const ar of result.activityRuns) {
    const childId = ar['adfw:childRunId'];
    if (!childId || childId === result.pipelineRun.runId) continue;
    const child = childOf(childId);
    if (!child) continue;
    const nested = withChildRuns(child, childOf, depth - 1);
    const prefix = [...(ar['adfw:parents'] ?? []), ar.activityName];
    for (const c of nested.activityRuns) extra.push({ ...c, 'adfw:parents': [...prefix, ...(c['adfw:parents'] ?? [])] });
  }
  return extra.length ? { ...result, activityRuns: [...result.activityRuns, ...extra] } : result;
}
