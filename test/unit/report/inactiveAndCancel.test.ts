import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderRunReport } from '../../../src/engine/report/html';
import { MONITOR_CSS } from '../../../src/engine/report/styles';
import { statusGlyph } from '../../../src/engine/report/format';
import { renderFilters, renderGantt, renderRunHeader, renderActivityTable } from '../../../src/engine/report/view';
import { toHtml } from '../../../src/engine/report/vnode';
import type { ActivityRun, PipelineRun, RunResult } from '../../../src/engine/contracts/types';

const NOW = Date.parse('2026-01-01T01:00:00Z');

function act(name: string, over: Partial<ActivityRun> = {}): ActivityRun {
  return {
    pipelineName: 'p', pipelineRunId: 'r1', activityName: name, activityType: 'Wait', activityRunId: `a-${name}`,
    status: 'Succeeded', activityRunStart: '2026-01-01T00:00:00.000Z', activityRunEnd: '2026-01-01T00:00:10.000Z',
    durationInMs: 10000, input: {}, output: {}, error: null, ...over,
  };
}

function result(status: PipelineRun['status'], acts: ActivityRun[]): RunResult {
  return {
    pipelineRun: {
      runId: 'r1', runGroupId: 'r1', isLatest: true, pipelineName: 'p', parameters: {},
      invokedBy: { name: 'Manual', id: 'm', invokedByType: 'Manual' }, lastUpdated: '2026-01-01T00:00:10.000Z',
      runStart: '2026-01-01T00:00:00.000Z', ...(status === 'InProgress' || status === 'Queued' || status === 'Canceling' ? {} : { runEnd: '2026-01-01T00:00:10.000Z', durationInMs: 10000 }),
      status, message: '',
    },
    activityRuns: acts,
  };
}

test('an Inactive activity has its own glyph, style and says what it was marked as', () => {
  assert.notEqual(statusGlyph('Inactive'), statusGlyph('Skipped'));
  assert.notEqual(statusGlyph('Inactive'), '•');
  assert.match(MONITOR_CSS, /\.status-Inactive \.glyph \{/);
  assert.match(MONITOR_CSS, /\.gantt-bar\.status-Inactive \{/);
  const r = result('Succeeded', [act('Load'), act('Disabled', { status: 'Inactive', 'adfw:markedAs': 'Succeeded', activityRunEnd: undefined, durationInMs: undefined, activityRunStart: '2026-01-01T00:00:10.000Z' })]);
  const table = toHtml(renderActivityTable(r, { interactive: false, now: NOW }));
  assert.match(table, /class="status status-Inactive" title="Inactive \(deactivated, marked as Succeeded\)"/);
  assert.match(table, /→ Succeeded/);
  // A finished Inactive record without an end is not shown as running until now.
  assert.match(table, /status-Inactive[^]*?<td>0 ms<\/td>/);
  const html = renderRunReport([r], { now: '2026-01-01T01:00:00Z' });
  assert.match(html, /status-Inactive/);
});

test('the timeline ends an Inactive bar at its start instead of stretching it to now', () => {
  const r = result('Succeeded', [act('Load'), act('Disabled', { status: 'Inactive', activityRunEnd: undefined, durationInMs: undefined, activityRunStart: '2026-01-01T00:00:05.000Z' })]);
  const gantt = toHtml(renderGantt(r, { interactive: false, now: NOW }));
  assert.match(gantt, /class="gantt-bar status-Succeeded"[^>]*style="left:0\.00%;width:100\.00%"/);
  assert.match(gantt, /class="gantt-bar status-Inactive" title="Disabled: Inactive \(deactivated, not run\)"[^>]*style="left:50\.00%;width:0\.50%"/);
  assert.match(gantt, /<span>10 s<\/span>/);
  // An activity still in progress does stretch to now.
  const live = result('InProgress', [act('Long', { status: 'InProgress', activityRunEnd: undefined, durationInMs: undefined })]);
  assert.match(toHtml(renderGantt(live, { interactive: false, now: NOW })), /<span>1 h 0 min<\/span>/);
});

test('the Cancel button is only shown for runs in progress', () => {
  for (const status of ['Queued', 'InProgress', 'Canceling'] as const) {
    const header = toHtml(renderRunHeader(result(status, []), { interactive: true, now: NOW }));
    assert.match(header, /<button type="button" data-action="cancel">Cancel<\/button>/, status);
    assert.match(header, /data-action="rerun" class="secondary" disabled/, status);
  }
  for (const status of ['Succeeded', 'Failed', 'Cancelled'] as const) {
    const header = toHtml(renderRunHeader(result(status, []), { interactive: true, now: NOW }));
    assert.doesNotMatch(header, /data-action="cancel"/, status);
    assert.match(header, /data-action="rerun"/, status);
  }
  assert.match(toHtml(renderRunHeader(result('Failed', []), { interactive: true, now: NOW })), /data-action="rerunFromFailed" class="secondary">/);
  // Create Test: from an Azure run (recorded like `adfw test record`) or a local one; not while the run goes on.
  const remote = result('Failed', []);
  remote.pipelineRun['adfw:origin'] = 'remote';
  assert.match(toHtml(renderRunHeader(remote, { interactive: true, now: NOW })), /data-action="createTest" class="secondary" title="[^"]+">Create Test from Azure Run<\/button>/);
  assert.match(toHtml(renderRunHeader(result('Succeeded', []), { interactive: true, now: NOW })), /data-action="createTest" class="secondary" title="[^"]+">Create Test from Run<\/button>/);
  assert.match(toHtml(renderRunHeader(result('InProgress', []), { interactive: true, now: NOW })), /data-action="createTest" class="secondary" disabled/);
  // The static report has no actions at all.
  assert.doesNotMatch(toHtml(renderRunHeader(result('InProgress', []), { interactive: false, now: NOW })), /<button/);
});

test('the status filter offers statuses found in the runs besides the known ones', () => {
  const runs = [result('Succeeded', []).pipelineRun, { ...result('Failed', []).pipelineRun, status: 'Timeout' as PipelineRun['status'] }];
  const html = toHtml(renderFilters(runs, { status: 'Cancelled' }));
  for (const s of ['Succeeded', 'Failed', 'InProgress', 'Queued', 'Cancelled', 'Canceling', 'Timeout']) assert.match(html, new RegExp(`<option value="${s}"`), s);
  assert.match(html, /<option value="Cancelled" selected="">/);
  assert.equal(html.match(/<option value="Succeeded"/g)?.length, 1);
});
