import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as https from 'node:https';
import { BlobServiceClient } from '@azure/storage-blob';
import { BulkOperationType, CosmosClient, type OperationInput } from '@azure/cosmos';
import { startAzurite, startCosmosServer, type AzuriteHandle, type CosmosServerHandle } from '../../helpers/servers';
import { resourceFromText } from '../../../src/engine/model/loader';
import { RESOURCE_KINDS, type Factory } from '../../../src/engine/model/types';
import { runDataFlowActivity } from '../../../src/engine/dataflow';
import type { ResolvedDataset, ResolvedLinkedService } from '../../../src/engine/contracts/types';
import { testIo } from '../copy/helpers';

const SCRIPT = [
  'source(output(',
  '\t\tid as string,',
  '\t\tcustomerId as string,',
  '\t\tcity as string,',
  '\t\ttotal as double',
  '\t),',
  '\tallowSchemaDrift: false,',
  '\tvalidateSchema: false) ~> Orders',
  'Orders aggregate(groupBy(city),',
  '\torders = count(),',
  '\trevenue = round(sum(total), 2)) ~> ByCity',
  'ByCity sort(asc(city, true)) ~> Sorted',
  'Orders filter(total >= 50) ~> Big',
  "Big derive(tier = iif(total >= 80, 'gold', 'silver')) ~> Tiered",
  'Sorted sink(allowSchemaDrift: true) ~> CitySink',
  'Tiered sink(allowSchemaDrift: true, upsertable: true) ~> BigSink',
];

function factoryWithFlow(): Factory {
  const resources = Object.fromEntries(RESOURCE_KINDS.map((k) => [k, new Map()])) as Factory['resources'];
  const ref = (n: string) => ({ referenceName: n, type: 'DatasetReference' });
  const json = JSON.stringify({ name: 'OrdersByCity', properties: { type: 'MappingDataFlow', typeProperties: { sources: [{ name: 'Orders', dataset: ref('CosmosOrders') }], sinks: [{ name: 'CitySink', dataset: ref('BlobCities') }, { name: 'BigSink', dataset: ref('CosmosBig') }], scriptLines: SCRIPT } } });
  resources.dataflow.set('OrdersByCity', resourceFromText('dataflow', '/f/dataflow/OrdersByCity.json', json).resource!);
  return { root: '/f', name: 'f', resources, diagnostics: [], ignoredFiles: [] };
}

describe('data flow between Cosmos DB and Blob storage through the connectors', () => {
  let cosmos: CosmosServerHandle;
  let azurite: AzuriteHandle;
  let client: CosmosClient;
  before(async () => {
    [cosmos, azurite] = await Promise.all([startCosmosServer(), startAzurite()]);
    client = new CosmosClient({ endpoint: cosmos.endpoint, key: cosmos.key, agent: new https.Agent({ rejectUnauthorized: false }), connectionPolicy: { enableEndpointDiscovery: false } });
    const { database } = await client.databases.createIfNotExists({ id: 'shop' });
    const { container } = await database.containers.createIfNotExists({ id: 'orders', partitionKey: { paths: ['/customerId'] } });
    await database.containers.createIfNotExists({ id: 'big', partitionKey: { paths: ['/customerId'] } });
    const docs = [
      { id: 'o1', customerId: 'c1', city: 'Oslo', total: 90, lines: [{ sku: 'A' }] },
      { id: 'o2', customerId: 'c2', city: 'Lima', total: 10.5 },
      { id: 'o3', customerId: 'c1', city: 'Oslo', total: 55.25 },
      { id: 'o4', customerId: 'c3', city: 'Lima', total: 20 },
      { id: 'o5', customerId: 'c4', city: 'Osaka', total: 49.99 },
    ];
    await container.items.bulk(docs.map((d) => ({ operationType: BulkOperationType.Create, resourceBody: d }) as OperationInput));
    await BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('out').createIfNotExists();
  });
  after(async () => {
    client.dispose();
    await Promise.all([cosmos.stop(), azurite.stop()]);
  });

  it('reads Cosmos, aggregates on DuckDB, writes JSON to Blob and upserts into Cosmos', async () => {
    const cosmosLs: ResolvedLinkedService = { name: 'Cosmos', type: 'CosmosDb', typeProperties: { connectionString: `AccountEndpoint=${cosmos.endpoint}/;AccountKey=${cosmos.key};Database=shop` }, secrets: [cosmos.key] };
    const blobLs: ResolvedLinkedService = { name: 'Blob', type: 'AzureBlobStorage', typeProperties: { connectionString: azurite.connectionString }, secrets: [] };
    const datasets: Record<string, ResolvedDataset> = {
      CosmosOrders: { name: 'CosmosOrders', type: 'CosmosDbSqlApiCollection', typeProperties: { collectionName: 'orders' }, parameters: {}, linkedService: cosmosLs },
      CosmosBig: { name: 'CosmosBig', type: 'CosmosDbSqlApiCollection', typeProperties: { collectionName: 'big' }, parameters: {}, linkedService: cosmosLs },
      BlobCities: { name: 'BlobCities', type: 'Json', typeProperties: { location: { type: 'AzureBlobStorageLocation', container: 'out', folderPath: 'cities', fileName: 'cities.json' } }, parameters: {}, linkedService: blobLs },
    };
    const io = testIo();
    const out = (await runDataFlowActivity(factoryWithFlow(), { dataflow: { referenceName: 'OrdersByCity', type: 'DataFlowReference' } }, io, (ref) => datasets[ref.referenceName])) as any;
    assert.deepEqual(io.progressEvents.filter((p) => p.stage === 'ByCity').map((p) => [p.type, p.rows]), [['aggregate', 3]]);
    const m = out.runStatus.metrics;
    assert.equal(m.CitySink.rowsWritten, 3);
    assert.deepEqual(m.CitySink.sources, { Orders: { rowsRead: 5 } });
    assert.equal(m.BigSink.rowsWritten, 2);
    assert.equal(m.BigSink.stages[0].streams.Big.count, 2);

    const blob = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('out').getBlobClient('cities/cities.json');
    const text = (await blob.downloadToBuffer()).toString('utf8');
    const rows = text.trim().split(/\r?\n/).map((l) => JSON.parse(l));
    assert.deepEqual(rows, [{ city: 'Lima', orders: 2, revenue: 30.5 }, { city: 'Osaka', orders: 1, revenue: 49.99 }, { city: 'Oslo', orders: 2, revenue: 145.25 }]);

    const { resources } = await client.database('shop').container('big').items.query('SELECT c.id, c.tier, c.total FROM c').fetchAll();
    assert.deepEqual(resources.sort((a, b) => a.id.localeCompare(b.id)), [{ id: 'o1', tier: 'gold', total: 90 }, { id: 'o3', tier: 'silver', total: 55.25 }]);

    // Running again upserts the same documents: no conflict, no duplicates.
    const again = (await runDataFlowActivity(factoryWithFlow(), { dataflow: { referenceName: 'OrdersByCity' } }, testIo(), (ref) => datasets[ref.referenceName])) as any;
    assert.equal(again.runStatus.metrics.BigSink.rowsWritten, 2);
    const { resources: after2 } = await client.database('shop').container('big').items.query('SELECT VALUE COUNT(1) FROM c').fetchAll();
    assert.deepEqual(after2, [2]);
  });
});
