/**
 * The Fabric REST emulator's routes in the shapes of the Fabric REST API documentation: workspaces and items with
 * continuation tokens, 401 without a bearer token, 429 with Retry-After, the long-running operation flow (202 +
 * Location + Retry-After + x-ms-operation-id, operation state, result), job instances (run on demand, get, cancel)
 * and queryactivityruns, runs executed on the local engine.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startFabricEmulator, type FabricEmulator } from '../../../src/engine/fabricEmulator';
import { FABRIC_TOKEN, fabricRequest as req, fixtureParts, settleOperation } from '../../helpers/fabric';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function waitJob(em: FabricEmulator, location: string): Promise<any> {
  for (let i = 0; i < 500; i++) {
    const r = await req(em, 'GET', location);
    if (!['NotStarted', 'InProgress'].includes(r.body.status)) return r.body;
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error('job did not end');
}

describe('Fabric REST emulator', () => {
  let em: FabricEmulator;
  let ws: string;
  before(async () => {
    em = await startFabricEmulator({ token: FABRIC_TOKEN, pageSize: 2, operationMs: 150, retryAfterSeconds: 2, workspaces: ['Sales', 'Finance', 'Ops'] });
    ws = [...em.state.workspaces.values()].find((w) => w.displayName === 'Sales')!.id;
  });
  after(() => em.stop());

  it('answers 401 in the Fabric error shape without a bearer token, and with a wrong one', async () => {
    const none = await req(em, 'GET', '/v1/workspaces', undefined, null);
    assert.equal(none.status, 401);
    assert.deepEqual(Object.keys(none.body).sort(), ['errorCode', 'message', 'requestId']);
    assert.equal(none.body.errorCode, 'Unauthorized');
    assert.equal(none.headers.requestid, none.body.requestId);
    const wrong = await req(em, 'GET', '/v1/workspaces', undefined, 'nope');
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.errorCode, 'TokenExpired');
  });

  it('pages workspaces with continuationToken and continuationUri', async () => {
    const first = await req(em, 'GET', '/v1/workspaces');
    assert.equal(first.status, 200);
    assert.equal(first.body.value.length, 2);
    assert.deepEqual(first.body.value.map((w: any) => w.displayName), ['Finance', 'Ops']);
    for (const w of first.body.value) {
      assert.match(w.id, GUID);
      assert.equal(w.type, 'Workspace');
      assert.equal(typeof w.description, 'string');
    }
    assert.equal(typeof first.body.continuationToken, 'string');
    assert.equal(first.body.continuationUri, `${em.url}/v1/workspaces?continuationToken=${first.body.continuationToken}`);
    const second = await req(em, 'GET', first.body.continuationUri);
    assert.deepEqual(second.body.value.map((w: any) => w.displayName), ['Sales']);
    assert.equal(second.body.continuationToken, undefined);
    const bad = await req(em, 'GET', '/v1/workspaces?continuationToken=zzz');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.errorCode, 'InvalidContinuationToken');
  });

  it('throttles with 429, Retry-After and errorCode RequestBlocked', async () => {
    em.injectFault({ status: 429, retryAfterSeconds: 7, pathContains: '/v1/workspaces' });
    const r = await req(em, 'GET', '/v1/workspaces');
    assert.equal(r.status, 429);
    assert.equal(r.headers['retry-after'], '7');
    assert.equal(r.body.errorCode, 'RequestBlocked');
    assert.match(r.body.message, /blocked by the upstream service until/);
    assert.equal((await req(em, 'GET', '/v1/workspaces')).status, 200);
  });

  let helloId = '';
  it('creates an item with a definition through a long-running operation (202, Location, Retry-After, x-ms-operation-id, state, result)', async () => {
    const r = await req(em, 'POST', `/v1/workspaces/${ws}/items`, { displayName: 'Hello', type: 'DataPipeline', description: 'Greets', definition: { parts: fixtureParts('Hello') } });
    assert.equal(r.status, 202);
    assert.equal(r.body, undefined);
    const opId = r.headers['x-ms-operation-id'] as string;
    assert.match(opId, GUID);
    assert.equal(r.headers.location, `${em.url}/v1/operations/${opId}`);
    assert.equal(r.headers['retry-after'], '2');
    const running = await req(em, 'GET', r.headers.location as string);
    assert.equal(running.status, 200);
    assert.equal(running.body.status, 'Running');
    assert.equal(running.headers['retry-after'], '2');
    assert.ok(running.body.createdTimeUtc && running.body.lastUpdatedTimeUtc && typeof running.body.percentComplete === 'number');
    const early = await req(em, 'GET', `/v1/operations/${opId}/result`);
    assert.equal(early.status, 400);
    const done = await settleOperation(em, r.headers.location as string);
    assert.equal(done.body.status, 'Succeeded');
    assert.equal(done.body.percentComplete, 100);
    assert.equal(done.headers.location, `${em.url}/v1/operations/${opId}/result`);
    const result = await req(em, 'GET', done.headers.location as string);
    assert.equal(result.status, 200);
    assert.deepEqual(Object.keys(result.body).sort(), ['description', 'displayName', 'id', 'type', 'workspaceId']);
    assert.equal(result.body.type, 'DataPipeline');
    assert.equal(result.body.workspaceId, ws);
    helloId = result.body.id;
    const dup = await req(em, 'POST', `/v1/workspaces/${ws}/items`, { displayName: 'hello', type: 'DataPipeline' });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.errorCode, 'ItemDisplayNameAlreadyInUse');
  });

  it('rejects definition parts that are not InlineBase64 or lack pipeline-content.json', async () => {
    const notB64 = await req(em, 'POST', `/v1/workspaces/${ws}/items`, { displayName: 'X', type: 'DataPipeline', definition: { parts: [{ path: 'pipeline-content.json', payload: '{}', payloadType: 'Inline' }] } });
    assert.equal(notB64.status, 400);
    assert.equal(notB64.body.errorCode, 'InvalidDefinitionParts');
    const missing = await req(em, 'POST', `/v1/workspaces/${ws}/items/${helloId}/updateDefinition`, { definition: { parts: [{ path: '.platform', payload: Buffer.from('{}').toString('base64'), payloadType: 'InlineBase64' }] } });
    assert.equal(missing.status, 400);
    assert.match(missing.body.message, /pipeline-content\.json/);
  });

  it('lists items filtered by type with pagination, and gets and updates definitions', async () => {
    for (const name of ['Fails', 'Slow']) {
      const r = await req(em, 'POST', `/v1/workspaces/${ws}/items`, { displayName: name, type: 'DataPipeline', definition: { parts: fixtureParts(name) } });
      assert.equal((await settleOperation(em, r.headers.location as string)).body.status, 'Succeeded');
    }
    await req(em, 'POST', `/v1/workspaces/${ws}/items`, { displayName: 'Lake', type: 'Lakehouse' });
    const p1 = await req(em, 'GET', `/v1/workspaces/${ws}/items?type=DataPipeline`);
    assert.deepEqual(p1.body.value.map((i: any) => i.displayName), ['Fails', 'Hello']);
    assert.ok(p1.body.continuationUri.includes('type=DataPipeline'));
    const p2 = await req(em, 'GET', p1.body.continuationUri);
    assert.deepEqual(p2.body.value.map((i: any) => i.displayName), ['Slow']);

    const get = await req(em, 'POST', `/v1/workspaces/${ws}/items/${helloId}/getDefinition`);
    assert.equal(get.status, 202);
    const state = await settleOperation(em, get.headers.location as string);
    const def = await req(em, 'GET', state.headers.location as string);
    assert.deepEqual(def.body, { definition: { parts: fixtureParts('Hello') } });

    const content = Buffer.from(JSON.stringify({ properties: { activities: [] } })).toString('base64');
    const platform = Buffer.from(JSON.stringify({ metadata: { type: 'DataPipeline', displayName: 'Hello2', description: 'renamed' } })).toString('base64');
    const up = await req(em, 'POST', `/v1/workspaces/${ws}/items/${helloId}/updateDefinition?updateMetadata=true`, { definition: { parts: [{ path: 'pipeline-content.json', payload: content, payloadType: 'InlineBase64' }, { path: '.platform', payload: platform, payloadType: 'InlineBase64' }] } });
    assert.equal(up.status, 202);
    const upDone = await settleOperation(em, up.headers.location as string);
    assert.equal(upDone.body.status, 'Succeeded');
    assert.equal(upDone.headers.location, undefined, 'updateDefinition has no result');
    const item = await req(em, 'GET', `/v1/workspaces/${ws}/items/${helloId}`);
    assert.equal(item.body.displayName, 'Hello2');
    assert.equal(item.body.description, 'renamed');
    // Put the fixture back for the run tests.
    const back = await req(em, 'POST', `/v1/workspaces/${ws}/items/${helloId}/updateDefinition?updateMetadata=true`, { definition: { parts: fixtureParts('Hello') } });
    await settleOperation(em, back.headers.location as string);
    assert.equal((await req(em, 'GET', `/v1/workspaces/${ws}/items/${helloId}`)).body.displayName, 'Hello');
  });

  it('runs a pipeline job on demand on the local engine, and serves its activity runs', async () => {
    const bad = await req(em, 'POST', `/v1/workspaces/${ws}/items/${helloId}/jobs/instances?jobType=Notebook`);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.errorCode, 'InvalidJobType');
    const r = await req(em, 'POST', `/v1/workspaces/${ws}/items/${helloId}/jobs/instances?jobType=Pipeline`, { executionData: { parameters: { greeting: 'hej', times: 3 } } });
    assert.equal(r.status, 202);
    assert.equal(r.headers['retry-after'], '2');
    const location = r.headers.location as string;
    assert.match(location, new RegExp(`/v1/workspaces/${ws}/items/${helloId}/jobs/instances/[0-9a-f-]{36}$`));
    const job = await waitJob(em, location);
    assert.deepEqual(Object.keys(job).sort(), ['endTimeUtc', 'failureReason', 'id', 'invokeType', 'itemId', 'jobType', 'rootActivityId', 'startTimeUtc', 'status']);
    assert.equal(job.status, 'Completed');
    assert.equal(job.jobType, 'Pipeline');
    assert.equal(job.invokeType, 'Manual');
    assert.equal(job.failureReason, null);
    assert.match(job.startTimeUtc, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}$/);
    const runs = await req(em, 'POST', `/v1/workspaces/${ws}/datapipelines/pipelineruns/${job.id}/queryactivityruns`, {
      filters: [],
      orderBy: [{ orderBy: 'ActivityRunStart', order: 'ASC' }],
      lastUpdatedAfter: new Date(Date.now() - 3600_000).toISOString(),
      lastUpdatedBefore: new Date(Date.now() + 3600_000).toISOString(),
    });
    assert.equal(runs.status, 200);
    assert.deepEqual(runs.body.value.map((a: any) => [a.activityName, a.activityType, a.status]), [
      ['Greet', 'SetVariable', 'Succeeded'],
      ['Report', 'SetVariable', 'Succeeded'],
    ]);
    const greet = runs.body.value[0];
    assert.equal(greet.pipelineRunId, job.id);
    assert.deepEqual(greet.output, { name: 'message', value: 'hej, 3' });
    assert.deepEqual(greet.error, { errorCode: '', message: '', failureType: '', target: 'Greet' });
    const list = await req(em, 'GET', `/v1/workspaces/${ws}/items/${helloId}/jobs/instances`);
    assert.equal(list.body.value[0].id, job.id);
  });

  it('reports a failed pipeline in failureReason, read from a UTF-16 pipeline-content.json', async () => {
    const fails = [...em.state.items.values()].find((i) => i.displayName === 'Fails')!;
    const r = await req(em, 'POST', `/v1/workspaces/${ws}/items/${fails.id}/jobs/instances?jobType=Pipeline`, { executionData: { parameters: { reason: 'empty file' } } });
    const job = await waitJob(em, r.headers.location as string);
    assert.equal(job.status, 'Failed');
    assert.equal(job.failureReason.errorCode, '4711');
    assert.match(job.failureReason.message, /bad input: empty file/);
  });

  it('cancels a running job (202 with Location) and the job ends Cancelled', async () => {
    const slow = [...em.state.items.values()].find((i) => i.displayName === 'Slow')!;
    const r = await req(em, 'POST', `/v1/workspaces/${ws}/items/${slow.id}/jobs/instances?jobType=Pipeline`);
    const location = r.headers.location as string;
    for (let i = 0; i < 200 && (await req(em, 'GET', location)).body.status !== 'InProgress'; i++) await new Promise((res) => setTimeout(res, 10));
    const c = await req(em, 'POST', `${location}/cancel`);
    assert.equal(c.status, 202);
    assert.equal(c.headers.location, location);
    const job = await waitJob(em, location);
    assert.equal(job.status, 'Cancelled');
    const missing = await req(em, 'GET', location.replace(/[0-9a-f-]{36}$/, '00000000-0000-0000-0000-000000000000'));
    assert.equal(missing.status, 404);
    assert.equal(missing.body.errorCode, 'EntityNotFound');
  });

  it('keeps workspaces, items and jobs in the state folder across restarts', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'adfw-fabric-state-'));
    try {
      const a = await startFabricEmulator({ token: FABRIC_TOKEN, stateDir: dir, operationMs: 0, workspaces: ['Keep'] });
      const wsId = [...a.state.workspaces.values()][0].id;
      const r = await req(a, 'POST', `/v1/workspaces/${wsId}/items`, { displayName: 'Hello', type: 'DataPipeline', definition: { parts: fixtureParts('Hello') } });
      await settleOperation(a, r.headers.location as string);
      await a.stop();
      const b = await startFabricEmulator({ token: FABRIC_TOKEN, stateDir: dir, workspaces: ['Keep'] });
      try {
        assert.equal(b.state.workspaces.size, 1);
        const items = await req(b, 'GET', `/v1/workspaces/${wsId}/items`);
        assert.deepEqual(items.body.value.map((i: any) => i.displayName), ['Hello']);
      } finally {
        await b.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
