/** CodeLens above each pipeline: `▶ Run locally | Run in Azure | Last run: Succeeded 12 s ago`. */
import * as vscode from 'vscode';
import { nodeAt, parseJsonDocument } from '../../engine/json';
import { formatAgo } from '../../engine/report';
import type { AdfServices } from '../api';
import { COMMANDS } from '../constants';
import { PIPELINE_SELECTOR } from './selector';

export function registerCodeLens(services: AdfServices): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  const provider: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: changed.event,
    provideCodeLenses(d) {
      const doc = parseJsonDocument(d.uri.fsPath, d.getText());
      const nameNode = nodeAt(doc, ['name']);
      const name = typeof nameNode?.value === 'string' ? nameNode.value : undefined;
      const factory = services.index.factoryFor(d.uri);
      if (!name || !factory) return [];
      const at = new vscode.Range(d.positionAt(nameNode!.offset), d.positionAt(nameNode!.offset));
      const last = services.runs.lastRunOf(factory, name);
      const lenses = [
        new vscode.CodeLens(at, { title: vscode.l10n.t('▶ Run locally'), command: COMMANDS.runPipelineLocally, arguments: [d.uri] }),
        new vscode.CodeLens(at, { title: vscode.l10n.t('Run in Azure'), command: COMMANDS.runPipelineInAzure, arguments: [d.uri] }),
        new vscode.CodeLens(at, { title: vscode.l10n.t('Graph'), command: COMMANDS.showGraph, arguments: [d.uri] }),
      ];
      if (last) lenses.push(new vscode.CodeLens(at, { title: vscode.l10n.t('Last run: {0} {1}', last.status, formatAgo(last.runEnd ?? last.runStart, Date.now())).trim(), command: COMMANDS.openMonitor, arguments: [last.runId] }));
      return lenses;
    },
  };
  const timer = setInterval(() => changed.fire(), 30_000);
  return vscode.Disposable.from(
    changed,
    vscode.languages.registerCodeLensProvider(PIPELINE_SELECTOR, provider),
    services.runs.onDidChangeRuns(() => changed.fire()),
    services.index.onDidChange(() => changed.fire()),
    { dispose: () => clearInterval(timer) },
  );
}
