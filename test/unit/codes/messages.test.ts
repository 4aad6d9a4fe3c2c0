/**
 * Every message comes from its code's catalogue template: the diagnostics of every factory among the test fixtures
 * and samples, and the errors of every expression case, each match the template of their code compiled to a
 * regular expression. Also the template formatter's own contract (missing or extra parameters are errors).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { CATALOGUE, codeEntry, formatMessage, messagePattern, placeholdersOf, SemanticCodes, ExprCodes } from '../../../src/engine/codes';
import { validatePath } from '../../../src/engine/validate';
import { evaluateExpression, ExpressionError } from '../../../src/engine/expr';
import { seededRandom } from '../../../src/engine/run/random';
import { caseFiles, loadCases } from '../../helpers/exprCases';
import { brokenFactory } from '../../helpers/brokenFactory';

const root = path.join(__dirname, '..', '..', '..');
const KINDS = ['pipeline', 'dataset', 'linkedService', 'trigger', 'dataflow', 'integrationRuntime', 'factory'];

/** Every folder under test/fixtures and samples that holds a factory (a resource folder directly inside). */
function factoryFolders(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    const names = readdirSync(dir);
    if (names.some((n) => KINDS.includes(n) && statSync(path.join(dir, n)).isDirectory())) out.push(dir);
    for (const n of names) {
      const p = path.join(dir, n);
      if (!KINDS.includes(n) && n !== 'node_modules' && statSync(p).isDirectory()) walk(p);
    }
  };
  walk(path.join(root, 'test', 'fixtures'));
  walk(path.join(root, 'samples'));
  return out;
}

const temp: string[] = [];
after(() => temp.forEach((d) => rmSync(d, { recursive: true, force: true })));

test('every diagnostic of the fixture and sample factories matches its code’s template', async () => {
  const broken = brokenFactory();
  temp.push(broken);
  const folders = [broken, ...factoryFolders()];
  assert.ok(folders.length >= 10, `factories found: ${folders.length}`);
  const mismatches: string[] = [];
  const codes = new Set<string>();
  let count = 0;
  for (const dir of folders) {
    const { diagnostics } = await validatePath(dir);
    for (const d of diagnostics) {
      count++;
      codes.add(d.code);
      const pattern = messagePattern(d.code);
      if (!pattern) mismatches.push(`${d.code} is not in the catalogue: ${d.message}`);
      else if (!pattern.test(d.message)) mismatches.push(`${d.code} "${codeEntry(d.code)!.message}" ≠ "${d.message}" (${path.relative(root, d.file)})`);
    }
  }
  assert.deepEqual(mismatches, []);
  assert.ok(count >= 60 && codes.size >= 30, `many kinds of diagnostics are checked (${count}, ${codes.size} codes: ${[...codes].sort().join(' ')})`);
});

test('every error of the expression cases matches its code’s template', () => {
  const mismatches: string[] = [];
  let count = 0;
  for (const file of caseFiles) {
    for (const c of loadCases(file)) {
      if ('value' in c.expect) continue;
      try {
        evaluateExpression(c.text, { ...c.ctx, random: seededRandom(c.line) });
        mismatches.push(`${file}:${c.line} did not throw`);
      } catch (e) {
        if (!(e instanceof ExpressionError)) {
          mismatches.push(`${file}:${c.line} threw ${String(e)}`);
          continue;
        }
        count++;
        const pattern = messagePattern(e.code);
        if (!pattern?.test(e.message)) mismatches.push(`${file}:${c.line} ${e.code} "${codeEntry(e.code)?.message}" ≠ "${e.message}"`);
      }
    }
  }
  assert.deepEqual(mismatches, []);
  assert.ok(count >= 100, `expression errors checked: ${count}`);
});

test('formatMessage fills every placeholder and refuses a missing or extra one', () => {
  assert.equal(formatMessage(SemanticCodes.dependencyCycle, { cycle: '"A" -> "B" -> "A"' }), 'Dependency cycle: "A" -> "B" -> "A". ADF cannot schedule activities that wait for each other.');
  assert.equal(formatMessage(SemanticCodes.dependencyCycle, { name: 'A' }, 'self'), 'Activity "A" depends on itself.');
  assert.throws(() => formatMessage(SemanticCodes.dependencyCycle, { name: 'A' }, 'nope'), /ADF2021: no variant "nope"/);
  assert.equal(formatMessage(ExprCodes.itemOutsideForEach), "The function 'item' can only be used inside a ForEach activity.");
  assert.throws(() => formatMessage(SemanticCodes.unresolvedReference, { referenceType: 'DatasetReference', kind: 'dataset', name: 'X' }), /ADF2001 .*missing \{hint\}/);
  assert.throws(() => formatMessage(SemanticCodes.dependencyCycle, { cycle: 'A', extra: 1 }), /ADF2021 .*no placeholder for extra/);
  assert.throws(() => formatMessage('ADF9999'), /No diagnostic code ADF9999/);
  // "'@{'" is text, not a placeholder; a "$" before a placeholder stays.
  assert.equal(formatMessage(ExprCodes.unterminatedInterpolation), "The interpolation '@{' is not closed: add '}'.");
  assert.deepEqual(placeholdersOf('a {x} and {y}, {x} again, {not one} {'), ['x', 'y']);
});

test('every template and variant compiles to a pattern that matches its own formatted message, and only those', () => {
  let variants = 0;
  for (const band of CATALOGUE) {
    for (const e of Object.values(band.entries)) {
      for (const [variant, template] of [[undefined, e.message] as const, ...Object.entries(e.variants ?? {})]) {
        if (variant) variants++;
        const params = Object.fromEntries(placeholdersOf(template).map((n) => [n, `<${n}>`]));
        assert.match(formatMessage(e.code, params, variant), messagePattern(e.code)!, `${e.code} ${variant ?? ''}`);
      }
    }
  }
  assert.ok(variants > 50, `variants: ${variants}`);
  assert.doesNotMatch('Attempted to divide by zero', messagePattern(ExprCodes.divideByZero)!);
  assert.doesNotMatch("The template language function 'div' cannot divide by zero. Extra", messagePattern(ExprCodes.divideByZero)!);
});
