/**
 * A converted sample passes its original tests: `adfw fabric convert` writes the samples as Fabric items with their
 * tests adapted, and `adfw test` runs them on the local Fabric engine (InvokePipeline children, connections by id)
 * with the same results as the ADF originals.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { adfw, ensureBuilt, json } from '../../helpers/cli';

describe('converted samples pass their original tests on the Fabric engine', () => {
  before(() => ensureBuilt());

  for (const sample of ['control-flow', 'cosmos-copy']) {
    it(sample, async () => {
      const original = await adfw(['test', path.join('samples', sample), '--reporter', 'json']);
      assert.equal(original.code, 0, original.stderr);
      const out = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-converted-')), sample);
      const conv = await adfw(['fabric', 'convert', path.join('samples', sample), '--out', out, '--json']);
      assert.equal(conv.code, 0, conv.stderr);
      const items = await fs.readdir(out, { recursive: true });
      assert.ok(items.some((f) => String(f).endsWith(`.DataPipeline${path.sep}pipeline-content.json`)), 'Fabric items written');
      const validated = await adfw(['validate', out, '--json']);
      assert.equal(validated.code, 0, validated.stdout + validated.stderr);
      assert.deepEqual(json(validated).diagnostics.filter((d: any) => d.severity === 'error'), []);
      const converted = await adfw(['test', out, '--reporter', 'json']);
      assert.equal(converted.code, 0, converted.stdout + converted.stderr);
      const a = json(original);
      const b = json(converted);
      assert.equal(b.errors, 0);
      assert.equal(b.failed, 0);
      assert.equal(b.passed, a.passed, 'as many tests pass as on the ADF original');
      assert.deepEqual(b.results.map((r: any) => r.name).sort(), a.results.map((r: any) => r.name).sort());
    });
  }
});
