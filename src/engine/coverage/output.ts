/**
 * Coverage outputs: the summary table per pipeline, LCOV (activities as functions and lines, branches and dependency
 * conditions as branches, at their lines in the pipeline JSON, so CI coverage viewers show them), and a static
 * HTML page through the report renderer.
 */
import * as path from 'node:path';
import { h, staticPage, MONITOR_CSS, type VElement } from '../report';
import type { CoverageReport } from './collector';
import type { PipelineCoverage, Ratio } from './model';

export function percent(r: Ratio): string {
  return r.total ? `${Math.floor((r.covered / r.total) * 1000) / 10}%` : '–';
}

function cell(r: Ratio): string {
  return r.total ? `${r.covered}/${r.total} ${percent(r)}` : '–';
}

/** A text table: one line per pipeline, then the totals. */
export function coverageSummary(report: CoverageReport): string {
  const rows: string[][] = [['pipeline', 'activities', 'branches', 'conditions', 'loop bodies']];
  for (const f of report.factories) {
    for (const p of f.pipelines) rows.push([report.factories.length > 1 ? `${f.name}/${p.pipeline}` : p.pipeline, cell(p.summary.activities), cell(p.summary.branches), cell(p.summary.conditions), cell(p.summary.loops)]);
  }
  const t = report.totals;
  rows.push(['all pipelines', cell(t.activities), cell(t.branches), cell(t.conditions), cell(t.loops)]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [line(rows[0]), ...rows.slice(1, -1).map(line), line(rows[rows.length - 1])].join('\n');
}

/** LCOV tracefile text; source paths relative to `baseDir` (the usual CI convention), or absolute when outside it. */
export function toLcov(report: CoverageReport, baseDir: string): string {
  const out: string[] = [];
  for (const f of report.factories) {
    for (const p of f.pipelines) {
      const rel = path.relative(baseDir, p.file);
      out.push('TN:', `SF:${rel.startsWith('..') ? p.file : rel.split(path.sep).join('/')}`);
      for (const a of p.activities) out.push(`FN:${a.line},${a.activity}`);
      for (const a of p.activities) out.push(`FNDA:${a.hits},${a.activity}`);
      out.push(`FNF:${p.activities.length}`, `FNH:${p.activities.filter((a) => a.covered).length}`);
      const branches = [...p.branches.map((b) => ({ ...b, block: `${b.activity}`, name: b.branch })), ...p.conditions.map((c) => ({ ...c, block: `${c.activity}<-${c.dependsOn}`, name: c.condition }))];
      const blocks = new Map<string, number>();
      for (const b of branches) {
        if (!blocks.has(b.block)) blocks.set(b.block, blocks.size);
        out.push(`BRDA:${b.line},${blocks.get(b.block)},${b.name.replace(/,/g, ';')},${b.hits ? b.hits : '-'}`);
      }
      out.push(`BRF:${branches.length}`, `BRH:${branches.filter((b) => b.covered).length}`);
      // One line per activity (its name) and per loop body; a line shared by two items counts its hits together.
      const lines = new Map<number, number>();
      for (const a of [...p.activities, ...p.loops]) lines.set(a.line, (lines.get(a.line) ?? 0) + a.hits);
      for (const [line, hits] of [...lines].sort((x, y) => x[0] - y[0])) out.push(`DA:${line},${hits}`);
      out.push(`LF:${lines.size}`, `LH:${[...lines.values()].filter((n) => n > 0).length}`, 'end_of_record');
    }
  }
  return out.join('\n') + '\n';
}

const COVERAGE_CSS = `${MONITOR_CSS}
table.coverage { border-collapse: collapse; margin: 8px 0 16px; }
table.coverage td, table.coverage th { padding: 2px 10px; text-align: left; border-bottom: 1px solid #ddd; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.covered { color: #388a34; }
.uncovered { color: #c72e0f; font-weight: 600; }
`;

function ratioCell(r: Ratio): VElement {
  return h('td', { class: `num ${r.total && r.covered < r.total ? 'uncovered' : 'covered'}` }, r.total ? `${r.covered}/${r.total} (${percent(r)})` : '–');
}

function itemRows(p: PipelineCoverage): VElement {
  const rows: VElement[] = [];
  const row = (kind: string, what: string, line: number, covered: boolean, hits: number) =>
    rows.push(h('tr', null, h('td', null, kind), h('td', null, what), h('td', { class: 'num' }, String(line)), h('td', { class: covered ? 'covered' : 'uncovered' }, covered ? `covered (${hits})` : 'not covered')));
  for (const a of p.activities) row('activity', `${a.activity} (${a.type})`, a.line, a.covered, a.hits);
  for (const b of p.branches) row('branch', `${b.activity}: ${b.branch}`, b.line, b.covered, b.hits);
  for (const c of p.conditions) row('condition', `${c.activity} after ${c.dependsOn} ${c.condition}`, c.line, c.covered, c.hits);
  for (const l of p.loops) row('loop body', `${l.activity} (${l.type})`, l.line, l.covered, l.hits);
  return h('table', { class: 'coverage' }, h('thead', null, h('tr', null, h('th', null, 'item'), h('th', null, 'where'), h('th', null, 'line'), h('th', null, 'status'))), h('tbody', null, rows));
}

/** The coverage page: totals, a table per pipeline, then every item. No script. */
export function coverageHtml(report: CoverageReport, opts: { title?: string; now?: string } = {}): string {
  const title = opts.title ?? 'Pipeline test coverage';
  const head = h('tr', null, ...['pipeline', 'activities', 'branches', 'conditions', 'loop bodies'].map((t) => h('th', null, t)));
  const body = h(
    'main',
    null,
    h('h1', null, title),
    h('p', { class: 'report-meta' }, `Generated ${opts.now ?? new Date().toISOString()}`),
    h(
      'table',
      { class: 'coverage' },
      h('thead', null, head),
      h(
        'tbody',
        null,
        report.factories.flatMap((f) => f.pipelines.map((p) => h('tr', null, h('td', null, h('a', { href: `#${encodeURIComponent(`${f.name}/${p.pipeline}`)}` }, p.pipeline)), ratioCell(p.summary.activities), ratioCell(p.summary.branches), ratioCell(p.summary.conditions), ratioCell(p.summary.loops)))),
        h('tr', null, h('th', null, 'all pipelines'), ratioCell(report.totals.activities), ratioCell(report.totals.branches), ratioCell(report.totals.conditions), ratioCell(report.totals.loops)),
      ),
    ),
    report.factories.flatMap((f) => f.pipelines.map((p) => h('section', { id: `${f.name}/${p.pipeline}` }, h('h2', null, `${p.pipeline}`), h('p', { class: 'report-meta' }, p.file), itemRows(p)))),
  );
  return staticPage(title, body, COVERAGE_CSS);
}
