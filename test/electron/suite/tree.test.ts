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
});
