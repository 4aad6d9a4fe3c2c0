/**
 * Trigger computations and tumbling-window backfill.
 * - Fire times: 10,000 fire times of a DST-zone weekday schedule (every 15 minutes) and of a daily recurrence,
 *   against a baseline of 10,000 plain luxon wall-clock steps in the same zone (the least any zone-aware
 *   schedule computation pays).
 * - Backfill: 96 hourly windows (maxConcurrency 8) of a one-activity pipeline on the local engine, against the
 *   same 96 runs started one after another with runPipeline (the scheduler's overhead and concurrency gain).
 */
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DateTime } from 'luxon';
import { loadFactory } from '../../src/engine/model/loader';
import { runPipeline } from '../../src/engine/run';
import { backfill, scheduleFireTimes, type Recurrence } from '../../src/engine/triggers';

export const name = 'triggers';
const N = 10_000;

function baselineSteps(): number {
  const t0 = performance.now();
  let t = DateTime.fromISO('2024-01-01T00:00:00', { zone: 'Europe/Berlin' });
  let sink = 0;
  for (let i = 0; i < N; i++) {
    t = t.plus({ minutes: 15 });
    sink += t.toMillis() & 1;
  }
  if (sink < 0) throw new Error('unreachable');
  return performance.now() - t0;
}

function time(rec: Recurrence): { ms: number; count: number } {
  const t0 = performance.now();
  const r = scheduleFireTimes(rec, { from: '2024-01-01T00:00:00Z', count: N });
  return { ms: performance.now() - t0, count: r.fireTimes.length };
}

export async function run(): Promise<Record<string, unknown>> {
  const weekdays: Recurrence = { frequency: 'Week', interval: 1, startTime: '2024-01-01T00:00:00', timeZone: 'W. Europe Standard Time', schedule: { minutes: [0, 15, 30, 45], weekDays: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'] } };
  const daily: Recurrence = { frequency: 'Day', interval: 1, startTime: '2024-01-01T06:00:00', timeZone: 'Pacific Standard Time' };
  baselineSteps();
  time(weekdays);
  const base = baselineSteps();
  const w = time(weekdays);
  const d = time(daily);
  if (w.count !== N || d.count !== N) throw new Error('fire time count mismatch');

  const root = mkdtempSync(path.join(tmpdir(), 'adfw-bench-trig-'));
  try {
    mkdirSync(path.join(root, 'pipeline'));
    mkdirSync(path.join(root, 'trigger'));
    writeFileSync(path.join(root, 'pipeline', 'P.json'), JSON.stringify({ name: 'P', properties: { parameters: { s: { type: 'String' } }, variables: { v: { type: 'String' } }, activities: [{ name: 'S', type: 'SetVariable', typeProperties: { variableName: 'v', value: '@pipeline().parameters.s' } }] } }));
    writeFileSync(path.join(root, 'trigger', 'T.json'), JSON.stringify({ name: 'T', properties: { type: 'TumblingWindowTrigger', pipeline: { pipelineReference: { referenceName: 'P', type: 'PipelineReference' }, parameters: { s: '@trigger().outputs.windowStartTime' } }, typeProperties: { frequency: 'Hour', interval: 1, startTime: '2024-01-01T00:00:00Z', maxConcurrency: 8 } } }));
    const factory = await loadFactory(root);
    const windows = 96;
    const t0 = performance.now();
    for (let i = 0; i < windows; i++) await runPipeline({ factory, pipelineName: 'P', parameters: { s: String(i) } });
    const sequential = performance.now() - t0;
    const t1 = performance.now();
    const res = await backfill(factory, 'T', { from: '2024-01-01T00:00:00Z', to: '2024-01-05T00:00:00Z' });
    const bf = performance.now() - t1;
    if (res.length !== windows || res.some((x) => x.status !== 'Succeeded')) throw new Error('backfill did not succeed');
    return {
      baselineMsPer10kLuxonSteps: Math.round(base),
      weekdayEvery15MinMsPer10k: Math.round(w.ms),
      weekdayEvery15MinRatio: w.ms / base,
      dailyNoScheduleMsPer10k: Math.round(d.ms),
      dailyNoScheduleRatio: d.ms / base,
      backfill96WindowsMs: Math.round(bf),
      sequential96RunsMs: Math.round(sequential),
      backfillVsSequentialRatio: bf / sequential,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
