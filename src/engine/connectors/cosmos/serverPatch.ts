/**
 * Speed fixes for the embedded Cosmos DB server (@vercel/cosmosdb-server and its query engine
 * @zeit/cosmosdb-query). Each one keeps the results and their order exactly; only the cost changes:
 * - FROM: the compiled query builds its working set with `reduce(($, c) => [...$, {c}], [])`, quadratic in the
 *   container size (one page of a 100,000-document container cost minutes). Rewritten into the equivalent
 *   linear `filter(...).map(...)`.
 * - stripUndefined (run on every page of results) copies arrays with `[...o, v]` per element: quadratic in the
 *   page size (10,000 documents: about 50 million element copies). Replaced by a linear deep copy that drops
 *   `undefined` the same way.
 * - sort without ORDER BY (run on every page to order the container by `_rid` for continuation tokens) calls
 *   a generic comparator through a path lookup N·log N times. Replaced, when every `_rid` is a string, by a
 *   decorate-sort-undecorate with the same string order; the sort stays stable, so ties keep their order.
 * Only the in-memory emulator is touched; nothing changes for a real Cosmos DB account.
 *
 * `installServerPatches` is self-contained (no imports, no outer references): the server's worker thread
 * evaluates its source text.
 */

/** Patches the query engine that `load` (a require rooted at the server package) resolves. Idempotent. */
export function installServerPatches(load: NodeRequire): boolean {
  const QUADRATIC_FROM = /\$c\.reduce\(\(\$, (\w+)\) => typeof \1 !== "undefined" \? \[\.\.\.\$, \{\s*\1: \1\s*\}\] : \$, \[\]\)/g;
  const linearize = (code: string) => code.replace(QUADRATIC_FROM, (_m, a: string) => `$c.filter((${a}) => typeof ${a} !== "undefined").map((${a}) => ({ ${a}: ${a} }))`);
  let executor: { default: (coll: unknown, opts: { code: string } & Record<string, unknown>) => unknown; __adfwPatched?: boolean };
  let helpers: Record<string, any> & { __adfwPatched?: boolean };
  try {
    executor = load('@zeit/cosmosdb-query/lib/executor');
    helpers = load('@zeit/cosmosdb-query/lib/helpers');
  } catch {
    return false; // another layout of the package: run it unpatched
  }
  if (!executor.__adfwPatched) {
    const original = executor.default;
    executor.default = (coll, opts) => original(coll, { ...opts, code: linearize(opts.code) });
    executor.__adfwPatched = true;
  }
  if (!helpers.__adfwPatched && typeof helpers.stripUndefined === 'function' && typeof helpers.sort === 'function') {
    const strip = (v: unknown): unknown => {
      if (Array.isArray(v)) {
        const out: unknown[] = [];
        for (const x of v) if (typeof x !== 'undefined') out.push(strip(x));
        return out;
      }
      if (v && typeof v === 'object') {
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) if (typeof x !== 'undefined') out[k] = strip(x);
        return out;
      }
      return v;
    };
    const sort = helpers.sort as (collection: unknown[], getRid: (x: unknown) => unknown, compositeIndexes: unknown, ...orders: unknown[]) => unknown[];
    helpers.stripUndefined = strip;
    helpers.sort = (collection: unknown[], getRid: (x: unknown) => unknown, compositeIndexes: unknown, ...orders: unknown[]) => {
      if (orders.length) return sort(collection, getRid, compositeIndexes, ...orders);
      const keyed: { r: string; v: unknown }[] = new Array(collection.length);
      for (let i = 0; i < collection.length; i++) {
        const r = getRid(collection[i]);
        if (typeof r !== 'string') return sort(collection, getRid, compositeIndexes);
        keyed[i] = { r, v: collection[i] };
      }
      keyed.sort((a, b) => (a.r === b.r ? 0 : a.r < b.r ? -1 : 1));
      const out: unknown[] = new Array(keyed.length);
      for (let i = 0; i < keyed.length; i++) out[i] = keyed[i].v;
      return out;
    };
    helpers.__adfwPatched = true;
  }
  return true;
}
