/** The `adfw eval` command: single expressions, contexts, errors and batch mode (contract in the README). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import evalCommand from '../../../src/cli/commands/eval';
import { UsageError } from '../../../src/cli/args';

async function run(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await evalCommand(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'adfw-eval-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('eval --json prints {"value"} and exits 0', async () => {
  const r = await run(["@concat('a', 'b')", '--json']);
  assert.equal(r.code, 0);
  assert.deepEqual(r.out.map((l) => JSON.parse(l)), [{ value: 'ab' }]);
});

test('eval --json prints {"error": {code, message}} and exits 1', async () => {
  const r = await run(['@div(1, 0)', '--json']);
  assert.equal(r.code, 1);
  const o = JSON.parse(r.out[0]);
  assert.deepEqual(Object.keys(o), ['error']);
  assert.equal(o.error.code, 'ADF4006');
  assert.match(o.error.message, /divide by zero.*position 8/);
});

test('eval reads the context from a file and from inline JSON', async () => {
  const file = join(dir, 'ctx.json');
  writeFileSync(file, JSON.stringify({ parameters: { x: 41 }, activities: { A: { output: { n: 1 }, status: 'Succeeded', error: null } }, now: '2018-04-15T13:00:00Z' }));
  let r = await run(["@add(pipeline().parameters.x, activity('A').output.n)", '--context', file, '--json']);
  assert.deepEqual(JSON.parse(r.out[0]), { value: 42 });
  r = await run(['@utcNow()', '--context', file, '--json']);
  assert.deepEqual(JSON.parse(r.out[0]), { value: '2018-04-15T13:00:00.0000000Z' });
  r = await run(["@variables('v')", '--context', '{"variables": {"v": [1, "x"]}}', '--json']);
  assert.deepEqual(JSON.parse(r.out[0]), { value: [1, 'x'] });
});

test('eval reports unreadable or malformed contexts as error objects', async () => {
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, '{"parameters": ');
  let r = await run(['@add(1, 1)', '--context', bad, '--json']);
  assert.equal(r.code, 1);
  assert.equal(JSON.parse(r.out[0]).error.code, 'ADF0001');
  r = await run(['@add(1, 1)', '--context', join(dir, 'missing.json'), '--json']);
  assert.equal(JSON.parse(r.out[0]).error.code, 'ADF0003');
  r = await run(['@add(1, 1)', '--context', '[1]', '--json']);
  assert.equal(r.code, 1);
});

test('eval --now and --seed make utcNow, rand and guid reproducible', async () => {
  const a = await run(['@{utcNow()} @{rand(0, 1000000)} @{guid()}', '--now', '2020-02-29T10:00:00Z', '--seed', '7', '--json']);
  const b = await run(['@{utcNow()} @{rand(0, 1000000)} @{guid()}', '--now', '2020-02-29T10:00:00Z', '--seed', '7', '--json']);
  assert.equal(a.out[0], b.out[0]);
  assert.match(JSON.parse(a.out[0]).value, /^2020-02-29T10:00:00\.0000000Z \d+ [0-9a-f-]{36}$/);
  await assert.rejects(run(['@rand(1, 2)', '--seed', 'x']), UsageError);
});

test('eval prints the plain value without --json and accepts a bare call', async () => {
  const r = await run(['add(1, 2)']);
  assert.deepEqual(r, { code: 0, out: ['3'], err: [] });
  const e = await run(['@foo(']);
  assert.equal(e.code, 1);
  assert.match(e.err[0], /^error ADF3003: /);
  assert.equal((await run(['plain text', '--json'])).out[0], '{"value":"plain text"}');
});

test('eval keeps the decimal point of integral floats', async () => {
  assert.equal((await run(["@float('2')", '--json'])).out[0], '{"value":2.0}');
  assert.equal((await run(['@div(7.0, 2)', '--json'])).out[0], '{"value":3.5}');
  assert.equal((await run(['@div(7, 2)', '--json'])).out[0], '{"value":3}');
});

test('eval writes 64-bit integers exactly', async () => {
  const r = await run(["@ticks('2018-01-01T08:00:00.1234567Z')", '--json']);
  assert.equal(r.out[0], '{"value":636503904001234567}');
});

test('eval usage errors', async () => {
  await assert.rejects(run([]), UsageError);
  await assert.rejects(run(['a', 'b']), UsageError);
  await assert.rejects(run(['--bogus']), UsageError);
  await assert.rejects(run(['--batch', join(dir, 'nope.jsonl')]), UsageError);
  await assert.rejects(run(['--batch', join(dir, 'nope.jsonl'), '@x()']), UsageError);
});

test('eval --batch prints exactly one line per input line, in order; bad lines give error lines', async () => {
  const file = join(dir, 'batch.jsonl');
  const lines = [
    JSON.stringify({ expression: '@add(1, 2)' }),
    'not json',
    JSON.stringify({ expression: '@pipeline().parameters.x', context: { parameters: { x: [1] } } }),
    JSON.stringify({ expression: 5 }),
    '',
    JSON.stringify({ expression: "@variables('v')", context: { variables: { v: null } } }),
    JSON.stringify({ expression: '@foo()' }),
    JSON.stringify({ expression: '@x', context: 'nope' }),
    JSON.stringify({ expression: "@pipeline().parameters.base" }),
  ];
  writeFileSync(file, lines.join('\n') + '\n');
  const r = await run(['--batch', file, '--context', '{"parameters": {"base": "b"}}']);
  assert.equal(r.code, 1);
  assert.equal(r.out.length, lines.length);
  const o = r.out.map((l) => JSON.parse(l));
  assert.deepEqual(o[0], { value: 3 });
  assert.equal(o[1].error.code, 'ADF0001');
  assert.match(o[1].error.message, /^Line 2 /);
  assert.deepEqual(o[2], { value: [1] });
  assert.equal(o[3].error.code, 'ADF0002');
  assert.equal(o[4].error.code, 'ADF0001');
  assert.deepEqual(o[5], { value: null });
  assert.equal(o[6].error.code, 'ADF3004');
  assert.equal(o[7].error.code, 'ADF0002');
  assert.deepEqual(o[8], { value: 'b' });
});

test('eval --batch exits 0 when every line succeeds', async () => {
  const file = join(dir, 'ok.jsonl');
  writeFileSync(file, '{"expression": "@true"}\r\n{"expression": "x"}');
  const r = await run(['--batch', file]);
  assert.deepEqual(r, { code: 0, out: ['{"value":true}', '{"value":"x"}'], err: [] });
});

test('the CLI dispatcher runs eval with the documented exit codes', () => {
  const main = join(__dirname, '../../../src/cli/main.ts');
  const ok = spawnSync(process.execPath, ['--import', 'tsx', main, 'eval', '@mul(6, 7)', '--json'], { encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(ok.stdout.trim(), '{"value":42}');
  const bad = spawnSync(process.execPath, ['--import', 'tsx', main, 'eval', "@int('x')", '--json'], { encoding: 'utf8' });
  assert.equal(bad.status, 1);
  assert.equal(JSON.parse(bad.stdout).error.code, 'ADF4010');
  const usage = spawnSync(process.execPath, ['--import', 'tsx', main, 'eval'], { encoding: 'utf8' });
  assert.equal(usage.status, 2);
});
