/**
 * Interrupted runs: the owner check (same host, reused pid, other hosts), the store's compare-and-swap (concurrent
 * readers, an owner that comes back) and the coalescing of live saves.
 */
import { test, describe, after, mock } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { RunStore, runPipeline, ownerGone, localProbe, currentOwner, interruptedMessage, interruptedRecord, LiveRecord, type HostProbe, type RunResult } from '../../../src/engine/run';
import type { RunOwner } from '../../../src/engine/run';
import { EmulatorState } from '../../../src/engine/emulator/state';
import { withRecordLock, RecordBusyError, LOCK_STALE_MS } from '../../../src/engine/run/recordLock';
import { act, cleanup, ex, makeFactory, wait } from './helpers';

const tmp: string[] = [];
function storeDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'adfw-interrupt-'));
  tmp.push(d);
  return d;
}
after(() => {
  cleanup();
  for (const d of tmp) rmSync(d, { recursive: true, force: true });
});

const T0 = Date.parse('2026-03-01T10:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

/** A probe of host "here" (boot "b1") where the given pids run with the given start ticks. */
function probe(procs: Record<number, string>, opts: { host?: string; bootId?: string; proc?: boolean } = {}): HostProbe {
  return {
    host: opts.host ?? 'here',
    bootId: opts.bootId ?? 'b1',
    startTicks: (pid) => (opts.proc === false ? undefined : (procs[pid] ?? null)),
    exists: (pid) => pid in procs,
  };
}

function owner(o: Partial<RunOwner> = {}): RunOwner {
  return { host: 'here', pid: 4242, started: iso(T0 - 60_000), startTicks: '1000', bootId: 'b1', heartbeatMs: 30_000, ...o };
}

describe('owner check', () => {
  test('same host: a dead pid is gone at once, whatever the heartbeat', () => {
    assert.equal(ownerGone(owner(), iso(T0), T0 + 1, probe({})), true);
  });
  test('same host: a pid reused by a process with another start time is not the owner', () => {
    assert.equal(ownerGone(owner(), iso(T0), T0 + 1, probe({ 4242: '9999' })), true);
  });
  test('same host: the owner alive (same pid and start time) keeps its run even with an old heartbeat', () => {
    assert.equal(ownerGone(owner(), iso(T0), T0 + 3_600_000, probe({ 4242: '1000' })), false);
  });
  test('same host after a reboot (another boot id): gone', () => {
    assert.equal(ownerGone(owner(), iso(T0), T0 + 1, probe({ 4242: '1000' }, { bootId: 'b2' })), true);
  });
  test('same host without /proc: a missing pid is gone at once; an existing pid falls back to two missed heartbeats', () => {
    const noProc = (procs: Record<number, string>) => probe(procs, { proc: false });
    assert.equal(ownerGone(owner(), iso(T0), T0 + 1, noProc({})), true);
    assert.equal(ownerGone(owner(), iso(T0), T0 + 60_000, noProc({ 4242: 'x' })), false);
    assert.equal(ownerGone(owner(), iso(T0), T0 + 60_001, noProc({ 4242: 'x' })), true);
  });
  test('another host: fresh until two heartbeats are missed, then gone', () => {
    const elsewhere = probe({ 4242: '1000' }, { host: 'other' });
    assert.equal(ownerGone(owner(), iso(T0), T0 + 45_000, elsewhere), false, 'one missed heartbeat');
    assert.equal(ownerGone(owner(), iso(T0), T0 + 60_000, elsewhere), false, 'exactly two intervals');
    assert.equal(ownerGone(owner(), iso(T0), T0 + 60_001, elsewhere), true, 'two missed heartbeats');
    assert.equal(ownerGone(owner({ heartbeatMs: 1000 }), iso(T0), T0 + 2_500, elsewhere), true, "the owner's own interval counts");
  });
  test('a record without an owner (older versions) follows the heartbeat rule with the default interval', () => {
    assert.equal(ownerGone(undefined, iso(T0), T0 + 59_000, probe({})), false);
    assert.equal(ownerGone(undefined, iso(T0), T0 + 61_000, probe({})), true);
  });
  test('real processes: this process owns its runs; a child that exited does not', async () => {
    const linux = process.platform === 'linux';
    const me = currentOwner(30_000);
    assert.equal(me.pid, process.pid);
    if (linux) assert.match(me.startTicks ?? '', /^\d+$/);
    assert.equal(ownerGone(me, iso(Date.now() - 3_600_000), Date.now()), false);
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    await new Promise((r) => child.once('spawn', r));
    const ticks = localProbe().startTicks(child.pid!);
    if (linux) assert.match(ticks ?? '', /^\d+$/);
    const childOwner: RunOwner = { ...me, pid: child.pid!, ...(ticks ? { startTicks: ticks } : {}) };
    assert.equal(ownerGone(childOwner, iso(Date.now()), Date.now()), false);
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    assert.equal(ownerGone(childOwner, iso(Date.now()), Date.now()), true);
    // The same pid with another start time (a reused pid) is not the owner either (where start times can be read).
    if (linux) assert.equal(ownerGone({ ...me, startTicks: String(Number(me.startTicks) + 1) }, iso(Date.now()), Date.now()), true);
  });
});

function inProgress(id: string, lastUpdated: string, o: RunOwner = owner()): RunResult {
  return {
    pipelineRun: { runId: id, runGroupId: id, isLatest: true, pipelineName: 'P', parameters: {}, invokedBy: { name: 'Manual', id: 'm', invokedByType: 'Manual' }, runStart: iso(T0 - 10_000), lastUpdated, status: 'InProgress', message: '', 'adfw:owner': o },
    activityRuns: [
      { pipelineName: 'P', pipelineRunId: id, activityName: 'Done', activityType: 'Wait', activityRunId: 'a1', status: 'Succeeded', activityRunStart: iso(T0 - 9_000), activityRunEnd: iso(T0 - 8_000), durationInMs: 1000, input: {}, output: { ok: 1 }, error: null },
      { pipelineName: 'P', pipelineRunId: id, activityName: 'Copy it', activityType: 'Copy', activityRunId: 'a2', status: 'InProgress', activityRunStart: iso(T0 - 8_000), input: {}, output: null, error: null },
    ],
  };
}

describe('interrupted records in the store', () => {
  test('a run whose owner is gone reads as Failed with the message, its running activity Failed, durations up to the last heartbeat', async () => {
    const dir = storeDir();
    const writer = new RunStore(dir);
    await writer.save(inProgress('r1', iso(T0)));
    const reader = new RunStore(dir, 200, { probe: probe({}), now: () => T0 + 5_000 });
    const r = (await reader.get('r1'))!;
    const msg = interruptedMessage(iso(T0));
    assert.equal(msg, `The run was interrupted: the process running it ended before it finished (last seen ${iso(T0)})`);
    assert.equal(r.pipelineRun.status, 'Failed');
    assert.equal(r.pipelineRun.message, msg);
    assert.equal(r.pipelineRun.durationInMs, 10_000);
    assert.equal(r.pipelineRun.runEnd, iso(T0));
    assert.deepEqual(r.pipelineRun['adfw:interrupted'], { lastSeen: iso(T0), detected: iso(T0 + 5_000) });
    const [done, copy] = r.activityRuns;
    assert.equal(done.status, 'Succeeded');
    assert.equal(copy.status, 'Failed');
    assert.equal(copy.error?.message, msg);
    assert.equal(copy.error?.target, 'Copy it');
    assert.equal(copy.durationInMs, 8_000);
    // The store itself was updated by that first reader.
    const onDisk = JSON.parse(readFileSync(path.join(dir, 'r1.json'), 'utf8')) as RunResult;
    assert.equal(onDisk.pipelineRun.status, 'Failed');
    assert.equal(onDisk.activityRuns[1].status, 'Failed');
    // Queries filter on the status readers see.
    assert.deepEqual((await reader.query({ status: 'Failed' })).map((p) => p.runId), ['r1']);
    assert.deepEqual(await reader.query({ status: 'InProgress' }), []);
  });

  test('a run whose owner is alive stays InProgress and is not rewritten', async () => {
    const dir = storeDir();
    await new RunStore(dir).save(inProgress('r2', iso(T0)));
    const reader = new RunStore(dir, 200, { probe: probe({ 4242: '1000' }), now: () => T0 + 3_600_000 });
    assert.equal((await reader.get('r2'))!.pipelineRun.status, 'InProgress');
    assert.equal(JSON.parse(readFileSync(path.join(dir, 'r2.json'), 'utf8')).pipelineRun.status, 'InProgress');
  });

  test('concurrent readers: every one sees the run interrupted, exactly one rewrites it', async () => {
    const dir = storeDir();
    const seen = inProgress('r3', iso(T0));
    await new RunStore(dir).save(seen);
    const readers = Array.from({ length: 16 }, (_, i) => new RunStore(dir, 200, { probe: probe({}), now: () => T0 + 1_000 + i }));
    const swaps = await Promise.all(readers.map((s) => s.markInterrupted(seen)));
    assert.equal(swaps.filter(Boolean).length, 1, 'one compare-and-swap wins');
    const got = await Promise.all(readers.map((s) => s.get('r3')));
    for (const r of got) assert.equal(r!.pipelineRun.status, 'Failed');
    assert.equal(new Set(got.map((r) => r!.pipelineRun['adfw:interrupted']!.detected)).size, 1, 'all read the one record written');
    // Readers that race through get() itself agree as well.
    const dir2 = storeDir();
    await new RunStore(dir2).save(inProgress('r3b', iso(T0)));
    const racing = await Promise.all(Array.from({ length: 16 }, (_, i) => new RunStore(dir2, 200, { probe: probe({}), now: () => T0 + 2_000 + i }).get('r3b')));
    for (const r of racing) assert.equal(r!.pipelineRun.status, 'Failed');
    const final = JSON.parse(readFileSync(path.join(dir2, 'r3b.json'), 'utf8')) as RunResult;
    assert.equal(final.pipelineRun.status, 'Failed');
    assert.ok(racing.some((r) => r!.pipelineRun['adfw:interrupted']!.detected === final.pipelineRun['adfw:interrupted']!.detected));
  });

  test('the owner comes back: a newer heartbeat defeats the swap; a save after the swap replaces the interrupted record', async () => {
    const dir = storeDir();
    const ownerStore = new RunStore(dir);
    const stale = inProgress('r4', iso(T0), owner({ host: 'other' }));
    await ownerStore.save(stale);
    const reader = new RunStore(dir, 200, { probe: probe({}), now: () => T0 + 120_000 });
    // The reader decided on `stale`; the owner (only slow) saves a fresh heartbeat before the reader's swap.
    await ownerStore.save(inProgress('r4', iso(T0 + 119_000), owner({ host: 'other' })));
    assert.equal(await reader.markInterrupted(stale), false);
    assert.equal((await reader.get('r4'))!.pipelineRun.status, 'InProgress', 'fresh heartbeat from the other host');
    // Later the owner falls silent, a reader settles the record, then the owner finishes after all: its record wins.
    const late = new RunStore(dir, 200, { probe: probe({}), now: () => T0 + 300_000 });
    assert.equal((await late.get('r4'))!.pipelineRun.status, 'Failed');
    const finished = inProgress('r4', iso(T0 + 301_000), owner({ host: 'other' }));
    finished.pipelineRun.status = 'Succeeded';
    finished.activityRuns[1].status = 'Succeeded';
    await ownerStore.save(finished);
    assert.equal((await late.get('r4'))!.pipelineRun.status, 'Succeeded');
    // A record that is no longer in progress is never swapped.
    assert.equal(await late.markInterrupted(stale), false);
  });

  test('the interrupted record is a pure function of the record (the emulator and the store share it)', () => {
    const r = interruptedRecord(inProgress('r5', iso(T0)), new Date(T0 + 1));
    assert.equal(r.pipelineRun.status, 'Failed');
    assert.equal(r.activityRuns.filter((a) => a.status === 'InProgress').length, 0);
  });

  test('a live run shows its running activity in the store long before the heartbeat', async () => {
    const factory = await makeFactory({ pipelines: { p: { activities: [wait('Quick'), wait('Slow', { Quick: 'Succeeded' }, 1.5)] } } });
    const dir = storeDir();
    const store = new RunStore(dir);
    let runId = '';
    let seenRunning: RunResult | undefined;
    const polling = (async () => {
      while (!seenRunning) {
        await new Promise((r) => setTimeout(r, 50));
        const r = runId ? await new RunStore(dir).get(runId) : undefined;
        if (r?.activityRuns.some((a) => a.activityName === 'Slow' && a.status === 'InProgress')) seenRunning = r;
        if (r && r.pipelineRun.status !== 'InProgress') break;
      }
    })();
    const result = await runPipeline({ factory, pipelineName: 'p', store, onEvent: (e) => e.type === 'runStarted' && (runId = e.run.runId) });
    await polling;
    assert.equal(result.pipelineRun.status, 'Succeeded');
    assert.ok(seenRunning, 'the running activity reached the store while it ran (heartbeat: 30 s)');
    assert.equal(seenRunning.pipelineRun['adfw:owner']?.pid, process.pid);
    assert.equal(seenRunning.activityRuns.find((a) => a.activityName === 'Quick')?.status, 'Succeeded');
    const final = (await store.get(runId))!;
    assert.equal(final.pipelineRun['adfw:owner'], undefined, 'a finished record names no owner');
  });

  test('rerun from failed of an interrupted run restarts at the activities that were running and reuses what succeeded', async () => {
    const factory = await makeFactory({
      pipelines: {
        p: {
          variables: { trace: { type: 'Array' } },
          activities: [
            act('First', 'AppendVariable', { variableName: 'trace', value: 'first' }),
            act('Second', 'AppendVariable', { variableName: 'trace', value: ex("@concat('second-', string(length(variables('trace'))))") }, { First: 'Succeeded' }),
            act('Third', 'AppendVariable', { variableName: 'trace', value: 'third' }, { Second: 'Succeeded' }),
          ],
        },
      },
    });
    const dir = storeDir();
    const store = new RunStore(dir);
    const done = await runPipeline({ factory, pipelineName: 'p', store });
    // Turn the finished record into the one a killed process leaves: Second was running, Third had not started.
    const killed: RunResult = JSON.parse(JSON.stringify(await store.get(done.pipelineRun.runId)));
    const p = killed.pipelineRun;
    // Its owner was on another host and missed two heartbeats of 1 s.
    Object.assign(p, { status: 'InProgress', message: '', lastUpdated: iso(Date.now() - 10_000), 'adfw:owner': owner({ host: 'gone-host', heartbeatMs: 1000 }), 'adfw:variables': { trace: ['first'] } });
    delete p.runEnd;
    killed.activityRuns = killed.activityRuns.filter((a) => a.activityName !== 'Third');
    const second = killed.activityRuns.find((a) => a.activityName === 'Second')!;
    Object.assign(second, { status: 'InProgress', output: null });
    delete second.activityRunEnd;
    await store.save(killed);
    const interrupted = (await store.get(p.runId))!;
    assert.equal(interrupted.pipelineRun.status, 'Failed');
    const rerun = await runPipeline({ factory, pipelineName: 'p', store, rerunOf: interrupted, startFromFailed: true });
    assert.equal(rerun.pipelineRun.status, 'Succeeded', rerun.pipelineRun.message);
    assert.deepEqual(rerun.pipelineRun['adfw:variables']!.trace, ['first', 'second-1', 'third'], 'First reused, Second and Third run');
    assert.equal((await store.get(p.runId))!.pipelineRun.isLatest, false);
  });
});

describe('coalesced live saves', () => {
  test('a burst of changes costs one save now and one a second later; the heartbeat saves without changes', async () => {
    mock.timers.enable({ apis: ['setTimeout', 'setInterval', 'Date'], now: T0 });
    try {
      let saves = 0;
      const live = new LiveRecord(async () => void saves++, { delayMs: 1000, heartbeatMs: 30_000 });
      live.start();
      const flush = async () => {
        for (let i = 0; i < 5; i++) await Promise.resolve();
      };
      for (let i = 0; i < 5_000; i++) live.changed();
      mock.timers.tick(0);
      await flush();
      assert.equal(saves, 1, 'the first change is saved at once');
      for (let i = 0; i < 5_000; i++) live.changed();
      mock.timers.tick(999);
      await flush();
      assert.equal(saves, 1, 'later changes wait for the interval');
      mock.timers.tick(1);
      await flush();
      assert.equal(saves, 2, 'then one save covers them all');
      mock.timers.tick(10_000);
      await flush();
      assert.equal(saves, 2, 'no changes, no saves');
      mock.timers.tick(19_000);
      await flush();
      assert.equal(saves, 3, 'the heartbeat');
      live.changed();
      await live.stop();
      mock.timers.tick(60_000);
      await flush();
      assert.equal(saves, 3, 'nothing after stop');
    } finally {
      mock.timers.reset();
    }
  });

  test('an expensive save spaces the next ones (the store takes a bounded share of the run)', async () => {
    mock.timers.enable({ apis: ['setTimeout', 'setInterval', 'Date'], now: T0 });
    try {
      const at: number[] = [];
      // Each save takes 500 ms of the (mocked) clock.
      const live = new LiveRecord(
        async () => {
          at.push(Date.now());
          mock.timers.tick(500);
        },
        { delayMs: 1000, heartbeatMs: 3_600_000 },
      );
      const flush = async () => {
        for (let i = 0; i < 5; i++) await Promise.resolve();
      };
      for (let round = 0; round < 4; round++) {
        live.changed();
        for (let ms = 0; ms < 2_000; ms += 100) {
          mock.timers.tick(100);
          await flush();
        }
      }
      await live.stop();
      assert.ok(at.length >= 2);
      for (let i = 1; i < at.length; i++) assert.ok(at[i] - at[i - 1] >= 2_000, `saves ${i - 1} and ${i} are ${at[i] - at[i - 1]} ms apart (4 × 500 ms)`);
    } finally {
      mock.timers.reset();
    }
  });

  test('a save in flight is awaited by stop(), so the final record cannot be overtaken', async () => {
    let release!: () => void;
    const order: string[] = [];
    const live = new LiveRecord(
      () =>
        new Promise<void>((r) => {
          order.push('live save started');
          release = () => {
            order.push('live save done');
            r();
          };
        }),
      { delayMs: 1000, heartbeatMs: 30_000 },
    );
    live.changed();
    await new Promise((r) => setTimeout(r, 10));
    const stopped = live.stop().then(() => order.push('stopped'));
    await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(order, ['live save started']);
    release();
    await stopped;
    assert.deepEqual(order, ['live save started', 'live save done', 'stopped']);
  });

  test('a ForEach of 3,000 items: the store is written a bounded number of times', async () => {
    const factory = await makeFactory({ pipelines: { p: { activities: [act('Loop', 'ForEach', { items: ex('@range(0, 3000)'), batchCount: 20, activities: [wait('W')] })] } } });
    let saves = 0;
    const inner = new RunStore(storeDir());
    const store = { save: (r: RunResult) => (saves++, inner.save(r)) };
    const t0 = Date.now();
    const r = await runPipeline({ factory, pipelineName: 'p', store });
    const seconds = (Date.now() - t0) / 1000;
    assert.equal(r.pipelineRun.status, 'Succeeded');
    assert.equal(r.activityRuns.length, 3001);
    // Start, final, and at most one per second of the run (6,002 transitions happened).
    assert.ok(saves <= 3 + Math.ceil(seconds), `${saves} saves in ${seconds} s`);
  });
});

describe('the ARM emulator restarted on its state directory', () => {
  test('runs its previous process had in progress read as interrupted, with their running activities', async () => {
    const dir = storeDir();
    const r = inProgress('emu-1', iso(T0));
    writeFileSync(path.join(dir, 'emulator-state.json'), JSON.stringify({ version: 1, subscriptions: [], factories: [], runs: [{ factoryKey: 'sub/rg/f', run: r.pipelineRun, activityRuns: r.activityRuns }] }));
    const state = new EmulatorState(dir);
    await state.load();
    const got = state.runs.get('emu-1')!;
    assert.equal(got.run.status, 'Failed');
    assert.equal(got.run.message, interruptedMessage(iso(T0)));
    assert.equal(got.activityRuns.find((a) => a.activityName === 'Copy it')?.status, 'Failed');
    assert.equal(got.activityRuns.find((a) => a.activityName === 'Done')?.status, 'Succeeded');
  });
});

describe('the record lock', () => {
  test('excludes: 20 concurrent read-modify-writes of one file lose no update', async () => {
    const file = path.join(storeDir(), 'counter.json');
    writeFileSync(file, '0');
    await Promise.all(
      Array.from({ length: 20 }, () =>
        withRecordLock(file, 200, async () => {
          const n = Number(readFileSync(file, 'utf8'));
          await new Promise((r) => setTimeout(r, 2));
          writeFileSync(file, String(n + 1));
        }),
      ),
    );
    assert.equal(readFileSync(file, 'utf8'), '20');
    assert.ok(!existsSync(`${file}.lock`), 'released');
  });
  test('a lock left by a process of this host that has ended is broken at once; a live holder is waited for, then given up on', async () => {
    const file = path.join(storeDir(), 'r.json');
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    await new Promise((r) => child.once('spawn', r));
    const ticks = localProbe().startTicks(child.pid!);
    const holder = { ...currentOwner(0), pid: child.pid!, ...(ticks ? { startTicks: ticks } : {}), nonce: 'n1' };
    writeFileSync(`${file}.lock`, JSON.stringify(holder));
    await assert.rejects(withRecordLock(file, 2, async () => 'got it'), RecordBusyError);
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    assert.equal(await withRecordLock(file, 0, async () => 'got it'), 'got it');
  });
  test('a lock older than the stale age is broken whoever holds it', async () => {
    const file = path.join(storeDir(), 'r.json');
    writeFileSync(`${file}.lock`, JSON.stringify({ host: 'elsewhere', pid: 1, nonce: 'x' }));
    await assert.rejects(withRecordLock(file, 0, async () => 1), RecordBusyError);
    const old = (Date.now() - LOCK_STALE_MS - 1000) / 1000;
    utimesSync(`${file}.lock`, old, old);
    assert.equal(await withRecordLock(file, 0, async () => 1), 1);
  });
});
