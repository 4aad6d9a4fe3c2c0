import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resourceFromText } from '../../../src/engine/model/loader';
import { documentOf, validateDataFlowDocument } from '../../../src/engine/dataflow';
import type { Factory } from '../../../src/engine/model/types';
import { RESOURCE_KINDS } from '../../../src/engine/model/types';

function factoryWith(datasets: string[]): Factory {
  const resources = Object.fromEntries(RESOURCE_KINDS.map((k) => [k, new Map()])) as Factory['resources'];
  for (const d of datasets) resources.dataset.set(d, resourceFromText('dataset', `/f/dataset/${d}.json`, JSON.stringify({ name: d, properties: { type: 'DelimitedText' } })).resource!);
  return { root: '/f', name: 'f', resources, diagnostics: [], ignoredFiles: [] };
}

function check(lines: string[], extra: Record<string, unknown> = {}, factory = factoryWith(['In', 'Out'])) {
  const json = JSON.stringify({ name: 'df', properties: { type: 'MappingDataFlow', typeProperties: { sources: [{ name: 'src', dataset: { referenceName: 'In', type: 'DatasetReference' } }], sinks: [{ name: 'snk', dataset: { referenceName: 'Out', type: 'DatasetReference' } }], scriptLines: lines, ...extra } } }, null, 2);
  const r = resourceFromText('dataflow', '/f/dataflow/df.json', json).resource!;
  return { diags: validateDataFlowDocument(documentOf(r), { factory }), text: json };
}
const codes = (d: { code: string }[]) => d.map((x) => x.code).sort();

test('a correct data flow has no diagnostics', () => {
  const { diags } = check(['source(output(a as integer, b as string), allowSchemaDrift: false) ~> src', "src derive(c = a + 1, d = upper(b)) ~> der", 'der sink(allowSchemaDrift: true) ~> snk']);
  assert.deepEqual(diags, []);
});

test('unknown streams, bad branches and cycles', () => {
  const { diags } = check([
    'source(output(a as integer)) ~> src',
    'nope filter(a > 1) ~> f1',
    'src split(a > 1, disjoint: false) ~> sp@(hi, lo)',
    'sp@mid filter(true()) ~> f2',
    'x1 filter(true()) ~> x2',
    'x2 filter(true()) ~> x1',
    'f1 sink() ~> snk',
  ]);
  assert.ok(diags.some((d) => d.code === 'ADF7005' && /"nope"/.test(d.message)));
  assert.ok(diags.some((d) => d.code === 'ADF7006' && /no output branch "mid"/.test(d.message)));
  assert.ok(diags.some((d) => d.code === 'ADF7007' && /Cycle/.test(d.message)));
});

test('sources and sinks must match the sources/sinks lists and their datasets must exist', () => {
  const { diags } = check(['source() ~> other', 'other sink() ~> snk'], {}, factoryWith(['In']));
  assert.ok(diags.some((d) => d.code === 'ADF7008' && /source "other" is missing from typeProperties.sources/.test(d.message)));
  assert.ok(diags.some((d) => d.code === 'ADF7008' && /sources\[0\] "src" has no source/.test(d.message)));
  assert.ok(diags.some((d) => d.code === 'ADF7009' && /dataset "Out", which does not exist/.test(d.message)));
});

test('unknown functions, undeclared parameters and unknown columns point at the script position in the file', () => {
  const { diags, text } = check(['source(output(a as integer), allowSchemaDrift: false) ~> src', 'src derive(c = fooBar(a), d = $missing, e = nosuch + 1) ~> der', 'der sink() ~> snk']);
  assert.deepEqual(codes(diags), ['ADF7010', 'ADF7011', 'ADF7012']);
  const unknownFn = diags.find((d) => d.code === 'ADF7010')!;
  assert.equal(text.slice(unknownFn.offset, unknownFn.offset + unknownFn.length), 'fooBar');
  assert.match(unknownFn.message, /script line 2, column 16/);
  const col = diags.find((d) => d.code === 'ADF7012')!;
  assert.equal(text.slice(col.offset, col.offset + col.length), 'nosuch');
});

test('columns are not checked when schema drift makes the schema open', () => {
  const { diags } = check(['source(output(a as integer), allowSchemaDrift: true) ~> src', 'src derive(e = drifted + 1) ~> der', 'der sink() ~> snk']);
  assert.deepEqual(diags, []);
});

test('syntax errors are ADF7001 with a position inside the script string', () => {
  const { diags, text } = check(['source(output(a as integer)) ~> src', 'src derive(c = (a + ) ~> der', 'src sink() ~> snk']);
  const e = diags.find((d) => d.code === 'ADF7001')!;
  assert.ok(e);
  assert.equal(text.slice(e.offset, e.offset + 1), ')');
});

test('wrong number of inputs and unknown transformations', () => {
  const { diags } = check(['source(output(a as integer)) ~> src', 'src join(a == a, joinType: "inner") ~> j', 'src frobnicate() ~> fz', 'src sink() ~> snk']);
  assert.ok(diags.some((d) => d.code === 'ADF7003' && /Join "j" takes 2 input streams; it has 1/.test(d.message)));
  assert.ok(diags.some((d) => d.code === 'ADF7002' && /Unknown transformation "frobnicate"/.test(d.message)));
});

test('flowlets referenced by transformations must exist', () => {
  const { diags } = check(['source(output(a as integer)) ~> src', "src compose(composition: 'Nope') ~> f1@(out1)", 'f1@out1 sink() ~> snk'], { transformations: [{ name: 'f1', flowlet: { referenceName: 'Nope', type: 'DataFlowReference' } }] });
  assert.ok(diags.some((d) => d.code === 'ADF7009' && /flowlet "Nope", which does not exist/.test(d.message)));
});

test('older data flows with one script per source/transformation/sink map positions into each script', () => {
  const json = JSON.stringify({ name: 'old', properties: { type: 'MappingDataFlow', typeProperties: { sources: [{ name: 'src', dataset: { referenceName: 'In', type: 'DatasetReference' }, script: 'source(output(a as integer)) ~> src' }], transformations: [{ name: 'd', script: 'src derive(b = fooBar(a)) ~> d' }], sinks: [{ name: 'snk', dataset: { referenceName: 'Out', type: 'DatasetReference' }, script: 'd sink() ~> snk' }] } } }, null, 2);
  const r = resourceFromText('dataflow', '/f/dataflow/old.json', json).resource!;
  const diags = validateDataFlowDocument(documentOf(r), { factory: factoryWith(['In', 'Out']) });
  assert.equal(diags.length, 1);
  assert.equal(json.slice(diags[0].offset, diags[0].offset + diags[0].length), 'fooBar');
});

test('join conditions: stream@column must exist in that stream when both schemas are declared', () => {
  const { diags } = check([
    'source(output(a as integer, b as string), allowSchemaDrift: false) ~> src',
    'source(output(k as integer), allowSchemaDrift: false) ~> other',
    'src, other join(src@a == other@a && k > 0, joinType: "inner") ~> j',
    'j sink() ~> snk',
  ], { sources: [{ name: 'src', dataset: { referenceName: 'In', type: 'DatasetReference' } }, { name: 'other', dataset: { referenceName: 'In', type: 'DatasetReference' } }] });
  const col = diags.filter((d) => d.code === 'ADF7012');
  assert.equal(col.length, 1);
  assert.match(col[0].message, /Column "a" is not in stream "other"/);
});
