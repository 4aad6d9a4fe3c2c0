/**
 * Remote runs in the Runs view and the monitor: runs started from VS Code are polled with backoff
 * until they finish; cancel and rerun go through ARM.
 */
import * as vscode from 'vscode';
import type { PipelineRun, RunResult } from '../../engine/run/types';
import type { FactoryRef } from '../../engine/remote/operations';
import type { RunSource } from '../api';
import type { RemoteConnection } from './connection';

interface Tracked {
  ref: FactoryRef;
  result: RunResult;
  poll?: AbortController;
}

export class RemoteRunSource implements RunSource, vscode.Disposable {
  readonly id = 'azure';
  readonly label = 'Azure';
  private readonly runs = new Map<string, Tracked>();
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;

  constructor(
    private readonly connection: RemoteConnection,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Starts following a run until it reaches a final status. */
  async track(ref: FactoryRef, runId: string): Promise<void> {
    const remote = await import('../../engine/remote');
    const session = await this.connection.session();
    const pipelineRun = await remote.getRun(session, ref, runId);
    const entry: Tracked = { ref, result: { pipelineRun: { ...pipelineRun, 'adfw:factory': ref.factory }, activityRuns: [] }, poll: new AbortController() };
    this.runs.set(runId, entry);
    this.emitter.fire();
    remote
      .waitForRun(session, ref, runId, {
        signal: entry.poll!.signal,
        cancelOnAbort: false,
        initialIntervalMs: 1000,
        maxIntervalMs: 15_000,
        onUpdate: (r) => {
          entry.result = { pipelineRun: { ...r.pipelineRun, 'adfw:factory': ref.factory }, activityRuns: r.activityRuns };
          this.emitter.fire();
        },
      })
      .then((r) => this.log.info(`Azure run ${runId} of ${r.pipelineRun.pipelineName}: ${r.pipelineRun.status}`))
      .catch((e) => {
        if ((e as { kind?: string }).kind !== 'Cancelled') this.log.warn(`Stopped following Azure run ${runId}: ${(e as Error).message}`);
      });
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
    const remote = await import('../../engine/remote');
    await remote.cancelRun(await this.connection.session(), t.ref, runId, true);
  }

  async rerun(runId: string, fromFailed: boolean): Promise<string | undefined> {
    const t = this.runs.get(runId);
    if (!t) return undefined;
    const remote = await import('../../engine/remote');
    const session = await this.connection.session();
    const def = await remote.getResource(session, t.ref, 'pipeline', t.result.pipelineRun.pipelineName);
    const params = remote.typedParameters(def?.properties.parameters, t.result.pipelineRun.parameters ?? {}, t.result.pipelineRun.pipelineName);
    const id = await remote.createRun(session, t.ref, t.result.pipelineRun.pipelineName, { parameters: params, referencePipelineRunId: runId, isRecovery: true, startFromFailure: fromFailed || undefined });
    await this.track(t.ref, id);
    return id;
  }

  dispose(): void {
    for (const r of this.runs.values()) r.poll?.abort();
    this.emitter.dispose();
  }
}
