import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { JsonScanner } from '../../../src/engine/connectors/formats/jsonScanner';

function scanAll(text: string, chunk: number): unknown[] {
  const s = new JsonScanner('test.json');
  const out: unknown[] = [];
  for (let i = 0; i < text.length; i += chunk) out.push(...s.push(text.slice(i, i + chunk)));
  out.push(...s.end());
  return out;
}

describe('streaming JSON scanner', () => {
  const objs = [{ a: 1, s: 'x}{"]' }, { b: [1, { c: '\\"' }] }, { e: null }];
  it('reads JSON Lines, concatenated pretty objects and an array of objects, in any chunking', () => {
    const lines = objs.map((o) => JSON.stringify(o)).join('\n') + '\n';
    const pretty = objs.map((o) => JSON.stringify(o, null, 2)).join('\n');
    const array = JSON.stringify(objs, null, 1);
    for (const chunk of [1, 2, 3, 7, 1000]) {
      assert.deepEqual(scanAll(lines, chunk), objs);
      assert.deepEqual(scanAll(pretty, chunk), objs);
      assert.deepEqual(scanAll(array, chunk), objs);
    }
  });
  it('names the line of a truncated or invalid value', () => {
    assert.throws(() => scanAll('{"a":1}\n{"b":', 4), /test\.json: the JSON ends inside a value that starts on line 2/);
    assert.throws(() => scanAll('{"a":1}\n{"b":tru}\n', 4), /test\.json: invalid JSON in the value starting on line 2/);
  });
  it('round-trips arbitrary objects as lines and as an array (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.dictionary(fc.string(), fc.jsonValue()), { maxLength: 8 }), fc.integer({ min: 1, max: 50 }), (arr, chunk) => {
        const clean = JSON.parse(JSON.stringify(arr));
        assert.deepEqual(scanAll(clean.map((o: unknown) => JSON.stringify(o)).join('\n'), chunk), clean);
        assert.deepEqual(scanAll(JSON.stringify(clean), chunk), clean);
      }),
      { numRuns: 300 },
    );
  });
});
