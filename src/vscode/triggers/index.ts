/** The triggers feature: editor lenses and hovers, trigger diagnostics, and trigger commands. */
import type * as vscode from 'vscode';
import type { AdfServices } from '../api';
import { registerTriggerCommands } from './commands';
import { registerTriggerDiagnostics } from './diagnostics';
import { registerTriggerEditor } from './editor';
export { nextFireSummary as triggerTreeDescription } from '../../engine/triggers';

export function register(context: vscode.ExtensionContext, services: AdfServices): void {
  registerTriggerEditor(context, services);
  registerTriggerDiagnostics(context, services);
  registerTriggerCommands(context, services);
}
