/**
 * `adfw arm predeploy|postdeploy` against the ARM emulator through the real @azure/arm-datafactory client: a
 * published factory whose template changes a started trigger, drops a pipeline and a started trigger, and adds a
 * started trigger. predeploy stops exactly the changed and the removed started triggers (without it the deployment
 * is refused), the template deploys, postdeploy deletes what the template no longer holds and starts the template's
 * started triggers; the emulator's request log shows no other write. Also through the CLI (JSON shape, exit codes).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { loadFactory } from '../../../src/engine/model';
import { publishFactory } from '../../../src/engine/publish';
import { putResource, setTriggerState, listResources, getResource, type RemoteSession, type RemoteKind } from '../../../src/engine/remote';
import { exportArmTemplate, readResolvedTemplate, predeploy, postdeploy, generationOrder, type ResolvedTemplate } from '../../../src/engine/armExport';
import type { Emulator } from '../../../src/engine/emulator';
import { emulator, session, createFactory, FIXTURE, SUB, RG, TOKEN } from '../remote/setup';

const KIND_OF: Record<string, RemoteKind> = { pipelines: 'pipeline', datasets: 'dataset', linkedservices: 'linkedService', dataflows: 'dataflow', triggers: 'trigger', integrationruntimes: 'integrationRuntime', managedvirtualnetworks: 'managedVirtualNetwork', 'managedvirtualnetworks/managedprivateendpoints': 'managedPrivateEndpoint', credentials: 'credential' };

/** What an incremental ARM deployment of the template does to the factory: PUT every resource, dependencies first. */
async function deploy(s: RemoteSession, ref: { subscriptionId: string; resourceGroup: string; factory: string }, t: ResolvedTemplate): Promise<void> {
  const entries = t.resources.map((r) => ({ kind: r.kind, name: r.name, dependsOn: r.dependsOn.map((d) => d.replace(/^([^/]+)\//, (_, k) => `${k}/`)), r }));
  const ordered = generationOrder(entries.map((e) => ({ kind: e.kind as never, name: e.name, resource: {}, parameters: [], dependsOn: e.dependsOn })));
  for (const o of ordered) {
    const r = t.resources.find((x) => x.kind === o.kind && x.name === o.name)!;
    const kind = KIND_OF[r.kind];
    if (kind) await putResource(s, ref, kind, r.name, r.properties as Record<string, unknown>);
  }
}

async function edit(file: string, f: (j: any) => void): Promise<void> {
  const j = JSON.parse(await fs.readFile(file, 'utf8'));
  f(j);
  await fs.writeFile(file, JSON.stringify(j, null, 2));
}

describe('ARM route: predeploy and postdeploy against the emulator', () => {
  let em: Emulator;
  let s: RemoteSession;
  let work: string;
  const ref = { subscriptionId: SUB, resourceGroup: RG, factory: 'armroute' };

  before(async () => {
    em = await emulator({ pageSize: 50 });
    s = await session(em);
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-armroute-'));
  });
  after(async () => {
    await em.stop();
    await fs.rm(work, { recursive: true, force: true });
  });

  it('stops changed and removed started triggers, deploys, deletes orphans and starts the template\'s triggers', async () => {
    await createFactory(s, ref.factory);
    const published = await publishFactory(s, ref, await loadFactory(FIXTURE));
    assert.ok(published.ok, JSON.stringify(published.changes.filter((c) => c.status === 'failed')));
    // A trigger that exists only in the factory, started.
    await putResource(s, ref, 'trigger', 'Old', { type: 'ScheduleTrigger', pipelines: [{ pipelineReference: { referenceName: 'Slow', type: 'PipelineReference' } }], typeProperties: { recurrence: { frequency: 'Hour', interval: 1, startTime: '2024-01-01T00:00:00Z' } } });
    await setTriggerState(s, ref, 'Old', true);
    assert.equal((await getResource(s, ref, 'trigger', 'Nightly'))!.properties.runtimeState, 'Started');

    // The next version: Nightly changes, Slow is gone, Hourly is new and started.
    const next = path.join(work, 'next');
    await fs.cp(FIXTURE, next, { recursive: true });
    // The template also holds a managed virtual network, a private endpoint in it and a credential, deployed with it.
    await fs.mkdir(path.join(next, 'managedVirtualNetwork', 'default', 'managedPrivateEndpoint'), { recursive: true });
    await fs.writeFile(path.join(next, 'managedVirtualNetwork', 'default.json'), JSON.stringify({ name: 'default' }));
    await fs.writeFile(path.join(next, 'managedVirtualNetwork', 'default', 'managedPrivateEndpoint', 'pe.json'), JSON.stringify({ name: 'pe', properties: { privateLinkResourceId: '/subscriptions/1/resourceGroups/r/providers/Microsoft.Storage/storageAccounts/a', groupId: 'blob' } }));
    await fs.mkdir(path.join(next, 'credential'), { recursive: true });
    await fs.writeFile(path.join(next, 'credential', 'uami.json'), JSON.stringify({ name: 'uami', properties: { type: 'ManagedIdentity', typeProperties: { resourceId: '/subscriptions/1/resourceGroups/id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/u' } } }));
    await edit(path.join(next, 'trigger', 'Nightly.json'), (j) => (j.properties.typeProperties.recurrence.interval = 2));
    await fs.rm(path.join(next, 'pipeline', 'Slow.json'));
    await fs.writeFile(path.join(next, 'trigger', 'Hourly.json'), JSON.stringify({ name: 'Hourly', properties: { type: 'ScheduleTrigger', runtimeState: 'Started', pipelines: [{ pipelineReference: { referenceName: 'Child', type: 'PipelineReference' } }], typeProperties: { recurrence: { frequency: 'Hour', interval: 1, startTime: '2024-01-01T00:00:00Z' } } } }));
    const out = path.join(work, 'arm');
    await exportArmTemplate(await loadFactory(next), out, { factoryName: ref.factory });
    const template = await readResolvedTemplate(path.join(out, 'ARMTemplateForFactory.json'), path.join(out, 'ARMTemplateParametersForFactory.json'));

    // Without the pre-deployment step the service refuses to update a started trigger.
    await assert.rejects(deploy(s, ref, template), /stop the trigger|TriggerEnabledCannotUpdate|Cannot update enabled Trigger/i);

    const dry = await predeploy(s, ref, template, { dryRun: true });
    assert.deepEqual(dry.steps.filter((x) => x.action === 'stop').map((x) => x.name).sort(), ['Nightly', 'Old']);
    assert.ok(dry.steps.every((x) => x.status !== 'succeeded'), 'a dry run changes nothing');
    assert.equal((await getResource(s, ref, 'trigger', 'Nightly'))!.properties.runtimeState, 'Started');

    const mark = em.requests.length;
    const pre = await predeploy(s, ref, template);
    assert.ok(pre.ok);
    const stopped = pre.steps.filter((x) => x.action === 'stop');
    assert.deepEqual(stopped.map((x) => [x.name, x.status, x.reason]).sort(), [['Nightly', 'succeeded', 'the template changes it'], ['Old', 'succeeded', 'not in the template (deleted after the deployment)']]);
    const writes = em.requests.slice(mark).filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path.split('/').slice(-3).join('/')}`);
    assert.deepEqual(writes.sort(), ['POST triggers/Nightly/stop', 'POST triggers/Old/stop']);

    await deploy(s, ref, template);
    const mark2 = em.requests.length;
    const post = await postdeploy(s, ref, template);
    assert.ok(post.ok, JSON.stringify(post.steps.filter((x) => x.status === 'failed')));
    const acted = post.steps.filter((x) => x.status === 'succeeded').map((x) => `${x.action} ${x.kind} ${x.name}`);
    // The trigger goes before the pipeline it references (otherwise the service refuses the pipeline's deletion).
    assert.deepEqual(acted.filter((a) => a.startsWith('delete')), ['delete trigger Old', 'delete pipeline Slow']);
    assert.deepEqual(acted.filter((a) => a.startsWith('start')).sort(), ['start trigger Hourly', 'start trigger Nightly']);
    const writes2 = em.requests.slice(mark2).filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path.split('/').slice(-2).join('/')}`);
    assert.equal(writes2.length, 4, writes2.join(', '));
    const triggers = await listResources(s, ref, 'trigger');
    assert.deepEqual(triggers.map((t) => [t.name, t.properties.runtimeState]).sort(), [['Hourly', 'Started'], ['Nightly', 'Started']]);
    assert.equal(await getResource(s, ref, 'pipeline', 'Slow'), undefined);
    assert.ok(await getResource(s, ref, 'managedPrivateEndpoint', 'default/pe'), 'what the template holds stays');
    assert.ok(await getResource(s, ref, 'credential', 'uami'));
    assert.ok(await getResource(s, ref, 'managedVirtualNetwork', 'default'));
    assert.equal((await getResource(s, ref, 'trigger', 'Nightly'))!.properties.typeProperties.recurrence.interval, 2);

    // Converged: a second run of both steps changes nothing.
    const mark3 = em.requests.length;
    assert.ok((await predeploy(s, ref, template)).steps.every((x) => x.action === 'keep'));
    assert.ok((await postdeploy(s, ref, template)).steps.every((x) => x.action === 'keep'));
    assert.equal(em.requests.slice(mark3).filter((r) => r.method !== 'GET').length, 0);
  });

  it('adfw arm predeploy|postdeploy: JSON shape and exit codes', async () => {
    const cli = path.resolve(__dirname, '..', '..', '..', 'src', 'cli', 'main.ts');
    const run = (args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], { env: { ...process.env, ADFW_TEST_TOKEN: TOKEN }, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (b) => (stdout += b));
        child.stderr.on('data', (b) => (stderr += b));
        child.on('close', (code) => resolve({ code: code ?? 2, stdout, stderr }));
      });
    const out = path.join(work, 'arm');
    const caFile = path.join(work, 'ca.pem');
    await fs.writeFile(caFile, em.ca);
    const common = ['--subscription', SUB, '--resource-group', RG, '--factory', ref.factory, '--endpoint', em.url, '--token-env', 'ADFW_TEST_TOKEN', '--ca', caFile];
    const pre = await run(['arm', 'predeploy', '--template', path.join(out, 'ARMTemplateForFactory.json'), ...common, '--stop-trigger', 'Hourly', '--dry-run', '--json']);
    assert.equal(pre.code, 0, pre.stderr);
    const j = JSON.parse(pre.stdout);
    assert.equal(j.phase, 'predeploy');
    assert.equal(j.dryRun, true);
    assert.deepEqual(j.steps.find((x: any) => x.name === 'Hourly'), { kind: 'trigger', name: 'Hourly', action: 'stop', reason: 'named with --stop-trigger', status: 'planned' });
    const post = await run(['arm', 'postdeploy', '--template', path.join(out, 'ARMTemplateForFactory.json'), ...common, '--json']);
    assert.equal(post.code, 0, post.stderr);
    assert.equal(JSON.parse(post.stdout).phase, 'postdeploy');
    assert.equal((await run(['arm', 'predeploy', ...common])).code, 2, '--template is required');
    assert.equal((await run(['arm', 'sideways', '--template', 'x', ...common])).code, 2);
    const missing = await run(['arm', 'predeploy', '--template', path.join(work, 'nope.json'), ...common]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /nope\.json: cannot read/);
  });
});
