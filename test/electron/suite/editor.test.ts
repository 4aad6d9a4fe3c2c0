import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import * as path from 'node:path';
import { api, fileIn, positionOf, waitFor } from './helpers';

describe('editor features', () => {
  before(async () => {
    await api();
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('goes to the definition of a referenceName in another file', async () => {
    const doc = await vscode.workspace.openTextDocument(fileIn('dataset', 'Greetings'));
    await vscode.window.showTextDocument(doc);
    const links = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', doc.uri, positionOf(doc, '"LocalFiles"', 2));
    const targets = links.map((l) => ('targetUri' in l ? l.targetUri : l.uri).fsPath);
    assert.ok(targets.some((t) => path.basename(t) === 'LocalFiles.json'), targets.join(', '));
  });

  it("finds references of variables('x') and outlines nested activities", async () => {
    const doc = await vscode.workspace.openTextDocument(fileIn('pipeline', 'Greet'));
    await vscode.window.showTextDocument(doc);
    const refs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', doc.uri, positionOf(doc, "variables('greeting')", 12));
    // declaration, SetVariable's variableName is not an expression; the IfCondition expression uses it
    assert.ok(refs.length >= 2, `refs: ${refs.length}`);
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
    const names = symbols.map((s) => s.name);
    assert.deepEqual(names.filter((n) => ['Compose', 'CheckLength'].includes(n)), ['Compose', 'CheckLength']);
    const check = symbols.find((s) => s.name === 'CheckLength')!;
    assert.deepEqual(check.children.map((c) => c.name), ['If true', 'If false']);
  });

  it('shows run CodeLenses above a pipeline', async () => {
    const doc = await vscode.workspace.openTextDocument(fileIn('pipeline', 'Greet'));
    await vscode.window.showTextDocument(doc);
    const lenses = await waitFor('code lenses', async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 10);
      return l.length ? l : undefined;
    });
    const titles = lenses.map((l) => l.command?.title);
    assert.ok(titles.includes('▶ Run locally'), titles.join(' | '));
    assert.ok(titles.includes('Run in Azure'));
  });

  it('validates unsaved edits: a dependsOn on an unknown activity is reported while typing and goes when fixed, never saved', async () => {
    const uri = fileIn('pipeline', 'Greet');
    const disk = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    const unknown = () => vscode.languages.getDiagnostics(uri).find((d) => d.code === 'ADF2020' && /Composer/.test(d.message));
    assert.equal(unknown(), undefined, 'no unknown dependsOn before the edit');
    // Type one character into the dependsOn's activity name: "Compose" becomes "Composer".
    const at = positionOf(doc, '"activity": "Compose"', '"activity": "Compose'.length);
    assert.ok(await editor.edit((b) => b.insert(at, 'r')));
    assert.ok(doc.isDirty);
    const diag = await waitFor('ADF2020 on the unsaved buffer', unknown);
    assert.equal(diag.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(doc.getText(diag.range), '"Composer"', 'the range points at the typed name in the buffer');
    // Fix it, still without saving: the diagnostic goes away.
    assert.ok(await editor.edit((b) => b.delete(new vscode.Range(at, at.translate(0, 1)))));
    await waitFor('ADF2020 to go', () => !unknown());
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), disk, 'nothing was saved');
    assert.equal((await api()).services.index.resourceFor(uri)?.doc.text, disk);
  });

  it('a closed unsaved buffer gives way to the file on disk', async () => {
    const { services } = await api();
    const uri = fileIn('pipeline', 'Greet');
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    const at = positionOf(doc, '"activity": "Compose"', '"activity": "Compose'.length);
    assert.ok(await editor.edit((b) => b.insert(at, 'd')));
    await waitFor('ADF2020 on the unsaved buffer', () => vscode.languages.getDiagnostics(uri).find((d) => d.code === 'ADF2020' && /Composed/.test(d.message)));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await waitFor('the diagnostic of the discarded edit to go', () => !vscode.languages.getDiagnostics(uri).some((d) => d.code === 'ADF2020'));
    assert.ok(services.index.resourceFor(uri)?.doc.text.includes('"activity": "Compose"'), 'the index holds the text on disk again');
  });

  it('reports a semantic problem with its code and offers a quick fix that declares the variable', async () => {
    const { services } = await api();
    const uri = fileIn('pipeline', 'Greet');
    const original = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    try {
      const broken = original.replace("variables('greeting')", "variables('greting')");
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(broken));
      const diag = await waitFor('ADF2xxx diagnostic', () => vscode.languages.getDiagnostics(uri).find((d) => /greting/.test(d.message) && String(d.code).startsWith('ADF2')));
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diag.range, vscode.CodeActionKind.QuickFix.value);
      const titles = actions.map((a) => a.title);
      const fix = actions.find((a) => a.title === "Change to 'greeting'") ?? actions.find((a) => /Declare variable 'greting'/.test(a.title));
      assert.ok(fix?.edit, `quick fixes: ${titles.join(', ')}`);
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.ok(!/variables\('greting'\)/.test(doc.getText()) || /"greting"/.test(doc.getText()));
      assert.ok(services.index.factories().length > 0);
      assert.equal(diag.source, 'adf semantic');
    } finally {
      // Drop the edited buffer first so saving it cannot race the restore on disk.
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(original));
    }
    await waitFor('problem cleared', () => !vscode.languages.getDiagnostics(uri).some((d) => /greting/.test(d.message)));
    // The quick-fixed buffer was validated too (it declares 'greting'): wait until the index holds the restored file.
    await waitFor('the restored file in the index', () => services.index.resourceFor(uri)?.doc.text === original);
  });

  it('attaches the generated JSON schemas to ADF folders', () => {
    const pkg = vscode.extensions.getExtension('adf-workbench.adf-workbench')!.packageJSON as { contributes: { jsonValidation: { fileMatch: string[]; url: string }[] } };
    const p = pkg.contributes.jsonValidation.find((j) => j.url === './schemas/pipeline.json');
    assert.deepEqual(p?.fileMatch, ['**/pipeline/*.json']);
  });
});
