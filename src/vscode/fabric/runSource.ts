/**
 * Fabric runs in the Runs view and the monitor: runs started from VS Code are followed (job instance and activity
 * runs, polled at the pace Retry-After asks) until they end; cancel goes to the Job Scheduler; a rerun starts the
 * pipeline again with the same parameters (Fabric has no rerun from the failed activity).
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

  async list(): Promise<PipelineRun[]> {
    return [...this.runs.values()].map((r) => r.result.pipelineRun).sort((a, b) => (b.runStart ?? '').localeCompare(a.runStart ?? ''));
  }

  async get(runId: string): Promise<RunResult | undefined> {
    return this.runs.get(runId)?.result;
  }

  async cancel(runId: string): Promise<void> {
    const t = this.runs.get(runId);
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
