import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { scheduleFireTimes } from '../../../src/engine/triggers/schedule';
import { WEEK_DAYS, type Recurrence, type ScheduleFrequency } from '../../../src/engine/triggers/model';

const uniq = (a: number[]) => [...new Set(a)];
const recurrence = (zone: fc.Arbitrary<string>) =>
  fc.record({
    frequency: fc.constantFrom<ScheduleFrequency>('Hour', 'Day', 'Week', 'Month'),
    interval: fc.integer({ min: 1, max: 4 }),
    start: fc.integer({ min: Date.UTC(2023, 0, 1), max: Date.UTC(2026, 0, 1) }),
    timeZone: zone,
    minutes: fc.option(fc.array(fc.integer({ min: 0, max: 59 }), { minLength: 1, maxLength: 4 }), { nil: undefined }),
    hours: fc.option(fc.array(fc.integer({ min: 0, max: 23 }), { minLength: 1, maxLength: 3 }), { nil: undefined }),
    weekDays: fc.option(fc.subarray([...WEEK_DAYS], { minLength: 1 }), { nil: undefined }),
    monthDays: fc.option(fc.array(fc.integer({ min: -31, max: 31 }).filter((d) => d !== 0), { minLength: 1, maxLength: 3 }), { nil: undefined }),
  });

type RecArb = ReturnType<typeof recurrence> extends fc.Arbitrary<infer T> ? T : never;
function toRec(r: RecArb): Recurrence {
  const utc = r.timeZone === 'UTC';
  const startIso = new Date(r.start).toISOString().slice(0, 19) + (utc ? 'Z' : '');
  return {
    frequency: r.frequency,
    interval: r.interval,
    startTime: startIso,
    timeZone: r.timeZone,
    schedule: {
      minutes: r.minutes && uniq(r.minutes),
      hours: r.frequency === 'Hour' ? undefined : r.hours && uniq(r.hours),
      weekDays: r.frequency === 'Week' ? r.weekDays : undefined,
      monthDays: r.frequency === 'Month' ? r.monthDays && uniq(r.monthDays) : undefined,
    },
  };
}

test('fire times are strictly increasing, never before start or from, at most count', () => {
  fc.assert(
    fc.property(recurrence(fc.constantFrom('UTC', 'Pacific Standard Time', 'W. Europe Standard Time', 'India Standard Time')), fc.integer({ min: 0, max: 400 * 86_400_000 }), (r, offset) => {
      const rec = toRec(r);
      const from = new Date(r.start + offset);
      const res = scheduleFireTimes(rec, { from, count: 25 });
      assert.equal(res.error, undefined);
      assert.ok(res.fireTimes.length <= 25);
      const ms = res.fireTimes.map((t) => t.toMillis());
      for (let i = 1; i < ms.length; i++) assert.ok(ms[i] > ms[i - 1], 'strictly increasing');
      const start = scheduleFireTimes(rec, { from: new Date(0), count: 1 }).fireTimes[0];
      if (ms.length) assert.ok(ms[0] >= from.getTime() && (!start || ms[0] >= start.toMillis()));
    }),
    { numRuns: 300 },
  );
});

test('in UTC every fire time satisfies the schedule fields', () => {
  fc.assert(
    fc.property(recurrence(fc.constant('UTC')), (r) => {
      const rec = toRec(r);
      const s = rec.schedule!;
      for (const t of scheduleFireTimes(rec, { from: new Date(r.start), count: 20 }).fireTimes) {
        if (s.minutes) assert.ok(s.minutes.includes(t.minute), `minute ${t.minute}`);
        if (s.hours) assert.ok(s.hours.includes(t.hour), `hour ${t.hour}`);
        if (s.weekDays) assert.ok(s.weekDays.includes(WEEK_DAYS[t.weekday % 7]));
        if (s.monthDays) assert.ok(s.monthDays.some((d) => (d > 0 ? d : (t.daysInMonth as number) + d + 1) === t.day));
      }
    }),
    { numRuns: 300 },
  );
});

test('resuming from any fire time continues the same sequence', () => {
  fc.assert(
    fc.property(recurrence(fc.constantFrom('UTC', 'Pacific Standard Time')), fc.integer({ min: 1, max: 9 }), (r, k) => {
      const rec = toRec(r);
      const all = scheduleFireTimes(rec, { from: new Date(r.start), count: 10 }).fireTimes.map((t) => t.toMillis());
      if (all.length <= k) return;
      const resumed = scheduleFireTimes(rec, { from: new Date(all[k]), count: all.length - k }).fireTimes.map((t) => t.toMillis());
      assert.deepEqual(resumed, all.slice(k));
    }),
    { numRuns: 200 },
  );
});
