import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import * as path from 'node:path';
import { api, factoryRoot, waitFor } from './helpers';
import { KIND_LABELS } from '../../../src/engine/model/types';

describe('factory index and tree', () => {
  it('loads the workspace factory with its resources', async () => {
    const { services } = await api();
    const f = services.index.factories().find((x) => x.root === factoryRoot());
    assert.ok(f, `factory at ${factoryRoot()} among ${services.index.factories().map((x) => x.root).join(', ')}`);
    assert.ok(f.resources.pipeline.has('Greet'));
    assert.equal(f.resources.pipeline.get('Greet')!.folder.join('/'), 'Demo/Basics');
  });

  it('reloads by itself when a resource file is added and removed', async () => {
    const { services } = await api();
    const uri = vscode.Uri.file(path.join(factoryRoot(), 'pipeline', 'Added.json'));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(JSON.stringify({ name: 'Added', properties: { activities: [] } })));
    await waitFor('Added to appear', () => services.index.factories().some((f) => f.resources.pipeline.has('Added')));
    await vscode.workspace.fs.delete(uri);
    await waitFor('Added to disappear', () => services.index.factories().every((f) => !f.resources.pipeline.has('Added')));
  });

  it('reveals the Data Factory view with the factory tree', async () => {
    const a = await api();
    await vscode.commands.executeCommand('adf.factories.focus');
    await vscode.commands.executeCommand('adf.refresh');
    await waitFor('the Data Factory view to be visible', () => a.panels.factoryTree().visible);
    const { paths } = a.panels.factoryTree();
    const factory = a.services.index.factories().find((x) => x.root === factoryRoot())!;
    assert.ok(paths.includes(factory.name), `the factory at the top of the tree: ${paths.filter((p) => !p.includes('/')).join(', ')}`);
    const pipelines = `${factory.name}/${KIND_LABELS.pipeline}`;
    assert.ok(paths.includes(pipelines), `the pipelines under the factory: ${paths.slice(0, 20).join(', ')}`);
    assert.ok(paths.includes(`${pipelines}/Demo/Basics/Greet`), `Greet in its folder Demo/Basics: ${paths.join(', ')}`);
    const leaves = paths.filter((p) => p.startsWith(`${pipelines}/`) && !paths.some((q) => q.startsWith(`${p}/`)));
    assert.equal(leaves.length, factory.resources.pipeline.size, `one leaf per pipeline: ${leaves.join(', ')}`);
  });
});

describe('Microsoft Fabric workspace in the tree', () => {
  it('shows a Fabric workspace folder beside the factories, its pipelines grouped by their folders', async () => {
    const a = await api();
    const ws = path.join(path.dirname(factoryRoot()), 'fabric-demo');
    const write = (rel: string, v: unknown) => vscode.workspace.fs.writeFile(vscode.Uri.file(path.join(ws, rel)), new TextEncoder().encode(JSON.stringify(v)));
    await write('Sales/Load.DataPipeline/.platform', { metadata: { type: 'DataPipeline', displayName: 'Load sales' }, config: { logicalId: '3b1f0c2a-0000-4000-8000-000000000001' } });
    await write('Sales/Load.DataPipeline/pipeline-content.json', { properties: { activities: [{ name: 'Wait1', type: 'Wait', typeProperties: { waitTimeInSeconds: 1 } }] } });
    await write('Top.DataPipeline/.platform', { metadata: { type: 'DataPipeline', displayName: 'Top' }, config: { logicalId: '3b1f0c2a-0000-4000-8000-000000000002' } });
    await write('Top.DataPipeline/pipeline-content.json', { properties: { activities: [] } });
    try {
      await vscode.commands.executeCommand('adf.refresh');
      await waitFor('the Fabric workspace to load', () => a.services.index.factories().some((f) => f.root === ws && !!f.fabric));
      await vscode.commands.executeCommand('adf.factories.focus');
      await waitFor('the Data Factory view to be visible', () => a.panels.factoryTree().visible);
      await waitFor('the workspace in the tree', () => a.panels.factoryTree().paths.includes('fabric-demo'));
      const { paths } = a.panels.factoryTree();
      const pipelines = `fabric-demo/${KIND_LABELS.pipeline}`;
      assert.ok(paths.includes(`${pipelines}/Sales/Load sales`), `Load sales in its folder Sales: ${paths.filter((p) => p.startsWith('fabric-demo')).join(', ')}`);
      assert.ok(paths.includes(`${pipelines}/Top`));
      assert.ok(!paths.some((p) => p.startsWith(`fabric-demo/${KIND_LABELS.dataset}`)), 'no dataset node for a Fabric workspace');
      assert.ok(paths.includes(factoryRoot().split(path.sep).pop()!) || a.services.index.factories().some((f) => f.root === factoryRoot()), 'the ADF factory stays beside it');
      // Run locally from the tree's command, as the pipeline node's menu does: the Fabric pipeline runs on the engine.
      const result = (await vscode.commands.executeCommand('adf.runPipelineLocally', vscode.Uri.file(path.join(ws, 'Sales/Load.DataPipeline/pipeline-content.json')))) as any;
      assert.equal(result?.pipelineRun?.status, 'Succeeded', result?.pipelineRun?.message);
      assert.equal(result.pipelineRun.pipelineName, 'Load sales');
      assert.deepEqual(result.activityRuns.map((r: any) => r.activityName), ['Wait1']);
    } finally {
      await vscode.workspace.fs.delete(vscode.Uri.file(ws), { recursive: true });
      await vscode.commands.executeCommand('adf.refresh');
    }
  });

  it('runs a Fabric pipeline with the value set chosen for its workspace, and falls back to the defaults when the value set file is gone', async function () {
    this.timeout(90000);
    const a = await api();
    const ws = path.join(path.dirname(factoryRoot()), 'fabric-stages');
    const uri = (rel: string) => vscode.Uri.file(path.join(ws, rel));
    const write = (rel: string, v: unknown) => vscode.workspace.fs.writeFile(uri(rel), new TextEncoder().encode(JSON.stringify(v)));
    await write('Stage.DataPipeline/.platform', { metadata: { type: 'DataPipeline', displayName: 'Stage' }, config: { logicalId: '3b1f0c2a-0000-4000-8000-000000000011' } });
    await write('Stage.DataPipeline/pipeline-content.json', {
      properties: {
        variables: { target: { type: 'String' } },
        libraryVariables: { wh: { type: 'String', libraryName: 'Settings', variableName: 'warehouse' } },
        activities: [{ name: 'Pick', type: 'SetVariable', dependsOn: [], typeProperties: { variableName: 'target', value: { value: "@concat('into ', pipeline().libraryVariables.wh)", type: 'Expression' } } }],
      },
    });
    await write('Settings.VariableLibrary/.platform', { metadata: { type: 'VariableLibrary', displayName: 'Settings' }, config: { logicalId: '3b1f0c2a-0000-4000-8000-000000000012' } });
    await write('Settings.VariableLibrary/variables.json', { variables: [{ name: 'warehouse', type: 'String', value: 'dev-wh' }] });
    await write('Settings.VariableLibrary/valueSets/Test.json', { name: 'Test', description: 'Test stage', variableOverrides: [{ name: 'warehouse', value: 'test-wh' }] });
    await write('Settings.VariableLibrary/settings.json', { valueSetsOrder: ['Test'] });
    const pipelineFile = uri('Stage.DataPipeline/pipeline-content.json');
    const root = () => a.panels.factoryTree().roots.find((r) => r.label === 'fabric-stages');
    const runStage = async () => {
      const result = (await vscode.commands.executeCommand('adf.runPipelineLocally', pipelineFile)) as any;
      assert.equal(result?.pipelineRun?.status, 'Succeeded', result?.pipelineRun?.message);
      // What the run store keeps (the monitor's and the Runs view's record), not only the returned object.
      const stored = await a.services.runs.get(result.pipelineRun.runId);
      return { fabric: stored?.pipelineRun['adfw:fabric'], target: (stored?.activityRuns.find((r) => r.activityName === 'Pick')?.output as any)?.value };
    };
    try {
      await vscode.commands.executeCommand('adf.refresh');
      await waitFor('the Fabric workspace to load', () => a.services.index.factories().some((f) => f.root === ws && !!f.fabric));
      await vscode.commands.executeCommand('adf.factories.focus');
      await waitFor('the workspace node', () => root());
      assert.match(root()!.description, /value set: default values/);
      assert.deepEqual(await runStage(), { fabric: { workspace: 'fabric-stages' }, target: 'into dev-wh' });

      // Choose Test, as the quick pick does (scripted: the workspace folder and the value set).
      const chosen = await vscode.commands.executeCommand('adf.fabric.selectValueSet', vscode.Uri.file(ws), 'Test');
      assert.deepEqual(chosen, { workspace: ws, valueSet: 'Test' });
      await waitFor('the node to show the value set', () => root()?.description.includes('value set: Test'));
      assert.deepEqual(await runStage(), { fabric: { workspace: 'fabric-stages', valueSet: 'Test' }, target: 'into test-wh' });
      // The hover of the library variable shows its value under the value set.
      const doc = await vscode.workspace.openTextDocument(pipelineFile);
      const at = doc.positionAt(doc.getText().indexOf('libraryVariables.wh') + 'libraryVariables.'.length + 1);
      const hovers = (await vscode.commands.executeCommand('vscode.executeHoverProvider', pipelineFile, at)) as vscode.Hover[];
      const hoverText = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      assert.match(hoverText, /Value \(value set Test\): `"test-wh"`/);
      // A pipeline test in the Testing view (its file names no value set) runs with it too.
      await write('tests/stage.adftest.json', { pipeline: 'Stage', tests: [{ name: 'targets the chosen warehouse', expect: { status: 'Succeeded', variables: { target: 'into test-wh' } } }] });
      const testRuns = (await vscode.commands.executeCommand('adf.tests.runFile', uri('tests/stage.adftest.json'))) as Record<string, string>;
      const testRunId = testRuns['targets the chosen warehouse'];
      assert.ok(testRunId, `the Testing view ran the test: ${JSON.stringify(testRuns)}`);
      const testRecord = await a.services.runs.get(testRunId);
      assert.deepEqual(testRecord?.pipelineRun['adfw:fabric'], { workspace: 'fabric-stages', valueSet: 'Test' });
      assert.equal((testRecord?.activityRuns.find((r) => r.activityName === 'Pick')?.output as any)?.value, 'into test-wh');
      // An unknown name is refused and the choice stays.
      assert.equal(await vscode.commands.executeCommand('adf.fabric.selectValueSet', vscode.Uri.file(ws), 'Nope'), undefined);
      assert.equal(a.services.index.factories().find((f) => f.root === ws)?.fabric?.valueSet, 'Test');

      // The value set file is deleted: a warning on the library's variables.json, the defaults, no crash.
      await vscode.workspace.fs.delete(uri('Settings.VariableLibrary/valueSets/Test.json'));
      await vscode.commands.executeCommand('adf.refresh');
      const stale = await waitFor('the stale value set', () => a.services.index.factories().find((f) => f.root === ws && f.fabric?.missingValueSet === 'Test'));
      const warning = a.services.index.diagnosticsOf(stale).find((d) => d.code === 'ADF8044');
      assert.ok(warning, 'ADF8044 on the library');
      assert.equal(warning.severity, 'warning');
      assert.equal(warning.file, path.join(ws, 'Settings.VariableLibrary', 'variables.json'));
      assert.match(root()!.description, /value set: Test \(missing: default values\)/);
      assert.deepEqual(await runStage(), { fabric: { workspace: 'fabric-stages' }, target: 'into dev-wh' });

      // The file is back: the remembered choice applies again; then back to the default values.
      await write('Settings.VariableLibrary/valueSets/Test.json', { name: 'Test', variableOverrides: [{ name: 'warehouse', value: 'test-wh' }] });
      await vscode.commands.executeCommand('adf.refresh');
      await waitFor('the value set to apply again', () => a.services.index.factories().find((f) => f.root === ws)?.fabric?.valueSet === 'Test');
      assert.deepEqual(await vscode.commands.executeCommand('adf.fabric.selectValueSet', vscode.Uri.file(ws), null), { workspace: ws, valueSet: undefined });
      assert.deepEqual(await runStage(), { fabric: { workspace: 'fabric-stages' }, target: 'into dev-wh' });
    } finally {
      await vscode.commands.executeCommand('adf.fabric.selectValueSet', vscode.Uri.file(ws), null);
      await vscode.workspace.fs.delete(vscode.Uri.file(ws), { recursive: true });
      await vscode.commands.executeCommand('adf.refresh');
    }
  });
});
