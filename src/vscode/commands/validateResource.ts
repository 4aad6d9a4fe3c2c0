import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import type { AdfCommand } from './command';
import { resourceOf } from '../tree/nodes';

/** Data Factory: Validate — revalidates and reports the problems of one resource. */
const command: AdfCommand = {
  id: COMMANDS.validateResource,
  async run(services, arg) {
    const t = resourceOf(arg);
    if (!t) return vscode.commands.executeCommand(COMMANDS.validateWorkspace);
    await services.index.refresh();
    const f = services.index.factories().find((x) => x.root === t.factory.root);
    const diags = f ? services.index.diagnosticsOf(f).filter((d) => d.file === t.resource.file && d.severity !== 'info') : [];
    if (!diags.length) void vscode.window.showInformationMessage(vscode.l10n.t('{0}: no problems found.', t.resource.name));
    else {
      const pick = await vscode.window.showWarningMessage(vscode.l10n.t('{0}: {1} problem{2} — first: {3} {4}', t.resource.name, diags.length, diags.length === 1 ? '' : 's', diags[0].code, diags[0].message), vscode.l10n.t('Open'));
      if (pick) await vscode.window.showTextDocument(vscode.Uri.file(t.resource.file));
    }
    return diags.length;
  },
};
export default command;
