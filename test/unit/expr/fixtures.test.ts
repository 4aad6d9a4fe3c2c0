/**
 * Runs the expression cases in test/fixtures/expr/*.txt (format: test/fixtures/expr/README.md).
 * Each case is a subtest named after its file and line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { evaluateExpression, ExpressionError } from '../../../src/engine/expr';
import { caseFiles, loadCases } from '../../helpers/exprCases';
import { seededRandom } from '../../../src/engine/run/random';

const files = caseFiles;

for (const file of files) {
  test(`expression cases: ${file}`, async (t) => {
    const cases = loadCases(file);
    assert.ok(cases.length > 0);
    for (const c of cases) {
      await t.test(`${file}:${c.line} ${c.text}`, () => {
        const ctx = { ...c.ctx, random: seededRandom(c.line) };
        if ('value' in c.expect) {
          let actual: unknown;
          try {
            actual = evaluateExpression(c.text, ctx);
          } catch (e) {
            assert.fail(`unexpected error ${(e as ExpressionError).code}: ${(e as Error).message}`);
          }
          assert.deepEqual(actual, c.expect.value);
        } else {
          const { code, message } = c.expect;
          assert.throws(
            () => evaluateExpression(c.text, ctx),
            (e: unknown) => {
              assert.ok(e instanceof ExpressionError, `not an ExpressionError: ${String(e)}`);
              assert.equal(e.code, code, e.message);
              assert.ok(e.message.includes(message), `message "${e.message}" does not contain "${message}"`);
              assert.ok(e.offset >= 0 && e.offset + e.length <= c.text.length, `range ${e.offset}+${e.length} outside the text`);
              return true;
            },
          );
        }
      });
    }
  });
}

test('adfw eval --batch gives the same results as the API for every case', async () => {
  const { default: evalCommand } = await import('../../../src/cli/commands/eval');
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const cases = files.flatMap((f) => loadCases(f).map((c) => ({ ...c, file: f })));
  // Cases that use the context's random source are left out: the batch has no seeded source per line.
  const deterministic = cases.filter((c) => !/\b(rand|guid)\s*\(/i.test(c.text));
  const dirPath = mkdtempSync(join(tmpdir(), 'adfw-expr-batch-'));
  try {
    const file = join(dirPath, 'cases.jsonl');
    writeFileSync(file, deterministic.map((c) => JSON.stringify({ expression: c.text, context: c.ctx })).join('\n') + '\n');
    const out: string[] = [];
    await evalCommand(['--batch', file], { out: (t) => out.push(t), err: () => undefined });
    assert.equal(out.length, deterministic.length);
    deterministic.forEach((c, i) => {
      const line = JSON.parse(out[i]) as { value?: unknown; error?: { code: string; message: string } };
      const where = `${c.file}:${c.line} ${c.text}`;
      if ('value' in c.expect) assert.deepEqual(line, { value: c.expect.value }, where);
      else assert.equal(line.error?.code, c.expect.code, where);
    });
  } finally {
    rmSync(dirPath, { recursive: true, force: true });
  }
});
