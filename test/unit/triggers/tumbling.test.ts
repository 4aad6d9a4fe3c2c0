import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dependencyRange, tumblingWindows, windowAt, windowsOverlapping } from '../../../src/engine/triggers/tumbling';
import { parseTimeSpan, formatTimeSpan, type TumblingWindow } from '../../../src/engine/triggers/model';
import { isoUtc } from '../../../src/engine/triggers/timeZone';

const tw = (extra: Partial<TumblingWindow> = {}): TumblingWindow => ({
  frequency: 'Hour', interval: 1, startTime: '2017-09-08T05:30:00Z', delayMs: 0, maxConcurrency: 1, retryPolicy: { count: 0, intervalInSeconds: 30 }, dependsOn: [], ...extra,
});
const iso = (ws: { start: number; end: number }[]) => ws.map((w) => [isoUtc(w.start), isoUtc(w.end)]);

test('hourly windows from the start time, contiguous and non-overlapping', () => {
  assert.deepEqual(iso(tumblingWindows(tw(), { count: 3 })), [
    ['2017-09-08T05:30:00Z', '2017-09-08T06:30:00Z'],
    ['2017-09-08T06:30:00Z', '2017-09-08T07:30:00Z'],
    ['2017-09-08T07:30:00Z', '2017-09-08T08:30:00Z'],
  ]);
});

test('minute and month windows; month windows keep the start day where it exists', () => {
  assert.deepEqual(iso(tumblingWindows(tw({ frequency: 'Minute', interval: 15, startTime: '2024-01-01T00:00:00Z' }), { count: 2 })), [
    ['2024-01-01T00:00:00Z', '2024-01-01T00:15:00Z'],
    ['2024-01-01T00:15:00Z', '2024-01-01T00:30:00Z'],
  ]);
  assert.deepEqual(iso(tumblingWindows(tw({ frequency: 'Month', interval: 1, startTime: '2024-01-31T00:00:00Z' }), { count: 3 })), [
    ['2024-01-31T00:00:00Z', '2024-02-29T00:00:00Z'],
    ['2024-02-29T00:00:00Z', '2024-03-31T00:00:00Z'],
    ['2024-03-31T00:00:00Z', '2024-04-30T00:00:00Z'],
  ]);
});

test('from: windows due (end + delay) at or after the instant; delay shifts which window is next', () => {
  const t = tw({ startTime: '2024-01-01T00:00:00Z' });
  assert.deepEqual(iso(tumblingWindows(t, { from: '2024-01-01T10:20:00Z', count: 1 })), [['2024-01-01T10:00:00Z', '2024-01-01T11:00:00Z']]);
  const delayed = tw({ startTime: '2024-01-01T00:00:00Z', delayMs: 30 * 60_000 });
  // The 09:00–10:00 window runs at 10:30, so at 10:20 it is still the next one.
  assert.deepEqual(iso(tumblingWindows(delayed, { from: '2024-01-01T10:20:00Z', count: 1 })), [['2024-01-01T09:00:00Z', '2024-01-01T10:00:00Z']]);
});

test('endTime: the last window ends at or before it', () => {
  const t = tw({ startTime: '2024-01-01T00:00:00Z', endTime: '2024-01-01T03:30:00Z' });
  assert.deepEqual(iso(tumblingWindows(t, { count: 10 })).map((w) => w[0]), ['2024-01-01T00:00:00Z', '2024-01-01T01:00:00Z', '2024-01-01T02:00:00Z']);
});

test('time spans: .NET TimeSpan text', () => {
  assert.equal(parseTimeSpan('-01:00:00'), -3_600_000);
  assert.equal(parseTimeSpan('1.02:03:04'), ((26 * 60 + 3) * 60 + 4) * 1000);
  assert.equal(parseTimeSpan('00:00:01.5'), 1500);
  assert.equal(parseTimeSpan('25:00:00'), undefined);
  assert.equal(parseTimeSpan('soon'), undefined);
  assert.equal(formatTimeSpan(-(26 * 3_600_000)), '-1.02:00:00');
});

test('dependency with offset and size: the windows of the upstream trigger that must succeed', () => {
  const a = tw({ startTime: '2024-01-01T00:00:00Z' });
  const b = tw({ startTime: '2024-01-01T00:00:00Z' });
  const w = windowAt(a, 10); // 10:00–11:00
  const range = dependencyRange(a, w, { offsetMs: -3_600_000, sizeMs: 2 * 3_600_000 });
  assert.deepEqual([isoUtc(range.start), isoUtc(range.end)], ['2024-01-01T09:00:00Z', '2024-01-01T11:00:00Z']);
  assert.deepEqual(windowsOverlapping(b, range), [9, 10]);
  // Size defaults to the depending window's size.
  assert.deepEqual(windowsOverlapping(b, dependencyRange(a, w, { offsetMs: -3_600_000 })), [9]);
});

test('an hourly window depending on a daily trigger waits for that day; windows before the start do not exist', () => {
  const hourly = tw({ startTime: '2024-01-01T00:00:00Z' });
  const daily = tw({ startTime: '2024-01-01T00:00:00Z', interval: 24 });
  assert.deepEqual(windowsOverlapping(daily, dependencyRange(hourly, windowAt(hourly, 30), { offsetMs: 0 })), [1]);
  assert.deepEqual(windowsOverlapping(hourly, dependencyRange(hourly, windowAt(hourly, 0), { offsetMs: -3_600_000 })), []);
});

test('a daily window depending on an hourly trigger (size 1 day) waits for its 24 hourly windows', () => {
  const hourly = tw({ startTime: '2024-01-01T00:00:00Z' });
  const daily = tw({ startTime: '2024-01-01T00:00:00Z', interval: 24 });
  const day2 = windowAt(daily, 1);
  assert.deepEqual(windowsOverlapping(hourly, dependencyRange(daily, day2, { offsetMs: 0, sizeMs: 86_400_000 })), Array.from({ length: 24 }, (_, i) => 24 + i));
  // With offset -1 day it waits for the previous day's hourly windows instead.
  assert.deepEqual(windowsOverlapping(hourly, dependencyRange(daily, day2, { offsetMs: -86_400_000, sizeMs: 86_400_000 })), Array.from({ length: 24 }, (_, i) => i));
});

test('self-dependency -01:00:00 / 01:00:00: each hourly window waits for the previous one', () => {
  const t = tw({ startTime: '2024-01-01T00:00:00Z' });
  assert.deepEqual(windowsOverlapping(t, dependencyRange(t, windowAt(t, 5), { offsetMs: -3_600_000, sizeMs: 3_600_000 })), [4]);
});
