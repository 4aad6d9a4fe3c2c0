/**
 * ARM template export: structure, dependsOn, default and custom parameterisation, escaping, and a round trip of
 * its own output. The round trip against templates exported by ADF itself is in the corpus suite
 * (test/corpus/armExport.test.ts, `npm run test:corpus`).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadFactory } from '../../../src/engine/model';
import { buildArmTemplate, exportArmTemplate, parseAction, loadDefinition } from '../../../src/engine/armExport';
import { summary, templateToGit } from '../../helpers/armTemplate';

const FIXTURE = path.join(__dirname, '..', '..', 'fixtures', 'remote', 'factory1');

async function tempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'adfw-arm-'));
}

describe('ARM template export', () => {
  it('writes both files with ADF structure, dependsOn from references, and default parameterisation', async () => {
    const out = await tempDir();
    try {
      const r = await exportArmTemplate(await loadFactory(FIXTURE), out);
      const template = JSON.parse(await fs.readFile(path.join(out, 'ARMTemplateForFactory.json'), 'utf8'));
      const params = JSON.parse(await fs.readFile(path.join(out, 'ARMTemplateParametersForFactory.json'), 'utf8'));
      assert.equal(template.contentVersion, '1.0.0.0');
      assert.equal(template.variables.factoryId, "[concat('Microsoft.DataFactory/factories/', parameters('factoryName'))]");
      const parent = template.resources.find((x: any) => x.name === "[concat(parameters('factoryName'), '/Parent')]");
      assert.equal(parent.type, 'Microsoft.DataFactory/factories/pipelines');
      assert.equal(parent.apiVersion, '2018-06-01');
      assert.deepEqual(parent.dependsOn, ["[concat(variables('factoryId'), '/pipelines/Child')]"]);
      const ls = template.resources.find((x: any) => x.type.endsWith('/linkedServices'));
      assert.equal(ls.properties.typeProperties.connectionString, "[parameters('BlobStore_connectionString')]");
      assert.equal(template.parameters.BlobStore_connectionString.type, 'secureString');
      // A connection string never keeps a default (README: ARM export conformance), with ADF's metadata.
      assert.equal(template.parameters.BlobStore_connectionString.defaultValue, undefined);
      assert.equal(template.parameters.BlobStore_connectionString.metadata, "Secure string for 'connectionString' of 'BlobStore'");
      assert.equal(params.parameters.BlobStore_connectionString.value, '');
      // Trigger pipeline parameters are named after the pipeline, as ADF names them.
      assert.equal(template.parameters.Nightly_properties_Parent_parameters_count.type, 'int');
      assert.equal(params.parameters.Nightly_properties_Parent_parameters_count.value, 2);
      assert.equal(params.parameters.factoryName.value, 'wbfactory');
      // Global parameters are left out unless asked for (ADF's "Include global parameters in ARM template").
      assert.equal(template.resources.some((x: any) => /globalparameters/i.test(x.type)), false);
      assert.deepEqual(r.files.map((f) => path.relative(out, f)).sort(), ['ARMTemplateForFactory.json', 'ARMTemplateParametersForFactory.json', 'linkedTemplates/ArmTemplateParameters_master.json', 'linkedTemplates/ArmTemplate_0.json', 'linkedTemplates/ArmTemplate_master.json']);
      const withGp = buildArmTemplate(await loadFactory(FIXTURE), { includeGlobalParameters: true }).template as any;
      const gp = withGp.resources.find((x: any) => x.type === 'Microsoft.DataFactory/factories/globalparameters');
      assert.equal(gp.name, "[concat(parameters('factoryName'), '/default')]");
      assert.equal(gp.properties.environment.value, "[parameters('default_properties_environment_value')]");
      assert.equal(withGp.parameters.default_properties_environment_value.defaultValue, 'test');
      // Dependencies come before dependants in resource order too.
      const names = template.resources.map((x: any) => x.name);
      assert.ok(names.indexOf("[concat(parameters('factoryName'), '/Child')]") < names.indexOf("[concat(parameters('factoryName'), '/Parent')]"));
    } finally {
      await fs.rm(out, { recursive: true, force: true });
    }
  });

  it('follows arm-template-parameters-definition.json when present, and escapes literal brackets', async () => {
    const dir = await tempDir();
    try {
      await fs.cp(FIXTURE, dir, { recursive: true });
      await fs.writeFile(
        path.join(dir, 'arm-template-parameters-definition.json'),
        JSON.stringify({
          'Microsoft.DataFactory/factories/pipelines': { properties: { activities: [{ typeProperties: { waitTimeInSeconds: '=:-waitSeconds:int' } }, 'name'] } },
          'Microsoft.DataFactory/factories/datasets': { DelimitedText: { properties: { typeProperties: { location: { container: '-' } } } } },
        }),
      );
      const slow = path.join(dir, 'pipeline', 'Slow.json');
      const j = JSON.parse(await fs.readFile(slow, 'utf8'));
      j.properties.description = '[not an ARM expression]';
      await fs.writeFile(slow, JSON.stringify(j));
      const { definition } = await loadDefinition(dir);
      const { template, parameters } = buildArmTemplate(await loadFactory(dir), { definition });
      const t = template as any;
      assert.deepEqual(Object.keys(t.parameters).sort(), ['Flaky_waitSeconds', 'InputFiles_properties_typeProperties_location_container', 'Slow_waitSeconds', 'factoryName']);
      assert.equal(t.parameters.Flaky_waitSeconds.defaultValue, 0);
      assert.equal(t.parameters.Slow_waitSeconds.type, 'int');
      assert.equal(t.parameters.Slow_waitSeconds.defaultValue, 60);
      assert.equal(t.parameters.InputFiles_properties_typeProperties_location_container.defaultValue, undefined, "'-' keeps no default");
      assert.equal((parameters as any).parameters.InputFiles_properties_typeProperties_location_container.value, '');
      const slowRes = t.resources.find((x: any) => x.name.endsWith("/Slow')]"));
      assert.equal(slowRes.properties.description, '[[not an ARM expression]');
      assert.equal(slowRes.properties.activities[0].typeProperties.waitTimeInSeconds, "[parameters('Slow_waitSeconds')]");
      await fs.writeFile(path.join(dir, 'arm-template-parameters-definition.json'), '{\n  "Microsoft.DataFactory/factories/pipelines": {,\n}');
      await assert.rejects(loadDefinition(dir), /arm-template-parameters-definition\.json:2:\d+: Invalid JSON/);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('parses parameterisation actions', () => {
    assert.deepEqual(parseAction('='), { op: '=', name: undefined, type: undefined });
    assert.deepEqual(parseAction('|:-connectionString:secureString'), { op: '|', name: 'connectionString', short: true, type: 'securestring' });
    assert.deepEqual(parseAction('=:triggerSuffix:int'), { op: '=', name: 'triggerSuffix', type: 'int' });
    assert.deepEqual(parseAction('-::secureString'), { op: '-', name: undefined, type: 'securestring' });
    assert.equal(parseAction('pipelineReference.referenceName'), undefined);
  });

  it('a template it exports turns back into the same factory (resources, dependsOn, parameters)', async () => {
    const dir = await tempDir();
    try {
      const { template } = buildArmTemplate(await loadFactory(FIXTURE), { factoryName: 'x' });
      await templateToGit(template, dir);
      const again = buildArmTemplate(await loadFactory(dir), { factoryName: 'x' }).template;
      const a = summary(template);
      const b = summary(again);
      assert.ok(a.resources.length >= 5, `${a.resources.length} resources`);
      assert.deepEqual(b.resources, a.resources);
      // templateToGit restores sub-resources only: the factory resource's own parameters (dataFactory_*) stay out.
      const own = (ps: string[]) => ps.filter((p) => !p.startsWith('dataFactory_'));
      assert.ok(own(a.parameters).length >= 2, a.parameters.join(', '));
      assert.deepEqual(own(b.parameters), own(a.parameters));
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
