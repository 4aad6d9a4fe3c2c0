/**
 * The `adfw fabric` CLI contracts end to end against `adfw fabric emulator` in its own process: one `listening`
 * line, workspaces/pipelines JSON, publish (dry run, create, unchanged, --only, broken files), run with typed
 * parameters (JSON shape, exit 0/1), --no-wait and cancel, usage errors with exit 2.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { adfwFromSource, ROOT } from '../../helpers/cli';
import { whenListening, type ListeningProcess } from '../../helpers/emulatorProcess';
import { FABRIC_FIXTURE, fixtureParts } from '../../helpers/fabric';
import * as fabric from '../../../src/engine/fabricRemote';
import { StaticTokenCredential, readPublishedEmulatorCert } from '../../../src/engine/remote';

const TOKEN_VAR = 'ADFW_TEST_FABRIC_TOKEN';
const TOKEN = 'fabric-cli-' + Math.random().toString(36).slice(2);

function adfw(args: string[], env: Record<string, string> = {}) {
  return adfwFromSource(['fabric', ...args], { [TOKEN_VAR]: TOKEN, ...env });
}

function json(r: { code: number; stdout: string; stderr: string }): any {
  try {
    return JSON.parse(r.stdout);
  } catch {
    assert.fail(`stdout is not one JSON document (exit ${r.code}):\n${r.stdout}\n--- stderr:\n${r.stderr}`);
  }
}

describe('adfw fabric (CLI)', () => {
  let emu: ListeningProcess | undefined;
  let url = '';
  let stateDir = '';
  const conn = () => ['--endpoint', url, '--token-env', TOKEN_VAR];

  before(async () => {
    stateDir = mkdtempSync(path.join(os.tmpdir(), 'adfw-fabric-cli-'));
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'cli', 'main.ts'), 'fabric', 'emulator', '--port', '0', '--token-env', TOKEN_VAR, '--state', stateDir, '--workspace', 'Sales'], { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '', [TOKEN_VAR]: TOKEN }, stdio: ['ignore', 'pipe', 'pipe'] });
    emu = await whenListening(child, 'the Fabric emulator', 60_000);
    url = emu.url;
  });

  after(async () => {
    if (emu) {
      assert.equal(await emu.stop(), 0, 'the emulator stops cleanly on SIGTERM');
      assert.equal(emu.stdout(), `listening ${url}\n`, 'the emulator prints exactly one line');
    }
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  });

  it('usage errors exit 2: no subcommand, unknown one, missing flags, a token variable that is not set', async () => {
    assert.equal((await adfw([])).code, 2);
    const unknown = await adfw(['nope']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown subcommand "nope"/);
    const noWs = await adfw(['pipelines', ...conn()]);
    assert.equal(noWs.code, 2);
    assert.match(noWs.stderr, /--workspace is required/);
    const unset = await adfw(['workspaces', '--endpoint', url, '--token-env', 'ADFW_TEST_FABRIC_UNSET']);
    assert.equal(unset.code, 2);
    assert.match(unset.stderr, /ADFW_TEST_FABRIC_UNSET .*not set/);
    const emuNoToken = await adfwFromSource(['fabric', 'emulator', '--token-env', 'ADFW_TEST_FABRIC_UNSET']);
    assert.equal(emuNoToken.code, 2);
    const emuNoConnections = await adfwFromSource(['fabric', 'emulator', '--token-env', TOKEN_VAR, '--connections', 'no-such-connections.json'], { [TOKEN_VAR]: TOKEN });
    assert.equal(emuNoConnections.code, 2);
    assert.match(emuNoConnections.stderr, /no-such-connections\.json/);
  });

  it('emulator: a bad --port is a usage error; a port in use exits 2 saying so', async () => {
    const bad = await adfw(['emulator', '--port', 'http', '--token-env', TOKEN_VAR]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--port expects a port number 0-65535, got "http"/);
    const port = new URL(url).port;
    const busy = await adfw(['emulator', '--port', port, '--token-env', TOKEN_VAR]);
    assert.equal(busy.code, 2, busy.stderr);
    assert.match(busy.stderr, new RegExp(`^adfw fabric emulator: cannot start: port ${port} is already in use; choose another --port`));
    assert.equal(busy.stdout, '');
  });

  it('workspaces --json lists the workspaces; a rejected token exits 1 with the 401 explained', async () => {
    const r = await adfw(['workspaces', '--json', ...conn()]);
    assert.equal(r.code, 0, r.stderr);
    const body = json(r);
    assert.deepEqual(Object.keys(body), ['workspaces']);
    assert.deepEqual(body.workspaces.map((w: any) => [w.displayName, w.type]), [['Sales', 'Workspace']]);
    assert.match(body.workspaces[0].id, /^[0-9a-f-]{36}$/);
    const bad = await adfw(['workspaces', '--json', ...conn()], { [TOKEN_VAR]: 'wrong' });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /not authenticated \(401\)/);
    assert.equal(bad.stdout, '');
  });

  it('publish: dry run plans, publish creates, the definitions equal the files, a second publish changes nothing', async () => {
    const dry = await adfw(['publish', FABRIC_FIXTURE, '--workspace', 'Sales', '--dry-run', '--json', ...conn()]);
    assert.equal(dry.code, 0, dry.stderr);
    const plan = json(dry);
    assert.deepEqual(Object.keys(plan), ['workspace', 'dryRun', 'changes', 'problems']);
    assert.equal(plan.dryRun, true);
    assert.deepEqual(plan.changes.map((c: any) => [c.name, c.folder, c.action, c.status]), [
      ['Fails', 'Fails.DataPipeline', 'create', 'planned'],
      ['Hello', 'Hello.DataPipeline', 'create', 'planned'],
      ['Slow', 'Slow.DataPipeline', 'create', 'planned'],
    ]);
    const only = await adfw(['publish', FABRIC_FIXTURE, '--workspace', 'Sales', '--only', 'Hello', '--json', ...conn()]);
    assert.equal(only.code, 0, only.stderr);
    assert.deepEqual(json(only).changes.map((c: any) => [c.name, c.status]), [['Hello', 'created']]);
    const all = await adfw(['publish', FABRIC_FIXTURE, '--workspace', 'Sales', '--json', ...conn()]);
    assert.equal(all.code, 0, all.stderr);
    const changes = json(all).changes;
    assert.deepEqual(changes.map((c: any) => [c.name, c.status]), [['Fails', 'created'], ['Hello', 'unchanged'], ['Slow', 'created']]);
    const client = new fabric.FabricClient({ credential: new StaticTokenCredential(TOKEN), endpoint: url, ca: await readPublishedEmulatorCert(Number(new URL(url).port)), maxPollDelayMs: 50 });
    try {
      const ws = await fabric.resolveWorkspace(client, 'Sales');
      for (const c of changes) {
        const parts = await fabric.getDefinition(client, ws.id, c.itemId);
        assert.deepEqual(parts.sort((a, b) => a.path.localeCompare(b.path)), fixtureParts(c.name));
      }
    } finally {
      client.close();
    }
    const again = await adfw(['publish', FABRIC_FIXTURE, '--workspace', 'Sales', ...conn()]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /^unchanged +Fails$/m);
  });

  it('publish rejects bad input: unknown --only name, a missing folder (exit 2), a broken file with its position (exit 1)', async () => {
    const unknown = await adfw(['publish', FABRIC_FIXTURE, '--workspace', 'Sales', '--only', 'Nope', ...conn()]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /--only names no local pipeline: Nope\. Pipelines: Fails, Hello, Slow/);
    const missing = await adfw(['publish', path.join(FABRIC_FIXTURE, 'nope'), '--workspace', 'Sales', ...conn()]);
    assert.equal(missing.code, 2);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'adfw-fabric-broken-'));
    try {
      cpSync(FABRIC_FIXTURE, dir, { recursive: true });
      writeFileSync(path.join(dir, 'Hello.DataPipeline', '.platform'), '{\n  "metadata": {"type": "DataPipeline" "displayName": "Hello"}\n}\n');
      const broken = await adfw(['publish', dir, '--workspace', 'Sales', ...conn()]);
      assert.equal(broken.code, 1);
      assert.match(broken.stderr, new RegExp(`${path.join(dir, 'Hello.DataPipeline', '.platform').replace(/[.\\]/g, '\\$&')}:2:\\d+ error Invalid JSON`));
      assert.match(broken.stderr, /nothing was published/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('pipelines --json lists the DataPipeline items; an unknown workspace exits 1', async () => {
    const r = await adfw(['pipelines', '--workspace', 'sales', '--json', ...conn()]);
    assert.equal(r.code, 0, r.stderr);
    const body = json(r);
    assert.equal(body.workspace.displayName, 'Sales');
    assert.deepEqual(body.pipelines.map((p: any) => [p.displayName, p.type]), [['Fails', 'DataPipeline'], ['Hello', 'DataPipeline'], ['Slow', 'DataPipeline']]);
    const none = await adfw(['pipelines', '--workspace', 'Nope', ...conn()]);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /No workspace "Nope".*Workspaces: Sales/);
  });

  it('run --json: typed parameters, the run and its activity runs in the REST shape, exit 0 when Succeeded', async () => {
    const r = await adfw(['run', '--workspace', 'Sales', '--pipeline', 'Hello', '--param', 'greeting=hey', '--param', 'times=4', '--json', ...conn()]);
    assert.equal(r.code, 0, r.stderr);
    const body = json(r);
    assert.deepEqual(Object.keys(body), ['pipelineRun', 'activityRuns']);
    const run = body.pipelineRun;
    for (const k of ['runId', 'pipelineName', 'status', 'runStart', 'runEnd', 'durationInMs', 'message']) assert.ok(k in run, `pipelineRun.${k}`);
    assert.equal(run.pipelineName, 'Hello');
    assert.equal(run.status, 'Succeeded');
    assert.equal(run.message, '');
    assert.deepEqual(run.parameters, { greeting: 'hey', times: '4' });
    assert.ok(!Object.keys(run).some((k) => k.startsWith('adfw:')));
    assert.deepEqual(body.activityRuns.map((a: any) => [a.activityName, a.status, a.pipelineRunId === run.runId]), [['Greet', 'Succeeded', true], ['Report', 'Succeeded', true]]);
    assert.deepEqual(body.activityRuns[0].output, { name: 'message', value: 'hey, 4' }, 'times=4 went to the service as the Int 4');
  });

  it('run exits 1 when the run Failed, 2 on a parameter the pipeline does not declare or a value of the wrong type', async () => {
    const failed = await adfw(['run', '--workspace', 'Sales', '--pipeline', 'Fails', '--param', 'reason=cli', '--json', ...conn()]);
    assert.equal(failed.code, 1, failed.stderr);
    const body = json(failed);
    assert.equal(body.pipelineRun.status, 'Failed');
    assert.match(body.pipelineRun.message, /bad input: cli/);
    assert.equal(body.activityRuns[0].error.errorCode, '4711');
    const undeclared = await adfw(['run', '--workspace', 'Sales', '--pipeline', 'Hello', '--param', 'nope=1', ...conn()]);
    assert.equal(undeclared.code, 2);
    assert.match(undeclared.stderr, /has no parameter "nope"\. Declared: greeting, times/);
    const wrongType = await adfw(['run', '--workspace', 'Sales', '--pipeline', 'Hello', '--param', 'times=abc', ...conn()]);
    assert.equal(wrongType.code, 2);
    assert.match(wrongType.stderr, /"times" is Int/);
    const noPipe = await adfw(['run', '--workspace', 'Sales', '--pipeline', 'Nope', ...conn()]);
    assert.equal(noPipe.code, 1);
    assert.match(noPipe.stderr, /No pipeline "Nope".*Pipelines: Fails, Hello, Slow/);
  });

  it('run: Ctrl+C stops waiting (exit 1) and says how to cancel the run, which goes on', async () => {
    const p = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'cli', 'main.ts'), 'fabric', 'run', '--workspace', 'Sales', '--pipeline', 'Slow', ...conn()], { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '', [TOKEN_VAR]: TOKEN }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let interrupted = false;
    const code = await new Promise<number | null>((resolve) => {
      p.stderr!.on('data', (d) => {
        stderr += d;
        if (!interrupted && /started; waiting/.test(stderr)) {
          interrupted = true;
          p.kill('SIGINT');
        }
      });
      p.on('close', (c) => resolve(c));
    });
    assert.equal(code, 1, stderr);
    const m = /stopped waiting; run ([0-9a-f-]{36}) goes on in Fabric\. Cancel it with: adfw fabric cancel --workspace [0-9a-f-]{36} --run-id \1/.exec(stderr);
    assert.ok(m, stderr);
    const c = await adfw(['cancel', '--workspace', 'Sales', '--run-id', m[1], '--json', ...conn()]);
    assert.equal(c.code, 0, c.stderr);
  });

  it('run --no-wait returns the started run; cancel stops it; bad run ids are refused', async () => {
    const started = await adfw(['run', '--workspace', 'Sales', '--pipeline', 'Slow', '--no-wait', '--json', ...conn()]);
    assert.equal(started.code, 0, started.stderr);
    const run = json(started).pipelineRun;
    assert.ok(['Queued', 'InProgress'].includes(run.status), run.status);
    const c = await adfw(['cancel', '--workspace', 'Sales', '--run-id', run.runId, '--json', ...conn()]);
    assert.equal(c.code, 0, c.stderr);
    const cancelled = json(c).pipelineRun;
    assert.equal(cancelled.runId, run.runId);
    assert.ok(['Canceling', 'Cancelled'].includes(cancelled.status), cancelled.status);
    const notGuid = await adfw(['cancel', '--workspace', 'Sales', '--run-id', 'abc', ...conn()]);
    assert.equal(notGuid.code, 2);
    const unknown = await adfw(['cancel', '--workspace', 'Sales', '--run-id', '00000000-0000-0000-0000-000000000000', ...conn()]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /No run 00000000/);
  });
});
