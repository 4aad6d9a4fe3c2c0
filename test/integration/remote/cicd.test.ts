/**
 * CI/CD against the emulator through the real SDK client: one factory's two stages deployed into two emulated
 * factories; selective deployment touching only what it should (checked in the emulator's request log);
 * incremental publishing from the deployment state; a rerun with nothing changed sending zero writes; trigger
 * modes; --delete-orphans within the filters; --changed-since through git.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadFactory } from '../../../src/engine/model';
import { publishFactory, planPublish, changedSince, STATE_PARAMETER } from '../../../src/engine/publish';
import { stageFactory } from '../../../src/engine/stages';
import type * as remote from '../../../src/engine/remote';
import type { Emulator } from '../../../src/engine/emulator';
import { emulator, session, SUB, RG } from './setup';

const FACTORY = path.join(__dirname, '..', '..', 'fixtures', 'stages', 'factory');
const ENV = { ADFW_TEST_PROJECT: 'sales', ADFW_TEST_BLOB_KEY: 'c2VjcmV0a2V5' };
const ref = (factory: string) => ({ subscriptionId: SUB, resourceGroup: RG, factory });

const writes = (em: Emulator, from: number) => em.requests.slice(from).filter((r) => r.method !== 'GET' && !(r.method === 'POST' && /\/(querypipelineruns|getFeatureValue)/i.test(r.path)));
const lastSegments = (r: { method: string; path: string }) => `${r.method} ${r.path.split('?')[0].split('/').slice(-2).join('/')}`;

async function copyFactory(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-cicd-'));
  await fs.cp(FACTORY, dir, { recursive: true });
  return dir;
}

async function edit(file: string, change: (j: any) => void): Promise<void> {
  const j = JSON.parse(await fs.readFile(file, 'utf8'));
  change(j);
  await fs.writeFile(file, JSON.stringify(j, null, 2) + '\n');
}

describe('CI/CD: stages, selective and incremental publishing (emulator)', () => {
  let em: Emulator;
  let s: remote.RemoteSession;
  let dir: string;

  before(async () => {
    em = await emulator({ pageSize: 50 });
    s = await session(em);
    dir = await copyFactory();
  });
  after(async () => {
    await em?.stop();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('deploys two stages of one factory into two factories, each with its own values', async () => {
    const f = await loadFactory(dir);
    for (const [stage, target] of [['uat', 'sales-uat'], ['prod', 'sales-prod']] as const) {
      const { factory } = await stageFactory(f, stage, { env: ENV });
      const res = await publishFactory(s, ref(target), factory, { createFactory: true });
      assert.equal(res.ok, true, JSON.stringify(res.changes.filter((c) => c.error)));
    }
    const uat = em.state.getFactory(SUB, RG, 'sales-uat')!;
    const prod = em.state.getFactory(SUB, RG, 'sales-prod')!;
    assert.equal(uat.children.linkedservices.ls_keyvault.properties.typeProperties.baseUrl, 'https://kv-sales-uat.vault.azure.net/');
    assert.equal(prod.children.linkedservices.ls_keyvault.properties.typeProperties.baseUrl, 'https://kv-prd.vault.azure.net/');
    assert.equal(uat.children.pipelines.pl_copy.properties.activities[0].typeProperties.url, 'https://api-uat.example.com/start');
    assert.equal(prod.children.pipelines.pl_copy.properties.activities[0].typeProperties.url, 'https://api-prd.example.com/start');
    assert.equal(uat.properties.globalParameters.environment.value, 'uat');
    assert.equal(prod.properties.globalParameters.environment.value, 'prod');
    assert.equal(uat.children.triggers.tr_daily.properties.runtimeState, 'Stopped', 'the uat stage keeps the trigger stopped');
    assert.equal(prod.children.triggers.tr_daily.properties.runtimeState, 'Started');
    assert.equal(prod.children.triggers.tr_window.properties.runtimeState, 'Started');
    assert.equal(uat.children.linkedservices.ls_blob.properties.typeProperties.encryptedCredential, undefined);
  });

  it('a rerun with nothing changed sends zero writes (full and incremental)', async () => {
    const { factory } = await stageFactory(await loadFactory(dir), 'prod', { env: ENV });
    let mark = em.requests.length;
    const full = await publishFactory(s, ref('sales-prod'), factory);
    assert.equal(full.ok, true);
    assert.deepEqual(writes(em, mark).map(lastSegments), []);
    // First incremental publish: no state yet, so everything is compared, and the state is written (one write).
    mark = em.requests.length;
    const first = await publishFactory(s, ref('sales-prod'), factory, { incremental: true });
    assert.equal(first.incremental?.used, false);
    assert.match(first.incremental!.reason, /no deployment state/);
    assert.equal(first.stateWritten, true);
    assert.deepEqual(writes(em, mark).map((r) => r.method), ['PUT']);
    assert.ok(em.state.getFactory(SUB, RG, 'sales-prod')!.properties.globalParameters[STATE_PARAMETER]);
    mark = em.requests.length;
    const again = await publishFactory(s, ref('sales-prod'), factory, { incremental: true });
    assert.equal(again.incremental?.used, true);
    assert.equal(again.incremental?.skipped, 7, 'every resource skipped from the state');
    assert.equal(again.stateWritten, false);
    assert.deepEqual(writes(em, mark), []);
    assert.equal(em.requests.slice(mark).length, 1, 'only the factory is read');
    // The state parameter is not a change of global parameters.
    const plan = await planPublish(s, ref('sales-prod'), factory);
    assert.equal(plan.find((p) => p.kind === 'globalParameters')!.action, 'unchanged');
  });

  it('an incremental rerun deploys only what changed since the state, and says so', async () => {
    await edit(path.join(dir, 'pipeline', 'PL_Copy.json'), (j) => (j.properties.activities[1].typeProperties.waitTimeInSeconds = 7));
    const { factory } = await stageFactory(await loadFactory(dir), 'prod', { env: ENV });
    const mark = em.requests.length;
    const res = await publishFactory(s, ref('sales-prod'), factory, { incremental: true });
    assert.equal(res.ok, true, JSON.stringify(res.changes.filter((c) => c.error)));
    assert.equal(res.incremental?.skipped, 6);
    assert.equal(res.summary.update, 1);
    const w = writes(em, mark).map(lastSegments);
    assert.deepEqual(w, ['PUT pipelines/PL_Copy', 'PUT factories/sales-prod'], 'the pipeline and the state: nothing else');
    assert.equal(em.state.getFactory(SUB, RG, 'sales-prod')!.children.pipelines.pl_copy.properties.activities[1].typeProperties.waitTimeInSeconds, 7);
  });

  it('a selective deployment touches only what it selects, and says why each resource is in or out', async () => {
    await edit(path.join(dir, 'pipeline', 'PL_Copy.json'), (j) => (j.properties.activities[0].typeProperties.method = 'POST'));
    await edit(path.join(dir, 'dataset', 'DS_Input.json'), (j) => (j.properties.typeProperties.firstRowAsHeader = false));
    const { factory } = await stageFactory(await loadFactory(dir), 'uat', { env: ENV });
    const mark = em.requests.length;
    const res = await publishFactory(s, ref('sales-uat'), factory, { selection: { rules: { include: ['pipeline.*@Copy'], exclude: [] } } });
    assert.equal(res.ok, true, JSON.stringify(res.changes.filter((c) => c.error)));
    assert.deepEqual(writes(em, mark).map(lastSegments), ['PUT pipelines/PL_Copy']);
    const ds = res.changes.find((c) => c.kind === 'dataset')!;
    assert.equal(ds.status, 'excluded');
    assert.match(ds.reason!, /matches no include pattern \(pipeline\.\*@Copy\)/);
    assert.match(res.changes.find((c) => c.kind === 'pipeline')!.reason!, /included by "pipeline\.\*@Copy"/);
    assert.equal(em.state.getFactory(SUB, RG, 'sales-uat')!.children.datasets.ds_input.properties.typeProperties.firstRowAsHeader, true, 'the dataset was not touched');
    // An exclude wins over an include; --with-dependencies adds what the selection references and differs.
    const plan = await planPublish(s, ref('sales-uat'), factory, { selection: { rules: { include: ['trigger.TR_Window'], exclude: [] }, withDependencies: true } });
    assert.equal(plan.find((p) => p.kind === 'dataset')!.selected, false, 'the dataset is not referenced by the trigger chain');
    await edit(path.join(dir, 'pipeline', 'PL_Copy.json'), (j) => (j.properties.activities[0].typeProperties.method = 'PUT'));
    const f2 = (await stageFactory(await loadFactory(dir), 'uat', { env: ENV })).factory;
    const plan2 = await planPublish(s, ref('sales-uat'), f2, { selection: { rules: { include: ['trigger.TR_Window'], exclude: [] }, withDependencies: true } });
    const pl = plan2.find((p) => p.kind === 'pipeline')!;
    assert.equal(pl.selected, true);
    assert.equal(pl.reason, 'dependency of trigger "TR_Window" (differs from the target)');
    const plan3 = await planPublish(s, ref('sales-uat'), f2, { selection: { rules: { include: ['trigger.TR_Window'], exclude: ['pipeline.*'] }, withDependencies: true } });
    assert.match(plan3.find((p) => p.kind === 'pipeline')!.reason!, /excluded by "-pipeline\.\*"/);
  });

  it('--delete-orphans deletes only orphans inside the filters', async () => {
    const client = await s.dataFactory(SUB);
    for (const n of ['Old_A', 'Keep_B']) await client.pipelines.createOrUpdate(RG, 'sales-uat', n, { activities: [{ name: 'w', type: 'Wait', waitTimeInSeconds: 1 } as any] });
    const { factory } = await stageFactory(await loadFactory(dir), 'uat', { env: ENV });
    const mark = em.requests.length;
    const res = await publishFactory(s, ref('sales-uat'), factory, { deleteOrphans: true, selection: { rules: { include: [], exclude: ['pipeline.Keep_*'] } } });
    assert.equal(res.ok, true, JSON.stringify(res.changes.filter((c) => c.error)));
    assert.ok(writes(em, mark).map(lastSegments).includes('DELETE pipelines/Old_A'));
    assert.ok(!writes(em, mark).some((r) => /Keep_B/i.test(r.path)), 'the excluded orphan is not touched');
    const pipes = em.state.getFactory(SUB, RG, 'sales-uat')!.children.pipelines;
    assert.ok(pipes.keep_b && !pipes.old_a);
  });

  it('triggers: only changed triggers are stopped and restarted; keep and stop-all modes', async () => {
    // prod: TR_Daily and TR_Window are Started. Change TR_Window only.
    await edit(path.join(dir, 'trigger', 'TR_Window.json'), (j) => (j.properties.typeProperties.maxConcurrency = 2));
    const { factory } = await stageFactory(await loadFactory(dir), 'prod', { env: ENV });
    let mark = em.requests.length;
    let res = await publishFactory(s, ref('sales-prod'), factory);
    assert.equal(res.ok, true, JSON.stringify(res.changes.filter((c) => c.error)));
    const trig = writes(em, mark).map(lastSegments).filter((x) => /trigger|TR_/i.test(x));
    assert.deepEqual(trig, ['POST TR_Window/stop', 'PUT triggers/TR_Window', 'POST TR_Window/start'], 'TR_Daily is not touched');
    // keep: a trigger stopped in the target stays stopped, even though the source says Started.
    await (await s.dataFactory(SUB)).triggers.beginStopAndWait(RG, 'sales-prod', 'TR_Daily', { updateIntervalInMs: 10 });
    mark = em.requests.length;
    res = await publishFactory(s, ref('sales-prod'), factory, { triggers: 'keep' });
    assert.equal(res.ok, true);
    assert.deepEqual(writes(em, mark).map(lastSegments), []);
    assert.equal(em.state.getFactory(SUB, RG, 'sales-prod')!.children.triggers.tr_daily.properties.runtimeState, 'Stopped');
    // stop-all: every started trigger stopped first, then started from the source.
    mark = em.requests.length;
    res = await publishFactory(s, ref('sales-prod'), factory, { triggers: 'stop-all' });
    assert.equal(res.ok, true, JSON.stringify(res.changes.filter((c) => c.error)));
    const w = writes(em, mark).map(lastSegments);
    assert.deepEqual(w.filter((x) => x.endsWith('/stop')), ['POST TR_Window/stop']);
    assert.deepEqual(w.filter((x) => x.endsWith('/start')).sort(), ['POST TR_Daily/start', 'POST TR_Window/start']);
  });

  it('--changed-since selects the resources whose files changed since a git ref (and a clear error outside a repo)', async () => {
    const git = (...a: string[]) => execFileSync('git', a, { cwd: dir, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' }, stdio: 'pipe' });
    const f0 = await loadFactory(dir);
    await assert.rejects(changedSince(f0, 'HEAD'), /--changed-since needs the factory to be in a git repository/);
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'base');
    await edit(path.join(dir, 'linkedService', 'LS_Api.json'), (j) => (j.properties.description = 'changed'));
    await fs.writeFile(path.join(dir, 'pipeline', 'PL_New.json'), JSON.stringify({ name: 'PL_New', properties: { activities: [] } }));
    await fs.rm(path.join(dir, 'trigger', 'TR_Window.json'));
    const { keys } = await changedSince(await loadFactory(dir), 'HEAD');
    assert.deepEqual([...keys].sort(), ['linkedService/ls_api', 'pipeline/pl_new', 'trigger/tr_window']);
    await assert.rejects(changedSince(f0, 'no-such-ref'), /"no-such-ref" is not a commit/);
  });
});
