/**
 * The Fabric emulator runs jobs with the Fabric loader's mapping, through the project's Fabric client: the sample
 * workspace's items (DataPipelines and the Settings VariableLibrary) published to the emulator; InvokePipeline by
 * logicalId and by the emulator's item id, connections by id from the emulator's connections, library variables
 * (default values, or the emulator's value set); the child runs as job instances of the child item with their
 * activity runs; a missing child and an unmapped connection fail the job with the local engine's message.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startFabricEmulator, type FabricEmulator } from '../../../src/engine/fabricEmulator';
import * as fabric from '../../../src/engine/fabricRemote';
import { loadFabricWorkspace } from '../../../src/engine/fabric';
import { runPipeline } from '../../../src/engine/run';
import { FabricCodes } from '../../../src/engine/codes';
import { StaticTokenCredential } from '../../../src/engine/remote';
import { FABRIC_TOKEN } from '../../helpers/fabric';

const SAMPLE = path.join(__dirname, '..', '..', '..', 'samples', 'fabric-workspace');
const CONN = '9a3f6c2e-0b4d-4e8a-8c61-2f5d7e9b0c11';
const CONNECTIONS = { [CONN]: { type: 'FileServer', host: path.join(SAMPLE, 'data') } };
const CHILD_LOGICAL_ID = '5c0e2a51-7d1b-4a57-9f0e-1b6c1d8a0002';
const WORKSPACE = 'Samples';

/** Every file of an item folder as definition parts (paths with "/", bytes as on disk). */
function folderParts(dir: string, prefix = ''): fabric.DefinitionPart[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? folderParts(path.join(dir, e.name), `${prefix}${e.name}/`) : [{ path: `${prefix}${e.name}`, payload: readFileSync(path.join(dir, e.name)).toString('base64'), payloadType: 'InlineBase64' as const }]));
}

/** An activity run's output as the JSON it is. */
const out = (a: { output?: unknown } | undefined): any => a?.output;

const contentPart = (properties: unknown): fabric.DefinitionPart => ({ path: 'pipeline-content.json', payload: Buffer.from(JSON.stringify({ properties }), 'utf8').toString('base64'), payloadType: 'InlineBase64' });

const lookupSettings = (connection: string) => ({
  name: 'Read settings',
  type: 'Lookup',
  dependsOn: [],
  typeProperties: {
    source: { type: 'JsonSource', storeSettings: { type: 'FileServerReadSettings', recursive: false } },
    datasetSettings: { type: 'Json', typeProperties: { location: { type: 'FileServerLocation', fileName: 'settings.json' } }, schema: {}, externalReferences: { connection } },
    firstRowOnly: true,
  },
});

const invoke = (pipelineId: string, workspaceId: string) => ({
  name: 'Process',
  type: 'InvokePipeline',
  dependsOn: [{ activity: 'Read settings', dependencyConditions: ['Succeeded'] }],
  typeProperties: {
    operationType: 'InvokeFabricPipeline',
    pipelineId,
    workspaceId,
    waitOnCompletion: true,
    parameters: { region: { value: "@activity('Read settings').output.firstRow.mode", type: 'Expression' } },
  },
});

/** The same pipeline run locally from a workspace folder named as the emulator's workspace (the sample plus `extra`). */
async function localRun(pipelineName: string, extra: Record<string, unknown>): Promise<{ status: string; message: string; errorCode?: string }> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'adfw-fabric-emu-'));
  try {
    const root = path.join(tmp, WORKSPACE);
    cpSync(SAMPLE, root, { recursive: true });
    for (const [name, properties] of Object.entries(extra)) {
      mkdirSync(path.join(root, `${name}.DataPipeline`));
      writeFileSync(path.join(root, `${name}.DataPipeline`, 'pipeline-content.json'), JSON.stringify({ properties }));
    }
    const factory = await loadFabricWorkspace(root);
    const r = await runPipeline({ factory, pipelineName, connections: CONNECTIONS });
    const failed = r.activityRuns.find((a) => a.status === 'Failed' && a.error);
    return { status: r.pipelineRun.status, message: r.pipelineRun.message, errorCode: failed?.error?.errorCode };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

describe('Fabric emulator: jobs through the Fabric loader', () => {
  let em: FabricEmulator;
  let client: fabric.FabricClient;
  let ws: fabric.FabricWorkspace;
  let child: fabric.FabricItem;

  async function run(item: fabric.FabricItem, parameters: Record<string, unknown> = {}, c = client, w = ws): Promise<fabric.FabricJobInstance> {
    const started = await fabric.runPipeline(c, w.id, item.id, parameters);
    return fabric.waitForJob(c, w.id, item.id, started.jobInstanceId, started.headers);
  }

  async function publishSample(c: fabric.FabricClient, w: fabric.FabricWorkspace): Promise<void> {
    const { items, problems } = await fabric.readLocalPipelines(SAMPLE);
    assert.deepEqual(problems, []);
    const done = await fabric.publishPipelines(c, w, items);
    assert.deepEqual(done.map((x) => x.status), ['created', 'created', 'created']);
    await fabric.createItem(c, w.id, { displayName: 'Settings', type: 'VariableLibrary', parts: folderParts(path.join(SAMPLE, 'Settings.VariableLibrary')) });
  }

  before(async () => {
    em = await startFabricEmulator({ token: FABRIC_TOKEN, operationMs: 20, retryAfterSeconds: 1, workspaces: [WORKSPACE], connections: CONNECTIONS });
    client = new fabric.FabricClient({ credential: new StaticTokenCredential(FABRIC_TOKEN), endpoint: em.url, ca: em.ca, maxPollDelayMs: 20 });
    ws = await fabric.resolveWorkspace(client, WORKSPACE);
    await publishSample(client, ws);
    child = await fabric.resolvePipeline(client, ws, 'Process region');
  });
  after(async () => {
    client.close();
    await em.stop();
  });

  it('runs the sample Orchestrate: connection by id, InvokePipeline by logicalId, library defaults; children are job instances of the child item', async () => {
    const orchestrate = await fabric.resolvePipeline(client, ws, 'Orchestrate');
    const job = await run(orchestrate);
    // The Fabric-only activity fails as it does locally; everything before it ran in the emulator.
    assert.equal(job.status, 'Failed');
    const local = await localRun('Orchestrate', {});
    assert.equal(local.status, 'Failed');
    assert.equal(job.failureReason?.message, local.message);
    assert.match(local.message, /a Microsoft Fabric activity/);
    const acts = await fabric.queryActivityRuns(client, ws.id, job.id);
    const byName = (n: string) => acts.filter((a) => a.activityName === n);
    assert.deepEqual(out(byName('Read settings')[0])?.firstRow, { mode: 'daily' });
    const invokes = byName('Process');
    assert.equal(invokes.length, 2);
    assert.ok(invokes.every((a) => a.status === 'Succeeded' && a.pipelineRunId === job.id));
    assert.deepEqual(invokes.map((a) => out(a)?.pipelineReturnValue?.label).sort(), ['eu@dev-wh', 'us@dev-wh']);
    const childJobs = await fabric.listJobInstances(client, ws.id, child.id);
    for (const a of invokes) {
      const childRunId = out(a)?.pipelineRunId as string;
      const cj = childJobs.find((j) => j.id === childRunId);
      assert.ok(cj, `the child run ${childRunId} is a job instance of "Process region"`);
      assert.equal(cj.status, 'Completed');
      assert.equal(cj.jobType, 'Pipeline');
      const childActs = await fabric.queryActivityRuns(client, ws.id, childRunId);
      assert.deepEqual(childActs.map((x) => [x.activityName, x.status, x.pipelineName, x.pipelineRunId]), [
        ['Label', 'Succeeded', 'Process region', childRunId],
        ['Return', 'Succeeded', 'Process region', childRunId],
      ]);
    }
  });

  it('runs InvokePipeline by the emulator item id (pipelineId, workspaceId) after a Lookup through a connection id', async () => {
    const caller = await fabric.createItem(client, ws.id, { displayName: 'Caller', type: 'DataPipeline', parts: [contentPart({ activities: [lookupSettings(CONN), invoke(child.id, ws.id)] })] });
    const job = await run(caller);
    assert.equal(job.status, 'Completed', job.failureReason?.message);
    const acts = await fabric.queryActivityRuns(client, ws.id, job.id);
    assert.deepEqual(acts.map((a) => [a.activityName, a.status]), [['Read settings', 'Succeeded'], ['Process', 'Succeeded']]);
    const processRun = acts[1];
    assert.deepEqual(processRun.input, { operationType: 'InvokeFabricPipeline', pipelineId: child.id, workspaceId: ws.id, waitOnCompletion: true, parameters: { region: 'daily' } });
    assert.equal(out(processRun)?.pipelineName, 'Process region');
    assert.deepEqual(out(processRun)?.pipelineReturnValue, { label: 'daily@dev-wh', large: true });
    const childRunId = out(processRun)?.pipelineRunId as string;
    const cj = await fabric.getJobInstance(client, ws.id, child.id, childRunId);
    assert.equal(cj.status, 'Completed');
    assert.ok(cj.startTimeUtc && cj.endTimeUtc);
    const childActs = await fabric.queryActivityRuns(client, ws.id, childRunId);
    assert.deepEqual(childActs.map((a) => a.activityName), ['Label', 'Return']);
    assert.deepEqual(childActs[1].input, { variableName: 'pipelineReturnValue', value: [{ key: 'label', value: { type: 'Expression', content: "@variables('label')" } }, { key: 'large', value: { type: 'Expression', content: '@greater(pipeline().parameters.threshold, 50)' } }], setSystemVariable: true }, 'the child activity run carries its own input');
  });

  it('fails a job whose InvokePipeline names no item, with the local engine message', async () => {
    const missing = '0b1e7c44-5d1a-4f2b-9c3e-7a8b9c0d1e2f';
    const props = { activities: [lookupSettings(CONN), invoke(missing, ws.id)] };
    const item = await fabric.createItem(client, ws.id, { displayName: 'Lost child', type: 'DataPipeline', parts: [contentPart(props)] });
    const job = await run(item);
    assert.equal(job.status, 'Failed');
    const local = await localRun('Lost child', { 'Lost child': props });
    assert.equal(local.status, 'Failed');
    assert.equal(job.failureReason?.message, local.message);
    assert.equal(job.failureReason?.errorCode, local.errorCode);
    assert.match(job.failureReason!.message, new RegExp(`pipeline id '${missing}' is no DataPipeline item of workspace folder '${WORKSPACE}'`));
  });

  it('fails a job whose connection id the emulator does not map, with the local engine message and code', async () => {
    const unknown = '1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b';
    const props = { activities: [lookupSettings(unknown)] };
    const item = await fabric.createItem(client, ws.id, { displayName: 'No connection', type: 'DataPipeline', parts: [contentPart(props)] });
    const job = await run(item);
    assert.equal(job.status, 'Failed');
    const local = await localRun('No connection', { 'No connection': props });
    assert.equal(job.failureReason?.message, local.message);
    assert.equal(job.failureReason?.errorCode, FabricCodes.unmappedConnection);
    assert.equal(local.errorCode, FabricCodes.unmappedConnection);
    assert.match(job.failureReason!.message, new RegExp(`Fabric connection '${unknown}' has no local settings`));
  });

  it("uses a library's active value set (Update Variable Library), refusing one its definition lacks", async () => {
    const lib = (await fabric.listItems(client, ws.id, 'VariableLibrary'))[0];
    const url = `/v1/workspaces/${ws.id}/VariableLibraries/${lib.id}`;
    assert.deepEqual((await client.request('GET', url, undefined, 'get')).body.properties, { activeValueSetName: 'Default value set' });
    const label = async () => {
      const job = await run(child, { region: 'EU' });
      assert.equal(job.status, 'Completed', job.failureReason?.message);
      return out((await fabric.queryActivityRuns(client, ws.id, job.id)).find((a) => a.activityName === 'Label'))?.value;
    };
    assert.equal(await label(), 'eu@dev-wh');
    const patched = await client.request('PATCH', url, { properties: { activeValueSetName: 'test' } }, 'patch');
    assert.equal(patched.status, 200);
    assert.deepEqual(patched.body.properties, { activeValueSetName: 'Test' });
    assert.equal(patched.body.type, 'VariableLibrary');
    assert.equal(await label(), 'eu@test-wh');
    await assert.rejects(client.request('PATCH', url, { properties: { activeValueSetName: 'Stage' } }, 'patch'), (e: fabric.FabricError) => e.statusCode === 400 && /no value set "Stage" \(value sets: Default value set, Prod, Test\)/.test(e.message));
    await client.request('PATCH', url, { properties: { activeValueSetName: 'Default value set' } }, 'patch');
    assert.equal(await label(), 'eu@dev-wh');
  });

  it('applies the value set the emulator was started with to the uploaded variable library', async () => {
    const prod = await startFabricEmulator({ token: FABRIC_TOKEN, operationMs: 20, workspaces: [WORKSPACE], connections: CONNECTIONS, valueSet: 'Prod' });
    const c = new fabric.FabricClient({ credential: new StaticTokenCredential(FABRIC_TOKEN), endpoint: prod.url, ca: prod.ca, maxPollDelayMs: 20 });
    try {
      const w = await fabric.resolveWorkspace(c, WORKSPACE);
      await publishSample(c, w);
      const region = await fabric.resolvePipeline(c, w, 'Process region');
      const job = await run(region, { region: 'EU' }, c, w);
      assert.equal(job.status, 'Completed', job.failureReason?.message);
      const acts = await fabric.queryActivityRuns(c, w.id, job.id);
      assert.equal(out(acts.find((a) => a.activityName === 'Label'))?.value, 'eu@prod-wh');
    } finally {
      c.close();
      await prod.stop();
    }
  });
});
