import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import trigger from '../../../src/cli/commands/trigger';
import watch from '../../../src/cli/commands/watch';
import { UsageError } from '../../../src/cli/args';

const F = path.join(__dirname, '..', '..', 'fixtures', 'triggers', 'factory');
async function cli(cmd: typeof trigger, argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await cmd(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

test('trigger times --json: schedule fire times in UTC ISO', async () => {
  const r = await cli(trigger, ['times', F, 'DailyAtSix', '--from', '2024-03-27T00:00:00Z', '--count', '3', '--json']);
  assert.equal(r.code, 0);
  // W. Europe switches to summer time on 2024-03-31: 06:00 local is 05:00Z, then 04:00Z.
  assert.deepEqual(JSON.parse(r.out), { fireTimes: ['2024-03-27T05:00:00Z', '2024-03-29T05:00:00Z', '2024-04-01T04:00:00Z'] });
});

test('trigger times --json: tumbling windows', async () => {
  const r = await cli(trigger, ['times', F, 'Downstream', '--from', '2024-01-01T00:00:00Z', '--count', '2', '--json']);
  assert.deepEqual(JSON.parse(r.out), { windows: [{ start: '2024-01-01T00:00:00Z', end: '2024-01-01T02:00:00Z' }, { start: '2024-01-01T02:00:00Z', end: '2024-01-01T04:00:00Z' }] });
});

test('trigger times: usage errors and event triggers', async () => {
  await assert.rejects(cli(trigger, ['times', F, 'DailyAtSix', '--count', 'many']), UsageError);
  await assert.rejects(cli(trigger, ['times', F, 'DailyAtSix', '--from', 'soon']), UsageError);
  await assert.rejects(cli(trigger, ['times', F, 'Missing']), /Trigger "Missing" not found/);
  await assert.rejects(cli(trigger, ['times', '/nonexistent/factory', 'X']), /factory folder not found/);
  await assert.rejects(cli(trigger, ['explode', F]), /unknown subcommand/);
  const r = await cli(trigger, ['times', F, 'CsvDrop', '--json']);
  assert.equal(r.code, 1);
  assert.match(JSON.parse(r.out).error, /fires on events/);
});

test('trigger fire: runs the pipeline, stores the run; event triggers take --folder-path/--file-name', async () => {
  const store = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-trig-'));
  try {
    const r = await cli(trigger, ['fire', F, 'DailyAtSix', '--at', '2024-03-04T05:00:00Z', '--store', store, '--json']);
    assert.equal(r.code, 0, r.err);
    const runs = JSON.parse(r.out).runs;
    assert.deepEqual(runs[0].parameters, { runDate: '2024-03-04', source: 'schedule' });
    assert.equal(runs[0].pipelineRun.invokedBy.invokedByType, 'ScheduleTrigger');
    assert.ok((await fs.readdir(store)).length > 0, 'the run is saved in the store');
    assert.equal(r.err, '', 'Monday 06:00 in W. Europe is a scheduled fire time');
    const off = await cli(trigger, ['fire', F, 'DailyAtSix', '--at', '2024-03-05T05:00:00Z', '--no-store']);
    assert.equal(off.code, 0, off.err);
    assert.match(off.err, /not a scheduled fire time of "DailyAtSix" \(the next one is 2024-03-06T05:00:00Z\)/);
    const b = await cli(trigger, ['fire', F, 'CsvDrop', '--folder-path', 'drop/incoming', '--file-name', 'x.csv', '--no-store']);
    assert.equal(b.code, 0, b.err);
    assert.match(b.out, /OnBlob \{"folder":"drop\/incoming","file":"x.csv"\}: Succeeded/);
    const e = await cli(trigger, ['fire', F, 'CsvDrop', '--no-store']);
    assert.equal(e.code, 1);
    assert.match(e.err, /event trigger/);
  } finally {
    await fs.rm(store, { recursive: true, force: true });
  }
});

test('trigger backfill: exit 1 when a window fails, JSON lists every window', async () => {
  const r = await cli(trigger, ['backfill', F, 'Hourly', '--from', '2024-01-01T00:00:00Z', '--to', '2024-01-01T03:00:00Z', '--no-store', '--json']);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(JSON.parse(r.out).windows.map((w: any) => `${w.windowStart} ${w.status}`), ['2024-01-01T00:00:00Z Succeeded', '2024-01-01T01:00:00Z Succeeded', '2024-01-01T02:00:00Z Succeeded']);
  await assert.rejects(cli(trigger, ['backfill', F, 'Hourly', '--from', '2024-01-01T00:00:00Z']), /needs --from and --to/);
});

test('watch: a folder standing in for a container, stopping after --max-runs', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-watchcli-'));
  try {
    const p = cli(watch, [F, '--folder', `drop=${dir}`, '--interval', '50', '--max-runs', '1', '--no-store', '--json']);
    await new Promise((r) => setTimeout(r, 300));
    await fs.mkdir(path.join(dir, 'incoming'));
    await fs.writeFile(path.join(dir, 'incoming', 'a.csv'), 'x\n');
    const r = await p;
    assert.equal(r.code, 0, r.err);
    const lines = r.out.split('\n').map((l) => JSON.parse(l));
    const run = lines.find((l) => l.type === 'run');
    assert.deepEqual(run.parameters, { folder: 'drop/incoming', file: 'a.csv' });
    assert.equal(run.status, 'Succeeded');
    await assert.rejects(cli(watch, [F]), /nothing to watch/);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});
