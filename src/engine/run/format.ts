/** Plain-text rendering of run events and records for terminals (CLI progress lines and summary table). */
import type { ActivityRun, PipelineRun, RunEvent } from '../contracts/types';

function label(a: ActivityRun): string {
  const parents = a['adfw:parents']?.length ? a['adfw:parents'].join(' > ') + ' > ' : '';
  const iter = a.iterationHash ? ` [${a.iterationHash.split(':').pop()}]` : '';
  const retry = a.retryAttempt ? ` (retry ${a.retryAttempt})` : '';
  return `${parents}${a.activityName}${iter}${retry}`;
}

/** Formats milliseconds as "850 ms", "12.3 s" or "4 min 05 s". */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(ms / 60_000);
  return `${m} min ${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')} s`;
}

/** One line per transition, or undefined for events that are not shown. `nameOf` labels progress events. */
export function progressLine(e: RunEvent, nameOf: (activityRunId: string) => string | undefined = () => undefined): string | undefined {
  const time = new Date().toISOString().slice(11, 19);
  switch (e.type) {
    case 'runStarted':
      return `${time} run ${e.run.runId} of pipeline '${e.run.pipelineName}' started${e.run.invokedBy.invokedByType === 'PipelineActivity' ? ` (by ${e.run.invokedBy.pipelineName}/${e.run.invokedBy.name})` : ''}`;
    case 'activityStarted':
      return `${time}   > ${label(e.activityRun)} (${e.activityRun.activityType}) started`;
    case 'activityFinished': {
      const a = e.activityRun;
      const err = a.error ? `: ${a.error.errorCode}: ${a.error.message}` : '';
      return `${time}   ${a.status === 'Succeeded' ? '+' : a.status === 'Skipped' ? '-' : a.status === 'Inactive' ? '.' : 'x'} ${label(a)} ${a.status}${a['adfw:markedAs'] ? ` (marked ${a['adfw:markedAs']})` : ''} ${formatDuration(a.durationInMs)}${err}`;
    }
    case 'activityProgress': {
      const fields = Object.entries(e.progress).filter(([, v]) => typeof v === 'number' || typeof v === 'string').map(([k, v]) => `${k}=${v}`);
      return fields.length ? `${time}   ~ ${nameOf(e.activityRunId) ?? e.activityRunId} ${fields.join(' ')}` : undefined;
    }
    case 'log':
      return e.level === 'warn' || e.level === 'error' ? `${time}   ! ${e.message}` : undefined;
    case 'runFinished':
      return `${time} run ${e.run.runId} of pipeline '${e.run.pipelineName}' ${e.run.status} in ${formatDuration(e.run.durationInMs)}`;
    default:
      return undefined;
  }
}

/** A fixed-width table of activity runs followed by the run's status line. */
export function summaryTable(run: PipelineRun, activityRuns: ActivityRun[], maxRows = 200): string {
  const rows = activityRuns.slice(0, maxRows).map((a) => [label(a), a.activityType, a.status, formatDuration(a.durationInMs), a.error ? oneLine(a.error.message, 100) : '']);
  const head = ['Activity', 'Type', 'Status', 'Duration', 'Error'];
  const widths = head.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => r[i].length))));
  const fmt = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.slice(0, widths[i]).padEnd(widths[i]))).join('  ').trimEnd();
  const lines = [fmt(head), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt)];
  if (activityRuns.length > maxRows) lines.push(`... ${activityRuns.length - maxRows} more activity runs (use --json for all)`);
  if (run['adfw:droppedActivityRuns']) lines.push(`(${run['adfw:droppedActivityRuns']} activity runs inside containers were not kept in the record)`);
  lines.push('', `Pipeline '${run.pipelineName}' ${run.status} in ${formatDuration(run.durationInMs)}  run ${run.runId}${run.message ? `\n${run.message}` : ''}`);
  if (run['adfw:returnValue'] !== undefined) lines.push(`Return value: ${JSON.stringify(run['adfw:returnValue'])}`);
  return lines.join('\n');
}

function oneLine(s: string, max: number): string {
  const t = s.replace(/\s+/g, ' ');
  return t.length > max ? t.slice(0, max - 3) + '...' : t;
}
