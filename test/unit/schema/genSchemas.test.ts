import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { generateSchemas, ROOTS } from '../../../scripts/genSchemas';
import { compileSchema, schemaHash, schemaValidator, SCHEMAS } from '../../../src/engine/schema';

const SCHEMA_DIR = path.resolve(__dirname, '../../../schemas');

let generated: Promise<Record<string, any>> | undefined;
const schemas = () => (generated ??= generateSchemas());

test('the committed schemas are exactly what the generator produces from the installed specification', async () => {
  const fresh = await schemas();
  for (const kind of Object.keys(ROOTS)) {
    const committed = JSON.parse(await fs.readFile(path.join(SCHEMA_DIR, `${kind}.json`), 'utf8'));
    assert.deepEqual(committed, JSON.parse(JSON.stringify(fresh[kind])), `schemas/${kind}.json is stale: run npm run gen:schemas`);
  }
});

test('every resource kind has a draft-7 schema of the whole file {name, properties}', async () => {
  const s = await schemas();
  for (const kind of ['pipeline', 'dataset', 'linkedService', 'trigger', 'dataflow', 'integrationRuntime', 'credential', 'managedVirtualNetwork', 'factory', 'globalParameters']) {
    assert.equal(s[kind].$schema, 'http://json-schema.org/draft-07/schema#', kind);
    assert.ok(s[kind].properties.properties, `${kind} describes "properties"`);
  }
  assert.deepEqual(s.pipeline.required, ['name', 'properties']);
});

test('polymorphic types are discriminated on type with if/then branches', async () => {
  const s = await schemas();
  const activity = s.pipeline.definitions.Activity;
  const branch = activity.allOf.find((b: any) => b.if.properties.type.const === 'ForEach');
  assert.deepEqual(branch.if.required, ['type']);
  assert.equal(branch.then.$ref, '#/definitions/ForEachActivity');
  // Every concrete activity type of the specification has a branch; the base lists them for completion.
  assert.ok(activity.allOf.length > 40);
  assert.ok(activity.properties.type.examples.includes('Copy'));
  // Intermediate classes that are concrete types themselves (ExecutionActivity "Execution") get a _self shape.
  assert.ok(activity.allOf.some((b: any) => b.then.$ref === '#/definitions/ExecutionActivity_self'));
});

test('flattened typeProperties.x names become nested objects with required, constraints and doc comments', async () => {
  const s = await schemas();
  const forEach = s.pipeline.definitions.ForEachActivity;
  assert.equal(forEach.properties.type.const, 'ForEach');
  assert.ok(forEach.required.includes('typeProperties'));
  const tp = forEach.properties.typeProperties;
  assert.deepEqual(tp.required, ['activities']);
  const batch = tp.properties.batchCount;
  assert.match(batch.description, /Batch count/);
  assert.deepEqual(batch.anyOf[0], { type: 'number', maximum: 50 });
  assert.equal(batch.anyOf[1].$ref, '#/definitions/_expression');
  assert.match(s.pipeline.definitions.ForEachActivity.description, /iterating over a collection/);
});

test('expressions are accepted where ADF evaluates them', async () => {
  const s = await schemas();
  const expr = s.pipeline.definitions._expression;
  assert.equal(expr.anyOf[0].pattern, '^\\s*@');
  assert.deepEqual(expr.anyOf[1].required, ['value', 'type']);
  // "any" fields (timeout, waitTimeInSeconds, ...) accept anything, so any expression.
  const wait = s.pipeline.definitions.WaitActivity.properties.typeProperties.properties.waitTimeInSeconds;
  assert.equal(wait.type, undefined);
  assert.equal(wait.anyOf, undefined);
  // Secrets may be an expression in parameterized linked services.
  const sqlPassword = s.linkedService.definitions.SqlServerLinkedService.properties.typeProperties.properties.password;
  assert.ok(JSON.stringify(sqlPassword).includes('#/definitions/_expression'));
});

test('additionalProperties is closed only where the specification closes it', async () => {
  const s = await schemas();
  assert.equal(s.pipeline.definitions.ForEachActivity.additionalProperties, undefined);
  assert.equal(s.pipeline.definitions.ActivityPolicy.additionalProperties, undefined);
  assert.equal(s.pipeline.definitions.ActivityDependency.additionalProperties, undefined);
  assert.equal(s.pipeline.definitions.DatasetReference.additionalProperties, false);
  assert.equal(s.pipeline.definitions.DatasetReference.properties.type.const, 'DatasetReference');
});

test('the precompiled validators are current (built from the committed schemas)', () => {
  for (const kind of Object.keys(ROOTS) as (keyof typeof SCHEMAS)[]) {
    const m = require(path.resolve(__dirname, '../../../src/engine/schema/generated', `${kind}.js`));
    assert.equal(m.schemaHash, schemaHash(SCHEMAS[kind]), `src/engine/schema/generated/${kind}.js is stale: run npm run gen:schemas`);
    assert.equal(typeof m.default, 'function');
  }
});

test('precompiled and freshly compiled validators report the same errors', () => {
  const inputs = [
    { name: 'P', properties: { activities: [{ name: 'L', type: 'ForEach', typeProperties: { batchCount: 'x', activities: [{ name: 'C', type: 'Copy', inputs: [{ referenceName: 1, type: 'Oops' }] }] } }] } },
    { name: 'P', properties: { activities: [{ name: 'W', type: 'Wait' }], parameters: { p: { type: 'bogus' } }, concurrency: 0 } },
    { properties: 'nope' },
  ];
  const fresh = compileSchema('pipeline');
  const pre = schemaValidator('pipeline');
  const shape = (es: any[] | null | undefined) => (es ?? []).map((e) => ({ instancePath: e.instancePath, schemaPath: e.schemaPath, keyword: e.keyword, params: e.params }));
  for (const input of inputs) {
    assert.equal(pre(input), fresh(input));
    assert.deepEqual(shape(pre.errors), shape(fresh.errors));
    assert.ok((pre.errors ?? []).length > 0);
  }
});
