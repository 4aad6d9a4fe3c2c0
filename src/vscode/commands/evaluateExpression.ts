import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import { evaluateExpression, parseExpression } from '../../engine/expr/index';
import type { AdfCommand } from './command';

/** Data Factory: Evaluate Expression… — evaluates an ADF expression (pipeline parameters from the active pipeline's defaults). */
const command: AdfCommand = {
  id: COMMANDS.evaluateExpression,
  async run(services, arg) {
    const initial = typeof arg === 'string' ? arg : vscode.window.activeTextEditor?.document.getText(vscode.window.activeTextEditor.selection).trim() || "@concat('Hello, ', utcNow('yyyy'))";
    const text = await vscode.window.showInputBox({
      title: vscode.l10n.t('Evaluate ADF expression'),
      prompt: vscode.l10n.t('An expression (@…), an interpolated string (…@{…}…) or plain text'),
      value: initial.startsWith('"') && initial.endsWith('"') ? initial.slice(1, -1) : initial,
      ignoreFocusOut: true,
      validateInput: (v) => {
        const d = parseExpression(v).diagnostics[0];
        return d ? `${d.code} at ${d.offset + 1}: ${d.message}` : undefined;
      },
    });
    if (text === undefined) return undefined;
    const editor = vscode.window.activeTextEditor;
    const resource = editor ? services.index.resourceFor(editor.document.uri) : undefined;
    const parameters: Record<string, unknown> = {};
    const declared = resource?.kind === 'pipeline' ? resource.properties.parameters : undefined;
    if (declared && typeof declared === 'object') for (const [k, v] of Object.entries(declared as Record<string, { defaultValue?: unknown }>)) if (v && 'defaultValue' in v) parameters[k] = v.defaultValue;
    try {
      const value = evaluateExpression(text, { parameters, now: new Date().toISOString(), pipeline: { Pipeline: resource?.name, DataFactory: services.index.factoryFor(editor?.document.uri ?? vscode.Uri.file('/'))?.name } });
      const shown = typeof value === 'string' ? value : JSON.stringify(value);
      services.log.info(`Evaluated ${text} → ${shown}`);
      void vscode.window.showInformationMessage(vscode.l10n.t('Result: {0}', shown));
      return value;
    } catch (e) {
      const err = e as Error & { code?: string };
      void vscode.window.showErrorMessage(`${err.code ? err.code + ': ' : ''}${err.message}`);
      return undefined;
    }
  },
};
export default command;
