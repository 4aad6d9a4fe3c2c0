import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import type { AdfCommand } from './command';
import { resolveRunId } from './targets';

/** Data Factory: Cancel Run */
const command: AdfCommand = {
  id: COMMANDS.cancelRun,
  async run(services, arg) {
    const id = await resolveRunId(services, arg, (s) => s === 'InProgress' || s === 'Queued');
    if (!id) return;
    try {
      await services.runs.cancel(id);
    } catch (e) {
      void vscode.window.showWarningMessage((e as Error).message);
    }
  },
};
export default command;
