import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { convert, createTranslator } from '../../../src/engine/copy/translator';
import { parsePath } from '../../../src/engine/copy/jsonPath';
import { ConnectorError } from '../../../src/engine/contracts/errors';

describe('JSON paths of mappings', () => {
  it('parses bracket, dot, index and relative forms', () => {
    assert.deepEqual(parsePath("$['a']['b c'][2]"), { absolute: true, segments: ['a', 'b c', 2] });
    assert.deepEqual(parsePath('$.a.b'), { absolute: true, segments: ['a', 'b'] });
    assert.deepEqual(parsePath("['sku']"), { absolute: false, segments: ['sku'] });
    assert.deepEqual(parsePath('lines[0].qty'), { absolute: false, segments: ['lines', 0, 'qty'] });
  });
  it('reports the position of a syntax error', () => {
    assert.throws(() => parsePath("$['a"), /Invalid JSON path "\$\['a" at position \d+: unterminated quoted name/);
    assert.throws(() => parsePath('$[]'), /empty brackets/);
  });
});

describe('TabularTranslator', () => {
  it('passes rows through by name when there are no mappings (hierarchical sink)', () => {
    const rows = [{ id: '1', nested: { a: 1 } }];
    assert.deepEqual(createTranslator(undefined, true).map(rows), { rows, incompatible: [] });
  });
  it('stringifies nested values for a tabular sink by default', () => {
    const r = createTranslator(undefined, false).map([{ id: '1', nested: { a: 1 }, list: [1, 2] }]);
    assert.deepEqual(r.rows, [{ id: '1', nested: '{"a":1}', list: '[1,2]' }]);
  });
  it('maps paths, builds nested sink paths and converts types', () => {
    const t = createTranslator(
      {
        type: 'TabularTranslator',
        mappings: [
          { source: { path: "$['id']" }, sink: { path: "$['orderId']" } },
          { source: { path: "$['customer']['city']" }, sink: { path: "$['ship']['city']" } },
          { source: { path: "$['total']" }, sink: { path: "$['amount']", type: 'Int32' } },
        ],
      },
      true,
    );
    const r = t.map([{ id: 'A', customer: { city: 'Oslo' }, total: '42' }]);
    assert.deepEqual(r.rows, [{ orderId: 'A', ship: { city: 'Oslo' }, amount: 42 }]);
  });
  it('unrolls collectionReference: one row per array element, with root columns', () => {
    const t = createTranslator(
      {
        type: 'TabularTranslator',
        collectionReference: "$['lines']",
        mappings: [
          { source: { path: "$['id']" }, sink: { name: 'orderId' } },
          { source: { path: "['sku']" }, sink: { name: 'sku' } },
          { source: { path: "['qty']" }, sink: { name: 'qty', type: 'Int64' } },
        ],
      },
      false,
    );
    const r = t.map([
      { id: 'A', lines: [{ sku: 'X', qty: 1 }, { sku: 'Y', qty: '2' }] },
      { id: 'B', lines: [] },
    ]);
    assert.deepEqual(r.rows, [
      { orderId: 'A', sku: 'X', qty: 1 },
      { orderId: 'A', sku: 'Y', qty: 2 },
      { orderId: 'B', sku: null, qty: null },
    ]);
  });
  it('marks rows whose values cannot be converted as incompatible', () => {
    const t = createTranslator({ mappings: [{ source: { name: 'n' }, sink: { name: 'n', type: 'Int32' } }] }, false);
    const r = t.map([{ n: '5' }, { n: 'five' }, { n: 3_000_000_000 }]);
    assert.deepEqual(r.rows, [{ n: 5 }]);
    assert.equal(r.incompatible.length, 2);
    assert.match(r.incompatible[0].message, /Column 'n' contains an invalid value 'five': not an integer/);
    assert.match(r.incompatible[1].message, /out of range for Int32/);
  });
  it('rejects a mapping without a source or sink with a clear error', () => {
    assert.throws(() => createTranslator({ mappings: [{ source: { name: 'a' } }] }, true), (e: unknown) => e instanceof ConnectorError && /translator\.mappings\[0\] needs/.test(e.message));
  });
  it('converts ADF interim types', () => {
    assert.equal(convert('true', 'Boolean'), true);
    assert.equal(convert('0', 'Boolean'), false);
    assert.equal(convert(' 2.5 ', 'Double'), 2.5);
    assert.equal(convert('2025-03-01T10:00:00+02:00', 'DateTime'), '2025-03-01T08:00:00.000Z');
    assert.equal(convert('{6F9619FF-8B86-D011-B42D-00C04FC964FF}', 'Guid'), '6f9619ff-8b86-d011-b42d-00c04fc964ff');
    assert.equal(convert({ a: 1 }, 'String'), '{"a":1}');
    assert.throws(() => convert('x', 'DateTime'), /not a date\/time/);
    assert.equal(convert(null, 'Int32'), null);
  });
});
