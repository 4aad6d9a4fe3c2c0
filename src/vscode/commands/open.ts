import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import type { AdfCommand } from './command';
import { resourceOf } from '../tree/nodes';

/** Data Factory: Open — opens a resource's JSON file. */
const command: AdfCommand = {
  id: COMMANDS.open,
  async run(services, arg) {
    const t = resourceOf(arg) ?? (await services.pickResource('pipeline', 'Select a pipeline to open'));
    if (!t) return;
    await vscode.window.showTextDocument(vscode.Uri.file(t.resource.file), { preview: true });
  },
};
export default command;
