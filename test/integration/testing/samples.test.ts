import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { runTests } from '../../../src/engine/testing';

const samples = path.join(__dirname, '..', '..', '..', 'samples');

for (const sample of ['control-flow', 'cosmos-copy', 'fabric-workspace']) {
  test(`the ${sample} sample's test suite passes`, async () => {
    const s = await runTests([path.join(samples, sample, 'tests')]);
    assert.ok(s.results.length >= 5, `found ${s.results.length} tests`);
    const bad = s.results.filter((r) => r.status !== 'passed').map((r) => `${r.name}: ${r.failures.map((f) => f.message).join('; ')}`);
    assert.deepEqual(bad, []);
  });
}
