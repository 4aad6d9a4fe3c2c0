import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadFactory } from '../../../src/engine/model/loader';
import { runPipeline, RunStore } from '../../../src/engine/run';
import type { RunEvent } from '../../../src/engine/contracts/types';
import { fireTrigger } from '../../../src/engine/triggers';
import type { StartRunOptions } from '../../../src/vscode/api';
import { engineRunOptions, linkAbort, startedBy } from '../../../src/vscode/runs/runOptions';
import { triggeredRunner } from '../../../src/vscode/triggers/runner';

const root = path.join(__dirname, '..', '..', 'fixtures', 'triggers', 'factory');

/** The run manager's engine call (startLocal minus the VS Code UI): real engine, real store. */
async function managedStart(dir: string, seen: StartRunOptions[], events: RunEvent[]) {
  const store = new RunStore(path.join(dir, 'runs'));
  const start = (o: StartRunOptions) => {
    seen.push(o);
    const controller = new AbortController();
    const unlink = linkAbort(o.signal, controller);
    return runPipeline(engineRunOptions(o, { connections: {}, signal: controller.signal, onEvent: (e) => events.push(e), store, workDir: path.join(dir, 'work') }) as Parameters<typeof runPipeline>[0]).finally(unlink);
  };
  return { store, start };
}

test('firing a trigger through the run manager path carries the trigger context into the run', async (t) => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-managed-'));
  t.after(() => fs.rm(dir, { recursive: true, force: true }));
  const f = await loadFactory(root);
  const seen: StartRunOptions[] = [];
  const events: RunEvent[] = [];
  const { store, start } = await managedStart(dir, seen, events);
  const [fired] = await fireTrigger(f, 'dailyatsix', { at: '2024-03-04T05:00:00Z', runner: triggeredRunner(start) });
  assert.equal(fired.error, undefined);
  const run = fired.result!.pipelineRun;
  assert.equal(run.status, 'Succeeded', run.message);
  assert.equal(run.invokedBy.invokedByType, 'ScheduleTrigger');
  assert.equal(run.invokedBy.name, 'DailyAtSix');
  assert.deepEqual(run['adfw:variables'], { seen: 'schedule@2024-03-04 by ScheduleTrigger' });
  // The request the run manager got: the pipeline, bound parameters and the trigger context; default presentation.
  assert.equal(seen.length, 1);
  assert.equal(seen[0].pipelineName, 'Daily');
  assert.deepEqual(seen[0].parameters, { runDate: '2024-03-04', source: 'schedule' });
  assert.equal(seen[0].pipelineContext?.TriggerName, 'DailyAtSix');
  assert.equal(seen[0].trigger?.scheduledTime, '2024-03-04T05:00:00Z');
  assert.equal(seen[0].reveal, undefined);
  assert.equal(seen[0].notify, undefined);
  // Events flow (the monitor and status bar consume them) and the run is in the store the Runs view reads.
  assert.equal(events[0].type, 'runStarted');
  assert.equal((await store.get(run.runId))?.pipelineRun.invokedBy.name, 'DailyAtSix');
  assert.match(startedBy(seen[0]), /^ by trigger DailyAtSix$/);
});

test('an event trigger passes triggerBody; presentation options reach the run manager', async (t) => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-managed-'));
  t.after(() => fs.rm(dir, { recursive: true, force: true }));
  const f = await loadFactory(root);
  const seen: StartRunOptions[] = [];
  const { start } = await managedStart(dir, seen, []);
  const [fired] = await fireTrigger(f, 'CsvDrop', { triggerBody: { folderPath: 'drop/incoming', fileName: 'a.csv' }, runner: triggeredRunner(start, { reveal: false, notify: false }) });
  assert.equal(fired.result!.pipelineRun['adfw:variables']!.path, 'drop/incoming/a.csv');
  assert.deepEqual(seen[0].triggerBody, { folderPath: 'drop/incoming', fileName: 'a.csv' });
  assert.equal(seen[0].reveal, false);
  assert.equal(seen[0].notify, false);
  assert.equal(fired.result!.pipelineRun.invokedBy.invokedByType, 'BlobEventsTrigger');
});

test('a cancelled command cancels the triggered run; a manual run gets no trigger context', async (t) => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-managed-'));
  t.after(() => fs.rm(dir, { recursive: true, force: true }));
  const f = await loadFactory(root);
  const seen: StartRunOptions[] = [];
  const { start } = await managedStart(dir, seen, []);
  const controller = new AbortController();
  controller.abort();
  const [fired] = await fireTrigger(f, 'dailyatsix', { at: '2024-03-04T05:00:00Z', runner: triggeredRunner(start, { signal: controller.signal }) });
  assert.equal(seen[0].signal, controller.signal);
  assert.equal(fired.error, undefined);
  assert.equal(fired.result!.pipelineRun.status, 'Cancelled');
  const manual = engineRunOptions({ factory: f, pipelineName: 'Daily' }, { connections: {}, signal: new AbortController().signal, onEvent: () => undefined, workDir: dir });
  assert.equal('invokedBy' in manual || 'trigger' in manual || 'triggerBody' in manual || 'pipelineContext' in manual, false);
  assert.equal(startedBy({ factory: f, pipelineName: 'Daily' }), '');
});
