/**
 * A real `adfw run` killed in the middle of a Cosmos DB copy (SIGKILL to its whole process group): the next
 * `adfw runs list --json` reports the run Failed as interrupted, `runs show` its copy activity Failed, and
 * `adfw run --rerun <id> --from-failed` (upsert sink) finishes the job, reusing the activity that had succeeded,
 * and leaves exactly the source documents in the sink.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { CosmosClient, type Container } from '@azure/cosmos';
import { bulkCreate, startCosmosServer, type CosmosServerHandle } from '../../helpers/servers';
import { adfw, CLI, ensureBuilt, ROOT } from '../../helpers/cli';
import { orders } from '../copy/helpers';
import { crashConnections } from '../copy/crashFactory';
import { RunStore, defaultStoreDir, type RunResult } from '../../../src/engine/run';

const N = 40_000;
const INTERRUPTED = /^The run was interrupted: the process running it ended before it finished \(last seen \d{4}-\d\d-\d\dT[\d:.]+Z\)$/;

let server: CosmosServerHandle;
let client: CosmosClient;
let factoryDir: string;
let connectionsFile: string;

async function container(id: string): Promise<Container> {
  const { database } = await client.databases.createIfNotExists({ id: 'retail' });
  const { container } = await database.containers.createIfNotExists({ id, partitionKey: { paths: ['/customerId'] } });
  return container;
}

async function count(c: Container): Promise<number> {
  const { resources } = await c.items.query('SELECT VALUE COUNT(1) FROM c').fetchAll();
  return Number(resources[0]);
}

async function ids(c: Container): Promise<string[]> {
  const out: string[] = [];
  const it = c.items.query<{ id: string }>('SELECT c.id FROM c', { maxItemCount: 20_000 });
  while (it.hasMoreResults()) out.push(...(await it.fetchNext()).resources.map((d) => d.id));
  return out.sort();
}

function writeFactory(root: string): void {
  const write = (kind: string, name: string, properties: Record<string, unknown>) => {
    mkdirSync(path.join(root, kind), { recursive: true });
    writeFileSync(path.join(root, kind, `${name}.json`), JSON.stringify({ name, properties }, null, 2));
  };
  for (const ls of ['SourceCosmos', 'SinkCosmos']) write('linkedService', ls, { type: 'CosmosDb', typeProperties: { connectionString: 'AccountEndpoint=https://cosmos.invalid:443/;AccountKey=a2V5;Database=retail' } });
  write('dataset', 'Orders', { type: 'CosmosDbSqlApiCollection', linkedServiceName: { referenceName: 'SourceCosmos', type: 'LinkedServiceReference' }, typeProperties: { collectionName: 'orders' } });
  write('dataset', 'Archive', { type: 'CosmosDbSqlApiCollection', linkedServiceName: { referenceName: 'SinkCosmos', type: 'LinkedServiceReference' }, typeProperties: { collectionName: 'archive' } });
  write('pipeline', 'Archive_resumable', {
    variables: { stage: { type: 'String' } },
    activities: [
      { name: 'Prepare', type: 'SetVariable', typeProperties: { variableName: 'stage', value: 'prepared' } },
      {
        name: 'Archive orders',
        type: 'Copy',
        dependsOn: [{ activity: 'Prepare', dependencyConditions: ['Succeeded'] }],
        typeProperties: { source: { type: 'CosmosDbSqlApiSource' }, sink: { type: 'CosmosDbSqlApiSink', writeBehavior: 'upsert' } },
        inputs: [{ referenceName: 'Orders', type: 'DatasetReference' }],
        outputs: [{ referenceName: 'Archive', type: 'DatasetReference' }],
      },
      { name: 'Done', type: 'SetVariable', dependsOn: [{ activity: 'Archive orders', dependencyConditions: ['Succeeded'] }], typeProperties: { variableName: 'stage', value: 'archived' } },
    ],
  });
}

describe('adfw run killed mid-copy', { timeout: 600_000 }, () => {
  before(async () => {
    ensureBuilt();
    server = await startCosmosServer();
    client = new CosmosClient({ endpoint: server.endpoint, key: server.key, agent: new https.Agent({ rejectUnauthorized: false, keepAlive: true }), connectionPolicy: { enableEndpointDiscovery: false } });
    const src = await container('orders');
    const docs = orders(N);
    await bulkCreate(src, docs);
    assert.equal(await count(src), N);
    await container('archive');
    factoryDir = mkdtempSync(path.join(os.tmpdir(), 'adfw-interrupted-'));
    writeFactory(factoryDir);
    connectionsFile = path.join(factoryDir, 'connections.json');
    writeFileSync(connectionsFile, JSON.stringify(crashConnections(server.endpoint, server.endpoint, server.key)));
  });
  after(async () => {
    client?.dispose();
    await server?.stop();
    if (factoryDir) rmSync(factoryDir, { recursive: true, force: true });
  });

  it('shows the run interrupted at once, and --rerun --from-failed completes it exactly', async (t) => {
    const sink = await container('archive');
    const child = spawn(process.execPath, [CLI, 'run', factoryDir, 'Archive_resumable', '--connections', connectionsFile], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const exited = new Promise<string | null>((r) => child.once('exit', (_code, signal) => r(signal)));
    const storeDir = defaultStoreDir(factoryDir);
    // Wait until the copy is under way: its activity is in the store as running and documents reach the sink.
    let live: RunResult | undefined;
    let copied = 0;
    for (;;) {
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(child.exitCode, null, `the run ended before it could be killed:\n${output}`);
      const file = (() => {
        try {
          return readdirSync(storeDir).find((f) => f.endsWith('.json'));
        } catch {
          return undefined;
        }
      })();
      live = file ? await new RunStore(storeDir).get(file.slice(0, -5)) : undefined;
      const copying = live?.activityRuns.find((a) => a.activityName === 'Archive orders' && a.status === 'InProgress');
      copied = copying ? await count(sink) : 0;
      // The stored record follows the copy's progress too.
      if (copying && copied >= 2_000 && Number((copying.output as Record<string, unknown> | null)?.rowsCopied) > 0) break;
    }
    assert.equal(live!.pipelineRun.status, 'InProgress');
    assert.equal(live!.pipelineRun['adfw:owner']?.pid, child.pid, 'the record names the process running it');
    process.kill(-child.pid!, 'SIGKILL');
    const killedAt = Date.now();
    assert.equal(await exited, 'SIGKILL');
    const runId = live!.pipelineRun.runId;

    // The very next look at the store tells the truth (same host: no waiting for heartbeats).
    const list = await adfw(['runs', 'list', factoryDir, '--json']);
    assert.equal(list.code, 0, list.stderr);
    t.diagnostic(`runs list answered ${Date.now() - killedAt} ms after the kill; ${copied} documents had been copied`);
    const listed = (JSON.parse(list.stdout).value as RunResult['pipelineRun'][]).find((r) => r.runId === runId)!;
    assert.equal(listed.status, 'Failed');
    assert.match(listed.message, INTERRUPTED);
    const show = await adfw(['runs', 'show', factoryDir, runId, '--json']);
    assert.equal(show.code, 0, show.stderr);
    const shown = JSON.parse(show.stdout) as RunResult;
    const copy = shown.activityRuns.find((a) => a.activityName === 'Archive orders')!;
    assert.equal(copy.status, 'Failed');
    assert.match(copy.error!.message, INTERRUPTED);
    const lastFigures = copy.output as Record<string, number>;
    assert.ok(lastFigures.rowsCopied > 0 && lastFigures.rowsCopied < N, `the copy's last stored progress (${JSON.stringify(lastFigures)})`);
    assert.equal(shown.activityRuns.find((a) => a.activityName === 'Prepare')!.status, 'Succeeded');
    assert.ok(!shown.activityRuns.some((a) => a.activityName === 'Done'), 'Done never started');
    assert.ok((shown.pipelineRun.durationInMs ?? -1) >= 0);
    const partial = await count(sink);
    assert.ok(partial >= copied && partial < N, `the kill left a partial copy (${partial} of ${N})`);

    const rerun = await adfw(['run', factoryDir, 'Archive_resumable', '--rerun', runId, '--from-failed', '--connections', connectionsFile, '--json'], { timeoutMs: 300_000 });
    assert.equal(rerun.code, 0, `${rerun.stderr}\n${rerun.stdout.slice(0, 2000)}`);
    const result = JSON.parse(rerun.stdout) as RunResult;
    assert.equal(result.pipelineRun.status, 'Succeeded');
    assert.equal(result.pipelineRun['adfw:rerunOf'], runId);
    const prepare = result.activityRuns.find((a) => a.activityName === 'Prepare')!;
    assert.equal(prepare.activityRunId, shown.activityRuns.find((a) => a.activityName === 'Prepare')!.activityRunId, 'Prepare was reused, not run again');
    const again = result.activityRuns.find((a) => a.activityName === 'Archive orders')!;
    assert.equal(again.status, 'Succeeded');
    assert.equal((again.output as Record<string, unknown>).rowsCopied, N);
    assert.equal(result.pipelineRun['adfw:variables']?.stage, 'archived');

    // Exactly the source's documents: count and ids.
    assert.equal(await count(sink), N);
    const want = orders(N).map((d) => String(d.id)).sort();
    assert.deepEqual(await ids(sink), want);
    // The interrupted run is no longer the latest of its group.
    const after = await adfw(['runs', 'show', factoryDir, runId, '--json']);
    assert.equal((JSON.parse(after.stdout) as RunResult).pipelineRun.isLatest, false);
  });
});
