import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import { activityNameNodes } from '../../engine/language';
import { parseJsonDocument } from '../../engine/json';
import type { AdfCommand } from './command';

/** Reveals an activity of a run's pipeline in its JSON (from the monitor). */
const command: AdfCommand = {
  id: COMMANDS.revealActivity,
  async run(services, runId, activityName) {
    if (typeof runId !== 'string' || typeof activityName !== 'string') return;
    const run = await services.runs.get(runId);
    if (!run) return;
    const root = run.pipelineRun['adfw:factory'];
    const factory = services.index.factories().find((f) => f.root === root) ?? services.index.factories().find((f) => f.resources.pipeline.has(run.pipelineRun.pipelineName));
    const resource = factory?.resources.pipeline.get(run.pipelineRun.pipelineName);
    if (!resource) return;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(resource.file));
    const hit = activityNameNodes(parseJsonDocument(resource.file, doc.getText())).find((a) => a.name === activityName);
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
    if (hit) {
      const range = new vscode.Range(doc.positionAt(hit.node.offset), doc.positionAt(hit.node.offset + hit.node.length));
      editor.selection = new vscode.Selection(range.start, range.end);
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
  },
};
export default command;
