import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../src/vscode/constants';
import { api, EXTENSION_ID } from './helpers';

describe('activation', () => {
  it('activates on the workspace and reports its activation time', async () => {
    const a = await api();
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID)!.isActive);
    assert.ok(a.activationMs >= 0 && a.activationMs < 60000);
    console.log(`    activate() took ${a.activationMs} ms`);
  });

  it('registers every command with category "Data Factory"', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    for (const id of Object.values(COMMANDS)) assert.ok(all.has(id), `${id} registered`);
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { commands: { command: string; category: string }[] } };
    for (const c of pkg.contributes.commands.filter((x) => x.command.startsWith('adf.') && Object.values(COMMANDS).includes(x.command as never))) assert.equal(c.category, 'Data Factory', c.command);
  });

  it('does not activate on everything', () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { activationEvents: string[] };
    assert.ok(!pkg.activationEvents.includes('*'));
    assert.ok(pkg.activationEvents.some((e) => e.startsWith('workspaceContains:')));
  });
});
