import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import type { AdfCommand } from './command';
import { resolveResource } from './targets';
import { GraphPanel } from '../graph/graphPanel';
import { pipelineGraphSpec } from '../graph/pipelineGraphSpec';

/** Data Factory: Show Pipeline Graph — beside the JSON. */
const command: AdfCommand = {
  id: COMMANDS.showGraph,
  async run(services, arg) {
    const t = await resolveResource(services, 'pipeline', arg, 'Select a pipeline');
    if (!t) return undefined;
    if (!vscode.window.visibleTextEditors.some((e) => e.document.uri.fsPath === t.resource.file)) {
      await vscode.window.showTextDocument(vscode.Uri.file(t.resource.file), { viewColumn: vscode.ViewColumn.One, preview: true });
    }
    return GraphPanel.show(services, pipelineGraphSpec(services, t.factory, t.resource));
  },
};
export default command;
