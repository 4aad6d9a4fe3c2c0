import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import command from '../../../src/cli/commands/dataflow';

const FIXTURE = path.resolve(__dirname, '../../fixtures/dataflow');

test('adfw dataflow preview <factoryDir> <dataflow> <stream> --rows N --json', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-dfcli-'));
  try {
    const conn = path.join(dir, 'connections.json');
    await fs.writeFile(conn, JSON.stringify({ InFiles: { host: path.join(FIXTURE, 'data') } }));
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t) };
    const code = await command(['preview', path.join(FIXTURE, 'factory'), 'Orders', 'Sorted', '--rows', '1', '--connections', conn, '--json'], io);
    assert.equal(code, 0, err.join('\n'));
    const r = JSON.parse(out.join(''));
    assert.deepEqual(r.rows, [{ country: 'NL', total: 195.5, orders: 3 }]);
    assert.equal(r.rowCount, 2);
    out.length = 0;
    assert.equal(await command(['preview', path.join(FIXTURE, 'factory'), 'Orders', 'Nope', '--connections', conn, '--json'], io), 1);
    assert.match(JSON.parse(out.join('')).error.message, /has no stream 'Nope'/);
    await assert.rejects(command(['preview', path.join(FIXTURE, 'factory'), 'Orders', 'Sorted', '--rows', 'x'], io), /--rows expects a non-negative integer/);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});

test('adfw dataflow run writes the sinks and prints ADF output; validate and parse report positions', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-dfcli-'));
  try {
    const conn = path.join(dir, 'connections.json');
    await fs.writeFile(conn, JSON.stringify({ InFiles: { host: path.join(FIXTURE, 'data') }, OutFiles: { host: dir } }));
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t) };
    assert.equal(await command(['run', path.join(FIXTURE, 'factory'), 'Orders', '--param', 'minAmount=60', '--connections', conn, '--json'], io), 0, err.join('\n'));
    const o = JSON.parse(out.join(''));
    assert.equal(o.runStatus.metrics.ByCountrySink.rowsWritten, 1);
    assert.equal(o.runStatus.metrics.AlteredSink.rowsWritten, 4);
    out.length = 0;
    assert.equal(await command(['validate', path.join(FIXTURE, 'factory'), 'FailingAssert'], io), 1);
    assert.match(out.join('\n'), /FailingAssert\.json:\d+:\d+: error ADF7010: Unknown function noSuchFunction\(\)/);
    out.length = 0;
    assert.equal(await command(['parse', path.join(FIXTURE, 'factory'), 'Orders', '--print'], io), 0);
    assert.match(out.join('\n'), /Split@High, Split@Low union\(byName: true\) ~> HighLow/);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});

test('adfw dataflow preview --row-limit N reads N rows per source (default 1000, 0 = whole source)', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-dfcli-'));
  try {
    const conn = path.join(dir, 'connections.json');
    await fs.writeFile(conn, JSON.stringify({ InFiles: { host: path.join(FIXTURE, 'data') } }));
    const out: string[] = [];
    const io = { out: (t: string) => out.push(t), err: () => {} };
    const preview = async (...extra: string[]) => {
      out.length = 0;
      assert.equal(await command(['preview', path.join(FIXTURE, 'factory'), 'Orders', 'Orders', '--connections', conn, '--json', ...extra], io), 0);
      return JSON.parse(out.join(''));
    };
    const two = await preview('--row-limit', '2');
    assert.equal(two.rowCount, 2);
    assert.deepEqual(two.rows.map((r: { orderId: number }) => r.orderId), [10, 11]);
    assert.equal(two.sources.Orders.pushedDown, true);
    assert.equal((await preview()).rowCount, 5);
    assert.equal((await preview('--row-limit', '0')).rowCount, 5);
    assert.equal((await preview('--source-rows', '3')).rowCount, 3);
    out.length = 0;
    assert.equal(await command(['preview', path.join(FIXTURE, 'factory'), 'Orders', 'Orders', '--connections', conn, '--row-limit', '2'], io), 0);
    assert.match(out.join('\n'), /\(2 of 2 rows; sources read up to 2 rows each \(--row-limit\)\)/);
    await assert.rejects(command(['preview', path.join(FIXTURE, 'factory'), 'Orders', 'Orders', '--row-limit', 'x'], io), /--row-limit expects a non-negative integer/);
    await assert.rejects(command(['preview', path.join(FIXTURE, 'factory'), 'Orders', 'Orders', '--row-limit', '1', '--source-rows', '1'], io), /not both/);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});
