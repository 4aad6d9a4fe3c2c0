/**
 * Data flows and flowlets published through the real SDK client arrive whole (sources, sinks, transformations,
 * script lines), read back equal to the local JSON, and a second publish plans nothing. A member the SDK's data
 * flow model cannot carry is refused with a clear message instead of being dropped.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadFactory } from '../../../src/engine/model';
import { publishFactory, planPublish } from '../../../src/engine/publish';
import * as remote from '../../../src/engine/remote';
import type { Emulator } from '../../../src/engine/emulator';
import { emulator, session, createFactory, SUB, RG } from './setup';

const linkedService = { name: 'Lake', properties: { type: 'AzureBlobStorage', typeProperties: { connectionString: 'DefaultEndpointsProtocol=https;AccountName=lake' } } };
const dataset = (name: string) => ({
  name,
  properties: {
    type: 'DelimitedText',
    linkedServiceName: { referenceName: 'Lake', type: 'LinkedServiceReference' },
    typeProperties: { location: { type: 'AzureBlobStorageLocation', container: 'data', fileName: `${name}.csv` }, columnDelimiter: ',', firstRowAsHeader: true },
    schema: [],
  },
});
const flowlet = {
  name: 'Cleanse',
  properties: {
    type: 'Flowlet',
    description: 'trims names',
    folder: { name: 'shared' },
    typeProperties: {
      sources: [],
      sinks: [],
      transformations: [{ name: 'input1' }, { name: 'Trimmed', description: 'trim' }, { name: 'output1' }],
      scriptLines: ['input(output(name as string), allowSchemaDrift: true) ~> input1', 'input1 derive(name = trim(name)) ~> Trimmed', 'Trimmed output() ~> output1'],
    },
  },
};
const mapping = {
  name: 'People',
  properties: {
    type: 'MappingDataFlow',
    annotations: ['nightly'],
    typeProperties: {
      sources: [{ name: 'Raw', dataset: { referenceName: 'RawPeople', type: 'DatasetReference' } }],
      sinks: [{ name: 'Clean', description: 'cleaned rows', dataset: { referenceName: 'CleanPeople', type: 'DatasetReference', parameters: { day: '2024-01-01' } } }],
      transformations: [{ name: 'ViaFlowlet', flowlet: { referenceName: 'Cleanse', type: 'DataFlowReference', parameters: {} } }],
      script: "source(allowSchemaDrift: true) ~> Raw\nRaw compose(mapColumn(name), composition: 'Cleanse') ~> ViaFlowlet@output1\nViaFlowlet@output1 sink(allowSchemaDrift: true) ~> Clean",
    },
  },
};

async function writeFactory(dir: string, flows: { name: string; properties: Record<string, unknown> }[]): Promise<void> {
  const put = async (folder: string, r: { name: string }) => {
    await fs.mkdir(path.join(dir, folder), { recursive: true });
    await fs.writeFile(path.join(dir, folder, `${r.name}.json`), JSON.stringify(r, null, 2));
  };
  await put('linkedService', linkedService);
  await put('dataset', dataset('RawPeople'));
  await put('dataset', dataset('CleanPeople'));
  for (const f of flows) await put('dataflow', f);
}

describe('publish data flows and flowlets through the SDK', () => {
  let em: Emulator;
  let s: remote.RemoteSession;
  let dir: string;
  const ref = { subscriptionId: SUB, resourceGroup: RG, factory: 'flowfactory' };

  before(async () => {
    em = await emulator();
    s = await session(em);
    await createFactory(s, ref.factory);
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-dataflows-'));
  });
  after(async () => {
    await em?.stop();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('stores the data flow and the flowlet exactly as they are locally, and a rerun plans nothing', async () => {
    await writeFactory(dir, [flowlet, mapping]);
    const res = await publishFactory(s, ref, await loadFactory(dir));
    assert.equal(res.ok, true, JSON.stringify(res.changes.filter((c) => c.error)));
    const stored = em.state.getFactory(SUB, RG, ref.factory)!.children.dataflows;
    assert.deepEqual(stored.cleanse.properties, flowlet.properties);
    assert.deepEqual(stored.people.properties, mapping.properties);
    // Read back through the SDK (raw REST JSON), as the diff does.
    for (const local of [flowlet, mapping]) {
      const got = await remote.getResource(s, ref, 'dataflow', local.name);
      assert.deepEqual(got?.properties, local.properties, `${local.name} read back`);
    }
    const plan = await planPublish(s, ref, await loadFactory(dir));
    assert.deepEqual(plan.filter((p) => p.action !== 'unchanged').map((p) => `${p.action} ${p.kind}/${p.name}`), [], 'a second publish plans nothing');
  });

  it('a changed script line is one update, and the stored flow follows it', async () => {
    const changed = structuredClone(flowlet);
    changed.properties.typeProperties.scriptLines[1] = 'input1 derive(name = upper(trim(name))) ~> Trimmed';
    await writeFactory(dir, [changed, mapping]);
    const plan = await planPublish(s, ref, await loadFactory(dir));
    assert.deepEqual(plan.filter((p) => p.action !== 'unchanged').map((p) => `${p.action} ${p.kind}/${p.name}`), ['update dataflow/Cleanse']);
    const res = await publishFactory(s, ref, await loadFactory(dir));
    assert.equal(res.ok, true, JSON.stringify(res.changes.filter((c) => c.error)));
    assert.deepEqual(em.state.getFactory(SUB, RG, ref.factory)!.children.dataflows.cleanse.properties, changed.properties);
  });

  it('a member the SDK model cannot carry is refused, naming it, and nothing is written', async () => {
    const odd = structuredClone(mapping);
    odd.name = 'Odd';
    (odd.properties.typeProperties.sources[0] as Record<string, unknown>).typeProperties = { format: 'csv' };
    await writeFactory(dir, [flowlet, mapping, odd]);
    const mark = em.requests.length;
    const res = await publishFactory(s, ref, await loadFactory(dir));
    const failed = res.changes.find((c) => c.name === 'Odd');
    assert.equal(failed?.status, 'failed');
    assert.match(failed?.error ?? '', /properties\.typeProperties\.sources\[0\]\.typeProperties/);
    assert.equal(em.requests.slice(mark).filter((r) => r.method === 'PUT' && /dataflows\/Odd/i.test(r.path)).length, 0, 'no request for the refused flow');
    assert.equal(em.state.getFactory(SUB, RG, ref.factory)!.children.dataflows.odd, undefined);
  });
});
