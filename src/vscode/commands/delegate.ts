/** Runs a command contributed by another feature area when it is registered, else explains what is missing. */
import * as vscode from 'vscode';

export async function delegate(id: string, missing: string, ...args: unknown[]): Promise<unknown> {
  const all = await vscode.commands.getCommands(true);
  if (!all.includes(id)) {
    void vscode.window.showInformationMessage(missing);
    return undefined;
  }
  return vscode.commands.executeCommand(id, ...args);
}
