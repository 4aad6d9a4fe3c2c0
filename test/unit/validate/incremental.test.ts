import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadFactory, findResource } from '../../../src/engine/model';
import { IncrementalValidator, validateFactory } from '../../../src/engine/validate';
import { FIXTURE } from './helpers';

const key = (ds: { file: string; offset: number; code: string }[]) => ds.map((d) => `${path.basename(d.file)}@${d.offset} ${d.code}`);

test('incremental validation re-validates the changed file and its dependents, and equals a full validation', async () => {
  const f = await loadFactory(FIXTURE);
  const v = new IncrementalValidator(f);
  assert.deepEqual(v.diagnostics(), []);
  const sink = findResource(f, 'dataset', 'SinkOrders')!;
  const copy = findResource(f, 'pipeline', 'CopyOrders')!;

  // Rename the dataset: the pipeline referencing it now has an unresolved reference.
  let touched = v.update('dataset', sink.file, sink.doc.text.replace('"name": "SinkOrders"', '"name": "SinkOrdersV2"'));
  assert.ok(touched.includes(copy.file), 'the referencing pipeline was re-validated');
  assert.ok(!touched.includes(findResource(f, 'trigger', 'DailyCopy')!.file), 'unrelated resources were not');
  assert.deepEqual(v.diagnosticsOf(copy.file).map((d) => d.code), ['ADF2001']);
  assert.deepEqual(key(v.diagnostics()), key(validateFactory(f)));

  // Global parameters change: every pipeline is re-validated.
  const fac = [...f.resources.factory.values()][0];
  touched = v.update('factory', fac.file, fac.doc.text.replace('"environment"', '"stage"'));
  assert.ok(touched.includes(findResource(f, 'pipeline', 'NotifyDone')!.file));
  assert.deepEqual(key(v.diagnostics()), key(validateFactory(f)));
  assert.ok(v.diagnostics().some((d) => d.code === 'ADF2036'));

  // Broken JSON, then deleting the file.
  v.update('pipeline', copy.file, '{"name": "CopyOrders", "properties": ');
  assert.deepEqual(key(v.diagnostics()), key(validateFactory(f)));
  v.remove(copy.file);
  assert.deepEqual(key(v.diagnostics()), key(validateFactory(f)));
  assert.ok(v.diagnostics().some((d) => d.code === 'ADF2001' && d.file.endsWith('DailyCopy.json')), 'the trigger now misses its pipeline');
});
