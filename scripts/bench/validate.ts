/**
 * Benchmark `validate`: a generated 1,000-pipeline factory (plus datasets, linked services, triggers) is loaded
 * and validated (JSON + schema + semantic + expressions); the baseline is reading and JSON.parse-ing the same
 * files in the same run. Also a 50 MB pipeline file (time and heap growth against JSON.parse of it).
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadFactory } from '../../src/engine/model';
import { validateFactory } from '../../src/engine/validate';
import { addResourceText } from '../../src/engine/model/loader';
import { writeGeneratedFactory } from './factoryGen';

export const name = 'validate';

const PIPELINES = 1000;

/** Writes the generated 1,000-pipeline factory (scripts/bench/factoryGen.ts) to `dir`; returns its file count. */
export async function writeFactory(dir: string): Promise<number> {
  return writeGeneratedFactory(dir, { pipelines: PIPELINES });
}

/** Baseline: read every file and JSON.parse it. */
async function parseAll(dir: string): Promise<number> {
  let n = 0;
  for (const k of ['pipeline', 'dataset', 'linkedService', 'trigger']) {
    for (const f of await fs.readdir(path.join(dir, k))) {
      JSON.parse(await fs.readFile(path.join(dir, k, f), 'utf8'));
      n++;
    }
  }
  return n;
}

/** Wall time in ms; `cpu` collects this process's CPU time in ms (steadier than wall time on a shared machine). */
async function timed<T>(fn: () => Promise<T> | T, cpu?: number[]): Promise<[T, number]> {
  const c = process.cpuUsage();
  const t = process.hrtime.bigint();
  const r = await fn();
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const used = process.cpuUsage(c);
  cpu?.push((used.user + used.system) / 1000);
  return [r, ms];
}

export async function run(): Promise<Record<string, unknown>> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-bench-validate-'));
  try {
    const files = await writeFactory(dir);
    const cpu: number[] = [];
    const [, baselineMs] = await timed(() => parseAll(dir), cpu);
    const [coldDiags, coldMs] = await timed(async () => validateFactory(await loadFactory(dir)), cpu);
    if (coldDiags.some((d) => d.severity === 'error')) throw new Error(`generated factory is not clean: ${coldDiags.find((d) => d.severity === 'error')?.message}`);
    const [, warmMs] = await timed(async () => validateFactory(await loadFactory(dir)), cpu);
    const [, baseline2Ms] = await timed(() => parseAll(dir), cpu);
    const [baseCpu1, coldCpu, warmCpu, baseCpu2] = cpu;
    const baseCpu = Math.min(baseCpu1, baseCpu2);
    const base = Math.min(baselineMs, baseline2Ms);

    // A 50 MB pipeline file: time and heap growth against JSON.parse of the same text.
    const query = 'SELECT c.id, c.total FROM c WHERE c.region = "emea"\n'.repeat(10_000);
    const big = JSON.stringify({ name: 'Huge', properties: { activities: Array.from({ length: 100 }, (_, i) => ({ name: `Lookup ${i}`, type: 'Lookup', typeProperties: { source: { type: 'CosmosDbSqlApiSource', query }, dataset: { referenceName: 'Dataset_0', type: 'DatasetReference' } } })) } }, null, '\t');
    const factory = await loadFactory(dir);
    global.gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    const [, parseBigMs] = await timed(() => JSON.parse(big));
    const [, bigMs] = await timed(() => {
      addResourceText(factory, 'pipeline', path.join(dir, 'pipeline', 'Huge.json'), big);
      return validateFactory(factory);
    });
    const heapGrowthMb = (process.memoryUsage().heapUsed - heap0) / 1e6;

    return {
      pipelines: PIPELINES,
      files,
      'baseline JSON.parse ms': Math.round(base),
      'validate cold ms': Math.round(coldMs),
      'validate warm ms': Math.round(warmMs),
      'pipelines/s (warm)': Math.round(PIPELINES / (warmMs / 1000)),
      'pipelines/s (cold)': Math.round(PIPELINES / (coldMs / 1000)),
      'files/s (warm)': Math.round(files / (warmMs / 1000)),
      'ratio warm / JSON.parse': +(warmMs / base).toFixed(1),
      'ratio cold / JSON.parse': +(coldMs / base).toFixed(1),
      'cpu ms: JSON.parse / cold / warm': `${Math.round(baseCpu)} / ${Math.round(coldCpu)} / ${Math.round(warmCpu)}`,
      'pipelines/s by cpu (warm)': Math.round(PIPELINES / (warmCpu / 1000)),
      'cpu ratio warm / JSON.parse': +(warmCpu / baseCpu).toFixed(1),
      'load average (1 min)': +os.loadavg()[0].toFixed(1),
      '50MB file MB': +(big.length / 1e6).toFixed(1),
      '50MB load+validate ms': Math.round(bigMs),
      '50MB ratio / JSON.parse': +(bigMs / parseBigMs).toFixed(1),
      '50MB heap growth MB': Math.round(heapGrowthMb),
    };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
