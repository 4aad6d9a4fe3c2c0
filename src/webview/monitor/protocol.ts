/**
 * Messages between the run monitor webview and the extension, declared once and validated on both sides
 * (a webview is untrusted input to the extension, and the other way round).
 */
import type { PipelineRun, RunResult } from '../../engine/contracts/types';
import type { RunFilters } from '../../engine/report/view';

export interface MonitorViewState {
  filters: RunFilters;
  selectedRunId?: string;
}

/** Extension → webview. */
export type ToMonitor = {
  type: 'update';
  runs: PipelineRun[];
  selected?: RunResult;
  state: MonitorViewState;
  /** Clock of the extension host (ms since epoch), for durations of runs in progress. */
  now: number;
  /** False in restricted mode: run actions are disabled. */
  trusted: boolean;
  /** Activities held by a debugger, by pipeline run id (a transient mark; see ViewOptions.paused). */
  paused?: Record<string, string[]>;
};

/** Webview → extension. */
export type FromMonitor =
  | { type: 'ready' }
  | { type: 'refresh' }
  | { type: 'select'; runId: string }
  | { type: 'filters'; filters: RunFilters }
  | { type: 'cancel'; runId: string }
  | { type: 'rerun'; runId: string }
  | { type: 'rerunFromFailed'; runId: string }
  | { type: 'createTest'; runId: string }
  | { type: 'revealActivity'; runId: string; activityName: string };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown, max = 1000): v is string => typeof v === 'string' && v.length <= max;
const optStr = (v: unknown) => v === undefined || isStr(v);

/** Validates filters; unknown keys are dropped. */
export function parseFilters(v: unknown): RunFilters | undefined {
  if (!isObj(v)) return undefined;
  if (!optStr(v.pipeline) || !optStr(v.status)) return undefined;
  if (v.hours !== undefined && (typeof v.hours !== 'number' || !Number.isFinite(v.hours) || v.hours < 0)) return undefined;
  if (v.origin !== undefined && v.origin !== '' && v.origin !== 'local' && v.origin !== 'remote') return undefined;
  const f: RunFilters = {};
  if (v.pipeline) f.pipeline = v.pipeline as string;
  if (v.status) f.status = v.status as string;
  if (v.hours) f.hours = v.hours as number;
  if (v.origin) f.origin = v.origin as RunFilters['origin'];
  return f;
}

/** Validates a message from the webview; undefined when it is not one we accept. */
export function parseFromMonitor(v: unknown): FromMonitor | undefined {
  if (!isObj(v) || !isStr(v.type, 40)) return undefined;
  switch (v.type) {
    case 'ready':
    case 'refresh':
      return { type: v.type };
    case 'select':
    case 'cancel':
    case 'rerun':
    case 'rerunFromFailed':
    case 'createTest':
      return isStr(v.runId, 200) && v.runId ? { type: v.type, runId: v.runId } : undefined;
    case 'filters': {
      const filters = parseFilters(v.filters);
      return filters ? { type: 'filters', filters } : undefined;
    }
    case 'revealActivity':
      return isStr(v.runId, 200) && isStr(v.activityName, 260) ? { type: 'revealActivity', runId: v.runId, activityName: v.activityName } : undefined;
    default:
      return undefined;
  }
}

function isRun(v: unknown): v is PipelineRun {
  return isObj(v) && isStr(v.runId) && isStr(v.pipelineName, 10000) && isStr(v.status, 40);
}

/** Validates a message from the extension. */
export function parseToMonitor(v: unknown): ToMonitor | undefined {
  if (!isObj(v) || v.type !== 'update') return undefined;
  if (!Array.isArray(v.runs) || !v.runs.every(isRun)) return undefined;
  if (typeof v.now !== 'number' || typeof v.trusted !== 'boolean') return undefined;
  if (!isObj(v.state)) return undefined;
  const filters = parseFilters(v.state.filters) ?? {};
  const selectedRunId = isStr(v.state.selectedRunId) ? v.state.selectedRunId : undefined;
  let selected: RunResult | undefined;
  if (v.selected !== undefined) {
    const s = v.selected;
    if (!isObj(s) || !isRun(s.pipelineRun) || !Array.isArray(s.activityRuns) || !s.activityRuns.every((a) => isObj(a) && isStr(a.activityName, 10000) && isStr(a.activityRunId))) return undefined;
    selected = s as unknown as RunResult;
  }
  let paused: Record<string, string[]> | undefined;
  if (v.paused !== undefined) {
    if (!isObj(v.paused) || !Object.values(v.paused).every((l) => Array.isArray(l) && l.every((n) => isStr(n, 10000)))) return undefined;
    paused = v.paused as Record<string, string[]>;
  }
  return { type: 'update', runs: v.runs, selected, state: { filters, selectedRunId }, now: v.now, trusted: v.trusted, ...(paused ? { paused } : {}) };
}
