/**
 * Fabric workspaces in the extension host against the Fabric emulator (`adfw fabric emulator` as a child process,
 * its certificate published for loopback clients): the Fabric Workspaces tree, Run on Fabric with parameters, and
 * the run with its activity runs in the run manager (and so the monitor and the Runs view).
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import * as vscode from 'vscode';
import { api, waitFor, startCliEmulator, EXTENSION_ID, type CliEmulator } from './helpers';

const TOKEN_VAR = 'ADFW_EXT_TEST_FABRIC_TOKEN';

describe('Fabric workspaces (Fabric emulator)', function () {
  this.timeout(60000);
  let emu: CliEmulator | undefined;
  let cliRun: (args: string[]) => { status: number | null; stdout: string; stderr: string };

  before(async () => {
    emu = await startCliEmulator('the Fabric emulator', ['fabric', 'emulator', '--workspace', 'Sales'], TOKEN_VAR);
    const { url, cli, env } = emu;
    const root = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    cliRun = (args) => spawnSync(process.execPath, [cli, 'fabric', ...args, '--endpoint', url, '--token-env', TOKEN_VAR], { env, encoding: 'utf8' });
    // The fixture workspace's pipelines, published through the CLI.
    const pub = cliRun(['publish', path.join(root, 'test', 'fixtures', 'fabric-remote', 'workspace'), '--workspace', 'Sales']);
    assert.equal(pub.status, 0, pub.stderr);
    const cfg = vscode.workspace.getConfiguration('adf.fabric');
    await cfg.update('endpoint', url, vscode.ConfigurationTarget.Global);
    await cfg.update('tokenEnvironmentVariable', TOKEN_VAR, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    const cfg = vscode.workspace.getConfiguration('adf.fabric');
    await cfg.update('endpoint', undefined, vscode.ConfigurationTarget.Global);
    await cfg.update('tokenEnvironmentVariable', undefined, vscode.ConfigurationTarget.Global);
    await emu?.stop();
  });

  const children = (node?: unknown) => vscode.commands.executeCommand('adf.fabric.treeChildren', node) as Promise<{ type: string; label: string }[]>;

  it('shows workspaces and their pipelines in the Fabric Workspaces tree', async () => {
    const roots = await children();
    assert.deepEqual(roots.map((n) => [n.type, n.label]), [['workspace', 'Sales']]);
    const pipelines = await children(roots[0]);
    assert.deepEqual(pipelines.map((n) => [n.type, n.label]), [['pipeline', 'Fails'], ['pipeline', 'Hello'], ['pipeline', 'Slow']]);
  });

  it('runs a pipeline on Fabric with parameters; the run and its activity runs reach the run manager', async () => {
    const a = await api();
    const runId = (await vscode.commands.executeCommand('adf.fabric.runPipeline', { workspace: 'Sales', pipeline: 'Hello', parameters: { greeting: 'yo', times: 5 } })) as string;
    assert.match(runId, /^[0-9a-f-]{36}$/);
    const done = await waitFor('the Fabric run to succeed', async () => {
      const r = await a.services.runs.get(runId);
      return r && r.pipelineRun.status === 'Succeeded' && r.activityRuns.length === 2 ? r : undefined;
    }, 30000);
    assert.equal(done.pipelineRun.pipelineName, 'Hello');
    assert.deepEqual(done.activityRuns.map((x) => [x.activityName, x.status]), [['Greet', 'Succeeded'], ['Report', 'Succeeded']]);
    assert.deepEqual(done.activityRuns[0].output, { name: 'message', value: 'yo, 5' });
    await waitFor('the Fabric run in the run list', async () => (await a.services.runs.list()).find((r) => r.runId === runId && r.status === 'Succeeded'));
  });

  it('a failed Fabric run carries its failure message', async () => {
    const a = await api();
    const runId = (await vscode.commands.executeCommand('adf.fabric.runPipeline', { workspace: 'Sales', pipeline: 'Fails', parameters: { reason: 'vscode' } })) as string;
    const done = await waitFor('the Fabric run to fail', async () => {
      const r = await a.services.runs.get(runId);
      return r && r.pipelineRun.status === 'Failed' ? r : undefined;
    }, 30000);
    assert.match(done.pipelineRun.message, /bad input: vscode/);
  });

  it('lists runs started elsewhere (the CLI) for the pipelines the view shows, with their activity runs', async () => {
    const a = await api();
    const started = cliRun(['run', '--workspace', 'Sales', '--pipeline', 'Hello', '--param', 'greeting=cli', '--json']);
    assert.equal(started.status, 0, started.stderr);
    const runId = JSON.parse(started.stdout).pipelineRun.runId as string;
    await children((await children())[0]); // the view shows the workspace's pipelines again
    await waitFor('the CLI run in the run list', async () => (await a.services.runs.list()).find((r) => r.runId === runId && r.status === 'Succeeded'));
    const r = await a.services.runs.get(runId);
    assert.equal(r?.pipelineRun.pipelineName, 'Hello');
    assert.deepEqual(r?.activityRuns[0].output, { name: 'message', value: 'cli, 1' });
  });

  it('not signed in: the Fabric tree is empty, so its welcome view (Sign in to Fabric) shows', async () => {
    const cfg = vscode.workspace.getConfiguration('adf.fabric');
    const token = cfg.get<string>('tokenEnvironmentVariable');
    await cfg.update('tokenEnvironmentVariable', undefined, vscode.ConfigurationTarget.Global);
    try {
      assert.deepEqual(await children(), []);
      const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON;
      const welcome = pkg.contributes.viewsWelcome.find((w: { view: string }) => w.view === 'adf.fabric');
      assert.match(welcome.contents, /\[Sign in to Fabric\]\(command:adf\.fabric\.signIn\)/);
    } finally {
      await cfg.update('tokenEnvironmentVariable', token, vscode.ConfigurationTarget.Global);
    }
  });
});
