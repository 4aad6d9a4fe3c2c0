import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadFactory, loadManagedPrivateEndpoints } from '../../../src/engine/model';
import { analyseFactory, connectionId, convertFactory, folderPath, pipelineLogicalId, type Analysis } from '../../../src/engine/migrate';
import { datasetParameterUses, globalParameterUses, valueAsExpression } from '../../../src/engine/migrate/rewrite';

const ROOT = path.join(__dirname, '..', '..', '..');
const MIXED = path.join(ROOT, 'test', 'fixtures', 'migrate', 'mixed');

async function analyse(dir: string): Promise<{ analysis: Analysis; factory: Awaited<ReturnType<typeof loadFactory>> }> {
  const factory = await loadFactory(dir);
  return { factory, analysis: analyseFactory(factory, dir, await loadManagedPrivateEndpoints(factory.root)) };
}

const pipelineOf = (a: Analysis, name: string) => a.report.pipelines.find((p) => p.name === name)!;

describe('migration check: every class of finding', () => {
  it('a pipeline of control-flow activities only is convertible as is', async () => {
    const { analysis } = await analyse(MIXED);
    const p = pipelineOf(analysis, 'Plain');
    assert.equal(p.verdict, 'convertible');
    assert.deepEqual(p.asIs.map((f) => [f.activity, f.kind, f.path]), [['Pause', 'Wait', 'properties.activities[0]'], ['Mark', 'SetVariable', 'properties.activities[1]']]);
    assert.deepEqual([p.withChange, p.noEquivalent], [[], []]);
  });

  it('datasets, linked services, ExecutePipeline and global parameters convert with a change, each named with its path', async () => {
    const { analysis } = await analyse(MIXED);
    const p = pipelineOf(analysis, 'Loader');
    assert.equal(p.verdict, 'convertibleWithChanges');
    const kinds = p.withChange.map((f) => `${f.activity}:${f.kind}:${f.path}`);
    for (const k of [
      'CopyDrop:datasetInline:properties.activities[2].inputs[0]',
      'CopyDrop:datasetInline:properties.activities[2].outputs[0]',
      'CopyDrop:connection:properties.activities[2].typeProperties.redirectIncompatibleRowSettings.linkedServiceName',
      'Audit:connection:properties.activities[3].linkedServiceName',
      'RunPlain:invokePipeline:properties.activities[4].typeProperties.activities[0]',
      'Route:globalParameter:properties.activities[0].typeProperties.value.value',
      'Batch:globalParameter:properties.activities[1].typeProperties.value',
    ])
      assert.ok(kinds.includes(k), `${k} in ${kinds.join('\n')}`);
    const drop = p.withChange.find((f) => f.kind === 'datasetInline' && f.path.endsWith('inputs[0]'))!;
    assert.match(drop.change, /dataset "Drop" \(Json\).*day, file, folder/);
    const audit = p.withChange.find((f) => f.activity === 'Audit')!;
    assert.match(audit.change, new RegExp(`linked service "Sql".*${connectionId('Sql')}.*connectVia "AzureIr" is dropped`));
    assert.match(p.withChange.find((f) => f.kind === 'invokePipeline')!.change, new RegExp(pipelineLogicalId('Plain')));
  });

  it('data flows, self-hosted runtimes, parameterised linked services, array globals and unknown types have no equivalent', async () => {
    const { analysis } = await analyse(MIXED);
    const none = (name: string) => pipelineOf(analysis, name).noEquivalent.map((f) => `${f.activity}:${f.kind}`);
    assert.deepEqual(none('RunsDataFlow'), ['Clean:activityType']);
    assert.match(pipelineOf(analysis, 'RunsDataFlow').noEquivalent[0].reason, /Dataflow Gen2/);
    assert.deepEqual(none('OnPrem'), ['ReadOnPrem:selfHostedIntegrationRuntime']);
    assert.match(pipelineOf(analysis, 'OnPrem').noEquivalent[0].reason, /on-premises data gateway/);
    assert.deepEqual(none('ParamLs'), ['ReadBlob:parameterizedLinkedService']);
    assert.deepEqual(none('ArrayGlobal'), ['Regions:globalParameterType']);
    assert.deepEqual(none('Strange'), ['Odd:activityType']);
    assert.deepEqual(none('Missing'), ['ReadNothing:missingReference']);
    assert.deepEqual(none('NoValue'), ['ReadDrop:datasetParameter']);
    assert.match(pipelineOf(analysis, 'NoValue').noEquivalent[0].reason, /dataset "Drop" uses dataset\(\)\.folder at typeProperties\.location\.folderPath\.value, which has no value here/);
    for (const n of ['RunsDataFlow', 'OnPrem', 'ParamLs', 'ArrayGlobal', 'Strange', 'Missing', 'NoValue']) assert.equal(pipelineOf(analysis, n).verdict, 'notConvertible', n);
  });

  it('a pipeline that invokes a pipeline that does not convert does not convert either', async () => {
    const { analysis } = await analyse(MIXED);
    const p = pipelineOf(analysis, 'Parent');
    assert.equal(p.verdict, 'notConvertible');
    assert.deepEqual(p.noEquivalent.map((f) => [f.activity, f.kind]), [['CallDataFlow', 'childNotConvertible']]);
  });

  it('factory level: schedules convert, tumbling-window and storage-event triggers, SSIS and self-hosted runtimes, data flows and private endpoints do not', async () => {
    const { analysis } = await analyse(MIXED);
    const fl = analysis.report.factoryLevel;
    assert.deepEqual(fl.triggers.map((t) => [t.name, t.class]), [['Daily', 'withChange'], ['OnBlob', 'noEquivalent'], ['Windows', 'noEquivalent']]);
    assert.deepEqual(fl.globalParameters.map((t) => [t.name, t.class]), [['batchSize', 'withChange'], ['region', 'withChange'], ['regions', 'noEquivalent']]);
    assert.deepEqual(fl.integrationRuntimes.map((t) => [t.name, t.kind, t.class]), [['AzureIr', 'azureIntegrationRuntime', 'withChange'], ['OnPremIr', 'selfHostedIntegrationRuntime', 'noEquivalent'], ['SsisIr', 'ssisIntegrationRuntime', 'noEquivalent']]);
    assert.deepEqual(fl.dataFlows.map((t) => [t.name, t.class]), [['Clean', 'noEquivalent']]);
    assert.deepEqual(fl.managedPrivateEndpoints.map((t) => [t.name, t.class]), [['default/SqlPe', 'noEquivalent']]);
    assert.deepEqual(analysis.report.summary, { pipelines: 10, convertible: 1, convertibleWithChanges: 1, notConvertible: 8 });
  });
});

describe('migration conversion', () => {
  it('inlines datasets with their parameters substituted, turns linked services into connections and ExecutePipeline into InvokePipeline', async () => {
    const { factory, analysis } = await analyse(MIXED);
    const r = convertFactory(factory, analysis);
    const loader = JSON.parse(r.files.get('Loader.DataPipeline/pipeline-content.json')!).properties;
    const copy = loader.activities[2];
    assert.equal(copy.inputs, undefined);
    assert.equal(copy.outputs, undefined);
    const files = connectionId('Files');
    assert.deepEqual(copy.typeProperties.source.datasetSettings, {
      annotations: [],
      type: 'Json',
      typeProperties: { location: { type: 'FileServerLocation', folderPath: { value: "@concat('in/', pipeline().parameters.folder)", type: 'Expression' }, fileName: 'orders.json', fileFilter: "@{'2024-05-01'}-*.json" } },
      schema: {},
      externalReferences: { connection: files },
    });
    assert.deepEqual(copy.typeProperties.redirectIncompatibleRowSettings, { path: 'errors', externalReferences: { connection: files } });
    assert.equal(loader.activities[3].linkedServiceName, undefined);
    assert.deepEqual(loader.activities[3].externalReferences, { connection: connectionId('Sql') });
    assert.deepEqual(loader.activities[4].typeProperties.activities[0].typeProperties, { operationType: 'InvokeFabricPipeline', pipelineId: pipelineLogicalId('Plain'), workspaceId: '00000000-0000-0000-0000-000000000000', waitOnCompletion: true, parameters: { day: { value: '@item()', type: 'Expression' } } });
    assert.equal(loader.activities[0].typeProperties.value.value, '@toUpper(pipeline().libraryVariables.region)');
    assert.equal(loader.activities[1].typeProperties.value, 'batch @{pipeline().libraryVariables.batchSize} rows');
    assert.deepEqual(loader.libraryVariables, { batchSize: { type: 'Integer', variableName: 'batchSize', libraryName: 'mixed_globals' }, region: { type: 'String', variableName: 'region', libraryName: 'mixed_globals' } });
    const plain = JSON.parse(r.files.get('Basics/Plain.DataPipeline/pipeline-content.json')!).properties;
    assert.equal(plain.folder, undefined, 'ADF folders are workspace folders in Fabric, not pipeline content');
    assert.deepEqual(JSON.parse(r.files.get('Basics/Plain.DataPipeline/.platform')!), {
      $schema: 'https://developer.microsoft.com/json-schemas/fabric/gitIntegration/platformProperties/2.0.0/schema.json',
      metadata: { type: 'DataPipeline', displayName: 'Plain' },
      config: { version: '2.0', logicalId: pipelineLogicalId('Plain') },
    });
    assert.deepEqual(r.skipped.map((s) => s.pipeline), ['ArrayGlobal', 'Missing', 'NoValue', 'OnPrem', 'ParamLs', 'Parent', 'RunsDataFlow', 'Strange']);
    assert.deepEqual(Object.values(r.linkedServices), ['Files', 'Sql']);
    assert.deepEqual(r.connections[connectionId('Sql')], { type: 'AzureSqlDatabase', connectionString: 'Server=sql.example.invalid;Database=db', password: '${env:SQL_PASSWORD}' });
    assert.deepEqual(r.secretsFromEnv, [{ connectionId: connectionId('Sql'), linkedService: 'Sql', property: 'password', env: 'SQL_PASSWORD' }]);
    const vars = JSON.parse(r.files.get('mixed_globals.VariableLibrary/variables.json')!);
    assert.deepEqual(vars.variables.map((v: { name: string; type: string; value: unknown }) => [v.name, v.type, v.value]), [['batchSize', 'Integer', 500], ['region', 'String', 'emea']]);
  });

  it('writes a value set per stage with the values that differ, and merges local connection overrides', async () => {
    const { factory, analysis } = await analyse(MIXED);
    const r = convertFactory(factory, analysis, { stageGlobals: { prod: { region: 'us', batchSize: 500 } }, connections: { files: { host: '/local/drop' } } });
    assert.deepEqual(JSON.parse(r.files.get('mixed_globals.VariableLibrary/valueSets/prod.json')!).variableOverrides, [{ name: 'region', value: 'us' }]);
    assert.deepEqual(JSON.parse(r.files.get('mixed_globals.VariableLibrary/settings.json')!).valueSetsOrder, ['prod']);
    assert.deepEqual(r.connections[connectionId('Files')], { type: 'FileServer', host: '/local/drop' });
  });

  it('ADF folders become safe workspace folder paths', () => {
    assert.deepEqual(folderPath(['Sales', 'EU']), ['Sales', 'EU']);
    assert.deepEqual(folderPath(['..', 'a:b', ' ', 'x?']), ['a_b', 'x_']);
  });

  it('ids are name-based: stable across runs and case-insensitive like ADF names', () => {
    assert.equal(pipelineLogicalId('Plain'), pipelineLogicalId('PLAIN'));
    assert.notEqual(pipelineLogicalId('Plain'), connectionId('Plain'));
    assert.match(connectionId('Files'), /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('migration rewrites work on the expression tree', () => {
  it('finds global parameters in both member forms, not in look-alike text', () => {
    assert.deepEqual(globalParameterUses("@concat(pipeline().globalParameters.a, pipeline().globalParameters['b c'])").map((u) => u.name), ['a', 'b c']);
    assert.deepEqual(globalParameterUses("@concat('pipeline().globalParameters.x', '')"), []);
    assert.deepEqual(globalParameterUses('no expression pipeline().globalParameters.x'), []);
  });

  it('finds dataset() uses and renders passed values as expressions', () => {
    assert.deepEqual(datasetParameterUses('@dataset().x').map((u) => [u.name, u.whole]), [['x', true]]);
    assert.deepEqual(datasetParameterUses("@concat(dataset().x, '/')").map((u) => [u.name, u.whole]), [['x', false]]);
    assert.equal(valueAsExpression("it's"), "'it''s'");
    assert.equal(valueAsExpression({ value: '@pipeline().parameters.p', type: 'Expression' }), 'pipeline().parameters.p');
    assert.equal(valueAsExpression('day-@{item()}'), "concat('day-', string(item()))");
    assert.equal(valueAsExpression(3), '3');
    assert.equal(valueAsExpression({ a: 1 }), `json('{"a":1}')`);
    assert.equal(valueAsExpression('@concat('), undefined);
  });
});

describe('migration on the samples', () => {
  it('control-flow: both pipelines convert with changes; the child is invoked by its logicalId', async () => {
    const dir = path.join(ROOT, 'samples', 'control-flow');
    const { factory, analysis } = await analyse(dir);
    assert.deepEqual(analysis.report.summary, { pipelines: 2, convertible: 0, convertibleWithChanges: 2, notConvertible: 0 });
    const r = convertFactory(factory, analysis);
    const orch = JSON.parse(r.files.get('Orchestrate.DataPipeline/pipeline-content.json')!).properties;
    const invoke = orch.activities[3].typeProperties.activities[0];
    assert.equal(invoke.type, 'InvokePipeline');
    assert.equal(invoke.typeProperties.pipelineId, JSON.parse(r.files.get('ProcessOrderFile.DataPipeline/.platform')!).config.logicalId);
    assert.equal(orch.activities[0].typeProperties.datasetSettings.typeProperties.location.folderPath, 'incoming');
    assert.equal(orch.activities[0].typeProperties.dataset, undefined);
    const child = JSON.parse(r.files.get('ProcessOrderFile.DataPipeline/pipeline-content.json')!).properties;
    assert.deepEqual(child.activities[0].typeProperties.datasetSettings.typeProperties.location.fileName, { value: '@pipeline().parameters.fileName', type: 'Expression' });
    assert.deepEqual(r.connections, { [connectionId('LocalFiles')]: { type: 'FileServer', host: '\\\\fileserver01\\orders', userId: 'svc-orders' } });
    // Everything but the rewritten parts is the original: activity names, dependencies and expressions unchanged.
    const original = factory.resources.pipeline.get('Orchestrate')!.properties;
    assert.deepEqual(orch.activities.map((a: { name: string }) => a.name), original.activities.map((a: { name: string }) => a.name));
    assert.deepEqual(orch.activities[4], JSON.parse(JSON.stringify(original.activities[4])));
  });

  it('cosmos-copy: every Copy gets inline Cosmos DB settings on one connection; the unused global parameter makes no library', async () => {
    const dir = path.join(ROOT, 'samples', 'cosmos-copy');
    const { factory, analysis } = await analyse(dir);
    assert.equal(analysis.report.summary.convertibleWithChanges, 5);
    const r = convertFactory(factory, analysis);
    assert.ok(r.files.has('Cosmos/Archive/CopyOrdersInsert.DataPipeline/pipeline-content.json'), 'ADF folders become workspace folders');
    const container = JSON.parse(r.files.get('Cosmos/CopyContainer.DataPipeline/pipeline-content.json')!).properties.activities[0].typeProperties;
    assert.deepEqual(container.source.datasetSettings.typeProperties, { collectionName: { value: '@pipeline().parameters.sourceContainer', type: 'Expression' } });
    assert.deepEqual(container.sink.datasetSettings.typeProperties, { collectionName: { value: '@pipeline().parameters.sinkContainer', type: 'Expression' } });
    assert.equal(container.sink.datasetSettings.externalReferences.connection, connectionId('CosmosDbRetail'));
    assert.equal(r.variableLibrary, undefined);
    assert.deepEqual(Object.values(r.linkedServices), ['CopyLogFiles', 'CosmosDbRetail', 'LandingBlobStorage']);
  });
});
