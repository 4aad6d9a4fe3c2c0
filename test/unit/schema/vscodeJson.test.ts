/**
 * The generated schemas as VS Code sees them: validated, hovered and completed by vscode-json-languageservice
 * (the library behind VS Code's JSON editor), with the same associations as `contributes.jsonValidation`.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { TextDocument, DiagnosticSeverity } from 'vscode-json-languageservice';
import { jsonService } from './jsonService';

const FIXTURE = path.resolve(__dirname, '../../fixtures/validate/cosmosCopy');

async function validate(ls: ReturnType<typeof jsonService>, uri: string, text: string) {
  const doc = TextDocument.create(uri, 'json', 1, text);
  const diags = await ls.doValidation(doc, ls.parseJSONDocument(doc), { schemaValidation: 'error' });
  return { doc, diags: diags.map((d) => ({ ...d, text: doc.getText(d.range) })) };
}

test('VS Code validates the fixture factory with no problems', async () => {
  const ls = jsonService();
  for (const kind of ['pipeline', 'dataset', 'linkedService', 'trigger', 'integrationRuntime', 'factory']) {
    for (const f of await fs.readdir(path.join(FIXTURE, kind))) {
      const text = await fs.readFile(path.join(FIXTURE, kind, f), 'utf8');
      const { diags } = await validate(ls, `file:///adf/${kind}/${f}`, text);
      assert.deepEqual(diags, [], `${kind}/${f}`);
    }
  }
});

test('VS Code reports the branch-specific error on the value (if/then on type)', async () => {
  const ls = jsonService();
  const text = JSON.stringify({ name: 'P', properties: { activities: [{ name: 'Loop', type: 'ForEach', typeProperties: { items: { value: '@range(1,2)', type: 'Expression' }, batchCount: 'four', activities: [] } }] } }, null, 2);
  const { diags } = await validate(ls, 'file:///adf/pipeline/P.json', text);
  assert.ok(diags.length >= 1);
  assert.ok(diags.every((d) => d.text === '"four"'), JSON.stringify(diags));
  const unknown = JSON.stringify({ name: 'P', properties: { activities: [{ name: 'Run', type: 'ExecutePipeline', typeProperties: { pipeline: { referenceName: 'C', type: 'PipelineReference', paramters: {} } } }] } }, null, 2);
  const r2 = await validate(ls, 'file:///adf/pipeline/P.json', unknown);
  assert.deepEqual(r2.diags.map((d) => d.text), ['"paramters"']);
  assert.equal(r2.diags[0].severity, DiagnosticSeverity.Error);
});

test('VS Code shows the specification doc comments on hover inside a discriminated branch', async () => {
  const ls = jsonService();
  const text = JSON.stringify({ name: 'P', properties: { activities: [{ name: 'Loop', type: 'ForEach', typeProperties: { items: { value: '@range(1,2)', type: 'Expression' }, batchCount: 4, activities: [] } }] } }, null, 2);
  const doc = TextDocument.create('file:///adf/pipeline/P.json', 'json', 1, text);
  const at = doc.positionAt(text.indexOf('"batchCount"') + 3);
  const hover = await ls.doHover(doc, at, ls.parseJSONDocument(doc));
  assert.ok(hover);
  assert.match(JSON.stringify(hover.contents), /Batch count to be used for controlling the number of parallel execution/);
});

test('VS Code completes activity types from the specification', async () => {
  const ls = jsonService();
  const text = '{"name": "P", "properties": {"activities": [{"name": "A", "type": ""}]}}';
  const doc = TextDocument.create('file:///adf/pipeline/P.json', 'json', 1, text);
  const list = await ls.doComplete(doc, doc.positionAt(text.indexOf('"type": ""') + 9), ls.parseJSONDocument(doc));
  const labels = (list?.items ?? []).map((i) => i.label);
  for (const t of ['"Copy"', '"ForEach"', '"ExecutePipeline"', '"SetVariable"']) assert.ok(labels.includes(t), `${t} in ${labels.slice(0, 10).join(', ')}`);
});
