/**
 * The sample factory through the real product path (runPipeline → copy engine), with the embedded Cosmos DB
 * started automatically for the linked service that points at the emulator address.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as https from 'node:https';
import * as path from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { CosmosClient } from '@azure/cosmos';
import { startAzurite, type AzuriteHandle } from '../../helpers/servers';
import { createDataServices } from '../../../src/engine/copy';
import { loadFactory } from '../../../src/engine/model/loader';
import { runPipeline } from '../../../src/engine/run';
import type { Factory } from '../../../src/engine/model/types';
import { cosmosDs, cosmosLs, orders, testIo } from './helpers';

let azurite: AzuriteHandle;
let factory: Factory;
const services = createDataServices();

describe('samples/cosmos-copy on the local engine', () => {
  before(async () => {
    azurite = await startAzurite();
    factory = await loadFactory(path.join(__dirname, '..', '..', '..', 'samples', 'cosmos-copy'));
  });
  after(async () => {
    await services.dispose();
    await azurite.stop();
  });

  it('serves the emulator address from an embedded Cosmos DB, ingests partner orders from Blob, copies containers by parameter', async () => {
    const emulatorLs = cosmosLs('https://localhost:8081', 'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==', 'retail');
    assert.deepEqual(await services.getMetadata({ dataset: cosmosDs(emulatorLs, 'orders'), fieldList: ['exists'] }, testIo()), { exists: false });
    const endpoint = (services as ReturnType<typeof createDataServices>).localCosmosEndpoint();
    assert.match(endpoint ?? '', /^https:\/\/127\.0\.0\.1:\d+$/);
    const client = new CosmosClient({ endpoint: endpoint!, key: 'a2V5', agent: new https.Agent({ rejectUnauthorized: false }), connectionPolicy: { enableEndpointDiscovery: false } });
    const { database } = await client.databases.createIfNotExists({ id: 'retail' });
    await database.containers.createIfNotExists({ id: 'orders', partitionKey: { paths: ['/customerId'] } });
    await database.containers.createIfNotExists({ id: 'ordersArchive', partitionKey: { paths: ['/customerId'] } });

    const landing = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('landing');
    await landing.createIfNotExists();
    const partner = orders(300).map((o) => ({ orderRef: o.id, buyer: { id: o.customerId, city: o.city }, amount: String(o.total), placed: o.placedAt, items: o.lines }));
    await landing.getBlockBlobClient('partner-orders/2025-06/export.jsonl').uploadData(Buffer.from(partner.map((p) => JSON.stringify(p)).join('\n')));
    await landing.getBlockBlobClient('partner-orders/2025-06/readme.txt').uploadData(Buffer.from('not orders'));
    const connections = { LandingBlobStorage: { connectionString: azurite.connectionString } };

    const ingest = await runPipeline({ factory, pipelineName: 'IngestPartnerOrders', connections, dataServices: services });
    const act = ingest.activityRuns[0];
    assert.equal(ingest.pipelineRun.status, 'Succeeded', act.error?.message);
    assert.equal((act.output as any).rowsCopied, 300);
    assert.equal((act.output as any).filesRead, 1);
    const { resources } = await database.container('orders').items.query("SELECT * FROM c WHERE c.id = 'order-000010'").fetchAll();
    assert.equal(resources[0].total, orders(11)[10].total);
    assert.equal(resources[0].placedAt, orders(11)[10].placedAt);

    const first = await runPipeline({ factory, pipelineName: 'CopyContainer', parameters: { writeBehavior: 'insert' }, dataServices: services });
    assert.equal(first.pipelineRun.status, 'Succeeded');
    assert.equal((first.activityRuns[0].output as any).rowsCopied, 300);
    const again = await runPipeline({ factory, pipelineName: 'CopyContainer', parameters: { writeBehavior: 'insert' }, dataServices: services });
    assert.equal(again.pipelineRun.status, 'Failed');
    assert.match(again.activityRuns[0].error!.message, /Resource with specified id or name already exists/);
    const up = await runPipeline({ factory, pipelineName: 'CopyContainer', dataServices: services });
    assert.equal(up.pipelineRun.status, 'Succeeded');
    client.dispose();
  });
});
