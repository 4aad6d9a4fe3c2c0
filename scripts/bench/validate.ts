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

export const name = 'validate';

const PIPELINES = 1000;
const DATASETS = 50;

function pipeline(i: number): object {
  // Each pipeline calls the next one, as a chain of ExecutePipeline references across the factory.
  const child = `Pipeline_${(i + 1) % PIPELINES}`;
  return {
    name: `Pipeline_${i}`,
    properties: {
      activities: [
        { name: 'Lookup config', type: 'Lookup', dependsOn: [], typeProperties: { source: { type: 'CosmosDbSqlApiSource', query: { value: "@concat('SELECT * FROM c WHERE c.batch = ', string(pipeline().parameters.batch))", type: 'Expression' } }, dataset: { referenceName: `Dataset_${i % DATASETS}`, type: 'DatasetReference', parameters: { container: '@pipeline().parameters.container' } }, firstRowOnly: false } },
        {
          name: 'For each item',
          type: 'ForEach',
          dependsOn: [{ activity: 'Lookup config', dependencyConditions: ['Succeeded'] }],
          typeProperties: {
            items: { value: "@activity('Lookup config').output.value", type: 'Expression' },
            batchCount: 8,
            activities: [
              { name: 'Copy item', type: 'Copy', dependsOn: [], policy: { timeout: '0.01:00:00', retry: 1, retryIntervalInSeconds: 30 }, typeProperties: { source: { type: 'CosmosDbSqlApiSource', query: '@item().query' }, sink: { type: 'CosmosDbSqlApiSink', writeBehavior: 'upsert' } }, inputs: [{ referenceName: `Dataset_${i % DATASETS}`, type: 'DatasetReference' }], outputs: [{ referenceName: `Dataset_${(i + 1) % DATASETS}`, type: 'DatasetReference' }] },
              { name: 'Record', type: 'AppendVariable', dependsOn: [{ activity: 'Copy item', dependencyConditions: ['Succeeded'] }], typeProperties: { variableName: 'done', value: "@{item().id}: @{activity('Copy item').output.rowsCopied}" } },
            ],
          },
        },
        {
          name: 'All copied',
          type: 'IfCondition',
          dependsOn: [{ activity: 'For each item', dependencyConditions: ['Completed'] }],
          typeProperties: {
            expression: { value: "@greater(length(variables('done')), 0)", type: 'Expression' },
            ifTrueActivities: [{ name: 'Set status', type: 'SetVariable', typeProperties: { variableName: 'status', value: 'ok' } }],
            ifFalseActivities: [{ name: 'Fail run', type: 'Fail', typeProperties: { message: "@concat('Nothing copied in ', pipeline().Pipeline)", errorCode: '404' } }],
          },
        },
        { name: 'Run child', type: 'ExecutePipeline', dependsOn: [{ activity: 'All copied', dependencyConditions: ['Succeeded'] }], typeProperties: { pipeline: { referenceName: child, type: 'PipelineReference' }, waitOnCompletion: true, parameters: { batch: "@pipeline().parameters.batch" } } },
      ],
      parameters: { batch: { type: 'int', defaultValue: 1 }, container: { type: 'string', defaultValue: 'orders' } },
      variables: { done: { type: 'Array', defaultValue: [] }, status: { type: 'String' } },
      annotations: [],
    },
  };
}

export async function writeFactory(dir: string): Promise<number> {
  const files: [string, object][] = [];
  for (let i = 0; i < PIPELINES; i++) {
    files.push([`pipeline/Pipeline_${i}.json`, pipeline(i)]);
  }
  for (let i = 0; i < DATASETS; i++) {
    files.push([`dataset/Dataset_${i}.json`, { name: `Dataset_${i}`, properties: { type: 'CosmosDbSqlApiCollection', linkedServiceName: { referenceName: `Cosmos_${i % 10}`, type: 'LinkedServiceReference' }, parameters: { container: { type: 'string', defaultValue: 'orders' } }, typeProperties: { collectionName: '@dataset().container' } } }]);
  }
  for (let i = 0; i < 10; i++) {
    files.push([`linkedService/Cosmos_${i}.json`, { name: `Cosmos_${i}`, properties: { type: 'CosmosDb', typeProperties: { accountEndpoint: `https://account${i}.documents.azure.com:443/`, database: 'orders', accountKey: { type: 'AzureKeyVaultSecret', store: { referenceName: 'Vault', type: 'LinkedServiceReference' }, secretName: `key${i}` } } } }]);
  }
  files.push(['linkedService/Vault.json', { name: 'Vault', properties: { type: 'AzureKeyVault', typeProperties: { baseUrl: 'https://vault.vault.azure.net/' } } }]);
  for (let i = 0; i < 5; i++) {
    files.push([`trigger/Daily_${i}.json`, { name: `Daily_${i}`, properties: { type: 'ScheduleTrigger', pipelines: [{ pipelineReference: { referenceName: `Pipeline_${i}`, type: 'PipelineReference' } }], typeProperties: { recurrence: { frequency: 'Day', interval: 1, startTime: '2026-01-01T00:00:00Z' } } } }]);
  }
  for (const k of ['pipeline', 'dataset', 'linkedService', 'trigger']) await fs.mkdir(path.join(dir, k), { recursive: true });
  for (const [f, json] of files) await fs.writeFile(path.join(dir, f), JSON.stringify(json, null, '\t'));
  return files.length;
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
