/**
 * Hostile sizes: a 50 MB pipeline file, a 20,000-activity dependsOn chain, and deep nesting load and validate
 * without crashing, with positioned diagnostics. Time and memory are measured in scripts/bench/validate.ts.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { addResourceText, loadFactory } from '../../../src/engine/model';
import { validateFactory } from '../../../src/engine/validate';
import { FIXTURE } from './helpers';
import { assertPositioned } from '../model/positioned';

async function validateText(fileName: string, text: string) {
  const f = await loadFactory(FIXTURE);
  const file = `${f.root}/pipeline/${fileName}`;
  addResourceText(f, 'pipeline', file, text);
  const ds = validateFactory(f).filter((d) => d.file === file);
  assertPositioned(ds, file, text);
  assert.deepEqual(ds.filter((d) => /^ADF[12]999$/.test(d.code)), [], 'no internal validator errors');
  return ds;
}

test('a 50 MB pipeline file loads and validates, and a problem at its end is found at the right place', async () => {
  const chunk = "SELECT c.id, c.customer, c.total FROM c WHERE c.region = \"emea\"\n  AND c.note != 'tab\there'\n";
  const query = chunk.repeat(Math.ceil(500_000 / chunk.length));
  const activities = Array.from({ length: 100 }, (_, i) => ({
    name: `Lookup ${i}`,
    type: 'Lookup',
    dependsOn: i ? [{ activity: `Lookup ${i - 1}`, dependencyConditions: ['Succeeded'] }] : [],
    typeProperties: { source: { type: 'CosmosDbSqlApiSource', query }, dataset: { referenceName: i === 99 ? 'MissingOrders' : 'SourceOrders', type: 'DatasetReference' }, firstRowOnly: false },
  }));
  const text = JSON.stringify({ name: 'Huge', properties: { activities } }, null, '\t');
  assert.ok(text.length >= 50_000_000, `${text.length} characters`);
  const ds = await validateText('Huge.json', text);
  assert.deepEqual(ds.map((d) => d.code), ['ADF2001']);
  assert.equal(text.slice(ds[0].offset, ds[0].offset + ds[0].length), '"MissingOrders"');
  assert.ok(ds[0].offset > 49_000_000);
});

test('a 20,000-activity dependsOn chain validates without exhausting the stack', async () => {
  const activities = Array.from({ length: 20_000 }, (_, i) => ({
    name: `Wait ${i}`,
    type: 'Wait',
    dependsOn: [{ activity: `Wait ${(i + 1) % 20_000}`, dependencyConditions: ['Succeeded'] }],
    typeProperties: { waitTimeInSeconds: 1 },
  }));
  const ds = await validateText('Chain.json', JSON.stringify({ name: 'Chain', properties: { activities } }));
  assert.deepEqual(ds.map((d) => d.code).sort(), ['ADF2021', 'ADF2041']);
  assert.match(ds.find((d) => d.code === 'ADF2041')!.message, /20000 activities/);
});

test('nesting deeper than the loader accepts is one diagnostic, not a stack overflow', async () => {
  const depth = 200_000;
  const text = `{"name": "Deep", "properties": {"activities": ${'['.repeat(depth)}${']'.repeat(depth)}}}`;
  const ds = await validateText('Deep.json', text);
  assert.deepEqual(ds.map((d) => d.code), ['ADF0005']);
  assert.equal(text[ds[0].offset], '[', 'points at the first bracket beyond the limit');
  assert.ok(ds[0].offset > 1000 && ds[0].offset < 1100);
});

test('deep but accepted nesting (900 levels in a parameter default) validates clean', async () => {
  let v: unknown = 'leaf';
  for (let i = 0; i < 900; i++) v = { x: v };
  const text = JSON.stringify({ name: 'DeepOk', properties: { activities: [], parameters: { config: { type: 'object', defaultValue: v } } } });
  assert.deepEqual(await validateText('DeepOk.json', text), []);
});

test('containers nested 200 levels deep are reported, not walked forever', async () => {
  let act: any = { name: 'Leaf', type: 'Wait', typeProperties: { waitTimeInSeconds: 1 } };
  for (let i = 0; i < 200; i++) act = { name: `Loop ${i}`, type: 'ForEach', typeProperties: { items: { value: '@createArray(1)', type: 'Expression' }, activities: [act] } };
  const ds = await validateText('Nested.json', JSON.stringify({ name: 'Nested', properties: { activities: [act] } }));
  assert.ok(ds.length > 0);
  assert.ok(ds.every((d) => d.code === 'ADF2040'));
});
