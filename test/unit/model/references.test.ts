import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { addResourceText, findResource, loadFactory, removeResourceFile } from '../../../src/engine/model';
import { buildReferenceGraph, referenceAt, referencesFrom, referencesTo, removeFileReferences, updateResourceReferences } from '../../../src/engine/model/references';
import { pipelineActivities } from '../../../src/engine/model/activities';

const FIXTURE = path.resolve(__dirname, '../../fixtures/validate/cosmosCopy');

test('the graph holds every kind of reference with the range of its referenceName', async () => {
  const f = await loadFactory(FIXTURE);
  const g = buildReferenceGraph(f);
  const edges = (kind: any, name: string) => referencesFrom(g, kind, name).map((r) => `${r.referenceType}:${r.to.name}`);
  assert.deepEqual(edges('pipeline', 'CopyOrders'), ['DatasetReference:SourceOrders', 'DatasetReference:SinkOrders', 'PipelineReference:NotifyDone']);
  assert.deepEqual(edges('dataset', 'SourceOrders'), ['LinkedServiceReference:CosmosSource']);
  assert.deepEqual(edges('linkedService', 'CosmosSink'), ['LinkedServiceReference:KeyVault', 'IntegrationRuntimeReference:ManagedIR']);
  assert.deepEqual(edges('trigger', 'DailyCopy'), ['PipelineReference:CopyOrders']);
  const ref = referencesFrom(g, 'dataset', 'SinkOrders')[0];
  const text = findResource(f, 'dataset', 'SinkOrders')!.doc.text;
  assert.equal(text.slice(ref.offset, ref.offset + ref.length), '"CosmosSink"');
  assert.deepEqual(ref.path, ['properties', 'linkedServiceName', 'referenceName']);
});

test('reverse lookup (find references) is case-insensitive, and go-to-definition finds the reference at an offset', async () => {
  const f = await loadFactory(FIXTURE);
  const g = buildReferenceGraph(f);
  const users = referencesTo(g, 'linkedService', 'keyvault').map((r) => r.from.name).sort();
  assert.deepEqual(users, ['CosmosSink', 'CosmosSource']);
  const ref = referencesFrom(g, 'pipeline', 'CopyOrders')[2];
  assert.equal(referenceAt(g, ref.from.file, ref.offset + 3), ref);
  assert.equal(referenceAt(g, ref.from.file, 0), undefined);
});

test('incremental: changing one file updates only that resource', async () => {
  const f = await loadFactory(FIXTURE);
  const g = buildReferenceGraph(f);
  const before = referencesFrom(g, 'pipeline', 'CopyOrders');
  const ds = findResource(f, 'dataset', 'SinkOrders')!;
  const changed = addResourceText(f, 'dataset', ds.file, ds.doc.text.replace('"CosmosSink"', '"CosmosSource"'))!;
  updateResourceReferences(g, changed);
  assert.deepEqual(referencesFrom(g, 'pipeline', 'CopyOrders'), before, 'other resources keep their references');
  assert.equal(referencesFrom(g, 'pipeline', 'CopyOrders')[0], before[0], 'as the same objects (not re-extracted)');
  assert.deepEqual(referencesTo(g, 'linkedService', 'CosmosSink').map((r) => r.from.name), []);
  assert.deepEqual(referencesTo(g, 'linkedService', 'CosmosSource').map((r) => r.from.name).sort(), ['SinkOrders', 'SourceOrders']);
  // Renaming the resource inside the file replaces the old entry too.
  const renamed = addResourceText(f, 'dataset', ds.file, changed.doc.text.replace('"name": "SinkOrders"', '"name": "SinkOrders2"'))!;
  updateResourceReferences(g, renamed);
  assert.deepEqual(referencesFrom(g, 'dataset', 'SinkOrders'), []);
  assert.equal(referencesFrom(g, 'dataset', 'SinkOrders2').length, 1);
  // Deleting the file removes its references.
  removeResourceFile(f, ds.file);
  removeFileReferences(g, ds.file);
  assert.deepEqual(referencesTo(g, 'linkedService', 'CosmosSource').map((r) => r.from.name), ['SourceOrders']);
});

test('dynamic reference names are marked and not indexed as targets', async () => {
  const f = await loadFactory(FIXTURE);
  const p = findResource(f, 'pipeline', 'NotifyDone')!;
  const r = addResourceText(f, 'pipeline', p.file, JSON.stringify({ name: 'NotifyDone', properties: { activities: [{ name: 'Run', type: 'ExecutePipeline', typeProperties: { pipeline: { referenceName: '@pipeline().parameters.child', type: 'PipelineReference' } } }] } }))!;
  const g = buildReferenceGraph(f);
  assert.equal(referencesFrom(g, 'pipeline', r.name)[0].dynamic, true);
  assert.deepEqual(referencesTo(g, 'pipeline', '@pipeline().parameters.child'), []);
});

test('pipelineActivities walks containers with their scope', async () => {
  const f = await loadFactory(FIXTURE);
  const acts = pipelineActivities(findResource(f, 'pipeline', 'CopyOrders')!);
  assert.deepEqual(acts.map((a) => `${a.depth}:${a.name}:${a.container?.name ?? '-'}:${a.branch}`), [
    '0:Copy containers:-:activities',
    '1:Copy container:Copy containers:activities',
    '1:Record copied:Copy containers:activities',
    '0:Check result:-:activities',
    '1:Set status:Check result:ifTrueActivities',
    '1:Wait for indexing:Check result:ifTrueActivities',
    '1:Fail incomplete:Check result:ifFalseActivities',
    '0:Notify:-:activities',
  ]);
  const wait = acts.find((a) => a.name === 'Wait for indexing')!;
  assert.deepEqual(wait.siblings.map((s) => s.name), ['Set status', 'Wait for indexing']);
  assert.deepEqual(wait.path, ['properties', 'activities', 1, 'typeProperties', 'ifTrueActivities', 1]);
});
