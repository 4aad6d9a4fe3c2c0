/**
 * Static, self-contained HTML report of pipeline runs (CLI `adfw run --report file.html`). It reuses the
 * monitor's rendering (view.ts) and stylesheet (styles.ts). No script at all, and a Content-Security-Policy
 * that forbids any: every value from the run is escaped text.
 */
import type { RunResult } from '../contracts/types';
import { h, toHtml, escapeHtml, type VElement } from './vnode';
import { renderRunDetail, renderRunList } from './view';
import { MONITOR_CSS } from './styles';

export interface ReportOptions {
  /** Page title; defaults to "Pipeline run report". */
  title?: string;
  /** Clock for the "generated" line and durations of unfinished runs (ISO string); defaults to now. */
  now?: string;
}

/** Renders runs as one static HTML document. */
export function renderRunReport(runs: RunResult[], opts: ReportOptions = {}): string {
  const title = opts.title ?? 'Pipeline run report';
  const parsedNow = opts.now ? Date.parse(opts.now) : NaN;
  const now = Number.isNaN(parsedNow) ? Date.now() : parsedNow;
  const o = { interactive: false, now };
  const body = h(
    'main',
    null,
    h('h1', null, title),
    h('p', { class: 'report-meta' }, `Generated ${new Date(now).toISOString()} — ${runs.length} run${runs.length === 1 ? '' : 's'}`),
    runs.length > 1 ? renderRunList(runs.map((r) => r.pipelineRun), undefined, o) : null,
    runs.map((r) => renderRunDetail(r, o)),
  );
  return staticPage(title, body, MONITOR_CSS);
}

/**
 * A self-contained HTML document around a rendered body: no script, and a Content-Security-Policy that forbids any
 * (the run report, the coverage report and the factory documentation use it).
 */
export function staticPage(title: string, body: VElement, css: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${css}</style>`,
    '</head>',
    `<body class="report">${toHtml(body)}</body>`,
    '</html>',
    '',
  ].join('\n');
}
