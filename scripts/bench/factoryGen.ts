/**
 * A generated factory for benchmarks and tests: N pipelines (each a Lookup, a ForEach of Copy + AppendVariable, an
 * IfCondition and an ExecutePipeline of the next pipeline, so every pipeline is referenced), datasets, Cosmos DB
 * linked services with a Key Vault, schedule triggers. Valid: a full validation reports no error.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';


function pipeline(i: number, PIPELINES: number, DATASETS: number): object {
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

/** Sizes of a generated factory: pipelines, datasets (default 50, at most one per pipeline), 10 linked services, 5 triggers. */
export interface GeneratedFactorySize {
  pipelines: number;
  datasets?: number;
}

/** The generated factory's files: [path relative to the root, JSON]. */
export function generatedFactoryFiles(size: GeneratedFactorySize): [string, object][] {
  const PIPELINES = size.pipelines;
  const DATASETS = Math.min(size.datasets ?? 50, PIPELINES);
  const files: [string, object][] = [];
  for (let i = 0; i < PIPELINES; i++) {
    files.push([`pipeline/Pipeline_${i}.json`, pipeline(i, PIPELINES, DATASETS)]);
  }
  for (let i = 0; i < DATASETS; i++) {
    files.push([`dataset/Dataset_${i}.json`, { name: `Dataset_${i}`, properties: { type: 'CosmosDbSqlApiCollection', linkedServiceName: { referenceName: `Cosmos_${i % 10}`, type: 'LinkedServiceReference' }, parameters: { container: { type: 'string', defaultValue: 'orders' } }, typeProperties: { collectionName: '@dataset().container' } } }]);
  }
  for (let i = 0; i < 10; i++) {
    files.push([`linkedService/Cosmos_${i}.json`, { name: `Cosmos_${i}`, properties: { type: 'CosmosDb', typeProperties: { accountEndpoint: `https://account${i}.documents.azure.com:443/`, database: 'orders', accountKey: { type: 'AzureKeyVaultSecret', store: { referenceName: 'Vault', type: 'LinkedServiceReference' }, secretName: `key${i}` } } } }]);
  }
  files.push(['linkedService/Vault.json', { name: 'Vault', properties: { type: 'AzureKeyVault', typeProperties: { baseUrl: 'https://vault.vault.azure.net/' } } }]);
  for (let i = 0; i < Math.min(5, PIPELINES); i++) {
    files.push([`trigger/Daily_${i}.json`, { name: `Daily_${i}`, properties: { type: 'ScheduleTrigger', pipelines: [{ pipelineReference: { referenceName: `Pipeline_${i}`, type: 'PipelineReference' } }], typeProperties: { recurrence: { frequency: 'Day', interval: 1, startTime: '2026-01-01T00:00:00Z' } } } }]);
  }
  return files;
}

/** Writes a generated factory to `dir` (tab-indented JSON, as ADF's git integration writes); returns its file count. */
export async function writeGeneratedFactory(dir: string, size: GeneratedFactorySize): Promise<number> {
  const files = generatedFactoryFiles(size);
  for (const k of new Set(files.map(([f]) => path.dirname(f)))) await fs.mkdir(path.join(dir, k), { recursive: true });
  for (const [f, json] of files) await fs.writeFile(path.join(dir, f), JSON.stringify(json, null, '\t'));
  return files.length;
}

