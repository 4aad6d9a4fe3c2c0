/**
 * `adfw lint` with the default rules over the public factories of the corpus (read in place; location from
 * ADFW_CORPUS, default ../shared/corpus/adf next to the repository): no crash, no internal rule error, every finding
 * inside its file, and the per-rule counts the README reports. Fails loudly when the corpus is missing.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { discoverFactories, loadFactory } from '../../src/engine/model';
import { defaultConfig, lintFactory, RULES, INVALID_SUPPRESSION } from '../../src/engine/lint';

const CORPUS = path.resolve(process.env.ADFW_CORPUS ?? path.join(__dirname, '..', '..', '..', 'shared', 'corpus', 'adf'));

/** Findings per rule over the corpus, as in the README's lint section. */
const EXPECTED: Record<string, number> = {
  'secret-literal': 6,
  'activity-timeout-retry': 1763,
  'foreach-parallel-set-variable': 6,
  'unused-resource': 404,
  'unreachable-pipeline': 244,
  'hard-coded-environment': 179,
  'missing-description': 2634,
  'pipeline-max-activities': 0,
  'naming-convention': 0,
  'dataflow-schema-drift': 0,
  'invalid-suppression': 0,
};

test('lint over the corpus: no crash, findings in range, the README counts', async () => {
  assert.ok(existsSync(CORPUS), `The factory corpus is missing at ${CORPUS}. Set ADFW_CORPUS to its folder (npm run test:corpus).`);
  const refs = await discoverFactories(CORPUS);
  assert.ok(refs.length >= 20, `expected the corpus's factories under ${CORPUS}, found ${refs.length}`);
  const counts: Record<string, number> = Object.fromEntries([...RULES.map((r) => r.meta.id), INVALID_SUPPRESSION.id].map((id) => [id, 0]));
  for (const ref of refs) {
    const factory = await loadFactory(ref.root);
    const { findings } = lintFactory(factory, defaultConfig(ref.root));
    for (const f of findings) {
      assert.ok(!/^Internal error/.test(f.message), `${f.rule} crashed on ${ref.root}: ${f.message}`);
      const r = [...Object.values(factory.resources)].flatMap((m) => [...m.values()]).find((x) => x.file === f.file);
      assert.ok(r, `${f.rule}: finding outside the factory's files (${f.file})`);
      assert.ok(f.offset >= 0 && f.offset + f.length <= r.doc.text.length, `${f.rule}: range outside ${f.file}`);
      counts[f.rule]++;
    }
  }
  console.log(`lint over ${refs.length} corpus factories: ${JSON.stringify(counts)}`);
  assert.deepEqual(counts, EXPECTED, 'per-rule counts changed: update EXPECTED and the README table');
});
