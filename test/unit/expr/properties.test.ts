/**
 * Hostile input: fast-check properties over the expression parser, evaluator and editor functions.
 * 10,000 generated inputs per property; the only failures allowed are positioned ExpressionErrors
 * (or diagnostics), never another exception.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { allFunctions, evaluateExpression, evaluateValue, ExpressionError, parseExpression, type ExprContext } from '../../../src/engine/expr';
import { completeExpression, expressionDiagnostics, hoverExpression, signatureAt } from '../../../src/engine/expr/language';

const RUNS = 10_000;
const baseContext = JSON.parse(readFileSync(join(__dirname, '../../fixtures/expr/context.json'), 'utf8')) as ExprContext;

/** Evaluates and asserts the outcome is a JSON value or a positioned ExpressionError. */
function evaluatesCleanly(text: string, ctx: ExprContext): void {
  let value: unknown;
  try {
    value = evaluateExpression(text, ctx);
  } catch (e) {
    if (!(e instanceof ExpressionError)) throw new Error(`non-ExpressionError for ${JSON.stringify(text)}: ${(e as Error)?.stack ?? String(e)}`);
    assert.match(e.code, /^ADF[34]\d{3}$/);
    assert.ok(e.message.length > 0);
    assert.ok(Number.isInteger(e.offset) && e.offset >= 0 && e.length >= 0 && e.offset + e.length <= text.length, `bad range ${e.offset}+${e.length} for ${JSON.stringify(text)}`);
    return;
  }
  assert.notEqual(value, undefined);
  JSON.stringify(value);
}

function quote(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

const names = allFunctions.map((f) => f.name);
const props = ['parameters', 'globalParameters', 'output', 'firstRow', 'Name', 'value', 'count', 'x', 'length', 'myString', 'list', 'obj', 'status', 'error', 'body', 'nested', 'v', '0'];

/** Random well-formed expressions built from every function, literals, property access and indexing. */
const exprArb: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.string({ maxLength: 12 }).map(quote),
    fc.constantFrom("'2018-03-15T13:27:36Z'", "'03/15/2018 12:00:00'", "'Pacific Standard Time'", "'UTC'", "'yyyy-MM-dd'", "'D'", "'Day'", "'<a><b>1</b></a>'", "'/a/b'", "'{\"a\":[1,2]}'", "'aGVsbG8='", "'data:,x'", "'de-DE'", "'N'"),
    fc.integer({ min: -1000, max: 1000 }).map(String),
    fc.constantFrom('0', '-1', '2.5', '.5', '1e3', '9007199254740993', '9223372036854775807', '1.0', '100000'),
    fc.constantFrom('true', 'false', 'null'),
    fc.tuple(fc.constantFrom(...names), fc.array(tie('expr'), { maxLength: 4 })).map(([n, args]) => `${n}(${args.join(', ')})`),
    fc.tuple(tie('expr'), fc.constantFrom('.', '?.'), fc.constantFrom(...props)).map(([e, d, p]) => `${e}${d}${p}`),
    fc.tuple(tie('expr'), fc.constantFrom('[', '?['), tie('expr')).map(([e, b, i]) => `${e}${b}${i}]`),
  ),
})).expr;

/** Strings made of expression-ish fragments: more likely than random text to reach deep parser states. */
const fragmentText = fc
  .array(fc.constantFrom('@', '@@', '@{', '}', '{', '(', ')', "'", "''", ',', '.', '?.', '?[', '[', ']', ' ', '-', '1', '2.5', '.5', 'e', 'concat', 'pipeline()', 'item', 'x', '"', '\\', '\n', '\u{1F600}', '\ud800'), { maxLength: 40 })
  .map((parts) => parts.join(''));

const withContext = (seed: number): ExprContext => ({ ...baseContext, random: () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296) });

test('parseExpression never throws and positions every diagnostic inside the text (arbitrary strings)', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 80, unit: 'binary' }), fragmentText), (text) => {
      const r = parseExpression(text);
      for (const d of r.diagnostics) {
        assert.match(d.code, /^ADF3\d{3}$/);
        assert.ok(d.offset >= 0 && d.length >= 0 && d.offset + d.length <= text.length, `bad range ${d.offset}+${d.length} in ${JSON.stringify(text)}`);
      }
    }),
    { numRuns: RUNS, seed: 4242 },
  );
});

test('well-formed generated expressions parse without diagnostics', () => {
  fc.assert(
    fc.property(exprArb, (e) => {
      const d = parseExpression(`@${e}`).diagnostics.filter((x) => x.code !== 'ADF3005');
      assert.deepEqual(d, [], `@${e}`);
    }),
    { numRuns: RUNS, seed: 7 },
  );
});

test('evaluating generated expressions gives a JSON value or a positioned ExpressionError', () => {
  fc.assert(
    fc.property(exprArb, fc.boolean(), fc.integer(), (e, interpolate, seed) => {
      evaluatesCleanly(interpolate ? `a @{${e}} b` : `@${e}`, withContext(seed));
    }),
    { numRuns: RUNS, seed: 99 },
  );
});

test('evaluating arbitrary text gives a JSON value or a positioned ExpressionError', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 60, unit: 'binary' }), fragmentText), fc.integer(), (text, seed) => {
      evaluatesCleanly(text, withContext(seed));
    }),
    { numRuns: RUNS, seed: 1234 },
  );
});

test('evaluating with hostile contexts gives a JSON value or a positioned ExpressionError', () => {
  const ctxArb = fc.record(
    {
      parameters: fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 3 })),
      variables: fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 3 })),
      item: fc.jsonValue({ maxDepth: 3 }),
      now: fc.oneof(fc.string({ maxLength: 30 }), fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
      pipeline: fc.dictionary(fc.constantFrom('RunId', 'Pipeline', 'TriggerTime'), fc.string({ maxLength: 10 })),
    },
    { requiredKeys: [] },
  );
  fc.assert(
    fc.property(exprArb, ctxArb, (e, ctx) => {
      evaluatesCleanly(`@${e}`, ctx as ExprContext);
    }),
    { numRuns: RUNS, seed: 555 },
  );
});

test('evaluateValue over generated JSON documents never throws anything but ExpressionError', () => {
  const doc = fc.jsonValue({ maxDepth: 4 }).chain((v) => fc.tuple(fc.constant(v), exprArb));
  fc.assert(
    fc.property(doc, ([v, e]) => {
      const value = { data: v, expr: `@${e}`, obj: { value: `@${e}`, type: 'Expression' }, list: [`x @{${e}}`] };
      try {
        JSON.stringify(evaluateValue(value, baseContext));
      } catch (err) {
        if (!(err instanceof ExpressionError)) throw err;
      }
    }),
    { numRuns: RUNS, seed: 8 },
  );
});

test('editor functions never throw on arbitrary documents and cursor positions', () => {
  const fileArb = fc.oneof(
    fc.string({ maxLength: 60 }),
    fc.tuple(fc.oneof(exprArb.map((e) => `@${e}`), fragmentText)).map(([s]) => JSON.stringify({ name: 'p', properties: { activities: [{ name: 'A', type: 'ForEach', typeProperties: { activities: [{ name: 'B', type: 'Wait', typeProperties: { v: s } }] } }] } })),
  );
  fc.assert(
    fc.property(fileArb, fc.nat(), (text, n) => {
      const offset = text.length ? n % (text.length + 1) : 0;
      completeExpression(text, offset);
      hoverExpression(text, offset);
      signatureAt(text, offset);
      for (const d of expressionDiagnostics(text)) assert.ok(d.offset >= 0 && d.offset + d.length <= text.length);
    }),
    { numRuns: RUNS, seed: 31 },
  );
});

test('values nested deeper than the stack give an ExpressionError, not a crash', () => {
  let deep: unknown = 1;
  for (let i = 0; i < 200_000; i++) deep = [deep];
  const ctx: ExprContext = { parameters: { deep } };
  for (const text of ['@equals(pipeline().parameters.deep, pipeline().parameters.deep)', '@string(pipeline().parameters.deep)', "@union(pipeline().parameters.deep, createArray(1))", '@{pipeline().parameters.deep}']) {
    try {
      evaluateExpression(text, ctx);
    } catch (e) {
      assert.ok(e instanceof ExpressionError, `${text}: ${String(e)}`);
      assert.equal(e.code, 'ADF4012');
    }
  }
  assert.throws(() => evaluateValue({ v: deep, e: '@true' }, ctx), (e: unknown) => e instanceof ExpressionError && e.code === 'ADF4012');
});
