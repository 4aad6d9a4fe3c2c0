/**
 * Crash mid-copy on 100,000 documents: the sink server dies, the sink server restarts, the copying process is
 * killed. Afterwards the run store is intact and a rerun with upsert leaves exactly the source's documents.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { CosmosClient, type Container } from '@azure/cosmos';
import { bulkCreate, startCosmosServer, type CosmosServerHandle } from '../../helpers/servers';
import { createDataServices } from '../../../src/engine/copy';
import { loadFactory } from '../../../src/engine/model/loader';
import { runPipeline, RunStore, type RunEvent } from '../../../src/engine/run';
import type { Factory } from '../../../src/engine/model/types';
import { orders } from './helpers';
import { crashConnections, writeCrashFactory } from './crashFactory';

const N = 100_000;
let source: CosmosServerHandle;
let sink: CosmosServerHandle;
let sourceClient: CosmosClient;
let sinkClient: CosmosClient;
let factory: Factory;
let factoryDir: string;
let connections: Record<string, Record<string, unknown>>;

const clientFor = (s: CosmosServerHandle) => new CosmosClient({ endpoint: s.endpoint, key: s.key, agent: new https.Agent({ rejectUnauthorized: false, keepAlive: true }), connectionPolicy: { enableEndpointDiscovery: false } });

async function container(c: CosmosClient, id: string): Promise<Container> {
  const { database } = await c.databases.createIfNotExists({ id: 'retail' });
  const { container } = await database.containers.createIfNotExists({ id, partitionKey: { paths: ['/customerId'] } });
  return container;
}

/** id → document JSON without system properties. */
async function snapshot(c: Container): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const it = c.items.query('SELECT * FROM c', { maxItemCount: 20_000 });
  while (it.hasMoreResults()) {
    for (const d of (await it.fetchNext()).resources) {
      assert.ok(!out.has(d.id), `duplicate id ${d.id}`);
      out.set(d.id, JSON.stringify(Object.fromEntries(Object.entries(d).filter(([k]) => !k.startsWith('_')))));
    }
  }
  return out;
}

let expected: Map<string, string>;

async function assertExactCopy(sinkContainer: string): Promise<void> {
  const got = await snapshot(await container(sinkClient, sinkContainer));
  assert.equal(got.size, expected.size, 'document count');
  let differing = 0;
  for (const [id, json] of expected) if (got.get(id) !== json) differing++;
  assert.equal(differing, 0, 'documents missing or different in the sink');
}

async function count(c: Container): Promise<number> {
  const { resources } = await c.items.query('SELECT VALUE COUNT(1) FROM c').fetchAll();
  return Number(resources[0]);
}

function progressOf(e: RunEvent): number | undefined {
  return e.type === 'activityProgress' ? Number(e.progress.rowsCopied ?? 0) : undefined;
}

describe('crash mid-copy (100,000 documents)', { timeout: 600_000 }, () => {
  before(async () => {
    source = await startCosmosServer();
    sink = await startCosmosServer();
    sourceClient = clientFor(source);
    sinkClient = clientFor(sink);
    const src = await container(sourceClient, 'orders');
    const docs = orders(N);
    await bulkCreate(src, docs);
    expected = new Map(docs.map((d) => [String(d.id), JSON.stringify(d)]));
    assert.equal(await count(src), N);
    factoryDir = mkdtempSync(path.join(os.tmpdir(), 'adfw-crash-'));
    writeCrashFactory(factoryDir);
    factory = await loadFactory(factoryDir);
    connections = crashConnections(source.endpoint, sink.endpoint, source.key);
  });
  after(async () => {
    sourceClient?.dispose();
    sinkClient?.dispose();
    await source?.stop();
    await sink?.stop();
  });

  it('sink server dies: the run fails with a clear error, the store is intact, a rerun with upsert is exact', async () => {
    await container(sinkClient, 'archive1');
    const store = new RunStore(mkdtempSync(path.join(os.tmpdir(), 'adfw-store-')));
    const services = createDataServices({ localCosmos: 'never', retry: { maxRetries: 4, maxDelayMs: 300 } });
    let killed = false;
    const run = await runPipeline({
      factory,
      pipelineName: 'Archive_insert',
      parameters: { sinkContainer: 'archive1' },
      connections,
      store,
      dataServices: services,
      onEvent: (e) => {
        const copied = progressOf(e);
        if (!killed && copied !== undefined && copied >= 30_000) {
          killed = true;
          void sink.pause();
        }
      },
    });
    await services.dispose();
    assert.ok(killed, 'the sink went down during the copy');
    assert.equal(run.pipelineRun.status, 'Failed');
    const act = run.activityRuns.find((a) => a.activityType === 'Copy')!;
    assert.equal(act.status, 'Failed');
    assert.match(act.error!.message, /Failure happened on 'Sink' side/);
    assert.match(act.error!.message, /failed after 5 attempts \(the retry budget\): the connection kept failing/);
    const copiedBefore = (act.output as Record<string, any>)?.rowsCopied ?? (act.error as any)?.details?.rowsCopied;
    void copiedBefore;
    const stored = await store.get(run.pipelineRun.runId);
    assert.equal(stored?.pipelineRun.status, 'Failed');
    assert.ok((await store.query({})).some((r) => r.runId === run.pipelineRun.runId));

    await sink.restart();
    const partial = await count(await container(sinkClient, 'archive1'));
    assert.ok(partial >= 30_000 && partial < N, `partial copy (${partial})`);
    const services2 = createDataServices({ localCosmos: 'never' });
    const rerun = await runPipeline({ factory, pipelineName: 'Archive_upsert', parameters: { sinkContainer: 'archive1' }, connections, store, dataServices: services2 });
    await services2.dispose();
    assert.equal(rerun.pipelineRun.status, 'Succeeded', JSON.stringify(rerun.activityRuns.map((a) => a.error)));
    await assertExactCopy('archive1');
  });

  it('sink server restarts mid-way: retries carry the insert through without duplicates or losses', async () => {
    await container(sinkClient, 'archive2');
    const services = createDataServices({ localCosmos: 'never', retry: { maxRetries: 12, maxDelayMs: 1000 } });
    let bounced = false;
    const run = await runPipeline({
      factory,
      pipelineName: 'Archive_insert',
      parameters: { sinkContainer: 'archive2' },
      connections,
      dataServices: services,
      onEvent: (e) => {
        const copied = progressOf(e);
        if (!bounced && copied !== undefined && copied >= 30_000) {
          bounced = true;
          void sink.pause().then(() => new Promise((r) => setTimeout(r, 1500))).then(() => sink.restart());
        }
      },
    });
    await services.dispose();
    assert.ok(bounced);
    const act = run.activityRuns.find((a) => a.activityType === 'Copy')!;
    assert.equal(run.pipelineRun.status, 'Succeeded', act.error?.message);
    const out = act.output as Record<string, any>;
    assert.equal(out.rowsRead, N);
    assert.equal(out.rowsCopied, N);
    assert.ok(out.executionDetails[0].profile.transfer.details.writingToSink.retries >= 1, 'the restart cost retries');
    await assertExactCopy('archive2');
  });

  it('copying process killed: the store stays readable and a rerun with upsert is exact', async () => {
    const sinkContainer = await container(sinkClient, 'archive3');
    const storeDir = mkdtempSync(path.join(os.tmpdir(), 'adfw-store-'));
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'copyProcess.ts'), factoryDir, storeDir, 'Archive_insert', JSON.stringify(connections), JSON.stringify({ sinkContainer: 'archive3' })], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((r) => child.once('exit', (code, signal) => r(signal ? -1 : code)));
    let partial = 0;
    for (;;) {
      await new Promise((r) => setTimeout(r, 200));
      partial = await count(sinkContainer);
      if (partial >= 20_000 || child.exitCode !== null) break;
    }
    assert.equal(child.exitCode, null, `the copy was still running (${stderr})`);
    child.kill('SIGKILL');
    assert.equal(await exited, -1);
    assert.ok(partial < N);
    // The store is intact: every record parses and queries work.
    for (const f of readdirSync(storeDir).filter((f) => f.endsWith('.json'))) JSON.parse(readFileSync(path.join(storeDir, f), 'utf8'));
    const store = new RunStore(storeDir);
    await store.query({});
    const services = createDataServices({ localCosmos: 'never' });
    const rerun = await runPipeline({ factory, pipelineName: 'Archive_upsert', parameters: { sinkContainer: 'archive3' }, connections, store, dataServices: services });
    await services.dispose();
    assert.equal(rerun.pipelineRun.status, 'Succeeded');
    assert.equal((await store.get(rerun.pipelineRun.runId))?.pipelineRun.status, 'Succeeded');
    await assertExactCopy('archive3');
  });
});
