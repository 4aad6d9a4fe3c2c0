/** adfw run / adfw runs: exit codes, JSON contract, progress output, store, report, and a secrets scan of every artefact. */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as http from 'node:http';
import { mkdtempSync, writeFileSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';

const ROOT = path.resolve(__dirname, '../../..');
const FIX = path.join(ROOT, 'test/fixtures/run');
const work = mkdtempSync(path.join(tmpdir(), 'adfw-cli-run-'));

function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), ...args], { cwd: ROOT, env: { ...process.env, ...env, NODE_OPTIONS: '' }, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name));
}

let server: http.Server;
let apiUrl: string;
const token = `tok-${randomBytes(8).toString('hex')}`;
const serverSecret = `srv-secret-${randomBytes(8).toString('hex')}`;
const accountKey = randomBytes(32).toString('base64');
const connectionString = `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${accountKey};EndpointSuffix=core.windows.net`;

before(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      if (req.url?.endsWith('/secret')) res.end(JSON.stringify({ value: serverSecret }));
      else res.end(JSON.stringify({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  apiUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/api`;
});
after(() => {
  server.closeAllConnections();
  server.close();
  rmSync(work, { recursive: true, force: true });
});

describe('adfw run', () => {
  test('usage errors exit 2', async () => {
    const a = await cli(['run', path.join(FIX, 'secrets')]);
    assert.equal(a.code, 2);
    assert.match(a.stderr, /expected <factoryDir> <pipelineName>/);
    const b = await cli(['run', path.join(FIX, 'secrets'), 'UseSecrets', '--bogus']);
    assert.equal(b.code, 2);
    const c = await cli(['run', path.join(FIX, 'secrets'), 'UseSecrets', '--param', 'apiUrl=x', '--no-store']);
    assert.equal(c.code, 2, 'missing required SecureString parameter');
    assert.match(c.stderr, /Missing value for required parameter 'token' \(SecureString\)/);
  });

  test('a factory that does not validate exits 2 with the diagnostics of validate, human and --json', async () => {
    const dir = path.join(work, 'broken');
    for (const d of ['pipeline']) rmSync(path.join(dir, d), { recursive: true, force: true });
    require('node:fs').mkdirSync(path.join(dir, 'pipeline'), { recursive: true });
    writeFileSync(path.join(dir, 'pipeline', 'p.json'), '{"name": "p", "properties": {"activities": [ {"name": "A", "type": "Wait", "typeProperties": {"waitTimeInSeconds": 0}} ,, ]}}');
    // A semantic error (a call to a pipeline that does not exist) in a second, well-formed file.
    writeFileSync(path.join(dir, 'pipeline', 'q.json'), JSON.stringify({ name: 'q', properties: { activities: [{ name: 'Call', type: 'ExecutePipeline', typeProperties: { pipeline: { referenceName: 'Nowhere', type: 'PipelineReference' } } }] } }, null, 2));
    const [human, json, validate] = await Promise.all([cli(['run', dir, 'p', '--no-store']), cli(['run', dir, 'q', '--no-store', '--json']), cli(['validate', dir, '--json'])]);
    assert.equal(human.code, 2);
    assert.equal(human.stdout, '', 'nothing on stdout without --json');
    assert.match(human.stderr, /does not validate/);
    const lines = human.stderr.split('\n').filter((l) => /^\S+:\d+:\d+ /.test(l));
    assert.ok(lines.some((l) => /p\.json:1:\d+ error ADF0\d{3} /.test(l)), human.stderr);
    assert.ok(lines.some((l) => /q\.json:\d+:\d+ error ADF2\d{3} .*Nowhere/.test(l)), human.stderr);

    assert.equal(json.code, 2, json.stderr);
    const doc = JSON.parse(json.stdout) as { diagnostics: Record<string, unknown>[] };
    assert.deepEqual(Object.keys(doc), ['diagnostics']);
    const expected = (JSON.parse(validate.stdout) as { diagnostics: Record<string, unknown>[] }).diagnostics.filter((d) => d.severity === 'error');
    assert.ok(expected.length >= 2);
    assert.deepEqual(doc.diagnostics, expected, 'exactly the error diagnostics of validate --json');
    for (const d of doc.diagnostics) assert.deepEqual(Object.keys(d), ['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'code', 'source', 'message']);
    assert.ok(doc.diagnostics.some((d) => d.source === 'json' && String(d.file).endsWith('p.json')));
    assert.ok(doc.diagnostics.some((d) => d.source === 'semantic' && String(d.file).endsWith('q.json')));
    // The human lines are the ones validate prints for the same diagnostics.
    const validateHuman = await cli(['validate', dir, '--quiet']);
    for (const l of lines) assert.ok(validateHuman.stdout.split('\n').includes(l), `validate prints ${l}`);
  });

  test('a run that uses secrets: exit 1, JSON contract, and no secret in stdout, stderr, store, report', async () => {
    const conn = path.join(work, 'connections.json');
    writeFileSync(conn, JSON.stringify({ BlobStore: { connectionString: '${env:ADFW_TEST_CONN}' } }));
    const store = path.join(work, 'store');
    const report = path.join(work, 'report.html');
    const env = { ADFW_TEST_CONN: connectionString };
    const args = ['run', path.join(FIX, 'secrets'), 'UseSecrets', '--param', `apiUrl=${apiUrl}`, '--param', `token=${token}`, '--connections', conn, '--store', store, '--now', '2024-05-01T00:00:00Z', '--seed', '5'];
    const json = await cli([...args, '--json', '--report', report], env);
    assert.equal(json.code, 1, json.stderr);
    const parsed = JSON.parse(json.stdout) as { pipelineRun: Record<string, any>; activityRuns: Record<string, any>[] };
    assert.deepEqual(Object.keys(parsed), ['pipelineRun', 'activityRuns']);
    assert.equal(parsed.pipelineRun.status, 'Failed');
    assert.equal(parsed.pipelineRun['adfw:now'], '2024-05-01T00:00:00Z');
    assert.equal(parsed.pipelineRun['adfw:seed'], 5);
    assert.deepEqual(parsed.activityRuns.map((a) => a.activityName), ['CallApi', 'GetSecret', 'KeepSecret', 'CopyToken', 'Explode']);
    const starts = parsed.activityRuns.map((a) => a.activityRunStart);
    assert.deepEqual([...starts].sort(), starts, 'ordered by start');
    for (const k of ['activityRunId', 'activityName', 'activityType', 'pipelineRunId', 'status', 'activityRunStart', 'activityRunEnd', 'durationInMs', 'input', 'output', 'error']) assert.ok(k in parsed.activityRuns[0], k);
    assert.equal(parsed.activityRuns[4].error.errorCode, 'SecretLeak');
    assert.match(parsed.activityRuns[4].error.message, /^gave up with token \*\*\* and \*\*\*$/);
    assert.equal(parsed.pipelineRun.parameters.token, '***');
    const headers = (parsed.activityRuns[0].output as { headers: Record<string, string> }).headers;
    assert.ok(headers.authorization === '***' || headers.authorization === 'Bearer ***', headers.authorization);

    const text = await cli(args, env);
    assert.equal(text.code, 1);
    assert.match(text.stdout, /> CallApi \(WebActivity\) started/);
    assert.match(text.stdout, /x Explode Failed/);
    assert.match(text.stdout, /Activity +Type +Status +Duration +Error/);
    assert.match(text.stdout, /Pipeline 'UseSecrets' Failed/);

    const artefacts: [string, string][] = [['stdout --json', json.stdout], ['stderr --json', json.stderr], ['stdout', text.stdout], ['stderr', text.stderr]];
    for (const f of [...filesUnder(store), report]) artefacts.push([f, readFileSync(f, 'utf8')]);
    assert.ok(artefacts.length >= 6, 'store files and report written');
    for (const [name, content] of artefacts) {
      for (const secret of [token, serverSecret, accountKey, connectionString]) assert.ok(!content.includes(secret), `${name} contains a secret`);
    }
  });

  test('success exits 0; adfw runs lists and shows the recorded runs; --until and mocks from files', async () => {
    const store = path.join(work, 'store2');
    const mock = path.join(work, 'secret-mock.json');
    writeFileSync(mock, JSON.stringify({ value: 'mocked' }));
    const r = await cli(['run', path.join(FIX, 'secrets'), 'UseSecrets', '--param', `apiUrl=${apiUrl}`, '--param', `token=${token}`, '--until', 'KeepSecret', '--mock', `GetSecret=${mock}`, '--store', store, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const run = JSON.parse(r.stdout) as { pipelineRun: { runId: string; 'adfw:variables': Record<string, string> }; activityRuns: { activityName: string }[] };
    assert.deepEqual(run.activityRuns.map((a) => a.activityName), ['CallApi', 'GetSecret', 'KeepSecret']);
    assert.equal(run.pipelineRun['adfw:variables'].fromSecureOutput, '***', 'a mocked secureOutput value is still masked');
    const list = await cli(['runs', path.join(FIX, 'secrets'), '--store', store, '--json']);
    assert.equal(list.code, 0);
    assert.deepEqual((JSON.parse(list.stdout) as { value: { runId: string }[] }).value.map((x) => x.runId), [run.pipelineRun.runId]);
    const show = await cli(['runs', 'show', path.join(FIX, 'secrets'), run.pipelineRun.runId, '--store', store]);
    assert.equal(show.code, 0);
    assert.match(show.stdout, /KeepSecret +SetVariable +Succeeded/);
    const missing = await cli(['runs', 'show', path.join(FIX, 'secrets'), 'nope', '--store', store]);
    assert.equal(missing.code, 1);
  });

  test('--rerun with --from-failed: same run group, succeeded activities reused', async () => {
    const store = path.join(work, 'store3');
    const dir = path.join(FIX, 'rerun');
    const first = await cli(['run', dir, 'Gate', '--store', store, '--json']);
    assert.equal(first.code, 1, first.stderr);
    const failed = JSON.parse(first.stdout) as { pipelineRun: { runId: string; runGroupId: string; message: string }; activityRuns: { activityName: string; activityRunId: string }[] };
    assert.match(failed.pipelineRun.message, /Operation on target CheckGate failed: .*The gate is closed/);
    const again = await cli(['run', dir, 'Gate', '--store', store, '--rerun', failed.pipelineRun.runId, '--from-failed', '--param', 'open=true', '--json']);
    assert.equal(again.code, 0, again.stderr);
    const rerun = JSON.parse(again.stdout) as typeof failed & { pipelineRun: Record<string, unknown> };
    assert.equal(rerun.pipelineRun.runGroupId, failed.pipelineRun.runGroupId);
    assert.equal(rerun.pipelineRun['adfw:isRerun'], true);
    assert.deepEqual(rerun.pipelineRun['adfw:variables'], { trace: ['prepared', 'finished'] });
    assert.equal(rerun.activityRuns.find((a) => a.activityName === 'Prepare')!.activityRunId, failed.activityRuns.find((a) => a.activityName === 'Prepare')!.activityRunId);
    const bad = await cli(['run', dir, 'Gate', '--store', store, '--rerun', 'no-such-run']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /run no-such-run is not in the run store/);
  });

  test('Ctrl+C cancels: exit 1 and the stored run says Cancelled; a killed process leaves a readable record', async () => {
    const { spawn } = await import('node:child_process');
    const dir = path.join(FIX, 'slow');
    const start = (store: string) => {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'run', dir, 'Slow', '--store', store], { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '' } });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      const started = new Promise<void>((resolve) => child.stdout.on('data', () => out.includes('> Long (Wait) started') && resolve()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      return { child, started, exited, output: () => out };
    };
    const storeA = path.join(work, 'store-sigint');
    const a = start(storeA);
    await a.started;
    a.child.kill('SIGINT');
    assert.equal(await a.exited, 1);
    assert.match(a.output(), /Pipeline 'Slow' Cancelled/);
    const listA = JSON.parse((await cli(['runs', dir, '--store', storeA, '--json'])).stdout) as { value: { status: string }[] };
    assert.deepEqual(listA.value.map((r) => r.status), ['Cancelled']);

    const storeB = path.join(work, 'store-kill');
    const b = start(storeB);
    await b.started;
    b.child.kill('SIGKILL');
    await b.exited;
    const listB = JSON.parse((await cli(['runs', dir, '--store', storeB, '--json'])).stdout) as { value: { status: string; runId: string; message: string }[] };
    // The record written at start survives the crash intact, and reads as interrupted: its process is gone.
    assert.deepEqual(listB.value.map((r) => r.status), ['Failed']);
    assert.match(listB.value[0].message, /^The run was interrupted: the process running it ended before it finished \(last seen /);
    const after = await cli(['run', path.join(FIX, 'rerun'), 'Gate', '--store', storeB, '--param', 'open=true']);
    assert.equal(after.code, 0, 'the store keeps working after a crash');
  });
});
