/** The triggers feature: editor lenses and hovers and trigger commands (trigger diagnostics come with the validator). */
import type * as vscode from 'vscode';
import type { AdfServices } from '../api';
import { registerTriggerCommands } from './commands';
import { registerTriggerEditor } from './editor';

export function register(context: vscode.ExtensionContext, services: AdfServices): void {
  registerTriggerEditor(context, services);
  registerTriggerCommands(context, services);
}
