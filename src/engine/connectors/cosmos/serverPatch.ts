/**
 * The embedded Cosmos DB server (@vercel/cosmosdb-server) compiles every SQL query with @zeit/cosmosdb-query,
 * whose FROM clause builds its working set with `reduce(($, c) => [...$, {c}], [])`: quadratic in the container
 * size, so one page of a 100,000-document container costs minutes. This rewrites that one generated expression
 * into the equivalent linear `filter(...).map(...)` (same rows, same order) before the query runs. Only the
 * in-process emulator is touched; nothing changes for a real Cosmos DB account.
 */

const QUADRATIC_FROM = /\$c\.reduce\(\(\$, (\w+)\) => typeof \1 !== "undefined" \? \[\.\.\.\$, \{\s*\1: \1\s*\}\] : \$, \[\]\)/g;

/** Rewrites the quadratic FROM expression of a compiled query; other code is returned unchanged. */
export function linearizeQueryCode(code: string): string {
  return code.replace(QUADRATIC_FROM, (_m, alias: string) => `$c.filter((${alias}) => typeof ${alias} !== "undefined").map((${alias}) => ({ ${alias}: ${alias} }))`);
}

const patched = new WeakSet<object>();

/** Patches the query executor that `load` (a require rooted at the server package) resolves. Idempotent. */
export function patchQueryEngine(load: NodeRequire): void {
  let serverDir: string;
  try {
    serverDir = load.resolve('@vercel/cosmosdb-server');
  } catch {
    return;
  }
  const { createRequire } = load('node:module') as typeof import('node:module');
  const fromServer = createRequire(serverDir);
  let executor: { default: (coll: unknown, opts: { code: string } & Record<string, unknown>) => unknown };
  try {
    executor = fromServer('@zeit/cosmosdb-query/lib/executor');
  } catch {
    return;
  }
  if (patched.has(executor)) return;
  patched.add(executor);
  const original = executor.default;
  executor.default = (coll, opts) => original(coll, { ...opts, code: linearizeQueryCode(opts.code) });
}
