/**
 * The run monitor webview panel: one per window, restored after reload by its serializer. Pushes run data
 * (throttled) while runs are live; handles validated actions from the webview (select, filter, cancel, rerun).
 */
import * as vscode from 'vscode';
import { MONITOR_CSS } from '../../engine/report';
import { withChildRuns } from '../../engine/report';
import type { RunResult } from '../../engine/contracts/types';
import type { AdfServices } from '../api';
import { COMMANDS, TESTING_COMMANDS, WEBVIEWS } from '../constants';
import { parseFilters, parseFromMonitor, type FromMonitor, type MonitorViewState, type ToMonitor } from '../../webview/monitor/protocol';
import { webviewHtml, webviewOptions } from '../util/webviewHtml';

export class MonitorPanel implements vscode.Disposable {
  private static current: MonitorPanel | undefined;
  private state: MonitorViewState;
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pending = false;

  /** Opens the monitor (or focuses it) and selects a run. */
  static async show(services: AdfServices, runId?: string): Promise<MonitorPanel> {
    if (MonitorPanel.current) {
      MonitorPanel.current.panel.reveal(undefined, false);
      if (runId) MonitorPanel.current.select(runId);
      return MonitorPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(WEBVIEWS.monitor, 'Data Factory Runs', { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, webviewOptions(services.extensionUri));
    MonitorPanel.current = new MonitorPanel(panel, services, { filters: {}, selectedRunId: runId });
    return MonitorPanel.current;
  }

  /** Restores a panel after a window reload. */
  static revive(panel: vscode.WebviewPanel, services: AdfServices, saved: unknown): void {
    const s = (saved && typeof saved === 'object' ? saved : {}) as Record<string, unknown>;
    MonitorPanel.current?.dispose();
    MonitorPanel.current = new MonitorPanel(panel, services, {
      filters: parseFilters(s.filters) ?? {},
      selectedRunId: typeof s.selectedRunId === 'string' ? s.selectedRunId : undefined,
    });
  }

  /** The open panel, if any (for tests). */
  static get instance(): MonitorPanel | undefined {
    return MonitorPanel.current;
  }

  private constructor(readonly panel: vscode.WebviewPanel, private readonly services: AdfServices, state: MonitorViewState) {
    this.state = state;
    panel.iconPath = vscode.Uri.joinPath(services.extensionUri, 'media', 'monitor.svg');
    panel.webview.options = webviewOptions(services.extensionUri);
    panel.webview.html = webviewHtml(panel.webview, services.extensionUri, { script: 'monitor', title: vscode.l10n.t('Data Factory Runs'), css: MONITOR_CSS });
    panel.onDidDispose(() => this.dispose(), null, this.disposables);
    panel.webview.onDidReceiveMessage((m: unknown) => void this.onMessage(m), null, this.disposables);
    panel.onDidChangeViewState(() => panel.visible && this.schedule(), null, this.disposables);
    services.runs.onDidChangeRuns(() => this.schedule(), null, this.disposables);
    services.runs.onRunEvent(() => this.schedule(), null, this.disposables);
  }

  get selectedRunId(): string | undefined {
    return this.state.selectedRunId;
  }

  select(runId: string): void {
    this.state = { ...this.state, selectedRunId: runId };
    this.schedule(true);
  }

  private async onMessage(raw: unknown): Promise<void> {
    const m = parseFromMonitor(raw);
    if (!m) {
      this.services.log.warn('Ignored an invalid message from the run monitor.');
      return;
    }
    try {
      await this.handle(m);
    } catch (e) {
      void vscode.window.showErrorMessage((e as Error).message);
    }
  }

  private async handle(m: FromMonitor): Promise<void> {
    switch (m.type) {
      case 'ready':
      case 'refresh':
        if (m.type === 'refresh') await (this.services.runs as { reloadRecent?: () => Promise<void> }).reloadRecent?.();
        return this.push();
      case 'select':
        this.state = { ...this.state, selectedRunId: m.runId };
        return this.push();
      case 'filters':
        this.state = { ...this.state, filters: m.filters };
        return this.push();
      case 'cancel':
        await vscode.commands.executeCommand(COMMANDS.cancelRun, m.runId);
        return;
      case 'rerun':
        await vscode.commands.executeCommand(COMMANDS.rerun, m.runId);
        return;
      case 'rerunFromFailed':
        await vscode.commands.executeCommand(COMMANDS.rerunFromFailed, m.runId);
        return;
      case 'createTest': {
        // Azure runs are recorded like `adfw test record`; local runs become a test of their own run.
        const run = await this.services.runs.get(m.runId);
        await vscode.commands.executeCommand(run?.pipelineRun['adfw:origin'] === 'remote' ? TESTING_COMMANDS.createFromAzureRun : TESTING_COMMANDS.createFromRun, m.runId);
        return;
      }
      case 'revealActivity':
        await vscode.commands.executeCommand(COMMANDS.revealActivity, m.runId, m.activityName);
        return;
    }
  }

  /** Throttles pushes to the webview to at most one every 250 ms while runs are live. */
  private schedule(now = false): void {
    if (now) {
      void this.push();
      return;
    }
    if (this.timer) {
      this.pending = true;
      return;
    }
    void this.push();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.pending) {
        this.pending = false;
        void this.push();
      }
    }, 250);
  }

  private async push(): Promise<void> {
    if (!this.panel.visible) return;
    const runs = await this.services.runs.list();
    const selected = this.state.selectedRunId ? await this.withChildren(this.state.selectedRunId) : undefined;
    const paused = this.services.runs.paused();
    const msg: ToMonitor = { type: 'update', runs, selected, state: this.state, now: Date.now(), trusted: vscode.workspace.isTrusted, ...(Object.keys(paused).length ? { paused } : {}) };
    await this.panel.webview.postMessage(msg);
  }

  /** A run with the activity runs of its child pipeline runs nested under their ExecutePipeline activities. */
  private async withChildren(runId: string): Promise<RunResult | undefined> {
    const root = await this.services.runs.get(runId);
    if (!root) return undefined;
    const cache = new Map<string, RunResult>();
    const collect = async (r: RunResult, depth: number) => {
      if (depth > 4) return;
      for (const ar of r.activityRuns) {
        const id = ar['adfw:childRunId'];
        if (!id || cache.has(id) || id === runId) continue;
        const child = await this.services.runs.get(id);
        if (child) {
          cache.set(id, child);
          await collect(child, depth + 1);
        }
      }
    };
    await collect(root, 0);
    return withChildRuns(root, (id) => cache.get(id));
  }

  dispose(): void {
    if (MonitorPanel.current === this) MonitorPanel.current = undefined;
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}

/** Registers the serializer that restores the monitor after a reload. */
export function registerMonitorSerializer(services: AdfServices): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(WEBVIEWS.monitor, {
    async deserializeWebviewPanel(panel, state) {
      MonitorPanel.revive(panel, services, state);
    },
  });
}
