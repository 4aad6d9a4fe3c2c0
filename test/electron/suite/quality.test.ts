import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, factoryRoot, fileIn, waitFor } from './helpers';

const lintOf = (uri: vscode.Uri, rule: string) =>
  vscode.languages.getDiagnostics(uri).find((d) => d.source === 'adf lint' && typeof d.code === 'object' && d.code.value === rule);

describe('lint, references and the factory graph', () => {
  it('lint findings are problems whose rule id links to the rule documentation', async () => {
    await api();
    const d = await waitFor('unused-resource on Greetings', () => lintOf(fileIn('dataset', 'Greetings'), 'unused-resource'));
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    const code = d.code as { value: string; target: vscode.Uri };
    assert.ok(code.target.path.endsWith('/docs/lint-rules.md'), code.target.toString());
    assert.match(code.target.fragment, /^L\d+$/);
    const doc = await vscode.workspace.openTextDocument(code.target.with({ fragment: '' }));
    assert.equal(doc.lineAt(Number(code.target.fragment.slice(1)) - 1).text, '## unused-resource');
  });

  it('quick fix: a Web activity without retry gets a timeout and a retry', async () => {
    const uri = vscode.Uri.file(path.join(factoryRoot(), 'pipeline', 'LintFix.json'));
    const pipeline = { name: 'LintFix', properties: { description: 'x', activities: [{ name: 'Call', type: 'WebActivity', typeProperties: { url: 'http://127.0.0.1:1/x', method: 'GET' } }] } };
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(JSON.stringify(pipeline, null, 4)));
    try {
      const d = await waitFor('activity-timeout-retry on LintFix', () => lintOf(uri, 'activity-timeout-retry'));
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value);
      const fix = actions.find((a) => /timeout and one retry/.test(a.title));
      assert.ok(fix?.edit, `a fix among [${actions.map((a) => a.title).join(', ')}] for ${JSON.stringify(d.range)}; problems: ${JSON.stringify(vscode.languages.getDiagnostics(uri).map((x) => [x.source, x.message.slice(0, 40), x.range]))}`);
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.deepEqual(JSON.parse(doc.getText()).properties.activities[0].policy, { timeout: '0.01:00:00', retry: 1, retryIntervalInSeconds: 60 });
      await doc.save();
      await waitFor('finding gone', () => !lintOf(uri, 'activity-timeout-retry'));
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.fs.delete(uri);
    }
  });

  it('Show References lists who references a resource, transitively', async () => {
    const { services } = await api();
    const f = services.index.factories().find((x) => x.root === factoryRoot())!;
    const node = { type: 'resource', id: 'x', factory: f, resource: f.resources.linkedService.get('LocalFiles')! };
    const locations = (await vscode.commands.executeCommand<vscode.Location[]>('adf.showReferences', node))!;
    assert.deepEqual(locations.map((l) => path.basename(l.uri.fsPath)), ['Greetings.json']);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the factory dependency graph shows every resource and marks unused ones', async () => {
    const a = await api();
    const f = a.services.index.factories().find((x) => x.root === factoryRoot())!;
    await vscode.commands.executeCommand('adf.showFactoryGraph', { type: 'factory', id: 'f', factory: f });
    const g = await waitFor('factory graph panel', () => a.panels.graphs().find((p) => p.file === factoryRoot() && p.nodeIds.length));
    for (const id of ['pipeline:greet', 'pipeline:failfast', 'dataset:greetings', 'linkedService:localfiles']) assert.ok(g.nodeIds.includes(id), `${id} in ${g.nodeIds.join(', ')}`);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
