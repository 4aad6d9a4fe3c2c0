/**
 * The expression cases of test/fixtures/expr/*.txt (format: test/fixtures/expr/README.md), read by the fixture
 * runner (test/unit/expr/fixtures.test.ts) and the catalogue's message check (test/unit/codes/messages.test.ts).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExprContext } from '../../src/engine/expr';

const dir = join(__dirname, '../fixtures/expr');
const baseContext = JSON.parse(readFileSync(join(dir, 'context.json'), 'utf8')) as ExprContext;

export interface Case {
  line: number;
  text: string;
  expect: { value: unknown } | { code: string; message: string };
  ctx: ExprContext;
}

export function loadCases(file: string): Case[] {
  const lines = readFileSync(join(dir, file), 'utf8').split('\n');
  const cases: Case[] = [];
  let ctx: ExprContext = baseContext;
  let pending: { line: number; text: string } | undefined;
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line.startsWith('# ')) return;
    if (line.startsWith('// context: ')) {
      const v = JSON.parse(line.slice('// context: '.length));
      ctx = v === null ? baseContext : v;
      return;
    }
    if (line.startsWith('// context+: ')) {
      ctx = { ...baseContext, ...JSON.parse(line.slice('// context+: '.length)) };
      if ((ctx as { parameters?: unknown }).parameters !== baseContext.parameters) ctx.parameters = { ...baseContext.parameters, ...ctx.parameters };
      return;
    }
    if (line.startsWith('// expect error: ')) {
      assert.ok(pending, `${file}:${i + 1}: expectation without an expression`);
      const rest = line.slice('// expect error: '.length);
      const sp = rest.indexOf(' ');
      cases.push({ ...pending, ctx, expect: { code: sp < 0 ? rest : rest.slice(0, sp), message: sp < 0 ? '' : rest.slice(sp + 1) } });
      pending = undefined;
      return;
    }
    if (line.startsWith('// expect: ')) {
      assert.ok(pending, `${file}:${i + 1}: expectation without an expression`);
      cases.push({ ...pending, ctx, expect: { value: JSON.parse(line.slice('// expect: '.length)) } });
      pending = undefined;
      return;
    }
    if (line === '' && !pending) return;
    assert.equal(pending, undefined, `${file}:${i + 1}: expression at line ${pending?.line} has no expectation`);
    pending = { line: i + 1, text: line };
  });
  assert.equal(pending, undefined, `${file}: last expression has no expectation`);
  return cases;
}

/** The case files, sorted. */
export const caseFiles = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();
