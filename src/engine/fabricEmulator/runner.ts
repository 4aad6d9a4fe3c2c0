/**
 * Runs a DataPipeline item's job on the local engine. A pipeline-content.json is ADF's activity model
 * (`{"properties": {activities, parameters, variables, …}}`), so the workspace's pipelines become an in-memory
 * factory (one pipeline per DataPipeline item, named by its display name: ExecutePipeline references resolve by
 * that name) and the engine runs the item's pipeline with the job's parameters. Activities the engine cannot run
 * here (Fabric-only ones, connections it cannot reach) fail with the engine's own message, as a local run does.
 * The job instance and its activity runs follow the engine's event stream.
 */
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { ActivityRun, RunEvent, RunResult } from '../contracts';
import { addResourceText, RESOURCE_KINDS, type Factory, type Resource } from '../model';
import type { PipelineExecutor } from '../emulator';
import { decodeText } from '../text';
import { fabricTime, type FabricState, type StoredItem, type StoredJob } from './state';

export const PIPELINE_CONTENT = 'pipeline-content.json';

/** The parsed pipeline-content.json of a DataPipeline item; throws a message naming the problem. */
function pipelineContent(item: StoredItem): { properties: Record<string, unknown> } {
  const part = item.parts.find((p) => p.path === PIPELINE_CONTENT);
  if (!part) throw new Error(`The item "${item.displayName}" has no ${PIPELINE_CONTENT} part in its definition.`);
  let json: unknown;
  try {
    json = JSON.parse(decodeText(Buffer.from(part.payload, 'base64')).replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new Error(`The ${PIPELINE_CONTENT} part of "${item.displayName}" is not valid JSON: ${(e as Error).message}`);
  }
  const props = (json as { properties?: unknown })?.properties;
  if (!props || typeof props !== 'object' || Array.isArray(props)) throw new Error(`The ${PIPELINE_CONTENT} part of "${item.displayName}" has no "properties" object.`);
  return { properties: props as Record<string, unknown> };
}

/** The workspace's pipelines as an in-memory factory under a virtual root. Items whose content does not parse are left out. */
function workspaceFactory(state: FabricState, workspaceId: string): Factory {
  const ws = state.workspaces.get(workspaceId);
  const root = path.join(path.sep, 'fabric-emulator', workspaceId);
  const resources = Object.fromEntries(RESOURCE_KINDS.map((k) => [k, new Map<string, Resource>()])) as Factory['resources'];
  const factory: Factory = { root, name: ws?.displayName ?? workspaceId, resources, diagnostics: [], ignoredFiles: [] };
  for (const item of state.itemsOf(workspaceId)) {
    if (item.type !== 'DataPipeline') continue;
    let content;
    try {
      content = pipelineContent(item);
    } catch {
      continue;
    }
    addResourceText(factory, 'pipeline', path.join(root, 'pipeline', `${item.id}.json`), JSON.stringify({ name: item.displayName, properties: content.properties }));
  }
  return factory;
}

export class JobRunner {
  private readonly controllers = new Map<string, AbortController>();
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly state: FabricState,
    private readonly getExecutor: () => Promise<PipelineExecutor>,
  ) {}

  /** Creates a NotStarted job instance and runs it in the background; returns it at once. */
  start(item: StoredItem, jobType: string, parameters: Record<string, unknown>): StoredJob {
    const id = randomUUID();
    const job: StoredJob = {
      id,
      workspaceId: item.workspaceId,
      itemId: item.id,
      jobType,
      invokeType: 'Manual',
      status: 'NotStarted',
      rootActivityId: randomUUID(),
      startTimeUtc: null,
      endTimeUtc: null,
      failureReason: null,
      parameters,
      lastUpdated: new Date().toISOString(),
      activityRuns: [],
    };
    this.state.jobs.set(id, job);
    void this.state.persist();
    const controller = new AbortController();
    this.controllers.set(id, controller);
    const p = this.execute(item, job, controller.signal)
      .catch(() => undefined)
      .finally(() => {
        this.controllers.delete(id);
        this.pending.delete(p);
      });
    this.pending.add(p);
    return job;
  }

  /** Asks a running job to stop. False when it has already ended. */
  cancel(job: StoredJob): boolean {
    if (job.status !== 'NotStarted' && job.status !== 'InProgress') return false;
    this.controllers.get(job.id)?.abort();
    return true;
  }

  async stopAll(): Promise<void> {
    for (const c of this.controllers.values()) c.abort();
    await Promise.allSettled([...this.pending]);
  }

  private async execute(item: StoredItem, job: StoredJob, signal: AbortSignal): Promise<void> {
    let topRunId: string | undefined;
    const touch = () => (job.lastUpdated = new Date().toISOString());
    const fix = (a: ActivityRun): ActivityRun => ({ ...a, pipelineRunId: job.id });
    const upsert = (a: ActivityRun) => {
      const i = job.activityRuns.findIndex((x) => x.activityRunId === a.activityRunId);
      if (i >= 0) job.activityRuns[i] = fix(a);
      else job.activityRuns.push(fix(a));
      touch();
    };
    const onEvent = (e: RunEvent) => {
      if (e.type === 'runStarted') {
        if (topRunId === undefined) {
          topRunId = e.run.runId;
          job.status = 'InProgress';
          job.startTimeUtc = fabricTime(new Date(e.run.runStart ?? Date.now()));
          touch();
        }
      } else if ((e.type === 'activityStarted' || e.type === 'activityFinished') && e.activityRun.pipelineRunId === topRunId) {
        upsert(e.activityRun);
      }
    };
    let result: RunResult | undefined;
    let failure: string | undefined;
    try {
      pipelineContent(item); // a definition that cannot run fails the job with a message naming the part
      const executor = await this.getExecutor();
      result = await executor({
        factory: workspaceFactory(this.state, item.workspaceId),
        pipelineName: item.displayName,
        parameters: job.parameters,
        signal,
        onEvent,
        invokedBy: { name: 'Manual', id: job.rootActivityId.replace(/-/g, ''), invokedByType: 'Manual' },
        pipelineContext: { DataFactory: item.workspaceId, RunId: job.id, GroupId: job.id, TriggerType: 'Manual', TriggerName: 'Manual', TriggerId: job.rootActivityId },
      });
    } catch (e) {
      failure = (e as Error)?.message ?? String(e);
    }
    const end = new Date();
    job.startTimeUtc ??= fabricTime(end);
    job.endTimeUtc = fabricTime(end);
    if (result) {
      job.activityRuns = result.activityRuns.filter((a) => a.pipelineRunId === result!.pipelineRun.runId).map(fix);
      const s = result.pipelineRun.status;
      if (signal.aborted || s === 'Cancelled') {
        job.status = 'Cancelled';
      } else if (s === 'Succeeded') {
        job.status = 'Completed';
      } else {
        job.status = 'Failed';
        const failed = job.activityRuns.find((a) => a.status === 'Failed' && a.error);
        job.failureReason = { requestId: job.rootActivityId, errorCode: failed?.error?.errorCode || 'PipelineRunFailed', message: result.pipelineRun.message || failed?.error?.message || 'The pipeline run failed.' };
      }
    } else if (signal.aborted) {
      job.status = 'Cancelled';
    } else {
      job.status = 'Failed';
      job.failureReason = { requestId: job.rootActivityId, errorCode: 'InvalidPipelineDefinition', message: `The pipeline could not start: ${failure}` };
    }
    touch();
    await this.state.persist();
  }
}
