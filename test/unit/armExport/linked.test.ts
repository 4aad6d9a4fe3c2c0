/**
 * Linked templates: a generated 1,500-resource factory split like ADF's publish (parts of at most 20 resources in
 * dependency generations), every part under ARM's limits, every dependency in the same part or an earlier one, the
 * parts chained in the master; size-driven cuts when resources are large; and the master resolving to the same
 * resources as the single template.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadFactory } from '../../../src/engine/model';
import { buildArmTemplate, buildLinkedTemplates, exportArmTemplate, readResolvedTemplate, compareResolvedTemplates, ARM_LIMITS } from '../../../src/engine/armExport';

async function writeJson(file: string, v: unknown): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, JSON.stringify(v));
}

/** 100 linked services, 400 datasets, 900 pipelines (Copy between datasets, every third one calling the previous), 100 triggers. */
async function generateFactory(dir: string, opts: { padding?: number } = {}): Promise<void> {
  await writeJson(path.join(dir, 'factory', 'bigfactory.json'), { name: 'bigfactory', location: 'westeurope' });
  for (let i = 0; i < 100; i++) await writeJson(path.join(dir, 'linkedService', `LS${i}.json`), { name: `LS${i}`, properties: { type: 'AzureBlobStorage', typeProperties: { connectionString: `DefaultEndpointsProtocol=https;AccountName=acct${i}` } } });
  for (let i = 0; i < 400; i++) await writeJson(path.join(dir, 'dataset', `DS${i}.json`), { name: `DS${i}`, properties: { type: 'Json', linkedServiceName: { referenceName: `LS${i % 100}`, type: 'LinkedServiceReference' }, typeProperties: { location: { type: 'AzureBlobStorageLocation', container: 'c', folderPath: `f${i}` } } } });
  for (let i = 0; i < 900; i++) {
    const activities: unknown[] = [{ name: 'Copy', type: 'Copy', inputs: [{ referenceName: `DS${i % 400}`, type: 'DatasetReference' }], outputs: [{ referenceName: `DS${(i + 1) % 400}`, type: 'DatasetReference' }], typeProperties: { source: { type: 'JsonSource' }, sink: { type: 'JsonSink' } }, description: 'x'.repeat(opts.padding ?? 0) }];
    if (i % 3 === 2) activities.push({ name: 'Call', type: 'ExecutePipeline', dependsOn: [{ activity: 'Copy', dependencyConditions: ['Succeeded'] }], typeProperties: { pipeline: { referenceName: `PL${i - 1}`, type: 'PipelineReference' }, waitOnCompletion: true } });
    await writeJson(path.join(dir, 'pipeline', `PL${i}.json`), { name: `PL${i}`, properties: { activities } });
  }
  for (let i = 0; i < 100; i++) await writeJson(path.join(dir, 'trigger', `TR${i}.json`), { name: `TR${i}`, properties: { type: 'ScheduleTrigger', runtimeState: 'Stopped', pipelines: [{ pipelineReference: { referenceName: `PL${i * 9}`, type: 'PipelineReference' }, parameters: {} }], typeProperties: { recurrence: { frequency: 'Hour', interval: 1, startTime: '2024-01-01T00:00:00Z' } } } });
}

function checkParts(linked: ReturnType<typeof buildLinkedTemplates>, all: { kind: string; name: string; dependsOn: string[] }[], partSize: number, limits = ARM_LIMITS): void {
  const partOf = new Map<string, number>();
  linked.parts.forEach((p, i) => p.forEach((k) => partOf.set(k.toLowerCase(), i)));
  assert.equal(partOf.size, all.length, 'every resource is in exactly one part');
  linked.parts.forEach((p, i) => {
    const t = linked.files[`ArmTemplate_${i}.json`] as any;
    assert.ok(p.length <= partSize && p.length <= limits.resources, `part ${i}: ${p.length} resources`);
    assert.ok(Buffer.byteLength(JSON.stringify(t, null, 4)) <= limits.templateBytes, `part ${i} under ${limits.templateBytes} bytes`);
    assert.ok(Object.keys(t.parameters).length <= limits.parameters, `part ${i}: parameter count`);
    const inPart = new Set(p.map((k) => k.toLowerCase()));
    for (const r of t.resources) {
      for (const d of r.dependsOn) {
        const m = /'\/(\w+)\/(.+)'\)\]$/.exec(d)!;
        const kind = { linkedServices: 'linkedService', datasets: 'dataset', pipelines: 'pipeline', triggers: 'trigger' }[m[1]]!;
        assert.ok(inPart.has(`${kind}/${m[2]}`.toLowerCase()), `part ${i}: ${r.name} depends on ${d} outside its part`);
      }
      // Every parameter a resource uses is declared by its part.
      for (const m of JSON.stringify(r).matchAll(/parameters\('([^']+)'\)/g)) assert.ok(m[1] in t.parameters, `part ${i}: ${m[1]} declared`);
    }
  });
  // Across parts: every dependency was deployed by the same part or an earlier one.
  for (const e of all) for (const d of e.dependsOn) assert.ok(partOf.get(d.toLowerCase())! <= partOf.get(`${e.kind}/${e.name}`.toLowerCase())!, `${e.kind}/${e.name} depends on ${d}, which comes in a later part`);
  const master = linked.files['ArmTemplate_master.json'] as any;
  assert.equal(master.resources.length, linked.parts.length);
  master.resources.forEach((r: any, i: number) => {
    assert.equal(r.type, 'Microsoft.Resources/deployments');
    assert.equal(r.properties.templateLink.uri, `[concat(parameters('containerUri'), '/ArmTemplate_${i}.json', parameters('containerSasToken'))]`);
    assert.deepEqual(r.dependsOn, i === 0 ? [] : [`[resourceId('Microsoft.Resources/deployments', 'bigfactory_ArmTemplate_${i - 1}')]`]);
  });
  assert.ok(master.resources.length <= limits.resources);
}

describe('linked templates', () => {
  it('splits a generated 1,500-resource factory into parts under the limits, dependencies first, parts chained', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-big-'));
    const out = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-big-out-'));
    try {
      await generateFactory(dir);
      const factory = await loadFactory(dir);
      const arm = buildArmTemplate(factory);
      assert.equal(arm.entries.length, 1500);
      const linked = buildLinkedTemplates(arm);
      assert.equal(linked.parts.length, 75, '1,500 resources in parts of 20');
      checkParts(linked, arm.entries, 20);
      // The written files resolve (master + parts) to exactly the resources of the single template.
      await exportArmTemplate(factory, out);
      const single = await readResolvedTemplate(path.join(out, 'ARMTemplateForFactory.json'), path.join(out, 'ARMTemplateParametersForFactory.json'));
      const viaMaster = await readResolvedTemplate(path.join(out, 'linkedTemplates', 'ArmTemplate_master.json'), path.join(out, 'linkedTemplates', 'ArmTemplateParameters_master.json'));
      assert.equal(viaMaster.resources.length, 1500);
      // dependsOn differs by design (parts name only same-part dependencies); everything else is identical.
      const diffs = compareResolvedTemplates(single, viaMaster).filter((d) => !d.message.startsWith('dependsOn lacks'));
      assert.deepEqual(diffs.filter((d) => !d.where.startsWith('parameter containerUri') && !d.where.startsWith('parameter containerSasToken') && !/^parameters file container/.test(d.where)), []);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
      await fs.rm(out, { recursive: true, force: true });
    }
  });

  it('cuts parts by size when resources are large, and by the resource limit when parts may be larger', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-big-'));
    try {
      await generateFactory(dir, { padding: 4000 });
      const arm = buildArmTemplate(await loadFactory(dir));
      // A 1 MB template limit: pipelines of ~4 KB each force cuts before 800 resources.
      const limits = { ...ARM_LIMITS, templateBytes: 1024 * 1024 };
      const bySize = buildLinkedTemplates(arm, { partSize: 800, limits });
      checkParts(bySize, arm.entries, 800, limits);
      assert.ok(bySize.parts.some((p) => p.length < 800 && p.length > 20), 'size decided at least one cut');
      const byCount = buildLinkedTemplates(arm, { partSize: 5000 });
      checkParts(byCount, arm.entries, 800);
      assert.ok(byCount.parts.every((p) => p.length <= 800) && byCount.parts.length >= 2);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a resource that alone exceeds the template size limit, naming it', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-big-'));
    try {
      await writeJson(path.join(dir, 'pipeline', 'Huge.json'), { name: 'Huge', properties: { activities: [{ name: 'W', type: 'Wait', typeProperties: { waitTimeInSeconds: 1 }, description: 'y'.repeat(2000) }] } });
      const arm = buildArmTemplate(await loadFactory(dir));
      assert.throws(() => buildLinkedTemplates(arm, { limits: { templateBytes: 1000 } }), /pipeline "Huge" alone exceeds ARM's 1000-byte template limit/);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
