/** The "Runs" view: recent runs of every source (local and remote), newest first; a click opens the monitor. */
import * as vscode from 'vscode';
import type { PipelineRun } from '../../engine/contracts';
import { formatAgo, formatDuration } from '../../engine/report';
import type { RunManager } from '../api';
import { COMMANDS, CONTEXT } from '../constants';
import { statusIcon } from './icons';

const MAX_RUNS = 50;

export class RunsTreeProvider implements vscode.TreeDataProvider<PipelineRun>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<PipelineRun | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly sub: vscode.Disposable;

  constructor(private readonly runs: RunManager) {
    this.sub = runs.onDidChangeRuns(() => this.emitter.fire(undefined));
  }

  async getChildren(el?: PipelineRun): Promise<PipelineRun[]> {
    if (el) return [];
    return (await this.runs.list()).slice(0, MAX_RUNS);
  }

  getTreeItem(r: PipelineRun): vscode.TreeItem {
    const item = new vscode.TreeItem(r.pipelineName, vscode.TreeItemCollapsibleState.None);
    item.id = `run:${r.runId}`;
    item.iconPath = statusIcon(r.status);
    const origin = r['adfw:origin'] === 'remote' ? 'Azure' : 'local';
    const status = r['adfw:interrupted'] ? `${r.status} (interrupted)` : r.status;
    item.description = `${status} · ${formatAgo(r.runStart ?? r.lastUpdated, Date.now())} · ${origin}`;
    item.tooltip = `${r.pipelineName} — ${r.status}\nRun ID: ${r.runId}\nStarted: ${r.runStart ?? ''}\nDuration: ${formatDuration(r.durationInMs)}${r.message ? `\n${r.message}` : ''}`;
    item.contextValue = r.status === 'InProgress' || r.status === 'Queued' ? CONTEXT.runActive : r.status === 'Failed' || r.status === 'Cancelled' ? CONTEXT.runFailed : CONTEXT.run;
    item.command = { command: COMMANDS.openMonitor, title: vscode.l10n.t('Open in monitor'), arguments: [r.runId] };
    return item;
  }

  dispose(): void {
    this.sub.dispose();
    this.emitter.dispose();
  }
}
