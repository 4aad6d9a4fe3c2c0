import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import type { AdfCommand } from './command';
import { resolveResource } from './targets';

/** Data Factory: Reveal in Monitor — the latest run of a pipeline. */
const command: AdfCommand = {
  id: COMMANDS.revealInMonitor,
  async run(services, arg) {
    const t = await resolveResource(services, 'pipeline', arg, 'Select a pipeline');
    if (!t) return;
    const last = services.runs.lastRunOf(t.factory, t.resource.name);
    if (!last) {
      void vscode.window.showInformationMessage(vscode.l10n.t('{0} has no runs yet.', t.resource.name));
      return;
    }
    await services.openMonitor(last.runId);
  },
};
export default command;
