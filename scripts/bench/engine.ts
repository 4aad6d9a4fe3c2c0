/**
 * Local engine overhead. Baseline: the same number of no-op async steps through a 50-wide worker pool in plain
 * Node (what any scheduler must at least pay). Figures are ratios against that baseline, plus per-activity times.
 */
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadFactory } from '../../src/engine/model/loader';
import { runPipeline } from '../../src/engine/run';

export const name = 'engine';

const N = 10_000;
const BATCH = 50;
const CHAIN = 200;

async function baseline(n: number, width: number): Promise<number> {
  const t0 = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < n) {
      next++;
      await new Promise<void>((r) => setImmediate(r));
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return performance.now() - t0;
}

async function timeRun(root: string, pipelineName: string): Promise<{ ms: number; status: string }> {
  const factory = await loadFactory(root);
  const t0 = performance.now();
  const r = await runPipeline({ factory, pipelineName });
  return { ms: performance.now() - t0, status: r.pipelineRun.status };
}

export async function run(): Promise<Record<string, unknown>> {
  const root = mkdtempSync(path.join(tmpdir(), 'adfw-bench-engine-'));
  try {
    mkdirSync(path.join(root, 'pipeline'));
    const write = (n: string, properties: unknown) => writeFileSync(path.join(root, 'pipeline', `${n}.json`), JSON.stringify({ name: n, properties }));
    write('waits', { activities: [{ name: 'Loop', type: 'ForEach', typeProperties: { items: { value: `@range(0, ${N})`, type: 'Expression' }, batchCount: BATCH, activities: [{ name: 'W', type: 'Wait', typeProperties: { waitTimeInSeconds: 0 } }] } }] });
    write('sets', {
      variables: { v: { type: 'String' } },
      activities: [{ name: 'Loop', type: 'ForEach', typeProperties: { items: { value: `@range(0, ${N})`, type: 'Expression' }, batchCount: BATCH, activities: [{ name: 'S', type: 'SetVariable', typeProperties: { variableName: 'v', value: { value: '@string(item())', type: 'Expression' } } }] } }],
    });
    write('chain', { activities: Array.from({ length: CHAIN }, (_, i) => ({ name: `A${i}`, type: 'Wait', typeProperties: { waitTimeInSeconds: 0 }, dependsOn: i ? [{ activity: `A${i - 1}`, dependencyConditions: ['Succeeded'] }] : [] })) });
    // Warm-up (JIT, module loading), then measure.
    await baseline(N, BATCH);
    await timeRun(root, 'chain');
    const base = await baseline(N, BATCH);
    const baseChain = await baseline(CHAIN, 1);
    const waits = await timeRun(root, 'waits');
    const sets = await timeRun(root, 'sets');
    const chain = await timeRun(root, 'chain');
    if ([waits, sets, chain].some((x) => x.status !== 'Succeeded')) throw new Error('a benchmark pipeline did not succeed');
    return {
      baselineMsPer10kSteps: Math.round(base),
      forEach10kWait0Batch50Ms: Math.round(waits.ms),
      forEach10kWait0Ratio: waits.ms / base,
      forEach10kSetVariableBatch50Ms: Math.round(sets.ms),
      forEach10kSetVariableRatio: sets.ms / base,
      usPerActivityInForEach: (waits.ms * 1000) / N,
      usPerActivityInChain: (chain.ms * 1000) / CHAIN,
      chainRatio: chain.ms / baseChain,
      heapUsedMb: Math.round(process.memoryUsage().heapUsed / 1e6),
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
