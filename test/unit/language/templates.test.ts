import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadFactory, addResourceText } from '../../../src/engine/model/loader';
import { validateFactory } from '../../../src/engine/validate';
import { PIPELINE_TEMPLATES, DATASET_TEMPLATES, pipelineTemplate, datasetTemplate, requiredParameters } from '../../../src/engine/language/templates';

const ROOT = path.join(__dirname, '../../fixtures/language/factory');

test('every template produces resources that pass schema and semantic validation', async () => {
  const f = await loadFactory(ROOT);
  const before = validateFactory(f).filter((d) => d.severity === 'error').length;
  for (const t of DATASET_TEMPLATES) {
    const name = `New${t.id}`;
    addResourceText(f, 'dataset', path.join(ROOT, 'dataset', `${name}.json`), JSON.stringify(datasetTemplate(name, t.id, 'Files'), null, 4));
  }
  for (const t of PIPELINE_TEMPLATES) {
    const name = `New_${t.id}`;
    addResourceText(f, 'pipeline', path.join(ROOT, 'pipeline', `${name}.json`), JSON.stringify(pipelineTemplate(name, t.id, { source: { name: 'Items', required: requiredParameters(f.resources.dataset.get('Items')!.properties) }, sink: { name: 'Items', required: ['fileName'] } }), null, 4));
  }
  const errors = validateFactory(f).filter((d) => d.severity === 'error' && /New/.test(path.basename(d.file)));
  assert.deepEqual(errors.map((d) => `${path.basename(d.file)} ${d.code} ${d.message}`), []);
  assert.equal(validateFactory(f).filter((d) => d.severity === 'error').length, before);
  // Without the required parameter the validator objects: the test can fail.
  addResourceText(f, 'pipeline', path.join(ROOT, 'pipeline', 'New_bad.json'), JSON.stringify(pipelineTemplate('New_bad', 'copy', { source: { name: 'Items' }, sink: { name: 'Items' } })));
  assert.ok(validateFactory(f).some((d) => d.code === 'ADF2052' && d.file.endsWith('New_bad.json')));
});
