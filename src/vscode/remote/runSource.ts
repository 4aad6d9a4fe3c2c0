/**
 * Remote runs in the Runs view and the monitor: runs started from VS Code are polled with backoff
 * until they finish; cancel and rerun go through ARM.
 */
import * as vscode from 'vscode';
import * as remote from '../../engine/remote';
import type { PipelineRun, RunResult } from '../../engine/contracts';
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

  private history: { at: number; runs: PipelineRun[] } | undefined;
  /** The factory each listed history run belongs to. */
  private readonly historyRefs = new Map<string, FactoryRef>();

  constructor(
    private readonly connection: RemoteConnection,
    private readonly log: vscode.LogOutputChannel,
    /** Remote factories whose recent history is listed too (the remembered publish/run targets). */
    private readonly targets: () => FactoryRef[] = () => [],
  ) {}

  /** Starts following a run until it reaches a final status. */
  async track(ref: FactoryRef, runId: string): Promise<void> {
    const session = await this.connection.session();
    const pipelineRun = await remote.getRun(session, ref, runId);
    const activityRuns = await remote.activityRuns(session, ref, pipelineRun);
    const entry: Tracked = { ref, result: { pipelineRun: { ...pipelineRun, 'adfw:factory': ref.factory }, activityRuns }, poll: new AbortController() };
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
    const tracked = [...this.runs.values()].map((r) => r.result.pipelineRun);
    const seen = new Set(tracked.map((r) => r.runId));
    const history = (await this.recentHistory()).filter((r) => !seen.has(r.runId));
    return [...tracked, ...history].sort((a, b) => (b.runStart ?? '').localeCompare(a.runStart ?? ''));
  }

  /** The last 24 hours of runs of the remembered factories (50 each), cached for 30 s; failures are logged, not thrown. */
  private async recentHistory(): Promise<PipelineRun[]> {
    if (this.history && Date.now() - this.history.at < 30_000) return this.history.runs;
    const targets = this.targets();
    if (!targets.length) return [];
    const out: PipelineRun[] = [];
    try {
      const session = await this.connection.session();
      const to = new Date(Date.now() + 60_000);
      const from = new Date(to.getTime() - 24 * 3600_000);
      for (const ref of targets) {
        try {
          const page = await remote.queryAllRuns(session, ref, { lastUpdatedAfter: from, lastUpdatedBefore: to, orderBy: [{ orderBy: 'RunStart', order: 'DESC' }] }, 50);
          for (const r of page) this.historyRefs.set(r.runId, ref);
          out.push(...page.map((r) => ({ ...r, 'adfw:factory': ref.factory })));
        } catch (e) {
          this.log.warn(`Run history of ${ref.factory}: ${(e as Error).message}`);
        }
      }
    } catch (e) {
      this.log.debug(`Azure run history unavailable: ${(e as Error).message}`);
    }
    this.history = { at: Date.now(), runs: out };
    return out;
  }

  async get(runId: string): Promise<RunResult | undefined> {
    const t = this.runs.get(runId);
    if (t) return t.result;
    const ref = this.historyRefs.get(runId);
    if (!ref) return undefined;
    const session = await this.connection.session();
    const pipelineRun = await remote.getRun(session, ref, runId);
    const activityRuns = await remote.activityRuns(session, ref, pipelineRun);
    // Keep following it when it is still going, so the monitor updates.
    if (!remote.isFinalStatus(pipelineRun.status)) void this.track(ref, runId);
    return { pipelineRun: { ...pipelineRun, 'adfw:factory': ref.factory }, activityRuns };
  }

  private refOf(runId: string): FactoryRef | undefined {
    const t = this.runs.get(runId);
    if (t) return t.ref;
    return this.historyRefs.get(runId);
  }

  async runFetcher(runId: string): Promise<((id: string) => Promise<RunResult>) | undefined> {
    const ref = this.refOf(runId);
    return ref ? remote.runFetcher(await this.connection.session(), ref) : undefined;
  }

  async cancel(runId: string): Promise<void> {
    const ref = this.refOf(runId);
    if (!ref) return;
    const t = { ref };
    await remote.cancelRun(await this.connection.session(), t.ref, runId, true);
  }

  async rerun(runId: string, fromFailed: boolean): Promise<string | undefined> {
    const t = this.runs.get(runId) ?? (this.refOf(runId) ? { ref: this.refOf(runId)!, result: (await this.get(runId))! } : undefined);
    if (!t?.result) return undefined;
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
