/**
 * Stages: the three file formats applied to a factory (azure.datafactory.tools' CSV and JSON forms, the
 * project's own format), and every way a stage file can be wrong: malformed rows, unmatched names and paths,
 * unset variables, literal secrets, wrongly typed values.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import { findResource, loadFactory } from '../../../src/engine/model';
import { applyStage, listStages, loadStage, parsePath, parseStageText, stageFactory, StageError, wildcardMatch, getPath } from '../../../src/engine/stages';

const FACTORY = path.join(__dirname, '..', '..', 'fixtures', 'stages', 'factory');
const ENV = { ADFW_TEST_PROJECT: 'sales', ADFW_TEST_BLOB_KEY: 'c2VjcmV0a2V5' };

function props(f: Awaited<ReturnType<typeof loadFactory>>, kind: Parameters<typeof findResource>[1], name: string): any {
  return findResource(f, kind, name)!.json!.properties;
}

async function problemsOf(p: Promise<unknown> | (() => unknown)): Promise<StageError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    assert.ok(e instanceof StageError, String(e));
    return e;
  }
  assert.fail('expected a StageError');
}

async function withStageFile(name: string, text: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-stage-'));
  await fs.cp(FACTORY, dir, { recursive: true });
  await fs.writeFile(path.join(dir, 'deployment', name), text);
  return dir;
}

describe('stage paths and wildcards', () => {
  it('parses dotted, indexed, named and quoted segments, and $ as the root', () => {
    assert.deepEqual(parsePath('typeProperties.baseUrl'), { absolute: false, segments: [{ key: 'typeProperties' }, { key: 'baseUrl' }] });
    assert.deepEqual(parsePath(`$.properties.globalParameters.'GP-String'.value`).segments[2], { key: 'GP-String' });
    assert.deepEqual(parsePath('activities[1].x').segments.slice(0, 2), [{ key: 'activities' }, { index: 1 }]);
    assert.deepEqual(parsePath(`activities["Copy Data"]`).segments[1], { named: 'Copy Data' });
    assert.equal(parsePath('$.a').absolute, true);
    for (const bad of ['', 'a..b', 'a.', 'a[x]', 'a["x]', 'a[1']) assert.throws(() => parsePath(bad), /./, bad);
  });

  it('matches names like PowerShell -like: * ? [set], case-insensitive, whole name', () => {
    assert.ok(wildcardMatch('LS_*', 'ls_keyvault'));
    assert.ok(wildcardMatch('PL_Scd[123]', 'PL_Scd2'));
    assert.ok(!wildcardMatch('PL_Scd[123]', 'PL_Scd4'));
    assert.ok(wildcardMatch('???KeyVault*', 'LS_KeyVault'));
    assert.ok(!wildcardMatch('LS', 'LS_KeyVault'));
    assert.ok(wildcardMatch('a.b', 'a.b') && !wildcardMatch('a.b', 'axb'));
  });
});

describe('stage files', () => {
  it('lists the stages of a factory in all three formats', async () => {
    assert.deepEqual((await listStages(FACTORY)).map((s) => s.name).sort(), ['legacy', 'prod', 'uat']);
  });

  it("applies azure.datafactory.tools' CSV: replace, add, remove, names and indexes in arrays, wildcards, $Env tokens, globals, triggers", async () => {
    const f = await loadFactory(FACTORY);
    const { factory: s, changes } = await stageFactory(f, 'uat', { env: ENV });
    assert.equal(props(s, 'linkedService', 'LS_KeyVault').typeProperties.baseUrl, 'https://kv-sales-uat.vault.azure.net/');
    assert.equal(props(s, 'linkedService', 'LS_Blob').typeProperties.encryptedCredential, undefined);
    assert.equal(props(s, 'linkedService', 'LS_Api').typeProperties.url, 'https://api-uat.example.com/');
    for (const ls of ['LS_KeyVault', 'LS_Blob', 'LS_Api']) assert.deepEqual(props(s, 'linkedService', ls).annotations, ['uat']);
    assert.equal(props(s, 'dataset', 'DS_Input').typeProperties.location.container, 'input-uat');
    const pl = props(s, 'pipeline', 'PL_Copy');
    assert.equal(pl.activities[0].typeProperties.url, 'https://api-uat.example.com/start');
    assert.equal(pl.activities[1].typeProperties.waitTimeInSeconds, 30, 'a number replaces a number');
    assert.equal(pl.parameters.container.defaultValue, 'uat');
    const gp = props(s, 'factory', 'stagefactory').globalParameters;
    assert.deepEqual(gp, { environment: { type: 'String', value: 'uat' }, retries: { type: 'Int', value: 3 }, region: { type: 'String', value: 'westeurope' } });
    assert.equal(props(s, 'trigger', 'TR_Daily').runtimeState, 'Stopped');
    assert.equal(props(s, 'trigger', 'TR_Daily').typeProperties.recurrence.interval, 2);
    assert.ok(changes.length >= 15);
    // The loaded factory is untouched.
    assert.equal(props(f, 'linkedService', 'LS_KeyVault').typeProperties.baseUrl, 'https://kv-dev.vault.azure.net/');
    assert.equal(props(f, 'pipeline', 'PL_Copy').activities[1].typeProperties.waitTimeInSeconds, 1);
  });

  it("applies azure.datafactory.tools' JSON form (names without a type, default action update, single-quoted JSON)", async () => {
    const { factory: s } = await stageFactory(await loadFactory(FACTORY), 'legacy', { env: ENV });
    assert.equal(props(s, 'linkedService', 'LS_KeyVault').typeProperties.baseUrl, 'https://kv-legacy.vault.azure.net/');
    assert.equal(props(s, 'linkedService', 'LS_Blob').typeProperties.encryptedCredential, undefined);
    assert.equal(props(s, 'pipeline', 'PL_Copy').activities[1].typeProperties.waitTimeInSeconds, 45);
    assert.deepEqual(props(s, 'trigger', 'TR_Daily').typeProperties.recurrence.schedule, { minutes: [0, 30] });
  });

  it('applies the own format: variables, ${stage}, ${env:}, wildcards, globals (bare and typed), trigger settings', async () => {
    const { factory: s } = await stageFactory(await loadFactory(FACTORY), 'prod', { env: ENV });
    assert.equal(props(s, 'linkedService', 'LS_KeyVault').typeProperties.baseUrl, 'https://kv-prd.vault.azure.net/');
    assert.equal(props(s, 'linkedService', 'LS_Blob').typeProperties.connectionString, 'DefaultEndpointsProtocol=https;AccountName=stprd;AccountKey=c2VjcmV0a2V5;EndpointSuffix=core.windows.net');
    assert.equal(props(s, 'linkedService', 'LS_Api').typeProperties.url, 'https://api-prd.example.com/');
    assert.equal(props(s, 'pipeline', 'PL_Copy').activities[0].typeProperties.url, 'https://api-prd.example.com/start');
    assert.equal(props(s, 'pipeline', 'PL_Copy').parameters.container.defaultValue, 'prod');
    assert.deepEqual(props(s, 'factory', 'stagefactory').globalParameters, { environment: { type: 'String', value: 'prod' }, retries: { type: 'Int', value: 5 }, region: { type: 'String', value: 'northeurope' } });
    assert.deepEqual(props(s, 'trigger', 'TR_Daily').typeProperties.recurrence, { frequency: 'Hour', interval: 1, startTime: '2024-01-01T02:00:00Z', timeZone: 'UTC' });
    assert.equal(props(s, 'trigger', 'TR_Window').runtimeState, 'Started');
    assert.equal(props(s, 'trigger', 'TR_Window').typeProperties.startTime, '2025-01-01T00:00:00Z');
  });

  it('the own format validates against schemas/stage.schema.json (the schema editors use)', async () => {
    const schema = JSON.parse(await fs.readFile(path.join(__dirname, '..', '..', '..', 'schemas', 'stage.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const doc = JSON.parse(await fs.readFile(path.join(FACTORY, 'deployment', 'prod.stage.json'), 'utf8'));
    assert.ok(validate(doc), JSON.stringify(validate.errors));
    assert.ok(!validate({ resources: [{ resource: 'linkedService.X', sett: {} }] }), 'a misspelt member is flagged in the editor');
    const pkg = JSON.parse(await fs.readFile(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
    assert.ok(pkg.contributes.jsonValidation.some((j: any) => j.url === './schemas/stage.schema.json' && j.fileMatch.includes('**/deployment/*.stage.json')));
  });

  it('a malformed CSV row is an error naming the file, the line and the fix', async () => {
    const file = '/x/deployment/config-bad.csv';
    let e = await problemsOf(() => parseStageText(file, 'type,name,path,value\n# comment\nlinkedService,LS_A,typeProperties.url,a,b\n', 'bad'));
    assert.deepEqual([e.problems[0].file, e.problems[0].line], [file, 3]);
    assert.match(e.problems[0].message, /expected 4 columns.*double quotes/);
    e = await problemsOf(() => parseStageText(file, 'type,name,path,value\nlinkedservice,LS_A,typeProperties.url,x\nwidget,LS_A,a,1\n', 'bad'));
    assert.equal(e.problems[0].line, 3);
    assert.match(e.problems[0].message, /unknown type "widget": use one of/);
    e = await problemsOf(() => parseStageText(file, 'type,name,path,value\npipeline,P,activities[x].y,1\n', 'bad'));
    assert.match(e.problems[0].message, /invalid path/);
    e = await problemsOf(() => parseStageText(file, 'type,name,path,value\npipeline,P,a.b\n', 'bad'));
    assert.match(e.problems[0].message, /no value column/);
    e = await problemsOf(() => parseStageText(file, 'type,name,value\n', 'bad'));
    assert.match(e.problems[0].message, /must be "type,name,path,value"/);
    e = await problemsOf(() => parseStageText(file, 'type,name,path,value\npipeline,P,a,"unterminated\n', 'bad'));
    assert.equal(e.problems[0].file, file);
    assert.match(e.message, /not valid CSV/);
  });

  it('the own format reports unknown members and wrong shapes at their line', async () => {
    const text = '{\n  "resources": [\n    { "resource": "linkedService.LS_A", "sett": {} },\n    { "resource": "nokind" }\n  ],\n  "triggers": { "T": { "runtimeState": "On" } }\n}\n';
    const e = await problemsOf(() => parseStageText('/x/deployment/p.stage.json', text, 'p'));
    assert.deepEqual(e.problems.map((p) => p.line), [3, 4, 6]);
    assert.match(e.problems[0].message, /unknown member "sett"/);
    assert.match(e.problems[1].message, /must be "<kind>.<name>"/);
    assert.match(e.problems[2].message, /"Started" or "Stopped"/);
  });

  it('a name or path that matches nothing is an error (a typo must not deploy the wrong value)', async () => {
    const f = await loadFactory(FACTORY);
    const stage = (csv: string) => parseStageText('/x/deployment/config-t.csv', `type,name,path,value\n${csv}\n`, 't');
    let e = await problemsOf(() => applyStage(f, stage('linkedService,LS_KeyVualt,typeProperties.baseUrl,x'), { env: ENV }));
    assert.match(e.problems[0].message, /no linkedService matches "LS_KeyVualt"/);
    assert.equal(e.problems[0].line, 2);
    e = await problemsOf(() => applyStage(f, stage('linkedService,LS_KeyVault,typeProperties.baseUlr,x'), { env: ENV }));
    assert.match(e.problems[0].message, /has no property properties\.typeProperties\.baseUlr/);
    e = await problemsOf(() => applyStage(f, stage('linkedService,LS_KeyVault,-typeProperties.nothing,'), { env: ENV }));
    assert.match(e.problems[0].message, /no property .* to remove/);
    e = await problemsOf(() => applyStage(f, stage('pipeline,PL_Copy,activities["Nope"].typeProperties.url,x'), { env: ENV }));
    assert.match(e.problems[0].message, /nothing at "properties\.activities\["Nope"\]"/);
    e = await problemsOf(() => applyStage(f, stage('linkedService,LS_*,typeProperties.baseUrl,x'), { env: ENV }));
    assert.equal(e.problems.length, 2, 'each matched resource without the path is reported');
  });

  it('an unset environment variable or stage variable is an error naming it', async () => {
    const f = await loadFactory(FACTORY);
    let e = await problemsOf(() => applyStage(f, parseStageText('/x/config-t.csv', 'type,name,path,value\nlinkedService,LS_KeyVault,typeProperties.baseUrl,https://$Env:ADFW_NOT_SET/\n', 't'), { env: {} }));
    assert.match(e.problems[0].message, /environment variable ADFW_NOT_SET is not set/);
    e = await problemsOf(() => applyStage(f, parseStageText('/x/t.stage.json', '{"resources":[{"resource":"linkedService.LS_KeyVault","set":{"properties.typeProperties.baseUrl":"${var:nope}"}}]}', 't'), { env: {} }));
    assert.match(e.problems[0].message, /stage variable "nope" is not defined/);
  });

  it('refuses literal secrets in stage files; ${env:…}, $Env:… and Key Vault references are accepted', async () => {
    const f = await loadFactory(FACTORY);
    const csv = (v: string) => parseStageText('/x/config-t.csv', `type,name,path,value\nlinkedService,LS_Blob,typeProperties.connectionString,"${v}"\n`, 't');
    let e = await problemsOf(() => applyStage(f, csv('DefaultEndpointsProtocol=https;AccountName=a;AccountKey=bGl0ZXJhbA=='), { env: ENV }));
    assert.match(e.problems[0].message, /secret \(AccountKey\) written literally.*\$\{env:NAME\}/);
    assert.doesNotMatch(e.message, /bGl0ZXJhbA/, 'the secret is not repeated in the error');
    applyStage(f, csv('DefaultEndpointsProtocol=https;AccountName=a;AccountKey=$($Env:ADFW_TEST_BLOB_KEY)'), { env: ENV });
    e = await problemsOf(() => applyStage(f, parseStageText('/x/config-t.csv', 'type,name,path,value\nlinkedService,LS_Blob,+typeProperties.accountKey,abc123\n', 't'), { env: ENV }));
    assert.match(e.problems[0].message, /is a secret/);
    e = await problemsOf(() => applyStage(f, parseStageText('/x/config-t.csv', 'type,name,path,value\nlinkedService,LS_Api,typeProperties.url,https://x.blob.core.windows.net/c?sv=1&sig=abcd\n', 't'), { env: ENV }));
    assert.match(e.problems[0].message, /SAS signature/);
    const kv = parseStageText('/x/t.stage.json', JSON.stringify({ resources: [{ resource: 'linkedService.LS_Blob', add: { 'properties.typeProperties.accountKey': { type: 'AzureKeyVaultSecret', store: { referenceName: 'LS_KeyVault', type: 'LinkedServiceReference' }, secretName: 'blob-key' } } }] }), 't');
    const { factory: s } = applyStage(f, kv, { env: ENV });
    assert.equal(props(s, 'linkedService', 'LS_Blob').typeProperties.accountKey.secretName, 'blob-key');
  });

  it('values are converted by the type they replace; a wrong type is an error', async () => {
    const f = await loadFactory(FACTORY);
    const apply = (row: string) => applyStage(f, parseStageText('/x/config-t.csv', `type,name,path,value\n${row}\n`, 't'), { env: ENV }).factory;
    assert.equal(props(apply('linkedService,LS_Api,typeProperties.enableServerCertificateValidation,false'), 'linkedService', 'LS_Api').typeProperties.enableServerCertificateValidation, false);
    assert.deepEqual(props(apply(`pipeline,PL_Copy,parameters.waitSeconds,"{'type': 'int', 'defaultValue': 22}"`), 'pipeline', 'PL_Copy').parameters.waitSeconds, { type: 'int', defaultValue: 22 });
    assert.equal(props(apply('pipeline,PL_Copy,parameters.container.defaultValue,123'), 'pipeline', 'PL_Copy').parameters.container.defaultValue, '123', 'a string stays a string');
    let e = await problemsOf(() => apply('pipeline,PL_Copy,activities[1].typeProperties.waitTimeInSeconds,soon'));
    assert.match(e.problems[0].message, /is a number/);
    e = await problemsOf(() => apply('linkedService,LS_Api,typeProperties.enableServerCertificateValidation,maybe'));
    assert.match(e.problems[0].message, /is a boolean/);
  });

  it('an unknown stage names what exists; a stage defined twice is refused', async () => {
    const e = await problemsOf(loadStage(FACTORY, 'qa'));
    assert.match(e.message, /No stage "qa".*Stages found: legacy, prod, uat/);
    const dir = await withStageFile('uat.stage.json', '{}');
    try {
      const e2 = await problemsOf(loadStage(dir, 'uat'));
      assert.match(e2.message, /defined by 2 files/);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('getPath reads what the stage wrote', async () => {
    const { factory: s } = await stageFactory(await loadFactory(FACTORY), 'uat', { env: ENV });
    const r = getPath(findResource(s, 'pipeline', 'PL_Copy')!.json, parsePath('properties.activities["Pause"].typeProperties.waitTimeInSeconds').segments);
    assert.deepEqual(r, { found: true, value: 30 });
  });
});

describe('export-arm --stage', () => {
  it('builds the template from the staged values; a broken stage exits 1 and writes nothing', async () => {
    const command = (await import('../../../src/cli/commands/exportArm')).default;
    const out = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-arm-stage-'));
    const saved = { ...process.env };
    Object.assign(process.env, ENV);
    try {
      const io = { out: () => undefined, err: () => undefined };
      assert.equal(await command([FACTORY, '--out', path.join(out, 'prod'), '--stage', 'prod'], io), 0);
      const text = (await fs.readFile(path.join(out, 'prod', 'ARMTemplateForFactory.json'), 'utf8')) + (await fs.readFile(path.join(out, 'prod', 'ARMTemplateParametersForFactory.json'), 'utf8'));
      assert.ok(text.includes('https://kv-prd.vault.azure.net/'), 'the staged Key Vault URL is exported');
      assert.ok(text.includes('https://api-prd.example.com/start'), 'the staged activity URL is exported');
      assert.ok(!text.includes('kv-dev'), 'the development value is not');
      const err: string[] = [];
      delete process.env.ADFW_TEST_PROJECT;
      assert.equal(await command([FACTORY, '--out', path.join(out, 'uat'), '--stage', 'uat'], { out: () => undefined, err: (t) => err.push(t) }), 1);
      assert.match(err.join('\n'), /config-uat\.csv:3:1: environment variable ADFW_TEST_PROJECT is not set/);
      await assert.rejects(fs.access(path.join(out, 'uat')));
    } finally {
      for (const k of Object.keys(ENV)) delete process.env[k];
      Object.assign(process.env, saved);
      await fs.rm(out, { recursive: true, force: true });
    }
  });
});
