/**
 * Cost of keeping a run's stored record live (activity starts and ends reach the store, coalesced). Baseline: the
 * same ForEach of 5,000 items (a 10 ms Wait each, batch 10: 10,000 transitions over several seconds, so the
 * record is saved many times while it grows) without a store. Figures: the ratio with a store, the saves it took,
 * and the cost of the first read of a store of interrupted records (each settled once) against a later read.
 */
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadFactory } from '../../src/engine/model/loader';
import { runPipeline, RunStore, type RunResult } from '../../src/engine/run';

export const name = 'runStore';

const N = 5_000;
const BATCH = 10;

export async function run(): Promise<Record<string, unknown>> {
  const root = mkdtempSync(path.join(tmpdir(), 'adfw-bench-store-'));
  try {
    mkdirSync(path.join(root, 'pipeline'));
    writeFileSync(
      path.join(root, 'pipeline', 'waits.json'),
      JSON.stringify({ name: 'waits', properties: { activities: [{ name: 'Loop', type: 'ForEach', typeProperties: { items: { value: `@range(0, ${N})`, type: 'Expression' }, batchCount: BATCH, activities: [{ name: 'W', type: 'Wait', typeProperties: { waitTimeInSeconds: 0.01 } }] } }] } }),
    );
    const factory = await loadFactory(root);
    const timeRun = async (withStore: boolean) => {
      let saves = 0;
      const inner = new RunStore(mkdtempSync(path.join(root, 'store-')));
      const store = withStore ? { save: (r: RunResult) => (saves++, inner.save(r)) } : undefined;
      const t0 = performance.now();
      const r = await runPipeline({ factory, pipelineName: 'waits', store });
      if (r.pipelineRun.status !== 'Succeeded') throw new Error('the benchmark pipeline did not succeed');
      return { ms: performance.now() - t0, saves };
    };
    // Warm-up, then measure each twice and keep the faster.
    await timeRun(false);
    const best = async (withStore: boolean) => {
      const a = await timeRun(withStore);
      const b = await timeRun(withStore);
      return a.ms <= b.ms ? a : b;
    };
    const base = await best(false);
    const stored = await best(true);

    // Readers: a store of 200 records in progress whose owner is gone, read by `query` (each settled once).
    const dir = mkdtempSync(path.join(root, 'interrupted-'));
    const writer = new RunStore(dir);
    const gone = { host: 'elsewhere', pid: 1, started: new Date(0).toISOString(), heartbeatMs: 1000 };
    for (let i = 0; i < 200; i++) {
      await writer.save({
        pipelineRun: { runId: `r${i}`, runGroupId: `r${i}`, isLatest: true, pipelineName: 'p', parameters: {}, invokedBy: { name: 'Manual', id: 'm', invokedByType: 'Manual' }, runStart: new Date(Date.now() - 60_000).toISOString(), lastUpdated: new Date(Date.now() - 30_000).toISOString(), status: 'InProgress', message: '', 'adfw:owner': gone },
        activityRuns: [],
      });
    }
    const t1 = performance.now();
    await new RunStore(dir).query({});
    const firstQuery = performance.now() - t1;
    const t2 = performance.now();
    await new RunStore(dir).query({});
    const settledQuery = performance.now() - t2;
    return {
      forEach5kNoStoreMs: Math.round(base.ms),
      forEach5kLiveStoreMs: Math.round(stored.ms),
      liveStoreRatio: stored.ms / base.ms,
      liveStoreSaves: stored.saves,
      transitions: 2 * (N + 1),
      query200InterruptedFirstMs: Math.round(firstQuery),
      query200SettledMs: Math.round(settledQuery),
      firstQueryRatio: firstQuery / settledQuery,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
