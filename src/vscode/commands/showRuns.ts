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
        void vscode.window.showInformationMessage(`${t.resource.name} has no runs yet.`);
        return;
      }
      return services.openMonitor(last.runId);
    }
    await vscode.commands.executeCommand(`${VIEWS.runs}.focus`);
  },
};
export default command;
