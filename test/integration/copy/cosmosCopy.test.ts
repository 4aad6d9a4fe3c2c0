import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import * as https from 'node:https';
import { BulkOperationType, CosmosClient, type Container, type OperationInput } from '@azure/cosmos';
import { startCosmosServer, type CosmosServerHandle } from '../../helpers/servers';
import { createDataServices } from '../../../src/engine/copy';
import { ActivityFailure, type DataServices } from '../../../src/engine/contracts/types';
import { cosmosDs, cosmosLs, fileLs, orders, testIo } from './helpers';

let server: CosmosServerHandle;
let client: CosmosClient;
let services: DataServices;

async function container(id: string, pk = '/customerId'): Promise<Container> {
  const { database } = await client.databases.createIfNotExists({ id: 'shop' });
  const { container } = await database.containers.createIfNotExists({ id, partitionKey: { paths: [pk] } });
  return container;
}

async function fill(c: Container, docs: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < docs.length; i += 100) {
    await c.items.bulk(docs.slice(i, i + 100).map((d) => ({ operationType: BulkOperationType.Create, resourceBody: d }) as OperationInput));
  }
}

async function all(c: Container): Promise<Record<string, any>[]> {
  const { resources } = await c.items.query('SELECT * FROM c', { maxItemCount: 10_000 }).fetchAll();
  return resources.sort((a, b) => String(a.id).localeCompare(String(b.id)));
}

const strip = (d: Record<string, any>) => Object.fromEntries(Object.entries(d).filter(([k]) => !k.startsWith('_')));

describe('Cosmos DB → Cosmos DB copy', () => {
  before(async () => {
    server = await startCosmosServer();
    client = new CosmosClient({ endpoint: server.endpoint, key: server.key, agent: new https.Agent({ rejectUnauthorized: false, keepAlive: true }), connectionPolicy: { enableEndpointDiscovery: false } });
    services = createDataServices({ localCosmos: 'never' });
  });
  after(async () => {
    await services.dispose();
    client.dispose();
    await server.stop();
  });

  it('insert copies every document, then fails with 409 on the second run; upsert replaces', async () => {
    const src = await container('orders');
    const dst = await container('ordersCopy');
    const docs = orders(1234);
    await fill(src, docs);
    const ls = cosmosLs(server.endpoint, server.key, 'shop');
    const req = { activityName: 'CopyOrders', typeProperties: { source: { type: 'CosmosDbSqlApiSource' }, sink: { type: 'CosmosDbSqlApiSink', writeBehavior: 'insert' } }, source: cosmosDs(ls, 'orders'), sink: cosmosDs(ls, 'ordersCopy') };
    const io = testIo();
    const out = (await services.copy(req, io)) as Record<string, any>;
    assert.equal(out.rowsRead, 1234);
    assert.equal(out.rowsCopied, 1234);
    assert.equal('rowsSkipped' in out, false, 'rowsSkipped appears only with fault tolerance');
    assert.equal(out.executionDetails[0].source.type, 'CosmosDbSqlApi');
    assert.equal(out.executionDetails[0].sink.type, 'CosmosDbSqlApi');
    assert.equal(out.executionDetails[0].status, 'Succeeded');
    assert.ok(out.dataRead > 0 && out.dataWritten > 0);
    for (const k of ['copyDuration', 'throughput', 'errors', 'effectiveIntegrationRuntime', 'usedParallelCopies']) assert.ok(k in out, k);
    assert.ok(io.progressEvents.length > 0);
    const copied = await all(dst);
    assert.deepEqual(copied.map(strip), docs.map((d) => d).sort((a, b) => String(a.id).localeCompare(String(b.id))));

    // Second insert: every id exists.
    await assert.rejects(services.copy(req, testIo()), (e: unknown) => {
      assert.ok(e instanceof ActivityFailure);
      assert.equal(e.errorCode, '2200');
      assert.match(e.message, /Failure happened on 'Sink' side\. ErrorCode=CosmosDbSqlApiOperationFailed/);
      assert.match(e.message, /Resource with specified id or name already exists/);
      assert.match(e.message, /StatusCode: 409/);
      const o = e.output as Record<string, any>;
      assert.equal(o.rowsCopied, 0);
      assert.equal(o.executionDetails[0].status, 'Failed');
      assert.equal(o.errors.length, 1);
      return true;
    });
    assert.equal((await all(dst)).length, 1234, 'a failed insert adds nothing and loses nothing');

    // Upsert replaces: change the source, then upsert.
    await src.items.upsert({ ...docs[0], total: 999.99 });
    const up = (await services.copy({ ...req, typeProperties: { ...req.typeProperties, sink: { type: 'CosmosDbSqlApiSink', writeBehavior: 'upsert' } } }, testIo())) as Record<string, any>;
    assert.equal(up.rowsCopied, 1234);
    const after = await all(dst);
    assert.equal(after.length, 1234);
    assert.equal(after.find((d) => d.id === docs[0].id)!.total, 999.99);
  });

  it('fault tolerance skips existing ids, counts them and logs them in ADF session-log CSV', async () => {
    const src = await container('ftSource');
    const dst = await container('ftSink');
    const docs = orders(500, 10_000);
    await fill(src, docs);
    await fill(dst, docs.filter((_, i) => i % 5 === 0)); // 100 already there
    const ls = cosmosLs(server.endpoint, server.key, 'shop');
    const logRoot = testIo().workDir;
    const io = testIo();
    const out = (await services.copy(
      {
        activityName: 'CopyTolerant',
        activityRunId: '11111111-2222-3333-4444-555555555555',
        typeProperties: {
          source: { type: 'CosmosDbSqlApiSource' },
          sink: { type: 'CosmosDbSqlApiSink' },
          enableSkipIncompatibleRow: true,
          redirectIncompatibleRowSettings: { linkedServiceName: { referenceName: 'LogFiles', type: 'LinkedServiceReference' }, path: 'errors' },
        },
        source: cosmosDs(ls, 'ftSource'),
        sink: cosmosDs(ls, 'ftSink'),
        resolveLinkedService: (name) => {
          assert.equal(name, 'LogFiles');
          return fileLs(logRoot, 'LogFiles');
        },
      },
      io,
    )) as Record<string, any>;
    assert.equal(out.rowsRead, 500);
    assert.equal(out.rowsCopied, 400);
    assert.equal(out.rowsSkipped, 100);
    assert.equal(out.logFilePath, 'errors/copyactivity-logs/CopyTolerant/11111111-2222-3333-4444-555555555555/incompatiblerows.csv');
    const logFile = path.join(logRoot, out.logFilePath);
    const lines = readFileSync(logFile, 'utf8').trim().split('\r\n');
    assert.equal(lines[0], 'Timestamp,Level,OperationName,OperationItem,Message');
    assert.equal(lines.length, 101);
    assert.match(lines[1], /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{7},Warning,TabularRowSkip,".*order-01\d{4}.*","?Resource with specified id or name already exists/);
    assert.equal((await all(dst)).length, 500);
    assert.ok(io.logs.some((l) => /100 incompatible row\(s\) skipped/.test(l.message)));
    assert.deepEqual(readdirSync(io.workDir).filter((f) => f.startsWith('skipped-')), [], 'the local staging file is removed');
  });

  it('reads partition keys from the container, copies large documents, and honours a query and a mapping', async () => {
    const src = await container('devices', '/site/region');
    const dst = await container('devicesCopy', '/region');
    const big = 'x'.repeat(200_000);
    const docs = Array.from({ length: 30 }, (_, i) => ({ id: `dev-${i}`, site: { region: i % 2 ? 'north' : 'south', name: `site ${i}` }, blob: i < 3 ? big : 'small', temp: i * 1.5 }));
    await fill(src, docs);
    const ls = cosmosLs(server.endpoint, server.key, 'shop');
    const out = (await services.copy(
      {
        activityName: 'CopyDevices',
        typeProperties: {
          source: { type: 'CosmosDbSqlApiSource', query: 'SELECT * FROM c WHERE c.temp >= 3', pageSize: 7 },
          sink: { type: 'CosmosDbSqlApiSink', writeBehavior: 'upsert', writeBatchSize: 5, maxConcurrentConnections: 2 },
          translator: {
            type: 'TabularTranslator',
            mappings: [
              { source: { path: "$['id']" }, sink: { path: "$['id']" } },
              { source: { path: "$['site']['region']" }, sink: { path: "$['region']" } },
              { source: { path: "$['temp']" }, sink: { path: "$['reading']['celsius']", type: 'String' } },
              { source: { path: "$['blob']" }, sink: { path: "$['payload']" } },
            ],
          },
        },
        source: cosmosDs(ls, 'devices'),
        sink: cosmosDs(ls, 'devicesCopy'),
      },
      testIo(),
    )) as Record<string, any>;
    assert.equal(out.rowsRead, 28);
    assert.equal(out.rowsCopied, 28);
    const copied = await all(dst);
    assert.equal(copied.length, 28);
    const d3 = copied.find((d) => d.id === 'dev-3')!;
    assert.deepEqual(strip(d3), { id: 'dev-3', region: 'north', reading: { celsius: '4.5' }, payload: 'small' });
    assert.equal(copied.find((d) => d.id === 'dev-2')!.payload.length, 200_000);
  });

  it('fails clearly when the sink container does not exist or writeBehavior is unknown', async () => {
    await container('exists');
    const ls = cosmosLs(server.endpoint, server.key, 'shop');
    const base = { activityName: 'C', source: cosmosDs(ls, 'exists'), sink: cosmosDs(ls, 'missingContainer') };
    await assert.rejects(services.copy({ ...base, typeProperties: { source: {}, sink: {} } }, testIo()), /Container 'missingContainer' was not found in database 'shop'/);
    await assert.rejects(services.copy({ ...base, sink: cosmosDs(ls, 'exists'), typeProperties: { source: {}, sink: { writeBehavior: 'merge' } } }, testIo()), /writeBehavior 'merge' is not supported/);
  });

  it('cancellation stops reading and writing', async () => {
    const src = await container('cancelSource');
    await container('cancelSink');
    await fill(src, orders(3000, 50_000));
    const ls = cosmosLs(server.endpoint, server.key, 'shop');
    const io = testIo();
    const p = services.copy({ activityName: 'C', typeProperties: { source: { pageSize: 100 }, sink: { maxConcurrentConnections: 1, writeBatchSize: 50 } }, source: cosmosDs(ls, 'cancelSource'), sink: cosmosDs(ls, 'cancelSink') }, io);
    setTimeout(() => io.controller.abort(new Error('cancelled by user')), 150);
    await assert.rejects(p, (e: unknown) => {
      assert.ok(e instanceof ActivityFailure);
      const o = e.output as Record<string, any>;
      assert.ok(o.rowsCopied < 3000, `stopped early (${o.rowsCopied})`);
      assert.equal(o.executionDetails[0].status, 'Canceled');
      return true;
    });
  });
});
