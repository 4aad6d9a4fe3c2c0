/** The scripted clock of pipeline tests: per activity, successive reads, and `now` underneath. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { act, ex, runActivities } from './helpers';
import { clockReader } from '../../../src/engine/run/clock';

test('clockReader: an activity\'s own time first, then the sequence (the last repeats), else undefined (now)', () => {
  const read = clockReader({ sequence: ['2020-01-01T00:00:00Z', '2021-01-01T00:00:00Z'], activities: { A: '1999-01-01T00:00:00Z' } });
  assert.equal(read('A'), '1999-01-01T00:00:00Z');
  assert.equal(read('B'), '2020-01-01T00:00:00Z');
  assert.equal(read(), '2021-01-01T00:00:00Z');
  assert.equal(read('B'), '2021-01-01T00:00:00Z');
  assert.equal(read('A'), '1999-01-01T00:00:00Z');
  assert.equal(clockReader(undefined)('A'), undefined);
});

test('utcNow() in a run: activity clocks, the sequence across activities, now for the rest', async () => {
  const setNow = (name: string, after?: string) => act(name, 'SetVariable', { variableName: name.toLowerCase(), value: ex('@createArray(utcNow(), utcNow())') }, after ? { [after]: ['Succeeded'] } : {});
  const variables = { a: { type: 'Array' }, b: { type: 'Array' }, c: { type: 'Array' } };
  const r = await runActivities([setNow('A'), setNow('B', 'A'), setNow('C', 'B')], {
    variables,
    now: '2000-01-01T00:00:00Z',
    clock: { activities: { C: '1970-01-01T00:00:00Z' }, sequence: ['2010-01-01T00:00:00Z', '2011-01-01T00:00:00Z', '2012-01-01T00:00:00Z'] },
  });
  const out = (n: string) => (r.activityRuns.find((a) => a.activityName === n)!.output as { value: string[] }).value;
  assert.deepEqual(out('A'), ['2010-01-01T00:00:00.0000000Z', '2011-01-01T00:00:00.0000000Z']);
  assert.deepEqual(out('B'), ['2012-01-01T00:00:00.0000000Z', '2012-01-01T00:00:00.0000000Z']);
  assert.deepEqual(out('C'), ['1970-01-01T00:00:00.0000000Z', '1970-01-01T00:00:00.0000000Z']);
  const plain = await runActivities([setNow('A')], { variables, now: '2000-01-01T00:00:00Z' });
  assert.deepEqual((plain.activityRuns[0].output as { value: string[] }).value, ['2000-01-01T00:00:00.0000000Z', '2000-01-01T00:00:00.0000000Z']);
});
