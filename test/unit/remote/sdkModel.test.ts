/**
 * toSdkModel against the Azure SDK's own mappers: the data flow shapes it flattens and checks are the SDK's,
 * member for member, and the other kinds' models accept additional properties (so `typeProperties` passes whole).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as Mappers from '@azure/arm-datafactory/dist-esm/src/models/mappers.js';
import { DATA_FLOW_MODELS, toSdkModel } from '../../../src/engine/remote/kinds';
import { RemoteError } from '../../../src/engine/remote/errors';

type Carried = 'any' | { members: Record<string, Carried> } | { items: Carried };
const mappers = Mappers as unknown as Record<string, { type: { className?: string; additionalProperties?: unknown; modelProperties?: Record<string, { serializedName: string; type: any }> } }>;

/** What the serializer carries of a mapper type, written in the same notation as kinds.ts. */
function carriedBy(type: any): Carried {
  if (type.name === 'Sequence') {
    const element = carriedBy(type.element.type);
    return element === 'any' ? 'any' : { items: element };
  }
  if (type.name !== 'Composite') return 'any';
  const m = mappers[type.className].type;
  if (m.additionalProperties) return 'any';
  const members: Record<string, Carried> = {};
  for (const p of Object.values(m.modelProperties ?? {})) members[p.serializedName] = carriedBy(p.type);
  return { members };
}

describe('toSdkModel follows the SDK mappers', () => {
  for (const [type, model] of Object.entries(DATA_FLOW_MODELS)) {
    it(`${type}: base members and flattened typeProperties members match the SDK`, () => {
      const mapper = mappers[type].type;
      assert.equal(mapper.additionalProperties, undefined, `${type} has no additional properties, hence the flattening`);
      const base: Record<string, Carried> = {};
      const typeProperties: Record<string, Carried> = {};
      for (const [clientName, p] of Object.entries(mapper.modelProperties ?? {})) {
        if (p.serializedName.startsWith('typeProperties.')) {
          assert.equal(p.serializedName, `typeProperties.${clientName}`, 'client name = member name, so members move up unchanged');
          typeProperties[clientName] = carriedBy(p.type);
        } else base[p.serializedName] = carriedBy(p.type);
      }
      assert.deepEqual(model.base, base);
      assert.deepEqual(model.typeProperties, { members: typeProperties });
    });
  }

  for (const base of ['Dataset', 'LinkedService', 'Trigger', 'IntegrationRuntime']) {
    it(`${base} models accept additional properties, so a nested typeProperties passes whole`, () => {
      assert.ok(mappers[base].type.additionalProperties);
    });
  }

  it('flattens a data flow and leaves the other kinds as they are', () => {
    const tp = { sources: [{ name: 'a', dataset: { referenceName: 'D', type: 'DatasetReference' } }], sinks: [], transformations: [], scriptLines: ['x'] };
    assert.deepEqual(toSdkModel('dataflow', { type: 'Flowlet', folder: { name: 'f' }, typeProperties: tp }), { properties: { type: 'Flowlet', folder: { name: 'f' }, ...tp } });
    assert.deepEqual(toSdkModel('pipeline', { activities: [] }), { activities: [] });
    const ds = { type: 'Json', typeProperties: { location: { type: 'AzureBlobStorageLocation' } } };
    assert.deepEqual(toSdkModel('dataset', ds), { properties: ds });
  });

  it('refuses what the SDK would drop, naming each member, and an unknown data flow type', () => {
    const bad = { type: 'MappingDataFlow', extra: 1, typeProperties: { sources: [{ name: 'a', typeProperties: {} }], sinks: [{ name: 'b', dataset: { referenceName: 'D', type: 'DatasetReference', x: 1 } }], fancy: true } };
    assert.throws(
      () => toSdkModel('dataflow', bad),
      (e: unknown) => e instanceof RemoteError && /properties\.extra/.test(e.message) && /properties\.typeProperties\.sources\[0\]\.typeProperties/.test(e.message) && /properties\.typeProperties\.sinks\[0\]\.dataset\.x/.test(e.message) && /properties\.typeProperties\.fancy/.test(e.message),
    );
    assert.throws(() => toSdkModel('dataflow', { type: 'UDFLibrary', typeProperties: {} }), /UDFLibrary.*MappingDataFlow, Flowlet, WranglingDataFlow/);
  });
});
