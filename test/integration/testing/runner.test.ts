import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AssertionError } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import {
  assertActivity, assertStatus, assertVariable, loadFactory, runPipeline, runTestFile, runTests, testFileFromRun, type MockDef,
} from '../../../src/engine/testing';
import testCommand from '../../../src/cli/commands/test';

const fixtures = path.join(__dirname, '..', '..', 'fixtures', 'testing');
const factoryDir = path.join(fixtures, 'factory');
const mocks: MockDef[] = [
  { activity: 'LookupTables', output: { count: 2, value: [{ name: 'orders' }, { name: 'lines' }] } },
  { type: 'Copy', output: { rowsCopied: 5 } },
  { type: 'SqlServerStoredProcedure', output: {} },
];

async function cli(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await testCommand(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

test('the passing suite passes: branches, per-iteration inputs, errors, variables and the return value', async () => {
  const results = await runTestFile(path.join(factoryDir, 'tests', 'loadOrders.adftest.json'));
  assert.deepEqual(results.map((r) => [r.name, r.status, r.failures.map((f) => f.message)]), [
    ['incremental run copies each table since the watermark and logs', 'passed', []],
    ["full run posts the table count to the region's hook", 'passed', []],
    ['a copy error on the second table fails the pipeline', 'passed', []],
    ['an empty lookup copies nothing', 'passed', []],
  ]);
  assert.ok(results.every((r) => r.runId && r.run));
});

test('failures carry expected/actual and the position of the expectation', async () => {
  const s = await runTests([path.join(fixtures, 'failing')]);
  assert.deepEqual([s.passed, s.failed, s.errors, s.skipped], [1, 2, 2, 1]);
  const order = s.results.find((r) => r.name === 'wrong order')!;
  assert.match(order.failures[0].message, /"CopyTable" started before "SetStatus"/);
  const wrong = s.results.find((r) => r.name === 'wrong query and status')!;
  const q = wrong.failures.find((f) => f.path === 'activities.CopyTable.input.source.sqlReaderQuery')!;
  assert.equal(q.expected, 'SELECT * FROM orders');
  assert.equal(q.actual, "SELECT * FROM orders WHERE modified > '2024-01-01'");
  assert.equal(q.location!.line, 37);
  const text = await fs.readFile(path.join(fixtures, 'failing', 'wrong.adftest.json'), 'utf8');
  assert.equal(text.slice(q.location!.offset, q.location!.offset + q.location!.length), '"SELECT * FROM orders"');
  const st = wrong.failures.find((f) => f.path === 'status')!;
  assert.deepEqual([st.expected, st.actual], ['Failed', 'Succeeded']);
  assert.match(s.results.find((r) => r.name === 'unknown activity')!.error!, /unknown activity "Nope"/);
  assert.match(s.results.find((r) => r.name === 'missing parameter cannot start')!.error!, /parameter 'since'/);
});

test('adfw test: exit codes, reporters and JUnit output', async () => {
  const pass = await cli([factoryDir]);
  assert.equal(pass.code, 0, pass.out + pass.err);
  assert.match(pass.out, /4 test\(s\): 4 passed, 0 failed/);
  const fail = await cli([path.join(fixtures, 'failing'), '--reporter', 'json']);
  assert.equal(fail.code, 1);
  const j = JSON.parse(fail.out);
  assert.equal(j.failed, 2);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-test-'));
  try {
    const out = path.join(dir, 'junit.xml');
    const r = await cli([fixtures, '--reporter', 'junit', '--output', out]);
    assert.equal(r.code, 1);
    const doc = new DOMParser().parseFromString(await fs.readFile(out, 'utf8'), 'text/xml');
    assert.equal(doc.documentElement!.getAttribute('tests'), '11');
    assert.equal(doc.getElementsByTagName('testsuite').length, 3);
    const grep = await cli([factoryDir, path.join(fixtures, 'failing'), '--grep', 'empty lookup']);
    assert.equal(grep.code, 0, grep.out);
    assert.match(grep.out, /1 test\(s\): 1 passed/);
    assert.equal((await cli([dir])).code, 1, 'no tests found');
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
  await assert.rejects(cli([factoryDir, '--reporter', 'tap']), /--reporter must be one of/);
  await assert.rejects(cli(['/nonexistent/x']), /path not found/);
});

test('library: runPipeline with lookups and assertion helpers that raise AssertionError', async () => {
  const factory = await loadFactory(factoryDir);
  const run = await runPipeline(factory, 'LoadOrders', { parameters: { since: '2024-05-01' }, mocks, now: '2024-05-02T00:00:00Z' });
  assertStatus(run, 'Succeeded');
  assert.equal(run.runsOf('CopyTable').length, 2);
  assert.equal(run.input('CopyTable', 'source.sqlReaderQuery', 1), "SELECT * FROM lines WHERE modified > '2024-05-01'");
  assert.deepEqual(run.returnValue, { tables: 2 });
  assertActivity(run, 'LogRun', { input: { 'storedProcedureParameters.Since.value': '2024-05-01' } });
  assertVariable(run, 'status', { $contains: '2 tables' });
  assert.throws(() => assertActivity(run, 'CopyTable', { runs: 3 }), (e: unknown) => e instanceof AssertionError && /ran 2 time\(s\), expected 3/.test(e.message));
  assert.throws(() => assertStatus(run, 'Failed'), AssertionError);
  assert.throws(() => run.activity('Notify', 0), /has no run 0|Skipped/);
});

test('create test from a run: the generated test reproduces the run and passes', async () => {
  const factory = await loadFactory(factoryDir);
  const run = await runPipeline(factory, 'LoadOrders', { parameters: { since: '2024-02-01', full: true }, mocks: [...mocks, { type: 'WebActivity', output: { status: 202 } }], now: '2024-02-02T00:00:00Z', seed: 3 });
  const file = testFileFromRun(run, { factory, name: 'reproduces the full load' });
  const t = file.tests[0];
  assert.deepEqual(t.parameters, { since: '2024-02-01', full: true, region: 'eu' });
  assert.ok(t.mocks!.some((m) => m.activity === 'LookupTables'));
  assert.deepEqual(t.mocks!.filter((m) => m.activity === 'CopyTable').map((m) => m.iteration), [0, 1]);
  assert.ok(!t.mocks!.some((m) => m.activity === 'SetStatus'), 'pure activities run for real');
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-fromrun-'));
  try {
    const p = path.join(dir, 'generated.adftest.json');
    await fs.writeFile(p, JSON.stringify({ ...file, factory: path.relative(dir, factoryDir) }, null, 2));
    const results = await runTestFile(p);
    assert.deepEqual(results.map((r) => [r.status, r.failures.map((f) => f.message)]), [['passed', []]]);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});
