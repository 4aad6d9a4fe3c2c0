/**
 * Every expression in the corpus of real factories (ADFW_CORPUS, default ../shared/corpus/adf; read in place)
 * parses without diagnostics, except the few that ADF itself rejects; evaluating each with an empty context
 * ends in a value or a positioned ExpressionError, never a crash.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseTree, type Node } from 'jsonc-parser';
import { evaluateExpression, ExpressionError, isExpressionValue } from '../../src/engine/expr';
import { expressionDiagnostics } from '../../src/engine/expr/language';

import { CORPUS as corpus, requireCorpus } from './location';

/** Expressions in the corpus that are not valid ADF (placeholders of a templating tool, Logic Apps' body(), a missing '()'). */
const KNOWN_INVALID: { file: RegExp; code: string }[] = [
  { file: /azure-data-services-go-fast-codebase\/.*\{IR\}\.json$/, code: 'ADF3008' },
  { file: /CommunityEvents\/.*\.json$/, code: 'ADF3004' },
  { file: /sherkhan15__Azure-Data-Factory_-Use-cases\/dataset\/AzureSqlTable2\.json$/, code: 'ADF3008' },
];

function jsonFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) jsonFiles(p, out);
    else if (name.endsWith('.json')) out.push(p);
  }
  return out;
}

test('corpus: expressions parse like ADF parses them', () => {
  requireCorpus();
  const files = jsonFiles(corpus);
  assert.ok(files.length > 100);
  const unexpected: string[] = [];
  let checked = 0;
  for (const f of files) {
    const rel = relative(corpus, f);
    for (const d of expressionDiagnostics(readFileSync(f, 'utf8'), rel)) {
      checked++;
      if (!KNOWN_INVALID.some((k) => k.file.test(rel) && k.code === d.code)) unexpected.push(`${rel}: ${d.code} ${d.message}`);
    }
  }
  assert.deepEqual(unexpected, []);
  assert.ok(checked <= 12, `${checked} known-invalid expressions`);
});

test('corpus: evaluating every expression gives a value or a positioned ExpressionError', () => {
  requireCorpus();
  let count = 0;
  const ctx = { parameters: {}, variables: {}, activities: {}, item: {}, now: '2024-01-01T00:00:00Z' };
  for (const f of jsonFiles(corpus)) {
    const root = parseTree(readFileSync(f, 'utf8'));
    const stack: (Node | undefined)[] = [root];
    while (stack.length) {
      const n = stack.pop();
      if (!n) continue;
      if (n.type === 'string' && typeof n.value === 'string' && isExpressionValue(n.value)) {
        count++;
        try {
          JSON.stringify(evaluateExpression(n.value, ctx));
        } catch (e) {
          if (!(e instanceof ExpressionError)) assert.fail(`${f}: ${n.value}: ${(e as Error).stack}`);
          assert.ok(e.offset >= 0 && e.offset + e.length <= n.value.length);
        }
      }
      if (n.children) stack.push(...n.children);
    }
  }
  assert.ok(count > 1000, `${count} expressions`);
});
