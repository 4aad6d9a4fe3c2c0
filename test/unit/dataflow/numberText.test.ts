// DuckDB writes CSV sinks with numbers laid out as the JavaScript writer prints them (String(number)).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DuckDBInstance } from '@duckdb/node-api';
import { jsNumberText } from '../../../src/engine/dataflow/pushdown';

test('jsNumberText gives String(number) for every finite double (edge values and 20,000 generated ones)', async () => {
  const values = [1.5, 1, -0, 0.1 + 0.2, 1e-5, 1e-6, 1e-7, 2.5e-7, 1e15, 1e16, 1e20, 1.2345678901234567e20, 1e21, -1e21, 1.5e300, 5e-324, Number.MAX_VALUE, -Number.MIN_VALUE, 123456789012.5, 9007199254740993, 2 ** 60, 1 / 3];
  values.push(...fc.sample(fc.double({ noNaN: true, noDefaultInfinity: true }), { numRuns: 20_000, seed: 18 }));
  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  try {
    await conn.run('CREATE TABLE t (i INTEGER, x DOUBLE)');
    const app = await conn.createAppender('t');
    values.forEach((v, i) => {
      app.appendInteger(i);
      app.appendDouble(v);
      app.endRow();
    });
    app.closeSync();
    const rows = (await conn.runAndReadAll(`SELECT i, ${jsNumberText('x')} AS s FROM t ORDER BY i`)).getRows();
    const wrong = rows.filter(([i, s]) => String(values[Number(i)]) !== s).map(([i, s]) => `${String(values[Number(i)])} -> ${s}`);
    assert.deepEqual(wrong.slice(0, 10), []);
    assert.equal(rows.length, values.length);
  } finally {
    conn.closeSync();
    inst.closeSync();
  }
});
