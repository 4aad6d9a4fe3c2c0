/**
 * adfw run --local-cosmos: every Cosmos DB linked service is served by the embedded Cosmos DB, whatever endpoint the
 * factory names. The factory's endpoint here is a loopback address where nothing listens, so without the flag the
 * activity fails (connection refused) and with it the embedded server answers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFactory } from '../../../src/engine/model';
import { runPipeline } from '../../../src/engine/run';

function factoryDir(): string {
  const root = mkdtempSync(join(tmpdir(), 'adfw-localcosmos-'));
  const write = (rel: string, value: unknown) => {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), JSON.stringify(value));
  };
  write('linkedService/Sales.json', {
    name: 'Sales',
    properties: { type: 'CosmosDb', typeProperties: { connectionString: 'AccountEndpoint=https://127.0.0.2:1/;AccountKey=a2V5;Database=sales' } },
  });
  write('dataset/Orders.json', {
    name: 'Orders',
    properties: { type: 'CosmosDbSqlApiCollection', linkedServiceName: { referenceName: 'Sales', type: 'LinkedServiceReference' }, typeProperties: { collectionName: 'orders' } },
  });
  write('pipeline/Probe.json', {
    name: 'Probe',
    properties: {
      activities: [
        {
          name: 'Exists',
          type: 'GetMetadata',
          policy: { retry: 0 },
          typeProperties: { dataset: { referenceName: 'Orders', type: 'DatasetReference' }, fieldList: ['exists'] },
        },
      ],
    },
  });
  return root;
}

test('--local-cosmos serves a Cosmos DB linked service from the embedded server', { timeout: 120_000 }, async () => {
  const factory = await loadFactory(factoryDir());
  const local = await runPipeline({ factory, pipelineName: 'Probe', localCosmos: 'always' });
  assert.equal(local.pipelineRun.status, 'Succeeded', JSON.stringify(local.activityRuns[0]?.error));
  assert.deepEqual(local.activityRuns[0].output, { exists: false });
});

test('without it, the same factory reaches the endpoint it names (nothing listens there: a clear failure)', { timeout: 120_000 }, async () => {
  const factory = await loadFactory(factoryDir());
  const remote = await runPipeline({ factory, pipelineName: 'Probe' });
  assert.equal(remote.pipelineRun.status, 'Failed');
  assert.ok(remote.activityRuns[0].error?.message, 'the failure explains itself');
});
