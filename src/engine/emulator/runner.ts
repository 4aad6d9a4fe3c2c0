/**
 * Executes `pipelines/createRun` on the local engine and keeps the emulator's run records current
 * from the engine's event stream, so polling clients see Queued → InProgress → final status.
 */
import { randomUUID } from 'node:crypto';
import type { ActivityRun, PipelineRun, RunEvent, RunResult } from '../contracts';
import type { RunOptions } from '../run';
import { type EmulatorState, type StoredFactory, factoryKey } from './state';
import { toFactoryModel } from './factoryModel';

/** What the emulator needs from the local engine: its runPipeline, with the options the emulator sets. */
export type PipelineExecutor = (
  opts: Pick<RunOptions, 'factory' | 'pipelineName' | 'parameters' | 'connections' | 'signal' | 'onEvent' | 'invokedBy' | 'pipelineContext' | 'rerunOf' | 'startFromFailed'>,
) => Promise<RunResult>;

/** The local engine, loaded on first use. */
export async function localEngineExecutor(): Promise<PipelineExecutor> {
  const { runPipeline } = await import('../run');
  return (opts) => runPipeline(opts);
}

export interface CreateRunRequest {
  factory: StoredFactory;
  pipelineName: string;
  parameters: Record<string, unknown>;
  referencePipelineRunId?: string;
  isRecovery?: boolean;
  startActivityName?: string;
  startFromFailure?: boolean;
}

function stringParams(p: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(p)) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return out;
}

export class RunManager {
  private readonly controllers = new Map<string, AbortController>();
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly state: EmulatorState,
    private readonly getExecutor: () => Promise<PipelineExecutor>,
  ) {}

  /** Starts a run and returns its id at once; the run proceeds in the background. */
  createRun(req: CreateRunRequest): string {
    const runId = randomUUID();
    const now = new Date().toISOString();
    const fKey = factoryKey(req.factory.subscriptionId, req.factory.resourceGroup, req.factory.name);
    const ref = req.referencePipelineRunId ? this.state.runs.get(req.referencePipelineRunId) : undefined;
    const run: PipelineRun = {
      runId,
      runGroupId: ref?.run.runGroupId ?? runId,
      isLatest: true,
      pipelineName: req.factory.children.pipelines[req.pipelineName.toLowerCase()]?.name ?? req.pipelineName,
      parameters: stringParams(req.parameters),
      invokedBy: { name: 'Manual', id: randomUUID().replace(/-/g, ''), invokedByType: 'Manual' },
      lastUpdated: now,
      runStart: now,
      status: 'Queued',
      message: '',
      runDimensions: {},
    };
    if (ref) {
      ref.run.isLatest = false;
      run['adfw:isRerun'] = true;
      run['adfw:rerunOf'] = ref.run.runId;
    }
    this.state.runs.set(runId, { factoryKey: fKey, run, activityRuns: [] });
    void this.state.persist();
    const controller = new AbortController();
    this.controllers.set(runId, controller);
    const p = this.execute(req, runId, controller.signal, ref ? { pipelineRun: ref.run, activityRuns: ref.activityRuns } : undefined)
      .catch(() => undefined)
      .finally(() => {
        this.controllers.delete(runId);
        this.pending.delete(p);
      });
    this.pending.add(p);
    return runId;
  }

  /** Cancels a run (and, when recursive, the child runs it started). False when the run is unknown. */
  cancel(runId: string, recursive: boolean): boolean {
    const rec = this.state.runs.get(runId);
    if (!rec) return false;
    if (rec.run.status === 'InProgress' || rec.run.status === 'Queued') {
      rec.run.status = 'Canceling';
      rec.run.lastUpdated = new Date().toISOString();
      this.controllers.get(runId)?.abort();
    }
    if (recursive) {
      for (const child of this.state.runs.values()) {
        if (child.run.invokedBy.pipelineRunId === runId) this.cancel(child.run.runId, true);
      }
    }
    return true;
  }

  /** Aborts every run in progress and waits for them to settle. */
  async stopAll(): Promise<void> {
    for (const c of this.controllers.values()) c.abort();
    await Promise.allSettled([...this.pending]);
  }

  private async execute(req: CreateRunRequest, runId: string, signal: AbortSignal, rerunOf?: RunResult): Promise<void> {
    const rec = this.state.runs.get(runId)!;
    const idMap = new Map<string, string>();
    const mapId = (engineId: string | undefined): string | undefined => (engineId ? (idMap.get(engineId) ?? engineId) : engineId);
    const fixActivity = (a: ActivityRun): ActivityRun => ({ ...a, pipelineRunId: mapId(a.pipelineRunId) ?? runId });
    const recordFor = (engineRunId: string) => this.state.runs.get(mapId(engineRunId) ?? '');
    const upsertActivity = (a: ActivityRun) => {
      const target = recordFor(a.pipelineRunId);
      if (!target) return;
      const fixed = fixActivity(a);
      const i = target.activityRuns.findIndex((x) => x.activityRunId === fixed.activityRunId);
      if (i >= 0) target.activityRuns[i] = fixed;
      else target.activityRuns.push(fixed);
      target.run.lastUpdated = new Date().toISOString();
    };
    const onEvent = (e: RunEvent) => {
      if (e.type === 'runStarted') {
        if (!idMap.size) {
          idMap.set(e.run.runId, runId);
          rec.run.status = signal.aborted ? 'Canceling' : 'InProgress';
          rec.run.lastUpdated = new Date().toISOString();
        } else if (!idMap.has(e.run.runId)) {
          idMap.set(e.run.runId, e.run.runId);
          const child: PipelineRun = { ...e.run, invokedBy: { ...e.run.invokedBy, pipelineRunId: mapId(e.run.invokedBy.pipelineRunId) } };
          this.state.runs.set(e.run.runId, { factoryKey: rec.factoryKey, run: child, activityRuns: [] });
        }
      } else if (e.type === 'activityStarted' || e.type === 'activityFinished') {
        upsertActivity(e.activityRun);
      } else if (e.type === 'runFinished') {
        const id = mapId(e.run.runId);
        const target = id ? this.state.runs.get(id) : undefined;
        if (target && id !== runId) {
          target.run = { ...e.run, runId: id!, invokedBy: { ...e.run.invokedBy, pipelineRunId: mapId(e.run.invokedBy.pipelineRunId) } };
          target.activityRuns = e.activityRuns.map(fixActivity);
        }
      }
    };
    let result: RunResult | undefined;
    let failure: string | undefined;
    try {
      const executor = await this.getExecutor();
      rec.run.status = signal.aborted ? 'Canceling' : 'InProgress';
      const startFromFailed = !!rerunOf && (req.startFromFailure === true || (req.isRecovery === true && !!req.startActivityName));
      result = await executor({
        factory: toFactoryModel(req.factory),
        pipelineName: rec.run.pipelineName,
        parameters: req.parameters,
        signal,
        onEvent,
        invokedBy: rec.run.invokedBy,
        pipelineContext: { DataFactory: req.factory.name, RunId: runId, GroupId: rec.run.runGroupId, TriggerType: 'Manual', TriggerName: 'Manual', TriggerId: rec.run.invokedBy.id },
        rerunOf,
        startFromFailed,
      });
    } catch (e) {
      failure = (e as Error)?.message ?? String(e);
    }
    const end = new Date().toISOString();
    if (result) {
      if (!idMap.has(result.pipelineRun.runId)) idMap.set(result.pipelineRun.runId, runId);
      rec.run = {
        ...result.pipelineRun,
        runId,
        runGroupId: rec.run.runGroupId,
        isLatest: rec.run.isLatest,
        invokedBy: rec.run.invokedBy,
        parameters: rec.run.parameters,
        'adfw:isRerun': rec.run['adfw:isRerun'],
        'adfw:rerunOf': rec.run['adfw:rerunOf'],
      };
      rec.activityRuns = result.activityRuns.map(fixActivity);
      if (signal.aborted && rec.run.status !== 'Succeeded' && rec.run.status !== 'Failed') rec.run.status = 'Cancelled';
      if (signal.aborted && rec.run.status === 'Failed') {
        rec.run.status = 'Cancelled';
        rec.run.message = rec.run.message || 'Cancelled by user.';
      }
    } else {
      rec.run.status = signal.aborted ? 'Cancelled' : 'Failed';
      rec.run.message = signal.aborted ? 'Cancelled by user.' : `The run could not start on the local engine: ${failure}`;
    }
    rec.run.runEnd = rec.run.runEnd ?? end;
    rec.run.lastUpdated = end;
    if (rec.run.runStart) rec.run.durationInMs = Math.max(0, Date.parse(rec.run.runEnd) - Date.parse(rec.run.runStart));
    await this.state.persist();
  }
}
