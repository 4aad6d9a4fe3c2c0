import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderRunReport } from '../../../src/engine/report/html';
import { orderActivityRuns } from '../../../src/engine/report/view';
import { h, toHtml } from '../../../src/engine/report/vnode';
import type { ActivityRun, RunResult } from '../../../src/engine/contracts/types';

const EVIL = `<img src=x onerror=alert(1)>"'&`;

function activity(name: string, over: Partial<ActivityRun> = {}): ActivityRun {
  return {
    pipelineName: 'p',
    pipelineRunId: 'run-1',
    activityName: name,
    activityType: 'Copy',
    activityRunId: `a-${name}`,
    status: 'Succeeded',
    activityRunStart: '2026-01-01T00:00:01.000Z',
    activityRunEnd: '2026-01-01T00:00:03.000Z',
    durationInMs: 2000,
    input: { source: { type: 'CosmosDbSqlApiSource' } },
    output: { rowsRead: 10, rowsCopied: 7, rowsSkipped: 3, dataRead: 2048, throughput: 1.5 },
    error: null,
    ...over,
  };
}

function run(over: Partial<RunResult['pipelineRun']> = {}, acts: ActivityRun[] = [activity('CopyDocs')]): RunResult {
  return {
    pipelineRun: {
      runId: 'run-1',
      runGroupId: 'run-1',
      isLatest: true,
      pipelineName: 'CopyPipeline',
      parameters: { p: 'v' },
      invokedBy: { name: 'Manual', id: 'm', invokedByType: 'Manual' },
      lastUpdated: '2026-01-01T00:00:04.000Z',
      runStart: '2026-01-01T00:00:00.000Z',
      runEnd: '2026-01-01T00:00:04.000Z',
      durationInMs: 4000,
      status: 'Succeeded',
      message: '',
      ...over,
    },
    activityRuns: acts,
  };
}

test('report shows run, activity table, copy metrics and timeline', () => {
  const html = renderRunReport([run()], { title: 'T', now: '2026-01-01T00:01:00Z' });
  assert.match(html, /^<!DOCTYPE html>/);
  assert.match(html, /CopyPipeline/);
  assert.match(html, /data-metric="rowsRead">10</);
  assert.match(html, /data-metric="rowsCopied">7</);
  assert.match(html, /data-metric="rowsSkipped">3</);
  assert.match(html, /data-metric="dataRead">2\.0 KB</);
  assert.match(html, /class="gantt-bar status-Succeeded"[^>]*style="left:25\.00%;width:50\.00%"/);
  assert.doesNotMatch(html, /<script/i);
  assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
});

test('every value from the run is escaped', () => {
  const bad = run({ pipelineName: EVIL, message: EVIL, parameters: { [EVIL]: EVIL } }, [
    activity(EVIL, { activityType: EVIL, status: 'Failed', error: { errorCode: EVIL, message: `</pre><script>alert(1)</script>`, failureType: 'UserError', target: EVIL }, output: { x: EVIL } }),
  ]);
  const html = renderRunReport([bad, run()], { title: EVIL });
  assert.doesNotMatch(html, /<img/i);
  assert.doesNotMatch(html, /<script/i);
  assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;&quot;&#39;&amp;/);
  assert.ok(!html.includes(`"'&<`));
});

test('activity runs are grouped under their containers', () => {
  const acts = [
    activity('Inner', { 'adfw:parents': ['Loop'], activityRunStart: '2026-01-01T00:00:02Z' }),
    activity('After', { activityRunStart: '2026-01-01T00:00:05Z' }),
    activity('Loop', { activityType: 'ForEach', activityRunStart: '2026-01-01T00:00:01Z' }),
    activity('Deep', { 'adfw:parents': ['Loop', 'Inner'], activityRunStart: '2026-01-01T00:00:03Z' }),
    activity('Orphan', { 'adfw:parents': ['Missing'], activityRunStart: '2026-01-01T00:00:00Z' }),
  ];
  assert.deepEqual(
    orderActivityRuns(acts).map((r) => `${r.depth}:${r.run.activityName}`),
    ['0:Loop', '1:Inner', '2:Deep', '0:After', '1:Orphan'],
  );
});

test('element builder refuses event-handler attributes and odd tags', () => {
  assert.throws(() => h('div', { onclick: 'x' }));
  assert.throws(() => h('img src=x'));
  assert.equal(toHtml(h('p', { title: '"><b>' }, '<i>')), '<p title="&quot;&gt;&lt;b&gt;">&lt;i&gt;</p>');
});

test('child pipeline runs are nested under their ExecutePipeline activity', async () => {
  const { withChildRuns } = await import('../../../src/engine/report/view');
  const parent = run({ runId: 'p1' }, [activity('CallChild', { activityType: 'ExecutePipeline', 'adfw:childRunId': 'c1', output: { pipelineRunId: 'c1' } })]);
  const child = run({ runId: 'c1', pipelineName: 'Child' }, [activity('Inner', { activityRunStart: '2026-01-01T00:00:02Z' })]);
  const merged = withChildRuns(parent, (id) => (id === 'c1' ? child : undefined));
  assert.deepEqual(orderActivityRuns(merged.activityRuns).map((r) => `${r.depth}:${r.run.activityName}`), ['0:CallChild', '1:Inner']);
  // A run that names itself as its child does not loop.
  const selfRef = run({ runId: 'x' }, [activity('Loop', { 'adfw:childRunId': 'x' })]);
  assert.equal(withChildRuns(selfRef, () => selfRef).activityRuns.length, 1);
});

test('a run being debugged: the run list and the activity table mark the activities the debugger holds (no record of theirs)', async () => {
  const { renderMonitorPage } = await import('../../../src/engine/report/view');
  const r = run({ status: 'InProgress', runEnd: undefined, durationInMs: undefined }, [activity('CopyDocs')]);
  const page = (paused?: Record<string, string[]>) => toHtml(renderMonitorPage([r.pipelineRun], r, {}, { interactive: true, now: Date.parse('2026-01-01T00:00:05Z'), trusted: true, ...(paused ? { paused } : {}) }));
  const html = page({ 'run-1': ['Next <step>'], 'other-run': ['Elsewhere'] });
  assert.match(html, /data-role="paused"[^>]*title="Paused in the debugger before: Next &lt;step&gt;"/);
  assert.match(html, /<tr class="paused-row" data-role="paused-activity" data-activity-name="Next &lt;step&gt;">/);
  assert.doesNotMatch(html, /Elsewhere/);
  assert.doesNotMatch(page(), /paused/);
});
