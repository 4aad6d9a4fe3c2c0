import * as vscode from 'vscode';
import { COMMANDS, VIEWS } from '../constants';
import type { AdfCommand } from './command';
import { resourceOf } from '../tree/nodes';

/** Data Factory: Show Runs — the Runs view, or the monitor on a pipeline's latest run. */
const command: AdfCommand = {
  id: COMMANDS.showRuns,
  async run(services, arg) {
    const t = resourceOf(arg);
    if (t) {
      const last = services.runs.lastRunOf(t.factory, t.resource.name);
      if (!last) {
        void vscode.window.showInformationMessage(vscode.l10n.t('{0} has no runs yet.', t.resource.name));
        return;
      }
      return services.openMonitor(last.runId);
    }
    await vscode.commands.executeCommand(`${VIEWS.runs}.focus`);
  },
};
export default command;
