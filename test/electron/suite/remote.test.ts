/**
 * Remote factories in the extension host against the ARM emulator (`adfw emulator` as a child process:
 * loopback HTTPS, self-signed certificate published for loopback clients): the Azure tree, publish
 * through the command, and a run in "Azure" that reaches the run manager (and so the monitor).
 */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, waitFor, startCliEmulator, EXTENSION_ID, type CliEmulator } from './helpers';

const TOKEN_VAR = 'ADFW_EXT_TEST_ARM_TOKEN';
const SUB = '99999999-0000-0000-0000-000000000001';
const target = { subscriptionId: SUB, resourceGroup: 'rg-ext', factory: 'extfactory' };

async function writeFactory(dir: string): Promise<void> {
  const w = async (kind: string, name: string, properties: unknown) => {
    await fs.mkdir(path.join(dir, kind), { recursive: true });
    await fs.writeFile(path.join(dir, kind, `${name}.json`), JSON.stringify({ name, properties }, null, 2));
  };
  await w('pipeline', 'Child', { parameters: { label: { type: 'string', defaultValue: 'x' } }, activities: [{ name: 'Pause', type: 'Wait', typeProperties: { waitTimeInSeconds: 0 } }] });
  await w('pipeline', 'Parent', {
    parameters: { count: { type: 'int', defaultValue: 1 } },
    activities: [{ name: 'CallChild', type: 'ExecutePipeline', typeProperties: { pipeline: { referenceName: 'Child', type: 'PipelineReference' }, waitOnCompletion: true, parameters: { label: '@string(pipeline().parameters.count)' } } }],
  });
}

async function localFactory() {
  const a = await api();
  return waitFor('the workspace factory to load', () => a.services.index.factories().find((f) => f.root.endsWith('remote-e2e-factory')));
}

describe('remote factories (ARM emulator)', function () {
  this.timeout(60000);
  let emu: CliEmulator | undefined;
  let dir: string;

  before(async () => {
    emu = await startCliEmulator('the emulator', ['emulator', '--page-size', '2'], TOKEN_VAR);
    const url = emu.url;
    const cfg = vscode.workspace.getConfiguration('adf.azure');
    await cfg.update('endpoint', url, vscode.ConfigurationTarget.Global);
    await cfg.update('tokenEnvironmentVariable', TOKEN_VAR, vscode.ConfigurationTarget.Global);
    // A factory in the workspace, picked up by the extension's own index.
    dir = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'remote-e2e-factory');
    await writeFactory(dir);
    await (await api()).services.index.refresh();
  });

  after(async () => {
    const cfg = vscode.workspace.getConfiguration('adf.azure');
    await cfg.update('endpoint', undefined, vscode.ConfigurationTarget.Global);
    await cfg.update('tokenEnvironmentVariable', undefined, vscode.ConfigurationTarget.Global);
    await emu?.stop();
    if (dir) {
      await fs.rm(dir, { recursive: true, force: true });
      await (await api()).services.index.refresh();
    }
  });

  it('publishes a local factory through adf.remote.publish (creating it on the emulator)', async () => {
    const factory = await localFactory();
    const result = (await vscode.commands.executeCommand('adf.remote.publish', factory, { target, confirm: true })) as { ok: boolean; summary: Record<string, number> } | undefined;
    assert.ok(result, 'the command returned a result');
    assert.equal(result.ok, true);
    assert.equal(result.summary.create, 3, 'the factory and two pipelines');
    const again = (await vscode.commands.executeCommand('adf.remote.publish', factory, { target, confirm: true })) as { ok: boolean; summary: Record<string, number> };
    assert.equal(again.summary.unchanged, 2, 'a second publish changes nothing');
  });

  it('publishes with a stage: the staged values reach the factory; a stage that cannot be applied deploys nothing', async () => {
    await fs.mkdir(path.join(dir, 'deployment'), { recursive: true });
    await fs.writeFile(path.join(dir, 'deployment', 'uat.stage.json'), JSON.stringify({ resources: [{ resource: 'pipeline.Child', set: { 'properties.parameters.label.defaultValue': 'uat' } }] }));
    await fs.writeFile(path.join(dir, 'deployment', 'config-typo.csv'), 'type,name,path,value\npipeline,Chlid,parameters.label.defaultValue,x\n');
    const factory = await localFactory();
    const staged = { ...target, factory: 'extuat' };
    const result = (await vscode.commands.executeCommand('adf.remote.publish', factory, { target: staged, confirm: true, stage: 'uat' })) as { ok: boolean } | undefined;
    assert.equal(result?.ok, true);
    const children = (node?: unknown) => vscode.commands.executeCommand('adf.remote.treeChildren', node) as Promise<any[]>;
    await vscode.commands.executeCommand('adf.remote.refresh');
    const group = (await children((await children())[0])).find((n) => n.label === 'rg-ext');
    const fac = (await children(group)).find((n) => n.label === 'extuat');
    const pipelines = await children((await children(fac)).find((k) => k.label === 'Pipelines'));
    assert.equal(pipelines.find((p) => p.label === 'Child').resource.properties.parameters.label.defaultValue, 'uat');
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('adf.remote.publish', factory, { target: { ...target, factory: 'exttypo' }, confirm: true, stage: 'typo' })), /config-typo\.csv:2:1: no pipeline matches "Chlid"/);
    await vscode.commands.executeCommand('adf.remote.refresh');
    const factories = (await children(group)).map((n) => n.label);
    assert.ok(!factories.includes('exttypo'), 'nothing was created');
  });

  it('not signed in: the Azure tree is empty, so its welcome view (Sign in to Azure) shows instead of an error row', async () => {
    const cfg = vscode.workspace.getConfiguration('adf.azure');
    const token = cfg.get<string>('tokenEnvironmentVariable');
    await cfg.update('tokenEnvironmentVariable', undefined, vscode.ConfigurationTarget.Global);
    try {
      const roots = (await vscode.commands.executeCommand('adf.remote.treeChildren')) as unknown[];
      assert.deepEqual(roots, []);
      const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON;
      const welcome = pkg.contributes.viewsWelcome.find((w: { view: string }) => w.view === 'adf.remote');
      assert.match(welcome.contents, /\[Sign in to Azure\]\(command:adf\.remote\.signIn\)/);
    } finally {
      await cfg.update('tokenEnvironmentVariable', token, vscode.ConfigurationTarget.Global);
    }
  });

  it('shows subscriptions → resource groups → factories → kinds → resources in the Azure tree', async () => {
    const children = (node?: unknown) => vscode.commands.executeCommand('adf.remote.treeChildren', node) as Promise<{ type: string; label: string }[]>;
    const subs = await children();
    assert.deepEqual(subs.map((n) => n.type), ['subscription']);
    const groups = await children(subs[0]);
    assert.deepEqual(groups.map((n) => n.label), ['rg-ext']);
    const factories = await children(groups[0]);
    assert.deepEqual(factories.map((n) => n.label), ['extfactory', 'extuat']);
    const kinds = await children(factories[0]);
    const pipelines = await children(kinds.find((k) => k.label === 'Pipelines'));
    assert.deepEqual(pipelines.map((n) => n.label), ['Child', 'Parent']);
  });

  it('runs a pipeline in Azure through adf.remote.runPipeline and the run reaches the run manager', async () => {
    const a = await api();
    const factory = await localFactory();
    const runId = (await vscode.commands.executeCommand('adf.remote.runPipeline', factory, 'Parent', { target, parameters: { count: 3 } })) as string;
    assert.match(runId, /^[0-9a-f-]{36}$/);
    const done = await waitFor('the Azure run to succeed', async () => {
      const r = await a.services.runs.get(runId);
      return r && r.pipelineRun.status === 'Succeeded' ? r : undefined;
    }, 30000);
    assert.equal(done.pipelineRun.pipelineName, 'Parent');
    assert.equal(done.activityRuns.find((x) => x.activityName === 'CallChild')?.status, 'Succeeded');
    // The run manager reloads its sources when they change: the Azure run is listed with the local runs.
    await waitFor('the Azure run in the run list', async () => (await a.services.runs.list()).find((r) => r.runId === runId && r.status === 'Succeeded'));
  });
});
