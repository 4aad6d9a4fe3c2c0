/**
 * The CLI contracts end to end: `adfw emulator` (one `listening` line, token from --token-env),
 * `adfw publish --json`, `adfw remote list --json`, `adfw remote run --wait --json` with exit codes,
 * against the emulator process on a free loopback port.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { adfwFromSource } from '../../helpers/cli';
import { whenListening, type ListeningProcess } from '../../helpers/emulatorProcess';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FIXTURE, SUB, RG } from './setup';

const ROOT = path.join(__dirname, '..', '..', '..');
const MAIN = path.join(ROOT, 'src', 'cli', 'main.ts');
const TOKEN_VAR = 'ADFW_TEST_ARM_TOKEN';
const TOKEN = 'cli-token-' + Math.random().toString(36).slice(2);

function adfw(args: string[], env: Record<string, string> = {}) {
  return adfwFromSource(args, { [TOKEN_VAR]: TOKEN, ...env });
}

describe('adfw emulator / publish / remote (CLI)', () => {
  let emu: ListeningProcess | undefined;
  let url = '';
  let stateDir = '';
  const common = () => ['--endpoint', url, '--token-env', TOKEN_VAR];

  before(async () => {
    stateDir = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-cli-emu-'));
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'emulator', '--port', '0', '--token-env', TOKEN_VAR, '--state-dir', stateDir], { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '', [TOKEN_VAR]: TOKEN }, stdio: ['ignore', 'pipe', 'pipe'] });
    emu = await whenListening(child, 'the emulator', 60_000);
    url = emu.url;
    // Loopback clients find the emulator's certificate where it published it.
    const { readPublishedEmulatorCert } = await import('../../../src/engine/emulator');
    assert.ok(await readPublishedEmulatorCert(Number(new URL(url).port)), 'the emulator published its certificate for loopback clients');
  });

  after(async () => {
    if (emu) {
      assert.equal(await emu.stop(), 0, 'the emulator stops cleanly on SIGTERM');
      assert.equal(emu.stdout(), `listening ${url}\n`, 'the emulator prints exactly one line');
    }
    if (stateDir) await fs.rm(stateDir, { recursive: true, force: true });
  });

  it('emulator: a bad --port is a usage error; a port in use exits 2 saying so', async () => {
    const bad = await adfw(['emulator', '--port', '70000', '--token-env', TOKEN_VAR]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--port expects a port number 0-65535, got "70000"/);
    const port = new URL(url).port;
    const busy = await adfw(['emulator', '--port', port, '--token-env', TOKEN_VAR]);
    assert.equal(busy.code, 2, busy.stderr);
    assert.match(busy.stderr, new RegExp(`^adfw emulator: cannot start: port ${port} is already in use; choose another --port`));
    assert.equal(busy.stdout, '');
  });

  it('publish --dry-run --json, then publish --json (creating the factory on the empty emulator), reports per-resource changes', async () => {
    const target = ['--subscription', SUB, '--resource-group', RG, '--factory', 'clifactory'];
    const dry = await adfw(['publish', FIXTURE, ...target, ...common(), '--dry-run', '--json']);
    assert.equal(dry.code, 0, dry.stderr);
    const plan = JSON.parse(dry.stdout);
    assert.equal(plan.dryRun, true);
    assert.equal(plan.summary.create, 9);
    assert.deepEqual(plan.changes[0], { kind: 'factory', name: 'clifactory', action: 'create', status: 'planned' });
    const real = await adfw(['publish', FIXTURE, ...target, ...common(), '--json']);
    assert.equal(real.code, 0, real.stderr);
    const res = JSON.parse(real.stdout);
    assert.equal(res.ok, true);
    assert.ok(res.changes.filter((c: any) => c.action === 'create').every((c: any) => c.status === 'succeeded'));
  });

  it('remote list --json prints the factories with their resources', async () => {
    const r = await adfw(['remote', 'list', '--subscription', SUB, ...common(), '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.subscriptionId, SUB);
    const f = out.factories.find((x: any) => x.name === 'clifactory');
    assert.equal(f.resourceGroup, RG);
    assert.deepEqual(f.resources.pipeline, ['Child', 'Flaky', 'Parent', 'Slow']);
    assert.deepEqual(f.resources.trigger, ['Nightly']);
  });

  it('remote run --wait --json prints the run in REST shape; exit 0 on success, 1 on failure', async () => {
    const target = ['--subscription', SUB, '--resource-group', RG, '--factory', 'clifactory'];
    const ok = await adfw(['remote', 'run', ...target, '--pipeline', 'Parent', '--param', 'count=2', ...common(), '--wait', '--json']);
    assert.equal(ok.code, 0, ok.stderr);
    const res = JSON.parse(ok.stdout);
    assert.deepEqual(Object.keys(res), ['pipelineRun', 'activityRuns']);
    assert.equal(res.pipelineRun.status, 'Succeeded');
    assert.equal(res.pipelineRun.pipelineName, 'Parent');
    assert.deepEqual(res.pipelineRun.parameters, { count: '2' });
    assert.equal(res.activityRuns[0].activityName, 'CallChild');
    assert.ok(!Object.keys(res.pipelineRun).some((k) => k.startsWith('adfw:')));
    const bad = await adfw(['remote', 'run', ...target, '--pipeline', 'Flaky', ...common(), '--wait', '--json']);
    assert.equal(bad.code, 1);
    assert.equal(JSON.parse(bad.stdout).pipelineRun.status, 'Failed');
    const missing = await adfw(['remote', 'run', ...target, '--pipeline', 'NoSuchPipeline', ...common(), '--json']);
    assert.equal(missing.code, 2, 'a run that cannot start exits 2, as adfw run');
    assert.match(missing.stderr, /could not start: Pipeline "NoSuchPipeline" does not exist/);
    const typed = await adfw(['remote', 'run', ...target, '--pipeline', 'Parent', '--param', 'count=two', ...common(), '--json']);
    assert.equal(typed.code, 2);
    assert.match(typed.stderr, /Parameter "count" is Int; "two" is not an integer/);
  });

  it('exit codes and messages for a rejected token, a plain-HTTP endpoint and missing options', async () => {
    const wrong = await adfw(['remote', 'list', '--subscription', SUB, '--endpoint', url, '--token-env', 'ADFW_WRONG', '--json'], { ADFW_WRONG: 'nope' });
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /not authenticated \(401\)/);
    assert.equal(wrong.stdout, '');
    const http = await adfw(['remote', 'list', '--subscription', SUB, '--endpoint', url.replace('https:', 'http:'), '--token-env', TOKEN_VAR]);
    assert.equal(http.code, 2);
    assert.match(http.stderr, /only sent over HTTPS/);
    const missing = await adfw(['remote', 'run', '--subscription', SUB, ...common(), '--pipeline', 'P']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--resource-group is required/);
    const unset = await adfw(['remote', 'list', '--subscription', SUB, '--endpoint', url, '--token-env', 'ADFW_UNSET_VAR']);
    assert.equal(unset.code, 2);
    assert.match(unset.stderr, /ADFW_UNSET_VAR \(from --token-env\) is not set/);
  });
});
