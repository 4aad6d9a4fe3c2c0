import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import type { AdfCommand } from './command';

/** Data Factory: Validate Workspace — revalidates every factory and summarises the problems. */
const command: AdfCommand = {
  id: COMMANDS.validateWorkspace,
  async run(services) {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Validating Data Factory resources') }, () => services.index.refresh());
    let errors = 0;
    let warnings = 0;
    for (const f of services.index.factories()) for (const d of services.index.diagnosticsOf(f)) {
      if (d.severity === 'error') errors++;
      else if (d.severity === 'warning') warnings++;
    }
    const n = services.index.factories().length;
    const msg = vscode.l10n.t('Validated {0} factor{1}: {2} error{3}, {4} warning{5}.', n, n === 1 ? 'y' : 'ies', errors, errors === 1 ? '' : 's', warnings, warnings === 1 ? '' : 's');
    services.log.info(msg);
    if (errors || warnings) {
      const pick = await vscode.window.showWarningMessage(msg, vscode.l10n.t('Show Problems'));
      if (pick) await vscode.commands.executeCommand('workbench.actions.view.problems');
    } else void vscode.window.showInformationMessage(msg);
    return { errors, warnings };
  },
};
export default command;
