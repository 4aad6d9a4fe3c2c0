import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decodeFabricText, isFabricWorkspace, discoverFabricWorkspaces, loadFabricWorkspace, loadFactoryOrWorkspace } from '../../../src/engine/fabric';
import { validateFactory, validatePath, checkFabricConnections } from '../../../src/engine/validate';
import { runPipeline } from '../../../src/engine/run';
import { FabricCodes } from '../../../src/engine/codes';
import { renderRunReport, renderMonitorPage } from '../../../src/engine/report';
import { unusedResources } from '../../../src/engine/impact';
import { lintFactory, loadLintConfig } from '../../../src/engine/lint';

/** Writes a workspace: relative path -> JSON value, string, or Buffer (bytes as written). */
async function workspace(files: Record<string, unknown>): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-fabric-'));
  for (const [rel, v] of Object.entries(files)) {
    const p = path.join(dir, rel);
    await fs.mkdir(path.dirname(p), { recursive: true });
    await fs.writeFile(p, Buffer.isBuffer(v) ? v : typeof v === 'string' ? v : JSON.stringify(v, null, 2));
  }
  return dir;
}

const platform = (displayName: string, logicalId: string, type = 'DataPipeline') => ({ metadata: { type, displayName }, config: { version: '2.0', logicalId } });
const CHILD_ID = '0a1b2c3d-0000-4000-8000-000000000002';

function utf16le(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}
function utf16be(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
}

const childContent = {
  properties: {
    parameters: { who: { type: 'string' } },
    libraryVariables: { env: { type: 'String', libraryName: 'Config', variableName: 'envName' } },
    activities: [
      { name: 'Ret', type: 'SetVariable', dependsOn: [], typeProperties: { variableName: 'pipelineReturnValue', setSystemVariable: true, value: [{ key: 'greeting', value: { type: 'Expression', content: "@concat('hi ', pipeline().parameters.who, ' in ', pipeline().libraryVariables.env)" } }] } },
    ],
  },
};

function parentContent(extra: Record<string, unknown> = {}) {
  return {
    properties: {
      variables: { out: { type: 'String' } },
      activities: [
        { name: 'Call', type: 'InvokePipeline', dependsOn: [], typeProperties: { operationType: 'InvokeFabricPipeline', pipelineId: CHILD_ID, workspaceId: '00000000-0000-0000-0000-000000000000', waitOnCompletion: true, parameters: { who: 'ann' } }, externalReferences: { connection: 'c-invoke' } },
        { name: 'Keep', type: 'SetVariable', dependsOn: [{ activity: 'Call', dependencyConditions: ['Succeeded'] }], typeProperties: { variableName: 'out', value: "@activity('Call').output.pipelineReturnValue.greeting" } },
      ],
      ...extra,
    },
  };
}

const library = {
  'Config.VariableLibrary/.platform': platform('Config', '0a1b2c3d-0000-4000-8000-000000000009', 'VariableLibrary'),
  'Config.VariableLibrary/variables.json': { variables: [{ name: 'envName', type: 'String', value: 'dev' }, { name: 'size', type: 'Integer', value: 1 }] },
  'Config.VariableLibrary/valueSets/Prod.json': { name: 'Prod', variableOverrides: [{ name: 'envName', value: 'prod' }] },
};

test('decodes UTF-8 (with and without BOM) and UTF-16 LE/BE with BOM, keeping the BOM as U+FEFF', () => {
  const s = '{"a": "é"}';
  assert.deepEqual(decodeFabricText(Buffer.from(s)), { text: s, encoding: 'utf8' });
  assert.deepEqual(decodeFabricText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(s)])), { text: '\ufeff' + s, encoding: 'utf8bom' });
  assert.deepEqual(decodeFabricText(utf16le(s)), { text: '\ufeff' + s, encoding: 'utf16le' });
  assert.deepEqual(decodeFabricText(utf16be(s)), { text: '\ufeff' + s, encoding: 'utf16be' });
});

test('loads pipelines (UTF-16 files, folders as directories) by display name, with logicalIds and library values', async () => {
  const dir = await workspace({
    'Parent.DataPipeline/.platform': utf16le(JSON.stringify(platform('Parent', '0a1b2c3d-0000-4000-8000-000000000001'))),
    'Parent.DataPipeline/pipeline-content.json': utf16be(JSON.stringify(parentContent())),
    'Sub/Deeper/Child.DataPipeline/.platform': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(platform('The child', CHILD_ID)))]),
    'Sub/Deeper/Child.DataPipeline/pipeline-content.json': childContent,
    ...library,
  });
  assert.equal(await isFabricWorkspace(dir), true);
  assert.deepEqual(await discoverFabricWorkspaces(dir), [dir]);
  const f = await loadFabricWorkspace(dir);
  assert.deepEqual(f.diagnostics, []);
  assert.deepEqual([...f.resources.pipeline.keys()].sort(), ['Parent', 'The child']);
  assert.deepEqual(f.resources.pipeline.get('The child')!.folder, ['Sub', 'Deeper']);
  assert.equal(f.fabric!.pipelineIds.get(CHILD_ID), 'The child');
  assert.deepEqual(f.fabric!.libraryValues.get('The child'), { env: 'dev' });
  assert.deepEqual((await loadFabricWorkspace(dir, { valueSet: 'prod' })).fabric!.libraryValues.get('The child'), { env: 'prod' });
  assert.deepEqual(validateFactory(f).filter((d) => d.severity !== 'info'), []);
});

test('a missing .platform is a warning (name from the folder); bad JSON is an error with file, line, column and the fix', async () => {
  const dir = await workspace({
    'NoMeta.DataPipeline/pipeline-content.json': { properties: { activities: [] } },
    'Broken.DataPipeline/.platform': platform('Broken', '0a1b2c3d-0000-4000-8000-000000000003'),
    'Broken.DataPipeline/pipeline-content.json': '{\n  "properties": {\n    "activities": [,]\n  }\n}',
    'BadMeta.DataPipeline/.platform': '{ "metadata": ',
    'BadMeta.DataPipeline/pipeline-content.json': { properties: { activities: [] } },
    'Empty.DataPipeline/.platform': platform('Empty', '0a1b2c3d-0000-4000-8000-000000000004'),
    'Old.DataPipeline/item.metadata.json': { type: 'DataPipeline', displayName: 'Old format' },
    'Old.DataPipeline/item.config.json': { version: '1.0', logicalId: '0a1b2c3d-0000-4000-8000-000000000005' },
    'Old.DataPipeline/pipeline-content.json': { properties: { activities: [] } },
  });
  const f = await loadFabricWorkspace(dir);
  // The first version of the format (item.metadata.json + item.config.json) is read like .platform.
  assert.equal(f.fabric!.pipelineIds.get('0a1b2c3d-0000-4000-8000-000000000005'), 'Old format');
  assert.ok(!f.diagnostics.some((d) => d.file.includes('Old.DataPipeline')), JSON.stringify(f.diagnostics));
  const missing = f.diagnostics.find((d) => d.code === FabricCodes.missingPlatform)!;
  assert.equal(missing.file, path.join(dir, 'NoMeta.DataPipeline', 'pipeline-content.json'));
  assert.equal(missing.severity, 'warning');
  assert.ok(f.resources.pipeline.has('NoMeta'));
  const bad = f.diagnostics.find((d) => d.file.endsWith(path.join('Broken.DataPipeline', 'pipeline-content.json')) && d.severity === 'error')!;
  assert.match(bad.message, /Broken\.DataPipeline\/pipeline-content\.json is not valid JSON at line 3, column \d+: .* Fix the file/);
  assert.equal(bad.offset, '{\n  "properties": {\n    "activities": ['.length);
  const meta = f.diagnostics.find((d) => d.code === FabricCodes.badPlatform)!;
  assert.equal(meta.file, path.join(dir, 'BadMeta.DataPipeline', '.platform'));
  assert.match(meta.message, /line 1, column \d+/);
  const noContent = f.diagnostics.find((d) => d.code === FabricCodes.missingContent)!;
  assert.equal(noContent.file, path.join(dir, 'Empty.DataPipeline', '.platform'));
  assert.match(noContent.message, /no pipeline-content\.json.*Restore/);
});

test('plain item folders (older exports): pipeline-content.json beside .platform or item.metadata.json, a folder named pipeline/ included, type "Pipeline"', async () => {
  const child = { properties: { parameters: { who: { type: 'string' } }, activities: [{ name: 'Echo', type: 'SetVariable', typeProperties: { variableName: 'pipelineReturnValue', setSystemVariable: true, value: [{ key: 'who', value: { type: 'Expression', content: '@pipeline().parameters.who' } }] } }] } };
  const dir = await workspace({
    'item.metadata.json': { type: 'Pipeline', displayName: 'main' },
    'pipeline/.platform': platform('main', '0a1b2c3d-0000-4000-8000-000000000010', 'Pipeline'),
    'pipeline/pipeline-content.json': { properties: { activities: [{ name: 'Call', type: 'ExecutePipeline', typeProperties: { pipeline: { referenceName: '0a1b2c3d-0000-4000-8000-000000000011', type: 'PipelineReference' }, waitOnCompletion: true, parameters: { who: 'me' } } }] } },
    'helpers/child/item.metadata.json': { type: 'Pipeline', displayName: 'child' },
    'helpers/child/item.config.json': { version: '1.0', logicalId: '0a1b2c3d-0000-4000-8000-000000000011' },
    'helpers/child/pipeline-content.json': child,
    'notes/pipeline-content.json': { properties: { activities: [] } },
  });
  assert.equal(await isFabricWorkspace(dir), true, 'a pipeline/ folder holding an item is no ADF resource folder');
  const { factories, diagnostics } = await validatePath(dir);
  assert.deepEqual(factories.map((f) => [...f.resources.pipeline.keys()].sort()), [['child', 'main']], 'one workspace, no ADF factory; a folder without metadata is no item');
  assert.deepEqual(diagnostics.filter((d) => d.severity !== 'info'), []);
  const f = factories[0];
  assert.deepEqual(f.fabric!.items.map((i) => i.type), ['DataPipeline', 'DataPipeline']);
  const r = await runPipeline({ factory: f, pipelineName: 'main' });
  assert.equal(r.pipelineRun.status, 'Succeeded', r.pipelineRun.message);
  const call = r.activityRuns.find((a) => a.activityName === 'Call')!;
  // The legacy activity's input keeps the id the item holds; the child is found through it.
  assert.deepEqual((call.input as any).pipeline.referenceName, '0a1b2c3d-0000-4000-8000-000000000011');
  assert.deepEqual((call.output as any).pipelineReturnValue, { who: 'me' });
});

test('a legacy ExecutePipeline whose id is no item of the workspace is ADF8010, as InvokePipeline', async () => {
  const dir = await workspace({
    'P.DataPipeline/.platform': platform('P', '0a1b2c3d-0000-4000-8000-000000000021'),
    'P.DataPipeline/pipeline-content.json': { properties: { activities: [{ name: 'Far', type: 'ExecutePipeline', typeProperties: { pipeline: { referenceName: '99999999-0000-4000-8000-000000000000', type: 'PipelineReference' }, waitOnCompletion: true } }] } },
  });
  const ds = validateFactory(await loadFabricWorkspace(dir));
  const d = ds.find((x) => x.code === FabricCodes.unresolvedPipelineId)!;
  assert.match(d.message, /^ExecutePipeline "Far" calls pipeline id "99999999-0000-4000-8000-000000000000", which is no item of this workspace folder: use the logicalId/);
  assert.ok(!ds.some((x) => x.code === 'ADF2001'), 'not the ADF wording (pipeline/<name>.json)');
});

test('pipeline tests: a test file\'s inline connections take ${env:…}; expectations reach the activities of child pipelines', async () => {
  const dir = await workspace({
    'Main.DataPipeline/.platform': platform('Main', '0a1b2c3d-0000-4000-8000-000000000031'),
    'Main.DataPipeline/pipeline-content.json': { properties: { activities: [{ name: 'Run child', type: 'InvokePipeline', typeProperties: { operationType: 'InvokeFabricPipeline', pipelineId: '0a1b2c3d-0000-4000-8000-000000000032', waitOnCompletion: true } }] } },
    'Child.DataPipeline/.platform': platform('Child', '0a1b2c3d-0000-4000-8000-000000000032'),
    'Child.DataPipeline/pipeline-content.json': { properties: { activities: [{ name: 'Ping', type: 'WebActivity', typeProperties: { method: 'GET', relativeUrl: 'ping' }, externalReferences: { connection: 'web-conn' } }] } },
    'tests/main.adftest.json': {
      pipeline: 'Main',
      connections: { 'web-conn': { type: 'Web', url: '${env:ADFW_FABRIC_TEST_BASE}' } },
      mocks: [{ type: 'WebActivity', output: { ok: true } }],
      tests: [{ name: 'child activity', expect: { status: 'Succeeded', activities: { Ping: { runs: 1, input: { relativeUrl: 'ping' }, output: { ok: true } } }, order: ['Run child', 'Ping'] } }],
    },
  });
  const { runTestFile } = await import('../../../src/engine/testing');
  process.env.ADFW_FABRIC_TEST_BASE = 'http://127.0.0.1:9';
  try {
    const [res] = await runTestFile(path.join(dir, 'tests', 'main.adftest.json'));
    assert.equal(res.status, 'passed', JSON.stringify(res.failures ?? res.error));
  } finally {
    delete process.env.ADFW_FABRIC_TEST_BASE;
  }
  const [missing] = await runTestFile(path.join(dir, 'tests', 'main.adftest.json'));
  assert.equal(missing.status, 'error');
  assert.match(missing.error!, /ADFW_FABRIC_TEST_BASE/);
});

test('validation: unresolved pipelineId, ADF-only and legacy activities, required Fabric properties, library variables, connections', async () => {
  const dir = await workspace({
    'P.DataPipeline/.platform': platform('P', '0a1b2c3d-0000-4000-8000-000000000001'),
    'P.DataPipeline/pipeline-content.json': {
      properties: {
        libraryVariables: { ok: { libraryName: 'Config', variableName: 'envName', type: 'String' }, noLib: { libraryName: 'Nope', variableName: 'x', type: 'String' }, noVar: { libraryName: 'Config', variableName: 'missing', type: 'String' } },
        variables: { v: { type: 'String' } },
        activities: [
          { name: 'Call', type: 'InvokePipeline', dependsOn: [], typeProperties: { operationType: 'InvokeFabricPipeline', pipelineId: 'ffffffff-0000-4000-8000-00000000dead', waitOnCompletion: true } },
          { name: 'Flow', type: 'ExecuteDataFlow', dependsOn: [], typeProperties: { dataflow: { referenceName: 'df', type: 'DataFlowReference' } } },
          { name: 'Nb', type: 'TridentNotebook', dependsOn: [], typeProperties: { notebookId: 'abc' } },
          { name: 'Set', type: 'SetVariable', dependsOn: [], typeProperties: { variableName: 'v', value: '@concat(pipeline().libraryVariables.ok, pipeline().libraryVariables.undeclared)' } },
          { name: 'Old', type: 'ExecutePipeline', dependsOn: [], typeProperties: { pipeline: { referenceName: '0a1b2c3d-0000-4000-8000-000000000001', type: 'PipelineReference' }, waitOnCompletion: true } },
          { name: 'Look', type: 'Lookup', dependsOn: [], typeProperties: { source: { type: 'JsonSource' }, datasetSettings: { type: 'Json', typeProperties: { location: { type: 'FileServerLocation', fileName: 'a.json' } }, externalReferences: { connection: 'conn-1' } } } },
        ],
      },
    },
    ...library,
  });
  const f = await loadFabricWorkspace(dir);
  const ds = validateFactory(f);
  const text = await fs.readFile(path.join(dir, 'P.DataPipeline', 'pipeline-content.json'), 'utf8');
  const at = (code: string) => ds.filter((d) => d.code === code).map((d) => text.slice(d.offset, d.offset + d.length));
  assert.deepEqual(at(FabricCodes.unresolvedPipelineId), ['"ffffffff-0000-4000-8000-00000000dead"']);
  assert.deepEqual(at(FabricCodes.adfOnlyActivity), ['"ExecuteDataFlow"']);
  assert.deepEqual(at(FabricCodes.legacyActivity), ['"ExecutePipeline"']);
  assert.equal(at(FabricCodes.missingTypeProperty).length, 1);
  assert.match(ds.find((d) => d.code === FabricCodes.missingTypeProperty)!.message, /typeProperties\.workspaceId/);
  assert.deepEqual(at(FabricCodes.undeclaredLibraryVariable), ['undeclared']);
  assert.deepEqual(at(FabricCodes.unresolvedLibraryVariable), ['"Nope"', '"missing"']);
  // The legacy ExecutePipeline's id resolves to the pipeline's name (no unresolved-reference error).
  assert.ok(!ds.some((d) => d.severity === 'error' && d.message.includes('0a1b2c3d-0000-4000-8000-000000000001')), JSON.stringify(ds, null, 1));
  const conns = checkFabricConnections(f, { 'conn-2': {} }, 'local.json');
  assert.deepEqual(conns.map((d) => [d.code, text.slice(d.offset, d.offset + d.length)]), [[FabricCodes.undeclaredConnection, '"conn-1"']]);
  assert.deepEqual(checkFabricConnections(f, { 'CONN-1': {} }, 'local.json'), []);
  const unknownSet = await loadFabricWorkspace(dir, { valueSet: 'Staging' });
  assert.match(unknownSet.diagnostics.find((d) => d.code === FabricCodes.unknownValueSet)!.message, /value sets: Prod/);
});

test('a Fabric-only activity in an ADF factory is reported, and validatePath finds workspaces beside factories', async () => {
  const dir = await workspace({
    'adf/pipeline/p.json': { name: 'p', properties: { activities: [{ name: 'Mail', type: 'Office365Email', typeProperties: {} }] } },
    'fabric/X.DataPipeline/.platform': platform('X', '0a1b2c3d-0000-4000-8000-000000000011'),
    'fabric/X.DataPipeline/pipeline-content.json': { properties: { activities: [] } },
  });
  const r = await validatePath(dir);
  assert.deepEqual(r.factories.map((f) => [path.relative(dir, f.root), !!f.fabric]), [['adf', false], ['fabric', true]]);
  assert.deepEqual(r.diagnostics.map((d) => d.code), [FabricCodes.fabricOnlyInFactory]);
  assert.equal((await loadFactoryOrWorkspace(path.join(dir, 'adf'))).fabric, undefined);
});

test('runs: InvokePipeline runs the child from the workspace (waiting or not), library variables by value set, connections by id', async () => {
  const dir = await workspace({
    'Parent.DataPipeline/.platform': platform('Parent', '0a1b2c3d-0000-4000-8000-000000000001'),
    'Parent.DataPipeline/pipeline-content.json': parentContent(),
    'Child.DataPipeline/.platform': platform('Child', CHILD_ID),
    'Child.DataPipeline/pipeline-content.json': childContent,
    'Forget.DataPipeline/.platform': platform('Forget', '0a1b2c3d-0000-4000-8000-000000000005'),
    'Forget.DataPipeline/pipeline-content.json': { properties: { activities: [{ name: 'Fire', type: 'InvokePipeline', typeProperties: { operationType: 'InvokeFabricPipeline', pipelineId: CHILD_ID, waitOnCompletion: false, parameters: { who: 'bo' } } }] } },
    'Reader.DataPipeline/.platform': platform('Reader', '0a1b2c3d-0000-4000-8000-000000000006'),
    'Reader.DataPipeline/pipeline-content.json': {
      properties: {
        parameters: { file: { type: 'string', defaultValue: 'in.json' } },
        activities: [{ name: 'Read', type: 'Lookup', typeProperties: { source: { type: 'JsonSource', storeSettings: { type: 'FileServerReadSettings' } }, firstRowOnly: true, datasetSettings: { type: 'Json', typeProperties: { location: { type: 'FileServerLocation', fileName: { value: '@pipeline().parameters.file', type: 'Expression' } } }, externalReferences: { connection: 'files-conn' } } } }],
      },
    },
    'data/in.json': { n: 42 },
    ...library,
  });
  const prod = await loadFabricWorkspace(dir, { valueSet: 'Prod' });
  const run = await runPipeline({ factory: prod, pipelineName: 'Parent' });
  assert.equal(run.pipelineRun.status, 'Succeeded', run.pipelineRun.message);
  assert.deepEqual(run.pipelineRun['adfw:fabric'], { workspace: path.basename(dir), valueSet: 'Prod' });
  const call = run.activityRuns.find((a) => a.activityName === 'Call')!;
  assert.equal(call.activityType, 'InvokePipeline');
  assert.deepEqual((call.output as any).pipelineReturnValue, { greeting: 'hi ann in prod' });
  assert.equal((call.output as any).pipelineName, 'Child');

  // The HTML report and the monitor label Fabric runs.
  const html = renderRunReport([run], { title: 'T' });
  assert.match(html, new RegExp(`Fabric workspace</dt><dd data-role="fabric-workspace">${path.basename(dir)} \\(value set Prod\\)`));
  const monitor = renderMonitorPage([run.pipelineRun], undefined, {}, { trusted: true, interactive: false } as any);
  assert.match(JSON.stringify(monitor), /Local \(Fabric\)/);

  const dev = await loadFabricWorkspace(dir);
  const forget = await runPipeline({ factory: dev, pipelineName: 'Forget' });
  assert.equal(forget.pipelineRun.status, 'Succeeded');
  const fire = forget.activityRuns.find((a) => a.activityName === 'Fire')!;
  assert.equal((fire.output as any).pipelineReturnValue, undefined, 'fire and forget: no return value');
  assert.equal(typeof (fire.output as any).pipelineRunId, 'string');

  const read = await runPipeline({ factory: dev, pipelineName: 'Reader', connections: { 'files-conn': { type: 'FileServer', host: path.join(dir, 'data') } } });
  assert.equal(read.pipelineRun.status, 'Succeeded', read.pipelineRun.message);
  assert.deepEqual((read.activityRuns[0].output as any).firstRow, { n: 42 });

  const noConn = await runPipeline({ factory: dev, pipelineName: 'Reader' });
  assert.equal(noConn.pipelineRun.status, 'Failed');
});

test('runs: an unknown pipelineId and an unsubstituted Fabric-only activity fail with clear messages', async () => {
  const dir = await workspace({
    'P.DataPipeline/.platform': platform('P', '0a1b2c3d-0000-4000-8000-000000000001'),
    'P.DataPipeline/pipeline-content.json': { properties: { parameters: { id: { type: 'string', defaultValue: 'nope' } }, activities: [{ name: 'Call', type: 'InvokePipeline', typeProperties: { operationType: 'InvokeFabricPipeline', pipelineId: '@pipeline().parameters.id', waitOnCompletion: true } }] } },
    'Q.DataPipeline/.platform': platform('Q', '0a1b2c3d-0000-4000-8000-000000000002'),
    'Q.DataPipeline/pipeline-content.json': { properties: { activities: [{ name: 'Post', type: 'Teams', typeProperties: { content: 'hi' } }] } },
  });
  const f = await loadFabricWorkspace(dir);
  const p = await runPipeline({ factory: f, pipelineName: 'P' });
  assert.equal(p.pipelineRun.status, 'Failed');
  assert.match(p.activityRuns[0].error!.message, /pipeline id 'nope' is no DataPipeline item.*--mock Call=output\.json/);
  const q = await runPipeline({ factory: f, pipelineName: 'Q' });
  assert.match(q.activityRuns[0].error!.message, /a Microsoft Fabric activity: it posts a message to Microsoft Teams.*--mock/);
  const mocked = await runPipeline({ factory: f, pipelineName: 'Q', mocks: [{ activityType: 'Teams', output: { ok: true } }] });
  assert.equal(mocked.pipelineRun.status, 'Succeeded');
});

test('runs: an inline Lakehouse linked service runs through the local connector its connections entry names', async () => {
  const dir = await workspace({
    'Main.DataPipeline/.platform': platform('Main', '0a1b2c3d-0000-4000-8000-000000000021'),
    'Main.DataPipeline/pipeline-content.json': {
      properties: {
        activities: [{ name: 'Read', type: 'Lookup', typeProperties: { source: { type: 'JsonSource', storeSettings: { type: 'LakehouseReadSettings', recursive: true } }, datasetSettings: { type: 'Json', typeProperties: { location: { type: 'LakehouseLocation', folderPath: 'config', fileName: 'cfg.json' } }, schema: {}, linkedService: { name: 'lake', properties: { type: 'Lakehouse', typeProperties: { artifactId: 'a', workspaceId: 'w', rootFolder: 'Files' } } } } } }],
      },
    },
    'Files/config/cfg.json': { months: [1, 2] },
  });
  const f = await loadFabricWorkspace(dir);
  assert.deepEqual(f.fabric!.connectionUses.map((u) => u.connectionId), ['lake']);
  const ok = await runPipeline({ factory: f, pipelineName: 'Main', connections: { lake: { type: 'FileServer', host: path.join(dir, 'Files') } } });
  assert.equal(ok.pipelineRun.status, 'Succeeded', ok.pipelineRun.message);
  assert.deepEqual((ok.activityRuns[0].output as any).firstRow, { months: [1, 2] });
  const unmapped = await runPipeline({ factory: f, pipelineName: 'Main' });
  assert.equal(unmapped.pipelineRun.status, 'Failed');
  assert.equal(unmapped.activityRuns[0].error!.errorCode, FabricCodes.unmappedConnection);
  assert.match(unmapped.activityRuns[0].error!.message, /Fabric connection 'lake' has no local settings: map it in the connections file, e\.g\. \{"lake": \{"type": "FileServer"/);
});

test('impact and lint: resources derived from inline settings are neither unused nor linted; InvokePipeline children count as used', async () => {
  const ws = path.join(__dirname, '..', '..', '..', 'samples', 'fabric-workspace');
  const f = await loadFabricWorkspace(ws);
  assert.ok(f.resources.dataset.size > 0 && f.resources.linkedService.size > 0, 'the sample has derived datasets and connections');
  assert.deepEqual(unusedResources(f).map((u) => `${u.kind}:${u.name}`), ['pipeline:Load orders', 'pipeline:Orchestrate']);
  const result = lintFactory(f, await loadLintConfig(ws));
  assert.deepEqual(result.findings.filter((x) => x.resource.kind !== 'pipeline'), []);
  assert.deepEqual(result.findings.filter((x) => x.severity !== 'info').map((x) => x.rule), []);
});

test('schemas/fabricPipeline.json is the ADF pipeline schema with the difference table applied, and current', async () => {
  const { fabricPipelineSchema } = await import('../../../src/engine/fabric');
  const root = path.join(__dirname, '..', '..', '..');
  const adf = JSON.parse(await fs.readFile(path.join(root, 'schemas', 'pipeline.json'), 'utf8'));
  const committed = JSON.parse(await fs.readFile(path.join(root, 'schemas', 'fabricPipeline.json'), 'utf8'));
  assert.deepEqual(committed, fabricPipelineSchema(adf), 'schemas/fabricPipeline.json is stale: run npm run gen:fabric-schema');
  const Ajv = (await import('ajv')).default;
  const validate = new Ajv({ allErrors: true, strict: false, validateSchema: false }).compile(committed);
  const ws = path.join(root, 'samples', 'fabric-workspace');
  for (const p of ['Load orders', 'Orchestrate', 'Regions/Process region']) {
    const doc = JSON.parse(await fs.readFile(path.join(ws, `${p}.DataPipeline`, 'pipeline-content.json'), 'utf8'));
    assert.ok(validate(doc), `${p}: ${JSON.stringify(validate.errors)}`);
  }
  const notebook = { properties: { activities: [{ name: 'Nb', type: 'TridentNotebook', typeProperties: { workspaceId: 'w' } }] } };
  assert.equal(validate(notebook), false);
  assert.ok(validate.errors!.some((e) => e.keyword === 'required' && (e.params as any).missingProperty === 'notebookId'));
  assert.ok(!committed.definitions.Activity.properties.type.examples.includes('ExecuteDataFlow'));
  assert.ok(committed.definitions.Activity.properties.type.examples.includes('InvokePipeline'));
});
