/**
 * The Fabric client against the emulator over HTTPS: lists through continuation tokens, retries on 429 with
 * Retry-After, no retry of a run request answered 5xx, long-running operations, runs with parameters polled to
 * the end, cancel, activity runs, and the publish round trip (publish, then getDefinition equals the local files).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startFabricEmulator, type FabricEmulator } from '../../../src/engine/fabricEmulator';
import * as fabric from '../../../src/engine/fabricRemote';
import { StaticTokenCredential } from '../../../src/engine/remote';
import { FABRIC_FIXTURE, FABRIC_TOKEN, fixtureParts } from '../../helpers/fabric';

const RETRY = { maxRetries: 3, maxDelayMs: 20, baseDelayMs: 5 };

describe('Fabric client against the emulator', () => {
  let em: FabricEmulator;
  let client: fabric.FabricClient;
  let ws: fabric.FabricWorkspace;
  before(async () => {
    em = await startFabricEmulator({ token: FABRIC_TOKEN, pageSize: 2, operationMs: 100, retryAfterSeconds: 2, workspaces: ['Sales', 'Finance', 'Ops'] });
    client = new fabric.FabricClient({ credential: new StaticTokenCredential(FABRIC_TOKEN), endpoint: em.url, ca: em.ca, retry: RETRY, maxPollDelayMs: 20 });
  });
  after(async () => {
    client.close();
    await em.stop();
  });

  it('lists every workspace across pages and resolves one by name or id', async () => {
    const all = await fabric.listWorkspaces(client);
    assert.deepEqual(all.map((w) => w.displayName).sort(), ['Finance', 'Ops', 'Sales']);
    ws = await fabric.resolveWorkspace(client, 'sales');
    assert.equal((await fabric.resolveWorkspace(client, ws.id)).displayName, 'Sales');
    await assert.rejects(fabric.resolveWorkspace(client, 'Nope'), (e: fabric.FabricError) => e.kind === 'NotFound' && /Workspaces: .*Sales/.test(e.message));
  });

  it('retries 429 honouring Retry-After, and reports 401 clearly', async () => {
    em.injectFault({ status: 429, count: 2, retryAfterSeconds: 1, pathContains: '/v1/workspaces' });
    const before = client.counter.throttled;
    assert.equal((await fabric.listWorkspaces(client)).length, 3);
    assert.equal(client.counter.throttled - before, 2);
    const bad = new fabric.FabricClient({ credential: new StaticTokenCredential('wrong'), endpoint: em.url, ca: em.ca, retry: RETRY });
    await assert.rejects(fabric.listWorkspaces(bad), (e: fabric.FabricError) => e.kind === 'Unauthorized' && e.statusCode === 401 && e.errorCode === 'TokenExpired' && /--token-env/.test(e.message));
    bad.close();
  });

  it('refuses to follow a URL on another origin, and a custom certificate for a non-loopback endpoint', async () => {
    await assert.rejects(client.request('GET', 'https://example.com/v1/workspaces', undefined, 'List'), (e: fabric.FabricError) => e.kind === 'ForeignHost');
    assert.throws(() => new fabric.FabricClient({ credential: new StaticTokenCredential('t'), endpoint: 'https://api.fabric.microsoft.com', ca: em.ca }), /only trusted for loopback/);
    assert.throws(() => new fabric.FabricClient({ credential: new StaticTokenCredential('t'), endpoint: 'http://127.0.0.1:1' }), /only sent over HTTPS/);
  });

  it('publishes a workspace folder: creates the items, getDefinition returns the local files, a second publish changes nothing', async () => {
    const { items, problems } = await fabric.readLocalPipelines(FABRIC_FIXTURE);
    assert.deepEqual(problems, []);
    assert.deepEqual(items.map((i) => i.name), ['Fails', 'Hello', 'Slow']);
    const plan = await fabric.publishPipelines(client, ws, items, { dryRun: true });
    assert.deepEqual(plan.map((c) => [c.name, c.action, c.status]), [['Fails', 'create', 'planned'], ['Hello', 'create', 'planned'], ['Slow', 'create', 'planned']]);
    assert.equal((await fabric.listPipelines(client, ws.id)).length, 0, 'a dry run writes nothing');
    const done = await fabric.publishPipelines(client, ws, items);
    assert.deepEqual(done.map((c) => c.status), ['created', 'created', 'created']);
    assert.ok(client.askedWaitsMs.includes(2000), 'the operation polls honoured Retry-After: 2');
    for (const c of done) {
      const parts = await fabric.getDefinition(client, ws.id, c.itemId!);
      assert.deepEqual(parts.sort((a, b) => a.path.localeCompare(b.path)), fixtureParts(c.name), `${c.name}: the definition equals the local files`);
    }
    const again = await fabric.publishPipelines(client, ws, items);
    assert.deepEqual(again.map((c) => c.status), ['unchanged', 'unchanged', 'unchanged']);
  });

  it('publishes a changed pipeline as an update, and reports a broken file with its position', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'adfw-fabric-pub-'));
    try {
      cpSync(FABRIC_FIXTURE, dir, { recursive: true });
      const file = path.join(dir, 'Slow.DataPipeline', 'pipeline-content.json');
      writeFileSync(file, readFileSync(file, 'utf8').replace('"waitTimeInSeconds": 30', '"waitTimeInSeconds": 31'));
      const { items } = await fabric.readLocalPipelines(dir);
      const changes = await fabric.publishPipelines(client, ws, items);
      assert.deepEqual(changes.map((c) => [c.name, c.action, c.status]), [['Fails', 'unchanged', 'unchanged'], ['Hello', 'unchanged', 'unchanged'], ['Slow', 'update', 'updated']]);
      const slow = changes.find((c) => c.name === 'Slow')!;
      const parts = await fabric.getDefinition(client, ws.id, slow.itemId!);
      assert.equal(Buffer.from(parts.find((p) => p.path === 'pipeline-content.json')!.payload, 'base64').toString('utf8'), readFileSync(file, 'utf8'));
      writeFileSync(file, '{\n  "properties": {\n    "activities": [,]\n  }\n}\n');
      const broken = await fabric.readLocalPipelines(dir);
      assert.equal(broken.items.length, 2);
      assert.equal(broken.problems.length, 1);
      assert.equal(broken.problems[0].file, file);
      assert.equal(broken.problems[0].line, 3);
      assert.match(broken.problems[0].message, /Invalid JSON/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      // Put the fixture's Slow back for the run tests.
      const { items } = await fabric.readLocalPipelines(FABRIC_FIXTURE);
      await fabric.publishPipelines(client, ws, items);
    }
  });

  it('runs a pipeline with parameters, polls it to the end and reads its activity runs', async () => {
    const item = await fabric.resolvePipeline(client, ws, 'hello');
    const started = await fabric.runPipeline(client, ws.id, item.id, { greeting: 'hi', times: 2 });
    assert.equal(started.headers['retry-after'], '2');
    const polls: string[] = [];
    const job = await fabric.waitForJob(client, ws.id, item.id, started.jobInstanceId, started.headers, (j) => polls.push(j.status));
    assert.equal(job.status, 'Completed');
    const run = fabric.jobToPipelineRun(job, item.displayName, { greeting: 'hi', times: 2 }, ws.id);
    assert.equal(run.status, 'Succeeded');
    assert.equal(run.runId, started.jobInstanceId);
    assert.deepEqual(run.parameters, { greeting: 'hi', times: '2' });
    assert.ok(run.runStart!.endsWith('Z') && run.runEnd!.endsWith('Z'));
    assert.equal(run.durationInMs, Date.parse(run.runEnd!) - Date.parse(run.runStart!));
    const acts = await fabric.queryActivityRuns(client, ws.id, job.id, run.runStart);
    assert.deepEqual(acts.map((a) => [a.activityName, a.status, a.error]), [['Greet', 'Succeeded', null], ['Report', 'Succeeded', null]]);
    assert.deepEqual(acts[0].output, { name: 'message', value: 'hi, 2' });
    await assert.rejects(fabric.resolvePipeline(client, ws, 'Nope'), /Pipelines: Fails, Hello, Slow/);
  });

  it('does not retry a run request answered 503 (no second run), and maps a failed job', async () => {
    const item = await fabric.resolvePipeline(client, ws, 'Fails');
    const before = (await fabric.listJobInstances(client, ws.id, item.id)).length;
    em.injectFault({ status: 503, count: 1, pathContains: '/jobs/instances', method: 'POST' });
    await assert.rejects(fabric.runPipeline(client, ws.id, item.id, {}), (e: fabric.FabricError) => e.kind === 'ServerError' && e.statusCode === 503);
    assert.equal((await fabric.listJobInstances(client, ws.id, item.id)).length, before);
    const started = await fabric.runPipeline(client, ws.id, item.id, { reason: 'x' });
    const job = await fabric.waitForJob(client, ws.id, item.id, started.jobInstanceId, started.headers);
    const run = fabric.jobToPipelineRun(job, item.displayName, {}, ws.id);
    assert.equal(run.status, 'Failed');
    assert.match(run.message, /bad input: x/);
    const acts = await fabric.queryActivityRuns(client, ws.id, job.id);
    assert.equal(acts[0].error?.errorCode, '4711');
  });

  it('finds a run by id in the workspace and cancels it', async () => {
    const item = await fabric.resolvePipeline(client, ws, 'Slow');
    const started = await fabric.runPipeline(client, ws.id, item.id, {});
    const found = await fabric.findJob(client, ws, started.jobInstanceId);
    assert.equal(found.item.id, item.id);
    await fabric.cancelJob(client, ws.id, item.id, started.jobInstanceId);
    const job = await fabric.waitForJob(client, ws.id, item.id, started.jobInstanceId, {});
    assert.equal(fabric.jobToPipelineRun(job, 'Slow', {}, ws.id).status, 'Cancelled');
    await assert.rejects(fabric.findJob(client, ws, 'not-a-guid'), /not a run id/);
    await assert.rejects(fabric.findJob(client, ws, '00000000-0000-0000-0000-000000000000'), (e: fabric.FabricError) => e.kind === 'NotFound');
  });
});
