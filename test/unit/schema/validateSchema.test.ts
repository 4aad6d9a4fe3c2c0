import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { resourceFromText } from '../../../src/engine/model/loader';
import { validateResourceSchema } from '../../../src/engine/schema';
import type { ResourceKind } from '../../../src/engine/model/types';

function check(kind: ResourceKind, json: unknown) {
  const text = JSON.stringify(json, null, 2);
  const { resource } = resourceFromText(kind, `/factory/${kind}/x.json`, text);
  assert.ok(resource);
  return validateResourceSchema(resource).map((d) => ({ ...d, text: text.slice(d.offset, d.offset + d.length) }));
}

const pipeline = (activity: object, extra: object = {}) => ({ name: 'P', properties: { activities: [activity], ...extra } });
const forEach = (tp: object) => ({ name: 'Loop', type: 'ForEach', typeProperties: { items: { value: '@range(1,3)', type: 'Expression' }, activities: [], ...tp } });

test('a valid pipeline has no schema diagnostics; expressions are accepted in typed fields', () => {
  assert.deepEqual(check('pipeline', pipeline(forEach({ batchCount: 10, isSequential: false }))), []);
  assert.deepEqual(check('pipeline', pipeline(forEach({ batchCount: '@pipeline().parameters.n', isSequential: { value: '@bool(1)', type: 'Expression' } }))), []);
  assert.deepEqual(check('pipeline', pipeline({ name: 'W', type: 'Wait', typeProperties: { waitTimeInSeconds: '@add(1,2)' } })), []);
});

test('a wrong type in a number field says what is expected, on the value', () => {
  const [d, ...rest] = check('pipeline', pipeline(forEach({ batchCount: 'four' })));
  assert.equal(rest.length, 0);
  assert.equal(d.code, 'ADF1002');
  assert.equal(d.text, '"four"');
  assert.match(d.message, /Expected a number or an expression .* got "four"/);
});

test('an expression object without a string value is reported once', () => {
  const ds = check('pipeline', pipeline(forEach({ batchCount: { value: 5, type: 'Expression' } })));
  assert.equal(ds.length, 1);
  assert.match(ds[0].message, /expression object needs "value"/);
});

test('a number above the specification maximum is a warning on the value', () => {
  const ds = check('pipeline', pipeline(forEach({ batchCount: 80 })));
  assert.deepEqual(ds.map((d) => [d.code, d.severity, d.text]), [['ADF1005', 'warning', '80']]);
  assert.match(ds[0].message, /above the maximum of 50/);
});

test('a missing required property points at the object that lacks it', () => {
  const ds = check('pipeline', pipeline({ name: 'Loop', type: 'ForEach', typeProperties: { items: { value: '@range(1,3)', type: 'Expression' } } }));
  assert.deepEqual(ds.map((d) => [d.code, d.text, d.message]), [['ADF1001', '"typeProperties"', 'Missing required property "activities".']]);
});

test('an unknown property where the specification is closed is a warning with a suggestion, on the key', () => {
  const ds = check('pipeline', pipeline({ name: 'Copy', type: 'Copy', inputs: [{ referenceName: 'A', type: 'DatasetReference', paramters: {} }], typeProperties: { source: { type: 'JsonSource' }, sink: { type: 'JsonSink' } } }));
  assert.deepEqual(ds.map((d) => [d.code, d.severity, d.text]), [['ADF1004', 'warning', '"paramters"']]);
  assert.match(ds[0].message, /did you mean "parameters"/);
});

test('a reference with the wrong type constant is an error naming the expected value', () => {
  const ds = check('pipeline', pipeline({ name: 'Run', type: 'ExecutePipeline', typeProperties: { pipeline: { referenceName: 'Child', type: 'DatasetReference' } } }));
  assert.deepEqual(ds.map((d) => [d.code, d.text]), [['ADF1003', '"DatasetReference"']]);
  assert.match(ds[0].message, /Expected "PipelineReference"/);
});

test('polymorphic datasets and linked services check the branch of their type', () => {
  const ds = check('dataset', { name: 'D', properties: { type: 'CosmosDbSqlApiCollection', linkedServiceName: { referenceName: 'L', type: 'LinkedServiceReference' }, typeProperties: {} } });
  assert.deepEqual(ds.map((d) => [d.code, d.message]), [['ADF1001', 'Missing required property "collectionName".']]);
  const ls = check('linkedService', { name: 'L', properties: { type: 'CosmosDb', typeProperties: { accountKey: '@{linkedService().key}' } } });
  assert.deepEqual(ls, []);
});

test('an unknown type is checked against the common base only (no false errors for newer types)', () => {
  assert.deepEqual(check('pipeline', pipeline({ name: 'X', type: 'SomethingNewer', typeProperties: { anything: 1 } })), []);
});

test('trigger recurrence enums and data flow scripts', () => {
  const ds = check('trigger', { name: 'T', properties: { type: 'ScheduleTrigger', typeProperties: { recurrence: { frequency: 'Day', interval: 1, schedule: { weekDays: ['Monday', 'Funday'] } } } } });
  assert.deepEqual(ds.map((d) => [d.code, d.text]), [['ADF1003', '"Funday"']]);
  assert.deepEqual(check('dataflow', { name: 'F', properties: { type: 'MappingDataFlow', typeProperties: { sources: [{ name: 'src', script: 'source() ~> src' }], scriptLines: ['a'] } } }), []);
});
