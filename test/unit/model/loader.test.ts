import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverFactories, loadFactory, resourceCounts, findResource } from '../../../src/engine/model';
import { parseJsonDocument, positionDiagnostic } from '../../../src/engine/json/document';

function factoryDir(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'adfw-model-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}

test('discovers several factories and loads their resources', async () => {
  const root = factoryDir({
    'a/pipeline/P1.json': JSON.stringify({ name: 'P1', properties: { activities: [], folder: { name: 'x/y' } } }),
    'a/dataset/D1.json': JSON.stringify({ name: 'D1', properties: { type: 'Json', linkedServiceName: { referenceName: 'L', type: 'LinkedServiceReference' } } }),
    'b/deep/linkedService/L.json': JSON.stringify({ name: 'L', properties: { type: 'CosmosDb', typeProperties: {} } }),
  });
  const refs = await discoverFactories(root);
  assert.deepEqual(refs.map((r) => r.root.slice(root.length)), ['/a', '/b/deep']);
  const f = await loadFactory(refs[0].root);
  assert.equal(resourceCounts(f).pipeline, 1);
  assert.equal(resourceCounts(f).dataset, 1);
  assert.deepEqual(findResource(f, 'pipeline', 'p1')?.folder, ['x', 'y']);
  assert.equal(findResource(f, 'dataset', 'D1')?.type, 'Json');
});

test('invalid JSON is a positioned diagnostic, never an exception', async () => {
  const root = factoryDir({ 'pipeline/Broken.json': '{\n  "name": "Broken",\n  "properties": { "activities": [ }\n}' });
  const f = await loadFactory(root);
  const d = f.diagnostics.find((x) => x.code === 'ADF0001');
  assert.ok(d, 'expected a JSON diagnostic');
  const p = positionDiagnostic(d!, f.resources.pipeline.get('Broken')!.doc.lines);
  assert.equal(p.line, 3);
});

test('files without a name and stray JSON are handled', async () => {
  const root = factoryDir({
    'pipeline/NoName.json': JSON.stringify({ properties: { activities: [] } }),
    'pipeline/stray.json': JSON.stringify([1, 2, 3]),
    'pipeline/notes.txt': 'hello',
  });
  const f = await loadFactory(root);
  assert.ok(f.resources.pipeline.get('NoName')?.nameFromFile);
  assert.equal(f.resources.pipeline.size, 1);
  assert.equal(f.ignoredFiles.length, 2);
});

test('positions are 1-based and survive CRLF and BOM', () => {
  const doc = parseJsonDocument('x.json', '\ufeff{\r\n  "a": [1,\r\n  ]\r\n}');
  assert.equal(doc.diagnostics.length, 1);
  const p = positionDiagnostic(doc.diagnostics[0], doc.lines);
  assert.equal(p.line, 3);
});
