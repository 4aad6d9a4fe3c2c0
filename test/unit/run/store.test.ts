/** The run store: atomic saves, bounded history, queries, crash leftovers, concurrent runs, reruns. */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { loadFactory } from '../../../src/engine/model/loader';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { RunStore, runPipeline, type RunResult } from '../../../src/engine/run';
import { act, ex, wait, failAct, makeFactory, statuses, runsOf, cleanup } from './helpers';

const tmp: string[] = [];
function storeDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'adfw-store-'));
  tmp.push(d);
  return d;
}
after(() => {
  cleanup();
  for (const d of tmp) rmSync(d, { recursive: true, force: true });
});

function fakeRun(id: string, pipelineName: string, status: 'Succeeded' | 'Failed', start: string): RunResult {
  return { pipelineRun: { runId: id, runGroupId: id, isLatest: true, pipelineName, parameters: {}, invokedBy: { name: 'Manual', id: 'x', invokedByType: 'Manual' }, lastUpdated: start, runStart: start, runEnd: start, durationInMs: 1, status, message: '' }, activityRuns: [] };
}

describe('RunStore', () => {
  test('save, get and query by time window, pipeline and status (newest first)', async () => {
    const s = new RunStore(storeDir());
    await s.save(fakeRun('r1', 'Load', 'Succeeded', '2024-01-01T00:00:00.000Z'));
    await s.save(fakeRun('r2', 'Load', 'Failed', '2024-01-02T00:00:00.000Z'));
    await s.save(fakeRun('r3', 'Other', 'Succeeded', '2024-01-03T00:00:00.000Z'));
    assert.equal((await s.get('r2'))!.pipelineRun.status, 'Failed');
    assert.deepEqual((await s.query({})).map((r) => r.runId), ['r3', 'r2', 'r1']);
    assert.deepEqual((await s.query({ pipelineName: 'load' })).map((r) => r.runId), ['r2', 'r1']);
    assert.deepEqual((await s.query({ status: 'Succeeded' })).map((r) => r.runId), ['r3', 'r1']);
    assert.deepEqual((await s.query({ from: '2024-01-02T00:00:00.000Z', to: '2024-01-03T00:00:00.000Z' })).map((r) => r.runId), ['r2']);
    assert.equal(await s.get('../../etc/passwd'), undefined);
  });
  test('keeps only the last N runs', async () => {
    const dir = storeDir();
    const s = new RunStore(dir, 3);
    for (let i = 0; i < 6; i++) {
      await s.save(fakeRun(`r${i}`, 'P', 'Succeeded', `2024-01-0${i + 1}T00:00:00.000Z`));
      await new Promise((r) => setTimeout(r, 15));
    }
    assert.deepEqual((await s.query()).map((r) => r.runId), ['r5', 'r4', 'r3']);
  });
  test('a torn file or a leftover temp file from a crash does not break the store', async () => {
    const dir = storeDir();
    const s = new RunStore(dir);
    await s.save(fakeRun('good', 'P', 'Succeeded', '2024-01-01T00:00:00.000Z'));
    writeFileSync(path.join(dir, 'torn.json'), '{"pipelineRun": {"runId": "torn", "stat');
    writeFileSync(path.join(dir, 'good.json.123.abcd.tmp'), '{"partial');
    assert.deepEqual((await s.query()).map((r) => r.runId), ['good']);
    assert.equal(await s.get('torn'), undefined);
    assert.equal((await s.get('good'))!.pipelineRun.runId, 'good');
  });
  test('two runs of the same pipeline at once keep separate, correct records', async () => {
    const factory = await makeFactory({ pipelines: { p: { parameters: { tag: { type: 'String' } }, variables: { v: { type: 'String' } }, activities: [act('Set', 'SetVariable', { variableName: 'v', value: ex('@pipeline().parameters.tag') }), wait('W', { Set: 'Succeeded' }, 0.2), act('Again', 'SetVariable', { variableName: 'v', value: ex("@concat(variables('v'), '-', pipeline().RunId)") }, { W: 'Succeeded' })] } } });
    const dir = storeDir();
    const store = new RunStore(dir);
    const [a, b] = await Promise.all([runPipeline({ factory, pipelineName: 'p', parameters: { tag: 'A' }, store }), runPipeline({ factory, pipelineName: 'p', parameters: { tag: 'B' }, store })]);
    assert.notEqual(a.pipelineRun.runId, b.pipelineRun.runId);
    assert.equal(a.pipelineRun['adfw:variables']!.v, `A-${a.pipelineRun.runId}`);
    assert.equal(b.pipelineRun['adfw:variables']!.v, `B-${b.pipelineRun.runId}`);
    for (const r of [a, b]) {
      const saved = (await store.get(r.pipelineRun.runId))!;
      assert.deepEqual(saved, JSON.parse(JSON.stringify(r)));
      assert.ok(saved.activityRuns.every((x) => x.pipelineRunId === r.pipelineRun.runId));
      assert.equal(saved.activityRuns.length, 3);
    }
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
  });
  test('a run keeps the definition it started with while the file is edited and a second run starts', async () => {
    const factory = await makeFactory({ pipelines: { p: { variables: { v: { type: 'String' } }, activities: [wait('Hold', {}, 0.3), act('Mark', 'SetVariable', { variableName: 'v', value: 'first version' }, { Hold: 'Succeeded' })] } } });
    const file = factory.resources.pipeline.get('p')!.file;
    const store = new RunStore(storeDir());
    const first = runPipeline({ factory, pipelineName: 'p', store });
    const edited = JSON.parse(readFileSync(file, 'utf8'));
    edited.properties.activities[1].typeProperties.value = 'second version';
    writeFileSync(file, JSON.stringify(edited));
    const reloaded = await loadFactory(factory.root);
    const second = await runPipeline({ factory: reloaded, pipelineName: 'p', store });
    const one = await first;
    assert.equal(one.pipelineRun['adfw:variables']!.v, 'first version');
    assert.equal(second.pipelineRun['adfw:variables']!.v, 'second version');
    assert.deepEqual((await store.get(one.pipelineRun.runId))!.activityRuns[1].output, { name: 'v', value: 'first version' });
    assert.deepEqual((await store.get(second.pipelineRun.runId))!.activityRuns[1].output, { name: 'v', value: 'second version' });
  });
  test('a run in progress refreshes its record (lastUpdated moves, finished activities appear) and the final record wins', async () => {
    const factory = await makeFactory({ pipelines: { p: { activities: [wait('Quick'), wait('Slow', { Quick: 'Succeeded' }, 0.6)] } } });
    const store = new RunStore(storeDir());
    const seen: { status: string; updated: string; activities: number }[] = [];
    let runId = '';
    const poll = setInterval(async () => {
      const r = runId && (await store.get(runId));
      if (r) seen.push({ status: r.pipelineRun.status, updated: r.pipelineRun.lastUpdated, activities: r.activityRuns.length });
    }, 100);
    const result = await runPipeline({ factory, pipelineName: 'p', store, heartbeatMs: 100, onEvent: (e) => e.type === 'runStarted' && (runId = e.run.runId) });
    clearInterval(poll);
    const inProgress = seen.filter((x) => x.status === 'InProgress');
    assert.ok(inProgress.some((x) => x.activities >= 1), 'partial records visible while running');
    assert.ok(new Set(inProgress.map((x) => x.updated)).size >= 2, 'lastUpdated moves');
    await new Promise((r) => setTimeout(r, 250));
    assert.equal((await store.get(runId))!.pipelineRun.status, result.pipelineRun.status);
    assert.equal((await store.get(runId))!.activityRuns.length, 2);
  });
  test('rerun and rerun from the failed activity: same group, succeeded activities keep their outputs', async () => {
    const factory = await makeFactory({
      pipelines: {
        p: {
          parameters: { ok: { type: 'Bool', defaultValue: false } },
          variables: { trace: { type: 'Array' } },
          activities: [
            act('First', 'AppendVariable', { variableName: 'trace', value: 'first' }),
            act('Gate', 'IfCondition', { expression: ex('@pipeline().parameters.ok'), ifFalseActivities: [failAct('NotYet')] }, { First: 'Succeeded' }),
            act('Last', 'AppendVariable', { variableName: 'trace', value: 'last' }, { Gate: 'Succeeded' }),
          ],
        },
      },
    });
    const store = new RunStore(storeDir());
    const first = await runPipeline({ factory, pipelineName: 'p', store });
    assert.equal(first.pipelineRun.status, 'Failed');
    const fromFailed = await runPipeline({ factory, pipelineName: 'p', store, rerunOf: first, startFromFailed: true, parameters: { ok: true } });
    assert.equal(fromFailed.pipelineRun.status, 'Succeeded', fromFailed.pipelineRun.message);
    assert.equal(fromFailed.pipelineRun.runGroupId, first.pipelineRun.runGroupId);
    assert.equal(fromFailed.pipelineRun['adfw:isRerun'], true);
    assert.equal(fromFailed.pipelineRun['adfw:rerunOf'], first.pipelineRun.runId);
    assert.deepEqual(fromFailed.pipelineRun['adfw:variables']!.trace, ['first', 'last'], 'First was not run again');
    assert.equal(runsOf(fromFailed, 'First')[0].activityRunId, runsOf(first, 'First')[0].activityRunId);
    const full = await runPipeline({ factory, pipelineName: 'p', store, rerunOf: first, parameters: { ok: true } });
    assert.deepEqual(full.pipelineRun['adfw:variables']!.trace, ['first', 'last']);
    assert.notEqual(runsOf(full, 'First')[0].activityRunId, runsOf(first, 'First')[0].activityRunId);
    const group = await store.query({ runGroupId: first.pipelineRun.runGroupId });
    assert.deepEqual(group.length, 3);
    // REST isLatest: only the newest run of the group is the latest.
    assert.deepEqual(group.filter((g) => g.isLatest).map((g) => g.runId), [full.pipelineRun.runId]);
    assert.equal((await store.get(first.pipelineRun.runId))!.pipelineRun.isLatest, false);
    assert.deepEqual(statuses(full), { First: 'Succeeded', Gate: 'Succeeded', Last: 'Succeeded' });
  });
  test('rerun from activity: that activity and those after it run again, the others keep their records', async () => {
    const factory = await makeFactory({
      pipelines: {
        p: {
          variables: { trace: { type: 'Array' } },
          activities: [
            act('First', 'AppendVariable', { variableName: 'trace', value: 'first' }),
            act('Side', 'Wait', { waitTimeInSeconds: 0 }),
            act('Middle', 'AppendVariable', { variableName: 'trace', value: 'middle' }, { First: 'Succeeded' }),
            act('Last', 'AppendVariable', { variableName: 'trace', value: 'last' }, { Middle: 'Succeeded' }),
          ],
        },
      },
    });
    const store = new RunStore(storeDir());
    const first = await runPipeline({ factory, pipelineName: 'p', store });
    assert.equal(first.pipelineRun.status, 'Succeeded');
    const again = await runPipeline({ factory, pipelineName: 'p', store, rerunOf: first, startActivityName: 'Middle' });
    assert.equal(again.pipelineRun.status, 'Succeeded', again.pipelineRun.message);
    assert.equal(again.pipelineRun['adfw:rerunOf'], first.pipelineRun.runId);
    for (const kept of ['First', 'Side']) assert.equal(runsOf(again, kept)[0].activityRunId, runsOf(first, kept)[0].activityRunId, `${kept} reused`);
    for (const rerun of ['Middle', 'Last']) assert.notEqual(runsOf(again, rerun)[0].activityRunId, runsOf(first, rerun)[0].activityRunId, `${rerun} ran again`);
    // The variables start from the earlier run's values, as in a rerun from the failed activity.
    assert.deepEqual(again.pipelineRun['adfw:variables']!.trace, ['first', 'middle', 'last', 'middle', 'last']);
    await assert.rejects(runPipeline({ factory, pipelineName: 'p', rerunOf: first, startActivityName: 'Nope' }), /has no top-level activity 'Nope'/);
    await assert.rejects(runPipeline({ factory, pipelineName: 'p', startActivityName: 'Middle' }), /needs the earlier run/);
  });
});
