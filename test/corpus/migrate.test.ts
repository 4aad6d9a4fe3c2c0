/**
 * `adfw fabric check` / `convert` over the public factories of the corpus (read in place): no crash; in every
 * converted pipeline no ADF reference (dataset, linked service, pipeline), no ExecutePipeline and no global
 * parameter is left; the output is the same on a second conversion; and the verdict counts the README reports.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { discoverFactories, loadFactory, loadManagedPrivateEndpoints, REFERENCE_KINDS } from '../../src/engine/model';
import { analyseFactory, convertFactory } from '../../src/engine/migrate';
import { globalParameterUses, stringsOf } from '../../src/engine/migrate/rewrite';
import { CORPUS, requireCorpus } from './location';

/** Verdicts over the corpus, as in the README's migration section. */
const EXPECTED = { factories: 39, pipelines: 1078, convertible: 48, convertibleWithChanges: 739, notConvertible: 291 };

function leftovers(v: unknown, out: string[] = [], at = ''): string[] {
  if (Array.isArray(v)) v.forEach((x, i) => leftovers(x, out, `${at}[${i}]`));
  else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.type === 'string' && typeof o.referenceName === 'string' && o.type in REFERENCE_KINDS) out.push(`${at}: ${o.type} ${o.referenceName}`);
    if (typeof o.type === 'string' && o.type.toLowerCase() === 'executepipeline') out.push(`${at}: ExecutePipeline left`);
    for (const [k, x] of Object.entries(o)) leftovers(x, out, `${at}.${k}`);
  }
  return out;
}

test('fabric check and convert over the corpus: no crash, nothing of ADF left in converted pipelines, deterministic', async () => {
  requireCorpus();
  const refs = await discoverFactories(CORPUS);
  assert.ok(refs.length >= 20, `expected the corpus's factories under ${CORPUS}, found ${refs.length}`);
  const totals = { factories: 0, pipelines: 0, convertible: 0, convertibleWithChanges: 0, notConvertible: 0 };
  for (const ref of refs) {
    const factory = await loadFactory(ref.root);
    const analysis = analyseFactory(factory, ref.root, await loadManagedPrivateEndpoints(ref.root).catch(() => []));
    const result = convertFactory(factory, analysis);
    const again = convertFactory(factory, analyseFactory(factory, ref.root));
    assert.deepEqual([...again.files], [...result.files], `${ref.root}: a second conversion differs`);
    for (const [file, text] of result.files) {
      if (!file.endsWith('pipeline-content.json')) continue;
      const doc = JSON.parse(text);
      assert.deepEqual(leftovers(doc), [], `${ref.root} ${file}`);
      for (const s of stringsOf(doc)) assert.deepEqual(globalParameterUses(s.text), [], `${ref.root} ${file}: global parameter left at ${s.path.join('.')}`);
    }
    totals.factories++;
    totals.pipelines += analysis.report.summary.pipelines;
    totals.convertible += analysis.report.summary.convertible;
    totals.convertibleWithChanges += analysis.report.summary.convertibleWithChanges;
    totals.notConvertible += analysis.report.summary.notConvertible;
  }
  assert.deepEqual(totals, EXPECTED);
});
