/**
 * Create Test from Azure Run (the monitor's action) and `adfw test record` share one engine path: the remote area's
 * runFetcher (a run and its activity runs through @azure/arm-datafactory) and testing's recordTestFile. Here that
 * path runs against the ARM emulator in-process: a pipeline calling a loopback service (and a child pipeline) runs in
 * the emulator, the run is recorded, and the recorded test passes locally with the service stopped.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import type * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadFactory } from '../../../src/engine/model';
import { publishFactory } from '../../../src/engine/publish';
import * as remote from '../../../src/engine/remote';
import { recordTestFile, recordedTestPath, RecordError, runTests } from '../../../src/engine/testing';
import type { Emulator } from '../../../src/engine/emulator';
import { emulator, session, createFactory, SUB, RG } from '../remote/setup';

const FIXTURE = path.join(__dirname, '..', '..', 'fixtures', 'record', 'rates');

describe('recording a test from an Azure run (ARM emulator)', () => {
  let em: Emulator;
  let s: remote.RemoteSession;
  let work = '';
  let runId = '';
  const ref = { subscriptionId: SUB, resourceGroup: RG, factory: 'recordmonitor' };

  before(async () => {
    em = await emulator();
    s = await session(em);
    await createFactory(s, ref.factory);
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-record-azure-'));
    await fs.cp(FIXTURE, path.join(work, 'rates'), { recursive: true });
    const published = await publishFactory(s, ref, await loadFactory(path.join(work, 'rates')));
    assert.equal(published.ok, true, JSON.stringify(published.changes.filter((c) => c.error)));
    const served: string[] = [];
    const server = http.createServer((req, res) => {
      served.push(`${req.method} ${req.url}`);
      res.setHeader('content-type', 'application/json');
      res.end(req.url?.startsWith('/rate') ? JSON.stringify({ currency: 'EUR', rate: 1.25 }) : JSON.stringify({ accepted: true }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    runId = await remote.createRun(s, ref, 'PricedOrders', { parameters: { baseUrl: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}` } });
    const done = await remote.waitForRun(s, ref, runId, { initialIntervalMs: 200, maxIntervalMs: 500 });
    assert.equal(done.pipelineRun.status, 'Succeeded', done.pipelineRun.message);
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    assert.deepEqual(served, ['GET /rate?currency=EUR', 'POST /notify']);
  });

  after(async () => {
    await em?.stop();
    if (work) await fs.rm(work, { recursive: true, force: true });
  });

  it('writes tests/<pipeline>-<run>.adftest.json from the run and its child run; the test passes locally without the service', async () => {
    const factory = await loadFactory(path.join(work, 'rates'));
    const r = await recordTestFile(remote.runFetcher(s, ref), runId, factory);
    assert.equal(r.path, path.join(work, 'rates', 'tests', `PricedOrders-${runId.slice(0, 8)}.adftest.json`));
    assert.equal(r.path, recordedTestPath(factory, r.run));
    assert.deepEqual(r.childRuns.map((c) => c.pipelineRun.pipelineName), ['NotifyShop']);
    const file = JSON.parse(await fs.readFile(r.path, 'utf8'));
    assert.deepEqual(file.tests[0].mocks.map((m: { activity: string }) => m.activity).sort(), ['GetRate', 'PostLabel']);
    assert.equal(file.tests[0].expect.status, 'Succeeded');
    const summary = await runTests([path.join(work, 'rates')], { keepRuns: false });
    assert.deepEqual([summary.passed, summary.failed, summary.errors], [1, 0, 0], JSON.stringify(summary.results.map((x) => x.failures)));

    // Never over an existing file; a factory without the run's pipeline is refused before anything is written.
    await assert.rejects(recordTestFile(remote.runFetcher(s, ref), runId, factory), (e: unknown) => e instanceof RecordError && e.reason === 'exists' && e.message.includes(r.path));
    const other = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-record-other-'));
    await fs.mkdir(path.join(other, 'pipeline'));
    await assert.rejects(recordTestFile(remote.runFetcher(s, ref), runId, await loadFactory(other)), (e: unknown) => e instanceof RecordError && e.reason === 'unknownPipeline' && /PricedOrders/.test(e.message));
    assert.deepEqual(await fs.readdir(other), ['pipeline']);
    await fs.rm(other, { recursive: true, force: true });
    // A run the factory in Azure does not have is the remote error the monitor shows.
    await assert.rejects(recordTestFile(remote.runFetcher(s, ref), '00000000-0000-0000-0000-000000000000', factory), (e: unknown) => e instanceof remote.RemoteError);
  });
});
