import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scheduleFireTimes } from '../../../src/engine/triggers/schedule';
import type { Recurrence } from '../../../src/engine/triggers/model';
import { isoUtc } from '../../../src/engine/triggers/timeZone';

const fire = (r: Recurrence, from: string, count: number) => {
  const res = scheduleFireTimes(r, { from, count });
  assert.equal(res.error, undefined);
  return res.fireTimes.map((t) => isoUtc(t));
};
const pacific = (extra: Partial<Recurrence>): Recurrence => ({ frequency: 'Day', interval: 1, startTime: '2024-03-01T00:00:00', timeZone: 'Pacific Standard Time', ...extra });

test('daily 08:00 Pacific keeps 08:00 local across spring forward (PST → PDT)', () => {
  assert.deepEqual(fire(pacific({ schedule: { hours: [8], minutes: [0] } }), '2024-03-09T00:00:00Z', 3), ['2024-03-09T16:00:00Z', '2024-03-10T15:00:00Z', '2024-03-11T15:00:00Z']);
});

test('daily without schedule keeps wall-clock time across fall back', () => {
  const r = pacific({ startTime: '2024-11-01T09:00:00' });
  assert.deepEqual(fire(r, '2024-11-01T00:00:00Z', 4), ['2024-11-01T16:00:00Z', '2024-11-02T16:00:00Z', '2024-11-03T17:00:00Z', '2024-11-04T17:00:00Z']);
});

test('a wall-clock time skipped by spring forward fires shifted by the gap (02:30 → 03:30 PDT)', () => {
  assert.deepEqual(fire(pacific({ schedule: { hours: [2], minutes: [30] } }), '2024-03-09T00:00:00Z', 3), ['2024-03-09T10:30:00Z', '2024-03-10T10:30:00Z', '2024-03-11T09:30:00Z']);
});

test('skipped 02:30 and existing 03:30 on the same day fire once', () => {
  const t = fire(pacific({ schedule: { hours: [2, 3], minutes: [30] } }), '2024-03-10T00:00:00Z', 3);
  assert.deepEqual(t, ['2024-03-10T10:30:00Z', '2024-03-11T09:30:00Z', '2024-03-11T10:30:00Z']);
});

test('an ambiguous fall-back time fires once, at the standard-time occurrence', () => {
  assert.deepEqual(fire(pacific({ schedule: { hours: [1], minutes: [30] } }), '2024-11-02T00:00:00Z', 3), ['2024-11-02T08:30:00Z', '2024-11-03T09:30:00Z', '2024-11-04T09:30:00Z']);
});

test('hourly recurrences advance in absolute time: the repeated hour fires twice, the skipped one not at all', () => {
  const fall: Recurrence = { frequency: 'Hour', interval: 1, startTime: '2024-11-03T00:00:00', timeZone: 'Pacific Standard Time' };
  assert.deepEqual(fire(fall, '2024-11-03T07:00:00Z', 4), ['2024-11-03T07:00:00Z', '2024-11-03T08:00:00Z', '2024-11-03T09:00:00Z', '2024-11-03T10:00:00Z']);
  const spring: Recurrence = { frequency: 'Hour', interval: 1, startTime: '2024-03-10T00:00:00', timeZone: 'Pacific Standard Time', schedule: { minutes: [30] } };
  const t = scheduleFireTimes(spring, { from: '2024-03-10T08:00:00Z', count: 3 }).fireTimes;
  assert.deepEqual(t.map((x) => isoUtc(x)), ['2024-03-10T08:30:00Z', '2024-03-10T09:30:00Z', '2024-03-10T10:30:00Z']);
  assert.deepEqual(t.map((x) => x.toFormat('HH:mm')), ['00:30', '01:30', '03:30']);
});

test('W. Europe Standard Time: weekly Monday 06:00 across the change of 2024-03-31', () => {
  const r: Recurrence = { frequency: 'Week', interval: 1, startTime: '2024-03-18T00:00:00', timeZone: 'W. Europe Standard Time', schedule: { weekDays: ['Monday'], hours: [6], minutes: [0] } };
  assert.deepEqual(fire(r, '2024-03-18T00:00:00Z', 3), ['2024-03-18T05:00:00Z', '2024-03-25T05:00:00Z', '2024-04-01T04:00:00Z']);
});

test('monthly last-day schedule in a DST zone keeps local time', () => {
  const r: Recurrence = { frequency: 'Month', interval: 1, startTime: '2024-02-01T00:00:00', timeZone: 'W. Europe Standard Time', schedule: { monthDays: [-1], hours: [23], minutes: [0] } };
  assert.deepEqual(fire(r, '2024-02-01T00:00:00Z', 3), ['2024-02-29T22:00:00Z', '2024-03-31T21:00:00Z', '2024-04-30T21:00:00Z']);
});

test('India Standard Time (+05:30, no DST): hourly on the local hour', () => {
  const r: Recurrence = { frequency: 'Hour', interval: 1, startTime: '2024-01-01T00:00:00', timeZone: 'India Standard Time', schedule: { minutes: [0] } };
  assert.deepEqual(fire(r, '2023-12-31T00:00:00Z', 2), ['2023-12-31T18:30:00Z', '2023-12-31T19:30:00Z']);
});

test('southern hemisphere: AUS Eastern Standard Time daily 09:00 across the April change', () => {
  const r: Recurrence = { frequency: 'Day', interval: 1, startTime: '2024-04-05T09:00:00', timeZone: 'AUS Eastern Standard Time' };
  // 2024-04-07 03:00 AEDT → 02:00 AEST: 09:00 local is 22:00Z the day before under AEDT, 23:00Z under AEST.
  assert.deepEqual(fire(r, '2024-04-04T00:00:00Z', 3), ['2024-04-04T22:00:00Z', '2024-04-05T22:00:00Z', '2024-04-06T23:00:00Z']);
});

test('fire times carry the trigger zone for local display', () => {
  const t = scheduleFireTimes(pacific({ schedule: { hours: [6], minutes: [0] } }), { from: '2024-03-11T00:00:00Z', count: 1 }).fireTimes[0];
  assert.equal(t.toFormat('ccc HH:mm'), 'Mon 06:00');
});
