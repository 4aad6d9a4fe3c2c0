/**
 * Expression language throughput. Each figure is paired with a baseline measured in the same run: a plain
 * JavaScript function doing the same work, so the ratios hold on a busy or slow machine.
 *   simple:  evaluations per second of `@add(variables('i'), 1)` after the first parse (cached per string)
 *   typical: `@concat('out/', pipeline().parameters.folder, '/', item().name)`
 *   parse:   distinct strings parsed and compiled per second (no cache hits)
 *   heavy:   nested concat/formatDateTime/addDays evaluated for each element of a 10,000-element array
 *            (as a ForEach does), and one expression over the whole array (union/join/contains)
 */
import { evaluateExpression, type ExprContext } from '../../src/engine/expr';

export const name = 'expr';

/**
 * Best rate (per second) over several short windows: on a shared, busy machine the best window is the
 * closest to the real cost. Measured windows of `fn` and `baseline` alternate so both see the same load.
 */
function rates(fn: (i: number) => unknown, baseline: (i: number) => unknown, windows = 12, windowMs = 60): { perSecond: number; basePerSecond: number; sink: unknown } {
  let sink: unknown;
  for (let i = 0; i < 5000; i++) {
    sink = fn(i);
    baseline(i);
  }
  const best = [0, 0];
  let n = 0;
  for (let w = 0; w < windows; w++) {
    [fn, baseline].forEach((f, k) => {
      let count = 0;
      const start = performance.now();
      let elapsed = 0;
      while (elapsed < windowMs) {
        for (let i = 0; i < 2000; i++) sink = f(n + i);
        n += 2000;
        count += 2000;
        elapsed = performance.now() - start;
      }
      best[k] = Math.max(best[k], (count / elapsed) * 1000);
    });
  }
  return { perSecond: best[0], basePerSecond: best[1], sink };
}

function time(fn: () => unknown, repeat = 5): number {
  fn();
  let best = Infinity;
  for (let r = 0; r < repeat; r++) {
    const t = performance.now();
    fn();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export async function run(): Promise<Record<string, unknown>> {
  // Simple: one function call over a variable.
  const simpleCtx: ExprContext = { variables: { i: 41 } };
  const simple = rates(
    () => evaluateExpression("@add(variables('i'), 1)", simpleCtx),
    () => {
      const v = simpleCtx.variables!.i;
      if (typeof v !== 'number') throw new Error('not a number');
      return v + 1;
    },
  );
  if (evaluateExpression("@add(variables('i'), 1)", simpleCtx) !== 42) throw new Error('simple expression gave a wrong result');

  // Typical: a concat of a parameter and the current item.
  const typicalCtx: ExprContext = { parameters: { folder: 'landing' }, item: { name: 'a.csv' } };
  const typical = rates(
    () => evaluateExpression("@concat('out/', pipeline().parameters.folder, '/', item().name)", typicalCtx),
    () => `out/${(typicalCtx.parameters as { folder: string }).folder}/${(typicalCtx.item as { name: string }).name}`,
  );

  // Parse: every string distinct (the cache never hits), against JSON.parse of a similar-sized text.
  const parse = rates(
    (i) => evaluateExpression(`@add(variables('i'), ${i})`, simpleCtx),
    (i) => JSON.parse(`{"fn":"add","args":[{"var":"i"},${i}]}`),
    6,
  );

  // Heavy: nested concat/formatDateTime/addDays per element of a 10k array.
  const items = Array.from({ length: 10_000 }, (_, i) => ({ name: `file${i}.csv`, modified: new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString() }));
  const heavyExpr = "@concat(toUpper(item().name), '_', formatDateTime(addDays(item().modified, 1), 'yyyy-MM-ddTHH:mm:ss'), '_', string(length(item().name)))";
  const heavyCtx: ExprContext = { item: items[0] };
  const heavyMs = time(() => {
    for (const it of items) {
      heavyCtx.item = it;
      evaluateExpression(heavyExpr, heavyCtx);
    }
  });
  const heavyBaseMs = time(() => {
    for (const it of items) {
      const d = new Date(Date.parse(it.modified) + 86_400_000);
      void `${it.name.toUpperCase()}_${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}_${it.name.length}`;
    }
  });

  // Heavy: one expression over the whole 10k array.
  const names = items.map((i) => i.name);
  const arrayCtx: ExprContext = { variables: { names, more: names.slice(5000).concat(['extra']) } };
  const arrayExpr = "@length(concat(join(union(variables('names'), variables('more')), ','), string(contains(variables('names'), 'file9999.csv'))))";
  const arrayMs = time(() => evaluateExpression(arrayExpr, arrayCtx));
  const arrayBaseMs = time(() => {
    const u = [...new Set([...names, ...(arrayCtx.variables!.more as string[])])];
    return (u.join(',') + String(names.includes('file9999.csv'))).length;
  });

  return {
    simpleEvalsPerSecond: Math.round(simple.perSecond),
    simpleBaselinePerSecond: Math.round(simple.basePerSecond),
    simpleRatioToBaseline: simple.perSecond / simple.basePerSecond,
    typicalEvalsPerSecond: Math.round(typical.perSecond),
    typicalRatioToBaseline: typical.perSecond / typical.basePerSecond,
    parsesPerSecond: Math.round(parse.perSecond),
    parseRatioToJsonParse: parse.perSecond / parse.basePerSecond,
    heavyPerItem10kMs: heavyMs,
    heavyPerItemBaselineMs: heavyBaseMs,
    heavyPerItemRatio: heavyMs / heavyBaseMs,
    heavyWholeArray10kMs: arrayMs,
    heavyWholeArrayBaselineMs: arrayBaseMs,
    heavyWholeArrayRatio: arrayMs / arrayBaseMs,
  };
}
