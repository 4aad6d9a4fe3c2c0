import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import * as path from 'node:path';
import { api, factoryRoot, waitFor } from './helpers';

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
    await vscode.commands.executeCommand('adf.factories.focus');
    await vscode.commands.executeCommand('adf.refresh');
  });
});
