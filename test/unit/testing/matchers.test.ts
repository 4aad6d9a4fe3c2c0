import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ABSENT, mismatch, parsePath, valueAt, jsonEqual } from '../../../src/engine/testing/matchers';

test('plain values compare by deep equality, types matter', () => {
  assert.equal(mismatch({ a: [1, { b: 'x' }] }, { a: [1, { b: 'x' }] }), undefined);
  assert.equal(mismatch(1, '1'), 'differs');
  assert.equal(mismatch({ a: 1 }, { a: 1, b: 2 }), 'differs');
  assert.equal(mismatch(null, ABSENT), 'is absent');
  assert.ok(jsonEqual(Object.assign(Object.create(null), { b: 1, a: 2 }), { a: 2, b: 1 }));
});

test('operators', () => {
  assert.equal(mismatch({ $contains: 'FROM orders' }, 'SELECT * FROM orders'), undefined);
  assert.match(mismatch({ $contains: 'x' }, 'abc')!, /does not contain "x"/);
  assert.equal(mismatch({ $contains: { id: 2 } }, [{ id: 1 }, { id: 2 }]), undefined);
  assert.equal(mismatch({ $regex: '^SELECT .* WHERE' }, 'SELECT a FROM t WHERE x'), undefined);
  assert.match(mismatch({ $regex: '(' }, 'x')!, /bad \$regex/);
  assert.equal(mismatch({ $subset: { a: { b: 1 } } }, { a: { b: 1, c: 2 }, d: 3 }), undefined);
  assert.match(mismatch({ $subset: { a: { b: 2 } } }, { a: { b: 1 } })!, /a\.b is 1/);
  assert.equal(mismatch({ $exists: false }, ABSENT), undefined);
  assert.match(mismatch({ $exists: true }, ABSENT)!, /absent/);
  assert.equal(mismatch({ $gte: 3, $lt: 5 }, 4), undefined);
  assert.match(mismatch({ $gt: 5 }, 4)!, /not gt 5/);
  assert.equal(mismatch({ $length: 2 }, ['a', 'b']), undefined);
  assert.equal(mismatch({ $not: { $contains: 'DROP' } }, 'SELECT 1'), undefined);
  assert.equal(mismatch({ $anyOf: ['a', 'b'] }, 'b'), undefined);
  assert.match(mismatch({ $anyOf: ['a', 'b'] }, 'c')!, /none/);
});

test('$json parses a string (a body built with concat) and matches the value inside', () => {
  const body = '{"id": "j1", "constraints": {"maxWallClockTime": "PT4H"}, "tags": ["a", "b"]}';
  assert.equal(mismatch({ $json: { $subset: { constraints: { maxWallClockTime: 'PT4H' } } } }, body), undefined);
  assert.equal(mismatch({ $json: { id: 'j1', constraints: { maxWallClockTime: 'PT4H' }, tags: ['a', 'b'] } }, body), undefined);
  assert.match(mismatch({ $json: { id: 'j2' } }, body)!, /^parsed as JSON differs/);
  assert.match(mismatch({ $json: {} }, '{oops')!, /^is not JSON/);
  assert.equal(mismatch({ $json: 1 }, { id: 1 }), 'is not a string');
});

test('paths: dots, indexes, quoted keys, case-insensitive fallback', () => {
  assert.deepEqual(parsePath("source.sqlReaderQuery"), ['source', 'sqlReaderQuery']);
  assert.deepEqual(parsePath("a[0]['b.c'].d"), ['a', 0, 'b.c', 'd']);
  const input = { Source: { query: 'q' }, headers: { 'Content-Type': 'json' }, items: [{ n: 1 }] };
  assert.equal(valueAt(input, 'source.query'), 'q');
  assert.equal(valueAt(input, "headers['Content-Type']"), 'json');
  assert.equal(valueAt(input, 'items[0].n'), 1);
  assert.equal(valueAt(input, 'items[3].n'), ABSENT);
  assert.equal(valueAt(input, 'nope.x'), ABSENT);
  assert.deepEqual(valueAt(input, ''), input);
});
