/** CLI contracts on a Microsoft Fabric workspace folder: validate, run and test (exit codes and JSON shapes). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { adfwFromSource, ROOT } from '../../helpers/cli';

const WS = path.join(ROOT, 'samples', 'fabric-workspace');

test('adfw validate --json on a Fabric workspace: one factory, diagnostics in the contract shape, ADF8020 with --connections', async () => {
  const r = await adfwFromSource(['validate', WS, '--json', '--connections', path.join(WS, 'connections.json')]);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(out), ['factories', 'diagnostics']);
  assert.equal(out.factories.length, 1);
  assert.equal(out.factories[0].name, 'fabric-workspace');
  assert.equal(out.factories[0].resources.pipeline, 3);
  const codes = out.diagnostics.map((d: any) => d.code);
  assert.deepEqual([...new Set(codes)], ['ADF8020']);
  for (const d of out.diagnostics) assert.deepEqual(Object.keys(d), ['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'code', 'source', 'message']);
});

test('adfw validate exits 1 on a workspace with an unresolved InvokePipeline id, at the exact position', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-fabric-cli-'));
  const item = path.join(dir, 'Bad.DataPipeline');
  await fs.mkdir(item);
  await fs.writeFile(path.join(item, '.platform'), JSON.stringify({ metadata: { type: 'DataPipeline', displayName: 'Bad' }, config: { logicalId: '11111111-1111-4111-8111-111111111111' } }));
  // UTF-16 LE with a BOM, as some Windows tools save it.
  const content = '{\n  "properties": {\n    "activities": [\n      { "name": "Call", "type": "InvokePipeline", "typeProperties": { "operationType": "InvokeFabricPipeline", "pipelineId": "22222222-2222-4222-8222-222222222222" } }\n    ]\n  }\n}\n';
  await fs.writeFile(path.join(item, 'pipeline-content.json'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(content, 'utf16le')]));
  const r = await adfwFromSource(['validate', dir, '--json']);
  assert.equal(r.code, 1, r.stderr);
  const d = JSON.parse(r.stdout).diagnostics.find((x: any) => x.code === 'ADF8010');
  assert.ok(d, r.stdout);
  const col = content.split('\n')[3].indexOf('"22222222') + 1;
  assert.deepEqual([d.line, d.column, d.endLine, d.endColumn, d.severity], [4, col, 4, col + 38, 'error']);
  const run = await adfwFromSource(['run', dir, 'Bad', '--no-store']);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /Fabric workspace at .* does not validate/);
});

test('adfw run on a Fabric workspace: pipeline by logicalId, --connections by id, --value-set, --mock for Fabric-only activities', async () => {
  const mock = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-fabric-mock-')), 'refresh.json');
  await fs.writeFile(mock, JSON.stringify({ status: 'Completed' }));
  const env = {};
  const conn = path.join(path.dirname(mock), 'connections.json');
  await fs.writeFile(conn, JSON.stringify({ '9a3f6c2e-0b4d-4e8a-8c61-2f5d7e9b0c11': { type: 'FileServer', host: path.join(WS, 'data') } }));
  const r = await adfwFromSource(['run', WS, '5c0e2a51-7d1b-4a57-9f0e-1b6c1d8a0003', '--connections', conn, '--value-set', 'Test', '--mock', `type:PBISemanticModelRefresh=${mock}`, '--no-store', '--json'], env);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const out = JSON.parse(r.stdout);
  assert.equal(out.pipelineRun.pipelineName, 'Orchestrate');
  assert.deepEqual(out.pipelineRun['adfw:fabric'], { workspace: 'fabric-workspace', valueSet: 'Test' });
  assert.deepEqual(out.pipelineRun['adfw:returnValue'], { labels: ['eu@test-wh', 'us@test-wh'], mode: 'daily/25' });
  const failed = await adfwFromSource(['run', WS, 'Orchestrate', '--connections', conn, '--no-store', '--json']);
  assert.equal(failed.code, 1);
  const usage = await adfwFromSource(['run', path.join(ROOT, 'samples', 'control-flow'), 'Orchestrate', '--value-set', 'Test']);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /--value-set applies to Microsoft Fabric workspace folders/);
});

test('adfw test on a Fabric workspace runs tests/*.adftest.json beside its items', async () => {
  const r = await adfwFromSource(['test', WS, '--reporter', 'json']);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const out = JSON.parse(r.stdout);
  assert.deepEqual([out.passed, out.failed, out.errors], [5, 0, 0]);
});
