import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scheduleFireTimes } from '../../../src/engine/triggers/schedule';
import type { Recurrence, RecurrenceSchedule, ScheduleFrequency } from '../../../src/engine/triggers/model';
import { isoUtc } from '../../../src/engine/triggers/timeZone';

function rec(frequency: ScheduleFrequency, schedule?: RecurrenceSchedule, extra: Partial<Recurrence> = {}): Recurrence {
  return { frequency, interval: 1, startTime: '2024-01-01T00:00:00Z', timeZone: 'UTC', schedule, ...extra };
}
function times(r: Recurrence, count: number, from = '2024-01-01T00:00:00Z'): string[] {
  const res = scheduleFireTimes(r, { from, count });
  assert.equal(res.error, undefined);
  return res.fireTimes.map((t) => isoUtc(t));
}
const z = (s: string) => s.split(' ').map((x) => `2024-${x}Z`);
const week = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as any;

// Documented example: start in the past, every two days, no schedule.
test('start time in the past: first future occurrence, then every two days (documented example)', () => {
  const r: Recurrence = { frequency: 'Day', interval: 2, startTime: '2017-04-07T14:00:00Z', timeZone: 'UTC' };
  const res = scheduleFireTimes(r, { from: '2017-04-08T13:00:00Z', count: 4 });
  assert.deepEqual(res.fireTimes.map((t) => isoUtc(t)), ['2017-04-09T14:00:00Z', '2017-04-11T14:00:00Z', '2017-04-13T14:00:00Z', '2017-04-15T14:00:00Z']);
  // "The first execution time is the same even if the startTime value is 2017-04-05 14:00 or 2017-04-01 14:00."
  for (const startTime of ['2017-04-05T14:00:00Z', '2017-04-01T14:00:00Z']) {
    assert.equal(isoUtc(scheduleFireTimes({ ...r, startTime }, { from: '2017-04-08T13:00:00Z', count: 1 }).fireTimes[0]), '2017-04-09T14:00:00Z');
  }
});

test('start time in the future: first run at the start time', () => {
  const r: Recurrence = { frequency: 'Hour', interval: 6, startTime: '2024-05-01T03:20:00Z', timeZone: 'UTC' };
  assert.deepEqual(times(r, 3, '2024-04-01T00:00:00Z'), ['2024-05-01T03:20:00Z', '2024-05-01T09:20:00Z', '2024-05-01T15:20:00Z']);
});

test('minute recurrence every 15 minutes', () => {
  const r: Recurrence = { frequency: 'Minute', interval: 15, startTime: '2024-01-01T10:05:00Z', timeZone: 'UTC' };
  assert.deepEqual(times(r, 3, '2024-01-01T10:06:00Z'), ['2024-01-01T10:20:00Z', '2024-01-01T10:35:00Z', '2024-01-01T10:50:00Z']);
});

test('endTime stops the trigger', () => {
  const r = rec('Day', { hours: [5] }, { endTime: '2024-01-03T05:00:00Z' });
  assert.deepEqual(times(r, 10), z('01-01T05:00:00 01-02T05:00:00 01-03T05:00:00'));
});

// The schedule examples table ("Run at 5:00 AM every day", ...).
test('{"hours":[5]}: 5:00 AM every day', () => {
  assert.deepEqual(times(rec('Day', { hours: [5] }), 3), z('01-01T05:00:00 01-02T05:00:00 01-03T05:00:00'));
});
test('{"minutes":[15],"hours":[5]}: 5:15 AM every day', () => {
  assert.deepEqual(times(rec('Day', { minutes: [15], hours: [5] }), 2), z('01-01T05:15:00 01-02T05:15:00'));
});
test('{"minutes":[15],"hours":[5,17]}: 5:15 AM and 5:15 PM every day', () => {
  assert.deepEqual(times(rec('Day', { minutes: [15], hours: [5, 17] }), 3), z('01-01T05:15:00 01-01T17:15:00 01-02T05:15:00'));
});
test('{"minutes":[15,45],"hours":[5,17]}: 5:15, 5:45, 17:15, 17:45 every day', () => {
  assert.deepEqual(times(rec('Day', { minutes: [45, 15], hours: [17, 5] }), 5), z('01-01T05:15:00 01-01T05:45:00 01-01T17:15:00 01-01T17:45:00 01-02T05:15:00'));
});
test('{"minutes":[0,15,30,45]}: every 15 minutes', () => {
  assert.deepEqual(times(rec('Day', { minutes: [0, 15, 30, 45] }), 6), z('01-01T00:00:00 01-01T00:15:00 01-01T00:30:00 01-01T00:45:00 01-01T01:00:00 01-01T01:15:00'));
  assert.deepEqual(times(rec('Hour', { minutes: [0, 15, 30, 45] }), 5), z('01-01T00:00:00 01-01T00:15:00 01-01T00:30:00 01-01T00:45:00 01-01T01:00:00'));
});
test('{"hours":[0..23]}: every hour at the start time\'s minute', () => {
  const all = Array.from({ length: 24 }, (_, i) => i);
  assert.deepEqual(times(rec('Day', { hours: all }, { startTime: '2024-01-01T12:25:00Z' }), 3, '2024-01-01T00:00:00Z'), z('01-01T12:25:00 01-01T13:25:00 01-01T14:25:00'));
  assert.deepEqual(times(rec('Day', { hours: all }, { startTime: '2024-01-01T12:25:00Z' }), 2, '2024-01-02T00:00:00Z'), z('01-02T00:25:00 01-02T01:25:00'));
});
test('{"minutes":[0]}: every hour on the hour; {"minutes":[15]}: 15 past every hour', () => {
  assert.deepEqual(times(rec('Hour', { minutes: [0] }, { startTime: '2024-01-01T00:10:00Z' }), 3), z('01-01T01:00:00 01-01T02:00:00 01-01T03:00:00'));
  assert.deepEqual(times(rec('Day', { minutes: [15] }), 3), z('01-01T00:15:00 01-01T01:15:00 01-01T02:15:00'));
});
test('{"hours":[17],"weekDays":["saturday"]}: 5 PM on Saturdays', () => {
  assert.deepEqual(times(rec('Week', { hours: [17], weekDays: ['Saturday'] }), 2), z('01-06T17:00:00 01-13T17:00:00'));
});
test('{"hours":[17],"weekDays":["monday","wednesday","friday"]}', () => {
  assert.deepEqual(times(rec('Week', { hours: [17], weekDays: ['Monday', 'Wednesday', 'Friday'] }), 4), z('01-01T17:00:00 01-03T17:00:00 01-05T17:00:00 01-08T17:00:00'));
});
test('{"minutes":[15,45],"hours":[17],"weekDays":["monday","wednesday","friday"]}', () => {
  assert.deepEqual(times(rec('Week', { minutes: [15, 45], hours: [17], weekDays: ['Monday', 'Wednesday', 'Friday'] }), 3), z('01-01T17:15:00 01-01T17:45:00 01-03T17:15:00'));
});
test('{"minutes":[0,15,30,45],"weekDays":[mon..fri]}: every 15 minutes on weekdays', () => {
  const t = times(rec('Week', { minutes: [0, 15, 30, 45], weekDays: week.map((d: string) => d[0].toUpperCase() + d.slice(1)) }), 500);
  assert.equal(t[0], '2024-01-01T00:00:00Z');
  assert.equal(t[1], '2024-01-01T00:15:00Z');
  assert.equal(t[96 * 5 - 1], '2024-01-05T23:45:00Z');
  assert.equal(t[96 * 5], '2024-01-08T00:00:00Z'); // the weekend is skipped
});
test('{"minutes":[0,15,30,45],"hours":[9..16],"weekDays":[mon..fri]}: every 15 minutes 9:00–16:45 on weekdays', () => {
  const t = times(rec('Week', { minutes: [0, 15, 30, 45], hours: [9, 10, 11, 12, 13, 14, 15, 16], weekDays: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'] }), 33);
  assert.equal(t[0], '2024-01-01T09:00:00Z');
  assert.equal(t[31], '2024-01-01T16:45:00Z');
  assert.equal(t[32], '2024-01-02T09:00:00Z');
});
test('{"weekDays":["tuesday","thursday"]}: at the start time on Tuesdays and Thursdays', () => {
  assert.deepEqual(times(rec('Week', { weekDays: ['Tuesday', 'Thursday'] }, { startTime: '2024-01-01T08:30:00Z' }), 3), z('01-02T08:30:00 01-04T08:30:00 01-09T08:30:00'));
});
test('{"minutes":[0],"hours":[6],"monthDays":[28]}: 6:00 AM on the 28th', () => {
  assert.deepEqual(times(rec('Month', { minutes: [0], hours: [6], monthDays: [28] }), 3), z('01-28T06:00:00 02-28T06:00:00 03-28T06:00:00'));
});
test('{"monthDays":[-1]}: last day of the month (leap February)', () => {
  assert.deepEqual(times(rec('Month', { minutes: [0], hours: [6], monthDays: [-1] }), 3), z('01-31T06:00:00 02-29T06:00:00 03-31T06:00:00'));
});
test('{"monthDays":[1,-1]}: first and last day', () => {
  assert.deepEqual(times(rec('Month', { minutes: [0], hours: [6], monthDays: [1, -1] }), 4), z('01-01T06:00:00 01-31T06:00:00 02-01T06:00:00 02-29T06:00:00'));
});
test('{"monthDays":[1,14]}: first and 14th at the start time', () => {
  assert.deepEqual(times(rec('Month', { monthDays: [1, 14] }, { startTime: '2024-01-01T07:45:00Z' }), 3), z('01-01T07:45:00 01-14T07:45:00 02-01T07:45:00'));
});
test('{"minutes":[0],"hours":[5],"monthlyOccurrences":[{"day":"friday","occurrence":1}]}: 5 AM first Friday', () => {
  assert.deepEqual(times(rec('Month', { minutes: [0], hours: [5], monthlyOccurrences: [{ day: 'Friday', occurrence: 1 }] }), 3), z('01-05T05:00:00 02-02T05:00:00 03-01T05:00:00'));
});
test('{"monthlyOccurrences":[{"day":"friday","occurrence":-3}]}: third Friday from the end, at the start time', () => {
  // January 2024 Fridays: 5, 12, 19, 26 → third from end = 12; February: 2, 9, 16, 23 → 9; March: 1, 8, 15, 22, 29 → 15.
  assert.deepEqual(times(rec('Month', { monthlyOccurrences: [{ day: 'Friday', occurrence: -3 }] }, { startTime: '2024-01-01T09:00:00Z' }), 3), z('01-12T09:00:00 02-09T09:00:00 03-15T09:00:00'));
});
test('{"minutes":[15],"hours":[5],"monthlyOccurrences":[first and last Friday]}', () => {
  assert.deepEqual(
    times(rec('Month', { minutes: [15], hours: [5], monthlyOccurrences: [{ day: 'Friday', occurrence: 1 }, { day: 'Friday', occurrence: -1 }] }), 4),
    z('01-05T05:15:00 01-26T05:15:00 02-02T05:15:00 02-23T05:15:00'),
  );
});
test('{"minutes":[0,15,30,45],"monthlyOccurrences":[last Friday]}: every 15 minutes on the last Friday', () => {
  const t = times(rec('Month', { minutes: [0, 15, 30, 45], monthlyOccurrences: [{ day: 'Friday', occurrence: -1 }] }), 97);
  assert.equal(t[0], '2024-01-26T00:00:00Z');
  assert.equal(t[95], '2024-01-26T23:45:00Z');
  assert.equal(t[96], '2024-02-23T00:00:00Z');
});
test('{"minutes":[15,45],"hours":[5,17],"monthlyOccurrences":[third Wednesday]}', () => {
  assert.deepEqual(
    times(rec('Month', { minutes: [15, 45], hours: [5, 17], monthlyOccurrences: [{ day: 'Wednesday', occurrence: 3 }] }), 5),
    z('01-17T05:15:00 01-17T05:45:00 01-17T17:15:00 01-17T17:45:00 02-21T05:15:00'),
  );
});
test('every Friday of the month when the occurrence is omitted', () => {
  assert.deepEqual(times(rec('Month', { hours: [8], monthlyOccurrences: [{ day: 'Friday' }] }), 5), z('01-05T08:00:00 01-12T08:00:00 01-19T08:00:00 01-26T08:00:00 02-02T08:00:00'));
});

test('intervals with a schedule: every other week, every third month', () => {
  assert.deepEqual(times({ ...rec('Week', { hours: [6], minutes: [0], weekDays: ['Monday'] }), interval: 2 }, 3), z('01-01T06:00:00 01-15T06:00:00 01-29T06:00:00'));
  assert.deepEqual(times({ ...rec('Month', { hours: [6], minutes: [0], monthDays: [1] }), interval: 3 }, 3), z('01-01T06:00:00 04-01T06:00:00 07-01T06:00:00'));
  assert.deepEqual(times({ ...rec('Day', { hours: [6], minutes: [0] }), interval: 2 }, 3, '2024-01-02T00:00:00Z'), z('01-03T06:00:00 01-05T06:00:00 01-07T06:00:00'));
});

test('a schedule never fires before the start time', () => {
  assert.deepEqual(times(rec('Day', { hours: [5, 18] }, { startTime: '2024-01-01T10:00:00Z' }), 2), z('01-01T18:00:00 01-02T05:00:00'));
});

test('31st of the month skips shorter months; monthly without schedule keeps the day where it exists', () => {
  assert.deepEqual(times(rec('Month', { hours: [0], minutes: [0], monthDays: [31] }), 3), z('01-31T00:00:00 03-31T00:00:00 05-31T00:00:00'));
  const r: Recurrence = { frequency: 'Month', interval: 1, startTime: '2024-01-31T10:00:00Z', timeZone: 'UTC' };
  assert.deepEqual(times(r, 3), z('01-31T10:00:00 02-29T10:00:00 03-31T10:00:00'));
});

test('a schedule that can never match terminates with no fire times', () => {
  const r: Recurrence = { frequency: 'Month', interval: 12, startTime: '2024-02-01T00:00:00Z', timeZone: 'UTC', schedule: { monthDays: [30] } };
  assert.deepEqual(scheduleFireTimes(r, { from: '2024-01-01T00:00:00Z', count: 2 }).fireTimes, []);
});

test('errors: unknown time zone, bad start time', () => {
  assert.match(scheduleFireTimes({ ...rec('Day'), timeZone: 'Mars Standard Time' }).error ?? '', /Unknown time zone/);
  assert.match(scheduleFireTimes({ ...rec('Day'), startTime: 'yesterday' }).error ?? '', /Invalid startTime/);
});
