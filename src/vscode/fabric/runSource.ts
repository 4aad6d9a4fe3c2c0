/**
 * Fabric runs in the Runs view and the monitor: runs started from VS Code are followed (job instance and activity
 * runs, polled at the pace Retry-After asks) until they end; the recent runs of the pipelines shown in the Fabric
 * Workspaces view are listed too (started elsewhere: the CLI, the Fabric portal, schedules); cancel goes to the Job
 * Scheduler; a rerun starts the pipeline again with the same parameters (Fabric has no rerun from the failed
 * activity).
 */
import * as vscode from 'vscode';
import type { PipelineRun, RunResult } from '../../engine/contracts';
import type { FabricItem, FabricWorkspace } from '../../engine/fabricRemote';
import type { RunSource } from '../api';
import type { FabricConnection } from './connection';

interface Tracked {
  workspace: FabricWorkspace;
  item: FabricItem;
  parameters: Record<string, unknown>;
  result: RunResult;
  poll: AbortController;
}

export class FabricRunSource implements RunSource, vscode.Disposable {
  readonly id = 'fabric';
  readonly label = 'Fabric';
  private readonly runs = new Map<string, Tracked>();
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  /** Pipelines whose recent runs are listed (those the Fabric view has shown), by item id. */
  private readonly watched = new Map<string, { workspace: FabricWorkspace; item: FabricItem }>();
  private history: { at: number; runs: Map<string, { workspace: FabricWorkspace; item: FabricItem; run: PipelineRun }> } | undefined;

  constructor(
    private readonly connection: FabricConnection,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Starts the pipeline and follows the run; returns its id (the job instance id). */
  async start(workspace: FabricWorkspace, item: FabricItem, parameters: Record<string, unknown>): Promise<string> {
    const { fabric, client } = await this.connection.session();
    const started = await fabric.runPipeline(client, workspace.id, item.id, parameters);
    const job = await fabric.getJobInstance(client, workspace.id, item.id, started.jobInstanceId);
    const entry: Tracked = { workspace, item, parameters, result: { pipelineRun: fabric.jobToPipelineRun(job, item.displayName, parameters, workspace.id), activityRuns: [] }, poll: new AbortController() };
    this.runs.set(job.id, entry);
    this.emitter.fire();
    void this.follow(entry, started.headers);
    return job.id;
  }

  private async follow(entry: Tracked, firstHeaders: Record<string, string>): Promise<void> {
    const runId = entry.result.pipelineRun.runId;
    let headers = firstHeaders;
    try {
      while (!entry.poll.signal.aborted) {
        const { fabric, client } = await this.connection.session();
        await client.waitAsked(headers);
        if (entry.poll.signal.aborted) return;
        headers = headers['retry-after'] ? headers : { 'retry-after': '2' };
        const job = await fabric.getJobInstance(client, entry.workspace.id, entry.item.id, runId);
        const pipelineRun = fabric.jobToPipelineRun(job, entry.item.displayName, entry.parameters, entry.workspace.id);
        const activityRuns = job.status === 'NotStarted' ? [] : await fabric.queryActivityRuns(client, entry.workspace.id, runId, pipelineRun.runStart);
        entry.result = { pipelineRun, activityRuns };
        this.emitter.fire();
        if (fabric.isTerminalJob(job.status)) {
          this.log.info(`Fabric run ${runId} of ${entry.item.displayName}: ${pipelineRun.status}`);
          return;
        }
      }
    } catch (e) {
      this.log.warn(`Stopped following Fabric run ${runId}: ${(e as Error).message}`);
    }
  }

  /** Lists the recent runs of these pipelines too (the Fabric view calls this with the pipelines it shows). */
  watch(workspace: FabricWorkspace, items: FabricItem[]): void {
    for (const item of items) this.watched.set(item.id, { workspace, item });
    this.history = undefined;
    this.emitter.fire();
  }

  async list(): Promise<PipelineRun[]> {
    const tracked = [...this.runs.values()].map((r) => r.result.pipelineRun);
    const seen = new Set(tracked.map((r) => r.runId));
    const history = [...(await this.recentHistory()).values()].map((h) => h.run).filter((r) => !seen.has(r.runId));
    return [...tracked, ...history].sort((a, b) => (b.runStart ?? '').localeCompare(a.runStart ?? ''));
  }

  /** The job instances of the watched pipelines (20 each, 50 pipelines at most), cached for 30 s; failures are logged. */
  private async recentHistory(): Promise<Map<string, { workspace: FabricWorkspace; item: FabricItem; run: PipelineRun }>> {
    if (this.history && Date.now() - this.history.at < 30_000) return this.history.runs;
    const runs = new Map<string, { workspace: FabricWorkspace; item: FabricItem; run: PipelineRun }>();
    if (this.watched.size) {
      try {
        const { fabric, client } = await this.connection.session();
        for (const { workspace, item } of [...this.watched.values()].slice(0, 50)) {
          try {
            for (const job of (await fabric.listJobInstances(client, workspace.id, item.id)).slice(0, 20)) runs.set(job.id, { workspace, item, run: fabric.jobToPipelineRun(job, item.displayName, {}, workspace.id) });
          } catch (e) {
            this.log.warn(`Fabric run history of ${item.displayName}: ${(e as Error).message}`);
          }
        }
      } catch (e) {
        this.log.debug(`Fabric run history unavailable: ${(e as Error).message}`);
      }
    }
    this.history = { at: Date.now(), runs };
    return runs;
  }

  async get(runId: string): Promise<RunResult | undefined> {
    const t = this.runs.get(runId);
    if (t) return t.result;
    const h = (await this.recentHistory()).get(runId);
    if (!h) return undefined;
    const { fabric, client } = await this.connection.session();
    const job = await fabric.getJobInstance(client, h.workspace.id, h.item.id, runId);
    const pipelineRun = fabric.jobToPipelineRun(job, h.item.displayName, {}, h.workspace.id);
    const result: RunResult = { pipelineRun, activityRuns: job.status === 'NotStarted' ? [] : await fabric.queryActivityRuns(client, h.workspace.id, runId, pipelineRun.runStart) };
    // A run still going is followed from here on, so the monitor updates.
    if (!fabric.isTerminalJob(job.status)) {
      const entry: Tracked = { workspace: h.workspace, item: h.item, parameters: {}, result, poll: new AbortController() };
      this.runs.set(runId, entry);
      void this.follow(entry, { 'retry-after': '2' });
    }
    return result;
  }

  async cancel(runId: string): Promise<void> {
    const t = this.runs.get(runId) ?? (await this.recentHistory()).get(runId);
    if (!t) return;
    const { fabric, client } = await this.connection.session();
    await fabric.cancelJob(client, t.workspace.id, t.item.id, runId);
  }

  async rerun(runId: string, fromFailed: boolean): Promise<string | undefined> {
    const t = this.runs.get(runId);
    if (!t) return undefined;
    if (fromFailed) throw new Error(vscode.l10n.t('A Fabric run cannot be resumed from its failed activity; rerun the whole pipeline instead.'));
    return this.start(t.workspace, t.item, t.parameters);
  }

  dispose(): void {
    for (const r of this.runs.values()) r.poll.abort();
    this.emitter.dispose();
  }
}
