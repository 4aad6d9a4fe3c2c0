import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { installServerPatches } from '../../../src/engine/connectors/cosmos/serverPatch';

// The embedded server's query engine, loaded the way the server thread loads it.
const load = createRequire(require.resolve('@vercel/cosmosdb-server'));
const helpers = load('@zeit/cosmosdb-query/lib/helpers');
const query = load('@zeit/cosmosdb-query').default as (sql: string) => { exec(coll: unknown[], opts?: Record<string, unknown>): { result: unknown[]; continuation: unknown } };
const original = { strip: helpers.stripUndefined as (v: unknown) => unknown, sort: helpers.sort as (...a: unknown[]) => unknown[] };

/** Every page of `sql` over `docs`, `pageSize` at a time, following continuation tokens. */
function allPages(sql: string, docs: unknown[], pageSize: number): unknown[][] {
  const pages: unknown[][] = [];
  let continuation: unknown;
  do {
    const r = query(sql).exec(docs, { maxItemCount: pageSize, continuation });
    pages.push(r.result);
    continuation = r.continuation;
  } while (continuation && pages.length < 10_000);
  return pages;
}

const docs = Array.from({ length: 2_345 }, (_, i) => ({
  id: `d${i}`,
  _rid: Buffer.from([i % 7, (i * 31) % 256, i >> 8]).toString('base64'),
  n: i % 17,
  tags: i % 5 ? ['a', undefined, 'b'] : [],
  nested: { keep: i, drop: undefined },
}));

describe('embedded Cosmos DB server speed fixes', () => {
  // Results before the fixes, computed before installing them (the install changes the loaded modules).
  const before = {
    all: allPages('SELECT * FROM c', docs, 1_000),
    filtered: allPages('SELECT c.id, c.n FROM c WHERE c.n > 3', docs, 300),
    ordered: allPages('SELECT * FROM c ORDER BY c.n DESC', docs, 700),
    stripCases: [[1, undefined, [undefined, { a: undefined, b: [undefined] }]], { x: undefined, y: { z: [undefined, 2] } }, null, 'text'],
  };
  const stripBefore = before.stripCases.map((v) => original.strip(v));

  it('installs once and reports it', () => {
    assert.equal(installServerPatches(load), true);
    const patchedSort = helpers.sort;
    assert.notEqual(patchedSort, original.sort);
    assert.equal(installServerPatches(load), true);
    assert.equal(helpers.sort, patchedSort, 'a second install does not wrap again');
  });

  it('keeps every page of unordered, filtered and ordered queries identical, continuation tokens included', () => {
    installServerPatches(load);
    assert.deepEqual(allPages('SELECT * FROM c', docs, 1_000), before.all);
    assert.deepEqual(allPages('SELECT c.id, c.n FROM c WHERE c.n > 3', docs, 300), before.filtered);
    assert.deepEqual(allPages('SELECT * FROM c ORDER BY c.n DESC', docs, 700), before.ordered);
    assert.equal(before.all.flat().length, docs.length);
  });

  it('drops undefined exactly like the original, for any value', () => {
    installServerPatches(load);
    assert.deepEqual(before.stripCases.map((v) => helpers.stripUndefined(v)), stripBefore);
    const value = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: 'small' }, fc.constant(undefined), fc.integer(), fc.string(), fc.constant(null), fc.array(tie('v'), { maxLength: 5 }), fc.dictionary(fc.string({ maxLength: 3 }), tie('v'), { maxKeys: 4 })),
    })).v;
    fc.assert(fc.property(value, (v) => assert.deepEqual(helpers.stripUndefined(v), original.strip(v))), { numRuns: 2_000 });
  });

  it('sorts by _rid like the original, ties and non-string ids included', () => {
    installServerPatches(load);
    const getRid = (x: { c: { _rid?: unknown } }) => x.c._rid;
    const rid = fc.oneof(fc.constantFrom('AA', 'AB', 'Ab', 'B0', 'a'), fc.string({ maxLength: 4 }));
    fc.assert(
      fc.property(fc.array(fc.record({ _rid: rid, k: fc.nat() }), { maxLength: 60 }), (items) => {
        const coll = items.map((c) => ({ c }));
        assert.deepEqual(helpers.sort(coll, getRid, undefined), original.sort(coll, getRid, undefined));
      }),
      { numRuns: 1_000 },
    );
    const mixed = [{ c: { _rid: 3 } }, { c: { _rid: 'b' } }, { c: {} }, { c: { _rid: 'a' } }];
    assert.deepEqual(helpers.sort(mixed, getRid, undefined), original.sort(mixed, getRid, undefined));
  });
});
