/**
 * Starts local runs with the engine, relays their events (log channel, progress, status bar, monitor),
 * stores them in each factory's run store (`<factory>/.adf/runs`), and merges in other run sources.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { Factory } from '../../engine/model';
import type { ActivityRun, PipelineRun, RunEvent, RunResult } from '../../engine/contracts/types';
import type { FactoryIndex, RunManager, RunSource, StartRunOptions, TrackedRun } from '../api';
import type { RunStore } from '../../engine/run';
import { loadRun } from '../engineModules';
import { CONTEXT_KEYS, COMMANDS, STATUS_BAR_RUNS } from '../constants';
import { formatDuration } from '../../engine/report';
import { engineRunOptions, linkAbort, startedBy } from './runOptions';

/**
 * How soon the stores are read again while they hold a run in progress that another process runs (a terminal's
 * `adfw run`, another window): its progress shows, and a process that died writes nothing, so only reading again
 * turns its run into an interrupted one.
 */
const RECHECK_MS = 5_000;

interface ActiveRun {
  factory: Factory;
  run: PipelineRun;
  activities: Map<string, ActivityRun>;
  controller: AbortController;
}

export class LocalRunManager implements RunManager, vscode.Disposable {
  private readonly activeRuns = new Map<string, ActiveRun>();
  private readonly sources = new Set<RunSource>();
  private readonly stores = new Map<string, RunStore>();
  /** Recent runs per factory root, refreshed from the stores. */
  private recent = new Map<string, PipelineRun[]>();
  private remoteRecent: PipelineRun[] = [];
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  private readonly eventEmitter = new vscode.EventEmitter<RunEvent>();
  readonly onDidChangeRuns = this.changeEmitter.event;
  readonly onRunEvent = this.eventEmitter.event;
  private readonly statusBar: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter, this.eventEmitter];
  private recheck: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly index: FactoryIndex,
    private readonly log: vscode.LogOutputChannel,
    private readonly connections: () => Promise<Record<string, Record<string, unknown>>>,
    private readonly reveal: (runId: string) => Promise<void>,
  ) {
    this.statusBar = vscode.window.createStatusBarItem(STATUS_BAR_RUNS, vscode.StatusBarAlignment.Left, 50);
    this.statusBar.name = 'Data Factory runs';
    this.statusBar.command = COMMANDS.openMonitor;
    this.disposables.push(this.statusBar);
    index.onDidChange(() => void this.reloadRecent(), null, this.disposables);
  }

  private async storeFor(factory: Factory): Promise<RunStore> {
    let s = this.stores.get(factory.root);
    if (!s) {
      const engine = await loadRun();
      s = new engine.RunStore(engine.defaultStoreDir(factory.root));
      this.stores.set(factory.root, s);
    }
    return s;
  }

  /** Re-reads recent runs of every factory and source (used by the tree, CodeLens and Runs view). */
  async reloadRecent(): Promise<void> {
    const next = new Map<string, PipelineRun[]>();
    for (const f of this.index.factories()) {
      try {
        const runs = await (await this.storeFor(f)).query({});
        next.set(f.root, runs.map((r) => ({ ...r, 'adfw:factory': r['adfw:factory'] ?? f.root })));
      } catch {
        next.set(f.root, []);
      }
    }
    const remote: PipelineRun[] = [];
    for (const s of this.sources) {
      try {
        remote.push(...(await s.list()));
      } catch (e) {
        this.log.warn(`Could not list runs of ${s.label}: ${(e as Error).message}`);
      }
    }
    this.recent = next;
    this.remoteRecent = remote;
    this.changeEmitter.fire();
    const othersRunning = [...next.values()].some((l) => l.some((r) => (r.status === 'InProgress' || r.status === 'Queued') && !this.activeRuns.has(r.runId) && r['adfw:owner']?.pid !== process.pid));
    if (othersRunning && !this.recheck) {
      this.recheck = setTimeout(() => {
        this.recheck = undefined;
        void this.reloadRecent();
      }, RECHECK_MS);
    }
  }

  active(): readonly PipelineRun[] {
    return [...this.activeRuns.values()].map((a) => a.run);
  }

  async list(): Promise<PipelineRun[]> {
    const byId = new Map<string, PipelineRun>();
    for (const l of this.recent.values()) for (const r of l) byId.set(r.runId, r);
    for (const r of this.remoteRecent) byId.set(r.runId, r);
    for (const a of this.activeRuns.values()) byId.set(a.run.runId, a.run);
    return [...byId.values()].sort((a, b) => (b.runStart ?? b.lastUpdated).localeCompare(a.runStart ?? a.lastUpdated));
  }

  async get(runId: string): Promise<RunResult | undefined> {
    const a = this.activeRuns.get(runId);
    if (a) return { pipelineRun: a.run, activityRuns: [...a.activities.values()] };
    for (const f of this.index.factories()) {
      try {
        const r = await (await this.storeFor(f)).get(runId);
        if (r) return r;
      } catch {
        // a store that cannot be read has no such run
      }
    }
    for (const s of this.sources) {
      try {
        const r = await s.get(runId);
        if (r) return r;
      } catch {
        // next source
      }
    }
    return undefined;
  }

  lastRunOf(factory: Factory, pipelineName: string): PipelineRun | undefined {
    for (const a of this.activeRuns.values()) if (a.factory.root === factory.root && a.run.pipelineName === pipelineName) return a.run;
    return (this.recent.get(factory.root) ?? []).filter((r) => r.pipelineName === pipelineName).sort((a, b) => (b.runStart ?? '').localeCompare(a.runStart ?? ''))[0];
  }

  addSource(source: RunSource): vscode.Disposable {
    this.sources.add(source);
    const sub = source.onDidChange?.(() => void this.reloadRecent());
    void this.reloadRecent();
    return new vscode.Disposable(() => {
      this.sources.delete(source);
      sub?.dispose();
    });
  }

  /** A reader of runs of the factory in Azure (or another run source) that `runId` belongs to; undefined for local runs. */
  async runFetcher(runId: string): Promise<((id: string) => Promise<RunResult>) | undefined> {
    for (const s of this.sources) {
      const f = await s.runFetcher?.(runId).catch(() => undefined);
      if (f) return f;
    }
    return undefined;
  }

  private readonly held = new Map<TrackedRun, Record<string, string[]>>();

  paused(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const m of this.held.values()) for (const [id, names] of Object.entries(m)) (out[id] ??= []).push(...names);
    return out;
  }

  track(factory: Factory, cancel: () => void): TrackedRun {
    const controller = new AbortController();
    controller.signal.addEventListener('abort', cancel, { once: true });
    let active: ActiveRun | undefined;
    const tracked: TrackedRun = {
      event: (e) => {
        try {
          active = this.applyEvent(e, factory, controller, active, () => undefined);
          this.eventEmitter.fire(e);
        } catch (err) {
          this.log.error(`Run event handling failed: ${(err as Error).message}`);
        }
      },
      paused: (list) => {
        const m: Record<string, string[]> = {};
        for (const x of list) (m[x.runId] ??= []).push(x.activityName);
        if (list.length) this.held.set(tracked, m);
        else if (!this.held.delete(tracked)) return;
        this.changeEmitter.fire();
      },
      ended: () => {
        this.held.delete(tracked);
        if (active) this.activeRuns.delete(active.run.runId);
        this.updateStatusBar();
        void this.reloadRecent();
      },
    };
    return tracked;
  }

  async cancel(runId: string): Promise<void> {
    const a = this.activeRuns.get(runId);
    if (a) {
      this.log.info(`Cancelling run ${runId} (${a.run.pipelineName})`);
      a.controller.abort();
      return;
    }
    for (const s of this.sources) {
      if (!s.cancel) continue;
      const r = await s.get(runId).catch(() => undefined);
      if (r) return s.cancel(runId);
    }
    throw new Error(`Run ${runId} is not in progress.`);
  }

  async startLocal(opts: StartRunOptions): Promise<RunResult> {
    const engine = await loadRun();
    const store = await this.storeFor(opts.factory);
    const connections = await this.connections();
    const controller = new AbortController();
    const unlink = linkAbort(opts.signal, controller);
    let resolveStarted: (runId: string) => void = () => undefined;
    const started = new Promise<string>((r) => (resolveStarted = r));
    let active: ActiveRun | undefined;
    const t0 = Date.now();
    const onEvent = (e: RunEvent) => {
      try {
        active = this.applyEvent(e, opts.factory, controller, active, resolveStarted);
        this.eventEmitter.fire(e);
      } catch (err) {
        this.log.error(`Run event handling failed: ${(err as Error).message}`);
      }
    };
    const what = `${opts.pipelineName}${opts.rerunOf ? (opts.startFromFailed ? ' (rerun from failed)' : ' (rerun)') : ''}${startedBy(opts)}`;
    this.log.info(`Starting local run of ${what} in ${opts.factory.name}`);
    const runPromise = engine.runPipeline(
      engineRunOptions(opts, { connections, signal: controller.signal, onEvent, store, workDir: path.join(opts.factory.root, '.adf', 'work') }),
    );
    if (opts.reveal !== false) void started.then((id) => this.reveal(id));
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Running {0} locally', what), cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        const sub = this.onRunEvent((e) => {
          if (e.type === 'activityStarted') progress.report({ message: e.activityRun.activityName });
        });
        try {
          return await runPromise;
        } finally {
          sub.dispose();
          unlink();
        }
      },
    ).then(
      (r) => r,
      (e: unknown) => {
        if (active) this.activeRuns.delete(active.run.runId);
        this.updateStatusBar();
        throw e;
      },
    );
    if (active) this.activeRuns.delete(active.run.runId);
    this.updateStatusBar();
    const run = result.pipelineRun;
    this.log.info(`Run ${run.runId} of ${run.pipelineName}: ${run.status} in ${formatDuration(run.durationInMs ?? Date.now() - t0)}${run.message ? ` — ${run.message}` : ''}`);
    await this.reloadRecent();
    if (opts.notify === false) return result;
    const show = run.status === 'Succeeded' ? vscode.window.showInformationMessage : vscode.window.showErrorMessage;
    void show(run.message ? vscode.l10n.t('Pipeline {0}: {1} — {2}', run.pipelineName, run.status, run.message) : vscode.l10n.t('Pipeline {0}: {1}', run.pipelineName, run.status), 'Open monitor').then((pick) => pick && this.reveal(run.runId));
    return result;
  }

  private applyEvent(e: RunEvent, factory: Factory, controller: AbortController, active: ActiveRun | undefined, started: (id: string) => void): ActiveRun | undefined {
    switch (e.type) {
      case 'runStarted': {
        if (active && active.run.runId !== e.run.runId) {
          // A child pipeline (ExecutePipeline) of the run we started.
          this.log.info(`  child run ${e.run.pipelineName} ${e.run.runId} started`);
          return active;
        }
        const a: ActiveRun = { factory, run: { ...e.run, 'adfw:origin': 'local', 'adfw:factory': factory.root }, activities: new Map(), controller };
        this.activeRuns.set(e.run.runId, a);
        this.log.info(`Run ${e.run.runId} of ${e.run.pipelineName} started`);
        started(e.run.runId);
        this.updateStatusBar();
        this.changeEmitter.fire();
        return a;
      }
      case 'activityStarted':
      case 'activityFinished': {
        const target = this.activeRuns.get(e.runId) ?? active;
        if (target && target.run.runId === e.runId) target.activities.set(e.activityRun.activityRunId, e.activityRun);
        const ar = e.activityRun;
        const err = ar.error ? ` — ${ar.error.errorCode}: ${ar.error.message}` : '';
        const line = `  ${ar.activityName} (${ar.activityType}) ${e.type === 'activityStarted' ? 'started' : `${ar.status} in ${formatDuration(ar.durationInMs)}`}${err}`;
        if (ar.status === 'Failed') this.log.error(line);
        else this.log.info(line);
        return active;
      }
      case 'activityProgress': {
        // Live copy metrics: merge progress into the running activity's output so the monitor shows it.
        const target = this.activeRuns.get(e.runId);
        const ar = target?.activities.get(e.activityRunId);
        if (ar && ar.status === 'InProgress') {
          const out = ar.output && typeof ar.output === 'object' && !Array.isArray(ar.output) ? (ar.output as Record<string, unknown>) : {};
          target!.activities.set(e.activityRunId, { ...ar, output: { ...out, ...e.progress } });
        }
        const p = Object.entries(e.progress).map(([k, v]) => `${k}=${String(v)}`).join(' ');
        this.log.info(`  ${ar?.activityName ?? 'activity'} progress: ${p}`);
        return active;
      }
      case 'log':
        this.log[e.level === 'warn' ? 'warn' : e.level === 'error' ? 'error' : e.level === 'trace' ? 'trace' : e.level === 'debug' ? 'debug' : 'info'](`  ${e.message}`);
        return active;
      case 'runFinished': {
        const a = this.activeRuns.get(e.run.runId);
        if (a) {
          a.run = { ...e.run, 'adfw:origin': 'local', 'adfw:factory': factory.root };
          for (const ar of e.activityRuns) a.activities.set(ar.activityRunId, ar);
        }
        this.changeEmitter.fire();
        return active;
      }
    }
  }

  private updateStatusBar(): void {
    const n = this.activeRuns.size;
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.runActive, n > 0);
    if (!n) {
      this.statusBar.hide();
      return;
    }
    const first = [...this.activeRuns.values()][0];
    this.statusBar.text = `$(sync~spin) ${n === 1 ? first.run.pipelineName : `${n} pipeline runs`}`;
    this.statusBar.tooltip = 'Data Factory: local run in progress — click to open the run monitor';
    this.statusBar.show();
  }

  dispose(): void {
    if (this.recheck) clearTimeout(this.recheck);
    for (const a of this.activeRuns.values()) a.controller.abort();
    for (const d of this.disposables) d.dispose();
  }
}
