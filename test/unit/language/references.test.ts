import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadFactory } from '../../../src/engine/model/loader';
import { findResource } from '../../../src/engine/model/loader';
import { findDefinition, findReferences, symbolAt } from '../../../src/engine/language/references';
import { documentOutline } from '../../../src/engine/language/outline';
import { applyEdits, closestNames, quickFixesFor } from '../../../src/engine/language/quickFix';
import { parseJsonDocument } from '../../../src/engine/json/document';

const ROOT = path.join(__dirname, '../../fixtures/language/factory');

async function setup() {
  const factory = await loadFactory(ROOT);
  const p = findResource(factory, 'pipeline', 'Orchestrate')!;
  return { factory, p, doc: p.doc, text: p.doc.text };
}
const at = (text: string, needle: string, delta = 1) => {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, needle);
  return i + delta;
};
const slice = (text: string, l: { offset: number; length: number }) => text.slice(l.offset, l.offset + l.length);

test('activity(...) in an expression goes to the activity name', async () => {
  const { factory, doc, text } = await setup();
  const s = symbolAt(doc, at(text, "activity('LookupItems')", 11))!;
  assert.deepEqual(s.ref, { kind: 'activity', name: 'LookupItems' });
  const defs = findDefinition(factory, doc, s.ref);
  assert.equal(defs.length, 1);
  assert.equal(slice(text, defs[0]), '"LookupItems"');
  const refs = findReferences(factory, doc, s.ref);
  // declaration + 2 dependsOn + 2 expressions (one inside @{...} interpolation)
  assert.equal(refs.length, 5);
});

test('variables, pipeline parameters and dataset parameters resolve to their declarations', async () => {
  const { factory, doc, text } = await setup();
  const v = symbolAt(doc, at(text, "variables('status')", 12))!;
  assert.deepEqual(v.ref, { kind: 'variable', name: 'status' });
  assert.equal(slice(text, findDefinition(factory, doc, v.ref)[0]), '"status"');
  const p = symbolAt(doc, at(text, 'pipeline().parameters.limit', 23))!;
  assert.deepEqual(p.ref, { kind: 'parameter', name: 'limit' });
  const def = findDefinition(factory, doc, p.ref)[0];
  assert.equal(slice(text, def), '"limit"');
  // From the declaration, find both uses.
  const fromDecl = symbolAt(doc, def.offset + 1)!;
  assert.equal(findReferences(factory, doc, fromDecl.ref, false).length, 2);
  const ds = findResource(factory, 'dataset', 'Items')!;
  const dp = symbolAt(ds.doc, at(ds.doc.text, 'dataset().fileName', 11))!;
  assert.deepEqual(dp.ref, { kind: 'datasetParameter', name: 'fileName' });
  assert.equal(slice(ds.doc.text, findDefinition(factory, ds.doc, dp.ref)[0]), '"fileName"');
});

test('referenceName goes to the resource file and finds references across the factory', async () => {
  const { factory, doc, text } = await setup();
  const s = symbolAt(doc, at(text, '"Items"'))!;
  assert.deepEqual(s.ref, { kind: 'resource', resourceKind: 'dataset', name: 'Items' });
  const def = findDefinition(factory, doc, s.ref)[0];
  assert.equal(path.basename(def.file), 'Items.json');
  const ls = findDefinition(factory, doc, { kind: 'resource', resourceKind: 'linkedService', name: 'files' })[0];
  assert.equal(path.basename(ls.file), 'Files.json');
  const refs = findReferences(factory, doc, { kind: 'resource', resourceKind: 'linkedService', name: 'Files' }, false);
  assert.deepEqual(refs.map((r) => path.basename(r.file)), ['Items.json']);
  assert.equal(findDefinition(factory, doc, { kind: 'resource', resourceKind: 'pipeline', name: 'Missing' }).length, 0);
});

test('live (unsaved) text is used for the current file', async () => {
  const { factory, p } = await setup();
  const edited = p.doc.text.replace('"name": "Report"', '"name": "Summary"');
  const doc = parseJsonDocument(p.file, edited);
  assert.equal(findDefinition(factory, doc, { kind: 'activity', name: 'Report' }).length, 0);
  assert.equal(findDefinition(factory, doc, { kind: 'activity', name: 'Summary' }).length, 1);
});

test('outline lists parameters, variables and nested activities', async () => {
  const { doc } = await setup();
  const o = documentOutline(doc);
  const names = (s: typeof o): unknown => s.map((x) => (x.children.length ? { [x.name]: names(x.children) } : x.name));
  assert.deepEqual(names(o), [
    { Parameters: ['limit'] },
    { Variables: ['status'] },
    'LookupItems',
    { EachItem: [{ CheckSize: [{ 'If true': ['Big'] }, { 'If false': ['Small'] }] }] },
    'Report',
    'RunChild',
  ]);
  assert.deepEqual(documentOutline(parseJsonDocument('x.json', '{"properties": ')), []);
});

test('quick fixes declare parameters/variables and replace misspelt names', async () => {
  const { doc, text } = await setup();
  const base = { file: doc.file, severity: 'error' as const, source: 'semantic' as const, message: '' };
  const [declP] = quickFixesFor(doc, { ...base, code: 'ADF2101', offset: 0, length: 1, data: { fix: 'declareParameter', name: 'region' } });
  const fixed = JSON.parse(applyEdits(text, declP.edits));
  assert.deepEqual(fixed.properties.parameters.region, { type: 'string' });
  assert.equal(fixed.properties.parameters.limit.defaultValue, 10);
  const [declV] = quickFixesFor(doc, { ...base, code: 'ADF2102', offset: 0, length: 1, data: { fix: 'declareVariable', name: 'count' } });
  assert.deepEqual(JSON.parse(applyEdits(text, declV.edits)).properties.variables.count, { type: 'String' });
  const off = text.indexOf('"LookupItems", "dependencyConditions": [ "Failed"');
  const fixes = quickFixesFor(doc, { ...base, code: 'ADF2001', offset: off, length: '"LookupItems"'.length, data: { fix: 'replaceName', name: 'LookupItems', candidates: ['LookupItem', 'EachItem', 'Nothing'] } });
  assert.equal(fixes[0].title, "Change to 'LookupItem'");
  assert.match(applyEdits(text, fixes[0].edits), /"activity": "LookupItem", "dependencyConditions": \[ "Failed"/);
  assert.deepEqual(quickFixesFor(doc, { ...base, code: 'X', offset: 0, length: 0 }), []);
  assert.deepEqual(closestNames('CopyDcs', ['CopyDocs', 'Copy', 'Other']), ['CopyDocs']);
});
