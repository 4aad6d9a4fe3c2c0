import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { existsSync } from 'node:fs';
import { validatePath } from '../../../src/engine/validate';

const SAMPLES = path.resolve(__dirname, '../../../samples');

test('the sample factories in samples/ validate without errors', async () => {
  assert.ok(existsSync(SAMPLES), 'samples/ exists');
  const { factories, diagnostics } = await validatePath(SAMPLES);
  assert.ok(factories.length >= 1, 'at least one sample factory');
  const errors = diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors.map((d) => `${path.relative(SAMPLES, d.file)} ${d.code} ${d.message}`), []);
});
