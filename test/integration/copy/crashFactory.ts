/** A small factory on disk for the crash tests: orders (source account) → archive (sink account). */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

function write(root: string, kind: string, name: string, properties: Record<string, unknown>): void {
  mkdirSync(path.join(root, kind), { recursive: true });
  writeFileSync(path.join(root, kind, `${name}.json`), JSON.stringify({ name, properties }, null, 2));
}

/** Writes the factory; `sinkContainer` is a pipeline parameter so each test can use its own container. */
export function writeCrashFactory(root: string): void {
  for (const ls of ['SourceCosmos', 'SinkCosmos']) {
    write(root, 'linkedService', ls, { type: 'CosmosDb', typeProperties: { connectionString: 'AccountEndpoint=https://cosmos.invalid:443/;AccountKey=a2V5;Database=retail' } });
  }
  write(root, 'dataset', 'Orders', { type: 'CosmosDbSqlApiCollection', linkedServiceName: { referenceName: 'SourceCosmos', type: 'LinkedServiceReference' }, typeProperties: { collectionName: 'orders' } });
  write(root, 'dataset', 'Archive', {
    type: 'CosmosDbSqlApiCollection',
    linkedServiceName: { referenceName: 'SinkCosmos', type: 'LinkedServiceReference' },
    parameters: { container: { type: 'string' } },
    typeProperties: { collectionName: { value: '@dataset().container', type: 'Expression' } },
  });
  for (const behavior of ['insert', 'upsert']) {
    write(root, 'pipeline', `Archive_${behavior}`, {
      parameters: { sinkContainer: { type: 'string' } },
      activities: [
        {
          name: 'Archive orders',
          type: 'Copy',
          typeProperties: { source: { type: 'CosmosDbSqlApiSource' }, sink: { type: 'CosmosDbSqlApiSink', writeBehavior: behavior } },
          inputs: [{ referenceName: 'Orders', type: 'DatasetReference' }],
          outputs: [{ referenceName: 'Archive', type: 'DatasetReference', parameters: { container: { value: '@pipeline().parameters.sinkContainer', type: 'Expression' } } }],
        },
      ],
    });
  }
}

export function crashConnections(sourceEndpoint: string, sinkEndpoint: string, key: string): Record<string, Record<string, unknown>> {
  return {
    SourceCosmos: { connectionString: `AccountEndpoint=${sourceEndpoint}/;AccountKey=${key};Database=retail` },
    SinkCosmos: { connectionString: `AccountEndpoint=${sinkEndpoint}/;AccountKey=${key};Database=retail` },
  };
}
