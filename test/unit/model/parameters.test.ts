/**
 * One parameter coercer: local runs (and triggers, which start local runs), remote runs, reruns and tests made
 * from runs accept and refuse the same values, and name parameters the same way.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coerce, declaredParameterName, normaliseType, valueFromRecord, stringifyParameters } from '../../../src/engine/model';
import { resolveParameters } from '../../../src/engine/run/params';
import { typedParameters } from '../../../src/engine/remote/params';

const CASES: [string, string, boolean][] = [
  ['Int', '42', true], ['Int', ' -7 ', true], ['Int', '+3', true], ['Int', '1.5', false], ['Int', 'x', false], ['Int', '', false],
  ['Float', '1.5', true], ['Float', '-2e3', true], ['Float', 'Infinity', false], ['Float', 'abc', false], ['Float', ' ', false],
  ['Bool', 'true', true], ['Bool', 'FALSE', true], ['Bool', ' True ', true], ['Bool', 'yes', false], ['Bool', '1', false],
  ['Array', '[1,"x"]', true], ['Array', '{"a":1}', false], ['Array', '[', false],
  ['Object', '{"k":1}', true], ['Object', '[1]', false], ['Object', 'null', false], ['Object', '{', false],
  ['String', 'anything', true], ['SecureString', 's3cret', true],
];

const accepts = (f: () => unknown): { ok: true; value: unknown } | { ok: false } => {
  try {
    return { ok: true, value: f() };
  } catch {
    return { ok: false };
  }
};

test('local and remote runs accept and refuse the same strings, with the same values', () => {
  for (const [type, raw, ok] of CASES) {
    const c = coerce(type, raw);
    assert.equal(c.error === undefined, ok, `coerce ${type} ${JSON.stringify(raw)}`);
    const local = accepts(() => resolveParameters('P', { p: { type } }, { p: raw }).values.p);
    const remote = accepts(() => typedParameters({ p: { type } }, { p: raw }, 'P').p);
    assert.equal(local.ok, ok, `local ${type} ${JSON.stringify(raw)}`);
    assert.equal(remote.ok, ok, `remote ${type} ${JSON.stringify(raw)}`);
    if (local.ok && remote.ok) assert.deepEqual(local.value, remote.value, `same value for ${type} ${JSON.stringify(raw)}`);
  }
});

test('values read back from a run record (reruns, tests from runs) round-trip through the same rule', () => {
  const values = { n: 3, f: 1.5, b: true, a: [1, 'x'], o: { k: 1 }, s: '42' };
  const types: Record<string, string> = { n: 'Int', f: 'Float', b: 'Bool', a: 'Array', o: 'Object', s: 'String' };
  const recorded = stringifyParameters(values);
  for (const [k, v] of Object.entries(recorded)) assert.deepEqual(valueFromRecord(types[k], v), values[k as keyof typeof values], k);
  assert.equal(valueFromRecord('Int', 'not a number'), 'not a number', 'a value that does not convert is kept');
});

test('names: exact first, else the declared name equal ignoring case, in every path', () => {
  assert.equal(declaredParameterName({ count: 1 }, 'COUNT'), 'count');
  assert.equal(declaredParameterName({ count: 1, Count: 2 }, 'Count'), 'Count');
  assert.equal(declaredParameterName({ count: 1 }, 'cnt'), undefined);
  assert.deepEqual(resolveParameters('P', { count: { type: 'Int' } }, { COUNT: '4' }).values, { count: 4 });
  assert.deepEqual(typedParameters({ count: { type: 'Int' } }, { COUNT: '4' }, 'P'), { count: 4 });
  assert.throws(() => resolveParameters('P', { count: { type: 'Int' } }, { cnt: '4' }), /Unknown parameter 'cnt'/);
  assert.throws(() => typedParameters({ count: { type: 'Int' } }, { cnt: '4' }, 'P'), /no parameter "cnt"/);
  assert.throws(() => resolveParameters('P', { count: { type: 'Int' } }, { count: 1, COUNT: 2 }), /given twice/);
});

test('type names: ADF spellings and aliases; unknown types refused by both paths', () => {
  assert.equal(normaliseType('integer'), 'Int');
  assert.equal(normaliseType('BOOLEAN'), 'Bool');
  assert.equal(normaliseType(undefined), 'String');
  assert.equal(normaliseType('Date'), undefined);
  assert.throws(() => resolveParameters('P', { d: { type: 'Date' } }, { d: 'x' }), /unknown type/);
  assert.throws(() => typedParameters({ d: { type: 'Date' } }, { d: 'x' }, 'P'), /unknown type/);
});
