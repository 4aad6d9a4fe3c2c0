/**
 * Publish through the real SDK client against the emulator: dry run, deploy, convergence, diff,
 * trigger stop/start ordering, global parameters, partial failures and rerun, orphans.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadFactory } from '../../../src/engine/model';
import { publishFactory, planPublish } from '../../../src/engine/publish';
import * as remote from '../../../src/engine/remote';
import type { Emulator } from '../../../src/engine/emulator';
import { emulator, session, createFactory, FIXTURE, SUB, RG } from './setup';

async function copyFixture(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-publish-'));
  await fs.cp(FIXTURE, dir, { recursive: true });
  return dir;
}

describe('publish to the emulator', () => {
  let em: Emulator;
  let s: remote.RemoteSession;
  let dir: string;
  const ref = { subscriptionId: SUB, resourceGroup: RG, factory: 'pubfactory' };

  before(async () => {
    em = await emulator();
    s = await session(em);
    await createFactory(s, ref.factory);
    dir = await copyFixture();
  });
  after(async () => {
    await em?.stop();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('a dry run plans every create and changes nothing remotely', async () => {
    const before = em.requests.filter((r) => r.method !== 'GET').length;
    const res = await publishFactory(s, ref, await loadFactory(dir), { dryRun: true });
    assert.equal(res.dryRun, true);
    assert.equal(res.summary.create, 8); // 7 resources + global parameters
    assert.equal(res.summary.start, 1);
    assert.ok(res.changes.every((c) => c.status === 'planned'));
    assert.equal(em.requests.filter((r) => r.method !== 'GET').length, before, 'no writes in a dry run');
    assert.equal(Object.keys(em.state.getFactory(SUB, RG, ref.factory)!.children.pipelines).length, 0);
  });

  it('deploys in dependency order, sets global parameters, starts the trigger, and a rerun converges', async () => {
    const mark = em.requests.length;
    const res = await publishFactory(s, ref, await loadFactory(dir));
    assert.equal(res.ok, true, JSON.stringify(res.changes.filter((c) => c.error)));
    const puts = em.requests.slice(mark).filter((r) => r.method === 'PUT' || r.method === 'POST').map((r) => r.path.split('/').slice(-2).join('/'));
    const idx = (p: string) => puts.findIndex((x) => x.toLowerCase() === p.toLowerCase());
    assert.ok(idx('linkedservices/BlobStore') < idx('datasets/InputFiles'));
    assert.ok(idx('pipelines/Child') < idx('pipelines/Parent'), 'ExecutePipeline callee first');
    assert.ok(idx('pipelines/Parent') < idx('triggers/Nightly'));
    assert.ok(idx('triggers/Nightly') < idx('Nightly/start'));
    const f = em.state.getFactory(SUB, RG, ref.factory)!;
    assert.deepEqual(f.properties.globalParameters, { environment: { type: 'String', value: 'test' } });
    assert.equal(f.children.triggers.nightly.properties.runtimeState, 'Started');
    const again = await publishFactory(s, ref, await loadFactory(dir));
    assert.equal(again.ok, true);
    assert.equal(again.summary.unchanged, 8);
    assert.equal(again.summary.create + again.summary.update + again.summary.start + again.summary.stop, 0);
  });

  it('shows a unified diff for a changed resource, stops a changed started trigger before updating it and starts it after', async () => {
    const trig = path.join(dir, 'trigger', 'Nightly.json');
    const json = JSON.parse(await fs.readFile(trig, 'utf8'));
    json.properties.typeProperties.recurrence.interval = 2;
    await fs.writeFile(trig, JSON.stringify(json, null, 2));
    const plan = await planPublish(s, ref, await loadFactory(dir));
    const item = plan.find((p) => p.kind === 'trigger')!;
    assert.equal(item.action, 'update');
    assert.match(item.diff, /-\s+"interval": 1,\n\+\s+"interval": 2,/);
    const mark = em.requests.length;
    const res = await publishFactory(s, ref, await loadFactory(dir));
    assert.equal(res.ok, true, JSON.stringify(res.changes.filter((c) => c.error)));
    const seq = em.requests.slice(mark).filter((r) => r.method !== 'GET' && /triggers/i.test(r.path)).map((r) => `${r.method} ${r.path.split('/').slice(-1)[0]}`);
    assert.deepEqual(seq, ['POST stop', 'PUT Nightly', 'POST start']);
    assert.equal(em.state.getFactory(SUB, RG, ref.factory)!.children.triggers.nightly.properties.typeProperties.recurrence.interval, 2);
  });

  it('reports partial failures per resource, skips dependants, and a rerun converges', async () => {
    const ds = path.join(dir, 'dataset', 'InputFiles.json');
    const pl = path.join(dir, 'pipeline', 'Child.json');
    const dsJson = JSON.parse(await fs.readFile(ds, 'utf8'));
    dsJson.properties.typeProperties.columnDelimiter = ';';
    await fs.writeFile(ds, JSON.stringify(dsJson, null, 2));
    const plJson = JSON.parse(await fs.readFile(pl, 'utf8'));
    plJson.properties.activities.push({ name: 'Peek', type: 'Lookup', dependsOn: [], typeProperties: { source: { type: 'DelimitedTextSource' }, dataset: { referenceName: 'InputFiles', type: 'DatasetReference' }, firstRowOnly: true } });
    await fs.writeFile(pl, JSON.stringify(plJson, null, 2));
    const slow = path.join(dir, 'pipeline', 'Slow.json');
    const slowJson = JSON.parse(await fs.readFile(slow, 'utf8'));
    slowJson.properties.description = 'now documented';
    await fs.writeFile(slow, JSON.stringify(slowJson, null, 2));
    // The dataset's PUT fails with 500 more times than the client retries.
    em.injectFault({ status: 500, count: 10, method: 'PUT', pathContains: '/datasets/inputfiles' });
    const res = await publishFactory(s, ref, await loadFactory(dir));
    em.clearFaults();
    assert.equal(res.ok, false);
    const by = (kind: string, name: string) => res.changes.find((c) => c.kind === kind && c.name === name && (c.action === 'update' || c.action === 'create'))!;
    assert.equal(by('dataset', 'InputFiles').status, 'failed');
    assert.match(by('dataset', 'InputFiles').error!, /service failed \(500\)/);
    assert.equal(by('pipeline', 'Child').status, 'skipped');
    assert.match(by('pipeline', 'Child').error!, /references dataset "InputFiles", which failed/);
    assert.equal(by('pipeline', 'Slow').status, 'succeeded');
    assert.equal(em.state.getFactory(SUB, RG, ref.factory)!.children.pipelines.slow.properties.description, 'now documented');
    const rerun = await publishFactory(s, ref, await loadFactory(dir));
    assert.equal(rerun.ok, true, JSON.stringify(rerun.changes.filter((c) => c.error)));
    assert.equal(rerun.summary.update, 2);
    const third = await publishFactory(s, ref, await loadFactory(dir), { dryRun: true });
    assert.equal(third.summary.create + third.summary.update + third.summary.delete, 0);
  });

  it('keeps remote-only resources unless --delete-orphans, then deletes them in reverse dependency order', async () => {
    const client = await s.dataFactory(SUB);
    await client.pipelines.createOrUpdate(RG, ref.factory, 'OrphanCallee', { activities: [{ name: 'W', type: 'Wait', waitTimeInSeconds: 1 } as any] });
    await client.pipelines.createOrUpdate(RG, ref.factory, 'OrphanCaller', {
      activities: [{ name: 'Call', type: 'ExecutePipeline', pipeline: { referenceName: 'OrphanCallee', type: 'PipelineReference' } } as any],
    });
    await client.triggers.createOrUpdate(RG, ref.factory, 'OrphanTrigger', { properties: { type: 'ScheduleTrigger', pipelines: [{ pipelineReference: { referenceName: 'OrphanCaller', type: 'PipelineReference' } }], recurrence: { frequency: 'Hour', interval: 1, startTime: new Date('2024-01-01T00:00:00Z') } } as any });
    await client.triggers.beginStartAndWait(RG, ref.factory, 'OrphanTrigger', { updateIntervalInMs: 10 });
    const kept = await publishFactory(s, ref, await loadFactory(dir));
    assert.equal(kept.ok, true);
    assert.equal(kept.summary.kept, 3);
    assert.ok(em.state.getFactory(SUB, RG, ref.factory)!.children.pipelines.orphancaller);
    const mark = em.requests.length;
    const del = await publishFactory(s, ref, await loadFactory(dir), { deleteOrphans: true });
    assert.equal(del.ok, true, JSON.stringify(del.changes.filter((c) => c.error)));
    assert.equal(del.summary.delete, 3);
    const seq = em.requests.slice(mark).filter((r) => r.method === 'DELETE' || r.method === 'POST').map((r) => `${r.method} ${r.path.split('/').slice(-1)[0]}`);
    assert.deepEqual(seq, ['POST stop', 'DELETE OrphanTrigger', 'DELETE OrphanCaller', 'DELETE OrphanCallee']);
    const f = em.state.getFactory(SUB, RG, ref.factory)!;
    assert.equal(f.children.pipelines.orphancaller, undefined);
    assert.ok(f.children.pipelines.parent, 'local resources stay');
  });

  it('refuses to publish a factory with broken JSON, naming the file', async () => {
    const bad = await copyFixture();
    try {
      await fs.writeFile(path.join(bad, 'pipeline', 'Broken.json'), '{"name": "Broken", "properties": {');
      await assert.rejects(publishFactory(s, ref, await loadFactory(bad)), (e: any) => e.name === 'PublishError' && e.problems.some((p: any) => p.file.endsWith('Broken.json')));
    } finally {
      await fs.rm(bad, { recursive: true, force: true });
    }
  });

  it('fails clearly when the target factory does not exist', async () => {
    await assert.rejects(publishFactory(s, { ...ref, factory: 'nosuchfactory' }, await loadFactory(dir)), (e: remote.RemoteError) => e.kind === 'NotFound' && /does not exist.*Create the factory first/.test(e.message));
  });
});

describe('publish to a factory that does not exist yet', () => {
  it('creates it only when asked, with the location from factory/*.json', async () => {
    const em = await emulator();
    try {
      const s = await session(em);
      const ref = { subscriptionId: SUB, resourceGroup: 'rg-new', factory: 'brandnew' };
      const factory = await loadFactory(FIXTURE);
      await assert.rejects(publishFactory(s, ref, factory), /does not exist.*--create-factory/);
      const dry = await publishFactory(s, ref, factory, { createFactory: true, dryRun: true });
      assert.deepEqual(dry.changes[0], { kind: 'factory', name: 'brandnew', action: 'create', status: 'planned' });
      assert.equal(em.state.getFactory(SUB, 'rg-new', 'brandnew'), undefined, 'a dry run creates nothing');
      const res = await publishFactory(s, ref, factory, { createFactory: true });
      assert.equal(res.ok, true, JSON.stringify(res.changes.filter((c) => c.error)));
      const f = em.state.getFactory(SUB, 'rg-new', 'brandnew')!;
      assert.equal(f.location, 'westeurope');
      assert.equal(Object.keys(f.children.pipelines).length, 4);
      assert.deepEqual(f.properties.globalParameters, { environment: { type: 'String', value: 'test' } });
    } finally {
      await em.stop();
    }
  });
});
