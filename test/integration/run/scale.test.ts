/**
 * Bounded resources: a ForEach over 1,000,000 items keeps the heap within a bound (records inside containers
 * are capped, iteration scopes are released), and the records say how many were not kept.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { act, ex, runActivities, cleanup, runsOf } from '../../unit/run/helpers';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
after(cleanup);

function heapMb(): number {
  gc();
  return process.memoryUsage().heapUsed / 1e6;
}

test('ForEach over 1M items: heap growth stays bounded', { timeout: 300_000 }, async () => {
  const n = 1_000_000;
  const base = heapMb();
  const samples: number[] = [];
  const timer = setInterval(() => samples.push(heapMb() - base), 2000);
  try {
    const items = Array.from({ length: n }, (_, i) => i);
    const r = await runActivities([act('Loop', 'ForEach', { items: ex('@pipeline().parameters.items'), batchCount: 50, activities: [act('Noop', 'Wait', { waitTimeInSeconds: 0 }, {}, { state: 'Inactive' })] })], {
      declare: { items: { type: 'Array' } },
      parameters: { items },
      maxActivityRuns: 5000,
      // Beyond ADF's 100,000-item limit on purpose: this measures the engine's memory bound.
      maxForEachItems: n,
    });
    assert.equal(r.pipelineRun.status, 'Succeeded');
    assert.equal(runsOf(r, 'Noop').length, 4999);
    assert.equal(r.pipelineRun['adfw:droppedActivityRuns'], n - 4999);
  } finally {
    clearInterval(timer);
  }
  assert.ok(samples.length >= 3, `the event loop stayed responsive during the loop (${samples.length} heap samples)`);
  const peak = Math.max(...samples);
  // 1M items as numbers (~16 MB for the array and its expression copies) plus 5,000 kept records; without the
  // bound the records alone would take well over 500 MB.
  assert.ok(peak < 150, `heap grew by ${peak.toFixed(1)} MB`);
  const after = heapMb() - base;
  assert.ok(after < 30, `heap retained ${after.toFixed(1)} MB after the run`);
});

test('records beyond the bound are counted, inner records of a small loop are all kept', async () => {
  const r = await runActivities([act('Loop', 'ForEach', { items: ex('@range(0, 300)'), activities: [act('W', 'Wait', { waitTimeInSeconds: 0 })] })], { maxActivityRuns: 100 });
  assert.equal(runsOf(r, 'W').length, 99);
  assert.equal(r.pipelineRun['adfw:droppedActivityRuns'], 201);
  assert.equal(runsOf(r, 'Loop').length, 1, 'top-level records are always kept');
  const all = await runActivities([act('Loop', 'ForEach', { items: ex('@range(0, 300)'), activities: [act('W', 'Wait', { waitTimeInSeconds: 0 })] })]);
  assert.equal(runsOf(all, 'W').length, 300);
  assert.equal(all.pipelineRun['adfw:droppedActivityRuns'], undefined);
});
