import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { parseTestFile, discoverTestFiles, factoryRootFor } from '../../../src/engine/testing/load';

const fixtures = path.join(__dirname, '..', '..', 'fixtures', 'testing');

test('schema problems come with positions and readable messages', () => {
  const text = '{\n  "pipeline": "P",\n  "tests": [\n    { "name": "a", "expect": { "status": "Done" } },\n    { "name": "a", "expect": {}, "extra": 1 }\n  ]\n}';
  const r = parseTestFile('/x/t.adftest.json', text);
  const msgs = r.problems.map((p) => `${p.location.line}:${p.location.column} ${p.message}`);
  assert.ok(msgs.some((m) => /^4:\d+ .*status must be one of "Succeeded", "Failed", "Cancelled"/.test(m)), msgs.join('\n'));
  assert.ok(msgs.some((m) => /^5:\d+ Unknown property "extra"/.test(m)), msgs.join('\n'));
});

test('duplicate names and missing pipeline', () => {
  const r = parseTestFile('/x/t.adftest.json', JSON.stringify({ tests: [{ name: 'a', expect: {} }, { name: 'a', pipeline: 'P', expect: {} }] }, null, 2));
  assert.ok(r.problems.some((p) => /names no pipeline/.test(p.message)));
  assert.ok(r.problems.some((p) => /Duplicate test name "a"/.test(p.message)));
});

test('syntax errors and mocks without a target', () => {
  assert.match(parseTestFile('/x/t.adftest.json', '{"tests": [').problems[0].message, /Invalid JSON/);
  const r = parseTestFile('/x/t.adftest.json', JSON.stringify({ pipeline: 'P', mocks: [{ output: 1 }], tests: [{ name: 'a', expect: {} }] }));
  assert.ok(r.problems.some((p) => /needs "activity"/.test(p.message)), r.problems.map((p) => p.message).join('\n'));
});

test('comments are allowed; discovery and factory resolution', async () => {
  const r = parseTestFile('/x/t.adftest.json', '// smoke\n{"pipeline": "P", "tests": [{"name": "a", "expect": {}}]}');
  assert.deepEqual(r.problems, []);
  const files = await discoverTestFiles(fixtures);
  assert.deepEqual(files.map((f) => path.relative(fixtures, f)), ['factory/tests/loadOrders.adftest.json', 'failing/wrong.adftest.json', 'malformed/bad.adftest.json'].map((p) => p.split('/').join(path.sep)));
  assert.equal(await factoryRootFor(files[0]), path.join(fixtures, 'factory'));
  assert.equal(await factoryRootFor(files[1], { factory: '../factory', tests: [] }), path.join(fixtures, 'factory'));
});
