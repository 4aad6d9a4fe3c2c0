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
