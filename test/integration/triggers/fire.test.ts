import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadFactory } from '../../../src/engine/model/loader';
import { runPipeline } from '../../../src/engine/run';
import { backfill, fireTrigger, type PipelineRunner } from '../../../src/engine/triggers';

const root = path.join(__dirname, '..', '..', 'fixtures', 'triggers', 'factory');

test('firing a schedule trigger runs its pipeline with evaluated bindings and the trigger context', async () => {
  const f = await loadFactory(root);
  const [fired] = await fireTrigger(f, 'dailyatsix', { at: '2024-03-04T05:00:00Z', runOptions: { seed: 7 } });
  assert.equal(fired.error, undefined);
  assert.deepEqual(fired.parameters, { runDate: '2024-03-04', source: 'schedule' });
  const run = fired.result!.pipelineRun;
  assert.equal(run.status, 'Succeeded');
  assert.equal(run.invokedBy.invokedByType, 'ScheduleTrigger');
  assert.equal(run.invokedBy.name, 'DailyAtSix');
  assert.deepEqual(run['adfw:variables'], { seen: 'schedule@2024-03-04 by ScheduleTrigger' });
});

test('firing a tumbling trigger at a time runs the last window due then, with windowStartTime/windowEndTime', async () => {
  const f = await loadFactory(root);
  // Hourly has a 15 minute delay: at 10:20 the 09:00–10:00 window is the last one due.
  const [fired] = await fireTrigger(f, 'Hourly', { at: '2024-01-01T10:20:00Z' });
  assert.deepEqual(fired.parameters, { windowStart: '2024-01-01T09:00:00Z', windowEnd: '2024-01-01T10:00:00Z' });
  assert.equal(fired.result!.pipelineRun['adfw:variables']!.msg, 'Hourly 2024-01-01T09:00:00Z 2024-01-01T10:00:00Z');
  await assert.rejects(fireTrigger(f, 'Hourly', { at: '2024-01-01T01:10:00Z' }), /No window of trigger "Hourly" is due/);
});

test('event triggers need an event; unknown triggers are named with the alternatives', async () => {
  const f = await loadFactory(root);
  await assert.rejects(fireTrigger(f, 'CsvDrop'), /event trigger/);
  await assert.rejects(fireTrigger(f, 'Nope'), /Trigger "Nope" not found .*Triggers: /);
  const [fired] = await fireTrigger(f, 'CsvDrop', { triggerBody: { folderPath: 'drop/incoming', fileName: 'a.csv' } });
  assert.equal(fired.result!.pipelineRun['adfw:variables']!.path, 'drop/incoming/a.csv');
  assert.equal(fired.result!.pipelineRun.invokedBy.invokedByType, 'BlobEventsTrigger');
});

test('backfill honours maxConcurrency, dependencies, self-dependencies and retries', async () => {
  const f = await loadFactory(root);
  const active = new Map<string, number>();
  const peak = new Map<string, number>();
  const order: string[] = [];
  const runner: PipelineRunner = async (o) => {
    const t = o.invokedBy.name;
    active.set(t, (active.get(t) ?? 0) + 1);
    peak.set(t, Math.max(peak.get(t) ?? 0, active.get(t)!));
    order.push(`${t} ${(o.trigger.outputs as any).windowStartTime}`);
    try {
      return await runPipeline(o as any);
    } finally {
      active.set(t, active.get(t)! - 1);
    }
  };
  const sleeps: number[] = [];
  const windows = await backfill(f, 'Downstream', { from: '2024-01-01T00:00:00Z', to: '2024-01-01T08:00:00Z', runner, sleep: async (ms) => void sleeps.push(ms) });
  const by = (t: string, s: string) => windows.find((w) => w.trigger === t && w.windowStart === s)!;
  assert.equal(windows.filter((w) => w.trigger === 'Hourly').length, 8);
  assert.ok(windows.filter((w) => w.trigger === 'Hourly').every((w) => w.status === 'Succeeded'));
  assert.equal(peak.get('Hourly'), 2, 'Hourly has maxConcurrency 2');
  assert.equal(peak.get('Downstream'), 1);
  // Downstream 02:00–04:00 waits for Hourly 02:00 and 03:00 and its own previous window.
  assert.deepEqual(by('Downstream', '2024-01-01T02:00:00Z').dependsOn.sort(), ['Downstream@2024-01-01T00:00:00Z', 'Hourly@2024-01-01T02:00:00Z', 'Hourly@2024-01-01T03:00:00Z']);
  const pos = (s: string) => order.indexOf(s);
  assert.ok(pos('Downstream 2024-01-01T02:00:00Z') > pos('Hourly 2024-01-01T03:00:00Z'));
  assert.ok(pos('Downstream 2024-01-01T02:00:00Z') > pos('Downstream 2024-01-01T00:00:00Z'));
  // The 04:00 window fails (the pipeline fails on request), is retried once after 30 s, then the next window is skipped.
  assert.equal(by('Downstream', '2024-01-01T04:00:00Z').status, 'Failed');
  assert.equal(by('Downstream', '2024-01-01T04:00:00Z').attempts, 2);
  assert.equal(by('Downstream', '2024-01-01T04:00:00Z').runIds.length, 2);
  assert.deepEqual(sleeps, [30_000]);
  assert.equal(by('Downstream', '2024-01-01T06:00:00Z').status, 'Skipped');
  assert.match(by('Downstream', '2024-01-01T06:00:00Z').message!, /Downstream@2024-01-01T04:00:00Z did not succeed/);
  assert.equal(order.filter((s) => s.startsWith('Downstream 2024-01-01T06')).length, 0);
});

test('backfill rejects non-tumbling triggers and empty ranges', async () => {
  const f = await loadFactory(root);
  await assert.rejects(backfill(f, 'DailyAtSix', { from: '2024-01-01T00:00:00Z', to: '2024-01-02T00:00:00Z' }), /applies to TumblingWindowTriggers/);
  await assert.rejects(backfill(f, 'Hourly', { from: '2024-01-02T00:00:00Z', to: '2024-01-01T00:00:00Z' }), /range is empty/);
});
