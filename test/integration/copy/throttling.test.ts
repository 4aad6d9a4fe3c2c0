import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as https from 'node:https';
import { BulkOperationType, CosmosClient, type Container, type OperationInput } from '@azure/cosmos';
import { startCosmosServer, type CosmosServerHandle } from '../../helpers/servers';
import { createDataServices } from '../../../src/engine/copy';
import { ActivityFailure } from '../../../src/engine/contracts/types';
import { cosmosDs, cosmosLs, orders, testIo } from './helpers';
import { startThrottleProxy, type ThrottleProxy } from './throttleProxy';

let server: CosmosServerHandle;
let proxy: ThrottleProxy;
let client: CosmosClient;

async function container(id: string): Promise<Container> {
  const { database } = await client.databases.createIfNotExists({ id: 'shop' });
  const { container } = await database.containers.createIfNotExists({ id, partitionKey: { paths: ['/customerId'] } });
  return container;
}
async function all(c: Container): Promise<Record<string, any>[]> {
  const { resources } = await c.items.query('SELECT * FROM c', { maxItemCount: 10_000 }).fetchAll();
  return resources.map((d) => Object.fromEntries(Object.entries(d).filter(([k]) => !k.startsWith('_')))).sort((a, b) => String(a.id).localeCompare(String(b.id)));
}

describe('throttling storms (429 with retry-after through a loopback proxy)', () => {
  before(async () => {
    server = await startCosmosServer();
    proxy = await startThrottleProxy(server.port);
    client = new CosmosClient({ endpoint: server.endpoint, key: server.key, agent: new https.Agent({ rejectUnauthorized: false, keepAlive: true }), connectionPolicy: { enableEndpointDiscovery: false } });
  });
  after(async () => {
    client.dispose();
    await proxy.stop();
    await server.stop();
  });

  it('completes with exact counts and reports the retries when half the requests are throttled for a while', async () => {
    const src = await container('stormSource');
    const dst = await container('stormSink');
    const docs = orders(5000);
    for (let i = 0; i < docs.length; i += 100) await src.items.bulk(docs.slice(i, i + 100).map((d) => ({ operationType: BulkOperationType.Create, resourceBody: d }) as OperationInput));
    const services = createDataServices({ localCosmos: 'never', retry: { maxRetries: 30, maxDelayMs: 200 } });
    const ls = cosmosLs(proxy.endpoint, server.key, 'shop');
    const io = testIo();
    proxy.storm(0.5, Infinity, 40); // half of the requests, until 40 were throttled
    try {
      io.log = (level, message) => { io.logs.push({ level, message }); };
      const out = (await services.copy({ activityName: 'CopyInStorm', typeProperties: { source: { pageSize: 500 }, sink: { writeBehavior: 'insert', maxConcurrentConnections: 4 } }, source: cosmosDs(ls, 'stormSource'), sink: cosmosDs(ls, 'stormSink') }, io)) as Record<string, any>;
      assert.equal(out.rowsRead, 5000);
      assert.equal(out.rowsCopied, 5000);
      assert.equal(proxy.throttled, 40, `the proxy throttled ${proxy.throttled} requests`);
      const details = out.executionDetails[0].profile.transfer.details.writingToSink;
      assert.ok(details.retries >= 1, 'retries are reported in the output');
      assert.ok(details.throttledRequests >= 1);
      assert.ok(io.logs.some((l) => /request\(s\) retried \(\d+ throttled with 429\)/.test(l.message)), 'retries are reported in the log');
      assert.deepEqual(await all(dst), await all(src), 'the sink holds exactly the source documents');
    } catch (e) {
      throw new Error(`${(e as Error).message} (proxy: ${proxy.throttled} throttled, ${proxy.forwarded} forwarded)`);
    } finally {
      proxy.storm(0, 0);
      await services.dispose();
    }
  });

  it('fails after its bounded retry budget, saying so, when the service never recovers', async () => {
    await container('deadSource');
    const dst = await container('deadSink');
    const src = await container('deadSource');
    await src.items.bulk(orders(50).map((d) => ({ operationType: BulkOperationType.Create, resourceBody: d }) as OperationInput));
    const services = createDataServices({ localCosmos: 'never', retry: { maxRetries: 3, maxDelayMs: 50 } });
    const ls = cosmosLs(proxy.endpoint, server.key, 'shop');
    proxy.storm(1, Infinity);
    const started = Date.now();
    try {
      await assert.rejects(services.copy({ activityName: 'CopyNoCapacity', typeProperties: { source: {}, sink: {} }, source: cosmosDs(ls, 'deadSource'), sink: cosmosDs(ls, 'deadSink') }, testIo()), (e: unknown) => {
        assert.ok(e instanceof ActivityFailure);
        assert.match(e.message, /failed after 4 attempts \(the retry budget\): the service kept answering 429 \(request rate is large\)/);
        assert.match(e.message, /^Failure happened on '(Source|Sink)' side\. ErrorCode=CosmosDbSqlApiOperationFailed/);
        return true;
      });
    } finally {
      proxy.storm(0, 0);
      await services.dispose();
    }
    assert.ok(Date.now() - started < 20_000, 'the budget is bounded');
    assert.equal((await all(dst)).length, 0);
  });
});
