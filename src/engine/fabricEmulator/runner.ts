/**
 * Runs a DataPipeline item's job on the local engine. The workspace's item definitions are laid out in memory as
 * Fabric's git layout (one `<item id>.<type>/` folder per item holding its decoded parts, and a `.platform` whose
 * metadata is the item's) and read by the Fabric loader, the same mapping as a local run of a workspace folder:
 * inline `datasetSettings`, connections by id (filled in from the emulator's connections), InvokePipeline by
 * logicalId or by item id (the folder name is the item id, which the loader records as an id of the pipeline),
 * variable libraries from VariableLibrary items. Activities the engine cannot run here (Fabric-only ones,
 * connections it cannot reach) fail with the engine's own message, as a local run does. The job instance and its
 * activity runs follow the engine's event stream; each child run an InvokePipeline starts becomes a job instance of
 * the child item, with its own activity runs.
 */
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { ActivityRun, PipelineRun, RunEvent, RunResult } from '../contracts';
import type { Factory } from '../model';
import { loadFabricWorkspace } from '../fabric';
import type { PipelineExecutor } from '../emulator';
import { decodeText } from '../text';
import { fabricTime, type FabricState, type StoredItem, type StoredJob } from './state';

export const PIPELINE_CONTENT = 'pipeline-content.json';
const PLATFORM = '.platform';

const partText = (payload: string): string => decodeText(Buffer.from(payload, 'base64')).replace(/^\uFEFF/, '');

/** The parsed pipeline-content.json of a DataPipeline item; throws a message naming the problem. */
function pipelineContent(item: StoredItem): { properties: Record<string, unknown> } {
  const part = item.parts.find((p) => p.path === PIPELINE_CONTENT);
  if (!part) throw new Error(`The item "${item.displayName}" has no ${PIPELINE_CONTENT} part in its definition.`);
  let json: unknown;
  try {
    json = JSON.parse(partText(part.payload));
  } catch (e) {
    throw new Error(`The ${PIPELINE_CONTENT} part of "${item.displayName}" is not valid JSON: ${(e as Error).message}`);
  }
  const props = (json as { properties?: unknown })?.properties;
  if (!props || typeof props !== 'object' || Array.isArray(props)) throw new Error(`The ${PIPELINE_CONTENT} part of "${item.displayName}" has no "properties" object.`);
  return { properties: props as Record<string, unknown> };
}

/**
 * The item's `.platform` as the loader reads it: the uploaded one (its `config`, e.g. the logicalId, kept) with the
 * item's own type and display name, which are the service's truth (an update without updateMetadata keeps them).
 */
function platformOf(item: StoredItem): Buffer {
  const part = item.parts.find((p) => p.path === PLATFORM);
  let doc: Record<string, any> = {};
  try {
    const parsed = part ? JSON.parse(partText(part.payload)) : undefined;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) doc = parsed;
  } catch {
    // An unreadable .platform gives way to the item's metadata.
  }
  const metadata = { ...(doc.metadata && typeof doc.metadata === 'object' ? doc.metadata : {}), type: item.type, displayName: item.displayName };
  return Buffer.from(JSON.stringify({ ...doc, metadata, config: doc.config && typeof doc.config === 'object' ? doc.config : { version: '2.0' } }), 'utf8');
}

/** A definition part's path as folder segments; undefined for one that would leave its item folder. */
function partSegments(p: string): string[] | undefined {
  const segs = p.split(/[\\/]/);
  return segs.some((s) => !s || s === '.' || s === '..') ? undefined : segs;
}

/** Options of a job's workspace: the connections of the emulator and the value set of the variable libraries. */
export interface WorkspaceRunOptions {
  connections?: Record<string, Record<string, unknown>>;
  valueSet?: string;
}

/** The items' definitions as Fabric's git layout under `root`, in memory (see the module comment). */
function itemFiles(root: string, items: StoredItem[]): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  for (const item of items) {
    const dir = path.join(root, `${item.id}.${item.type}`);
    for (const part of item.parts) {
      const segs = part.path === PLATFORM ? undefined : partSegments(part.path);
      if (segs) files.set(path.join(dir, ...segs), Buffer.from(part.payload, 'base64'));
    }
    files.set(path.join(dir, PLATFORM), platformOf(item));
  }
  return files;
}

const emulatorRoot = (workspaceId: string) => path.resolve(path.sep, 'fabric-emulator', workspaceId);

/** The workspace's items as a factory, through the Fabric loader (see the module comment), named by the workspace. */
async function workspaceFactory(state: FabricState, workspaceId: string, valueSet: string | undefined): Promise<Factory> {
  const root = emulatorRoot(workspaceId);
  const items = state.itemsOf(workspaceId);
  const activeValueSets = new Map(items.filter((i) => i.type === 'VariableLibrary' && i.activeValueSetName).map((i) => [i.displayName.toLowerCase(), i.activeValueSetName!]));
  const factory = await loadFabricWorkspace(root, { files: itemFiles(root, items), valueSet, activeValueSets });
  factory.name = state.workspaces.get(workspaceId)?.displayName ?? workspaceId;
  return factory;
}

/** The value sets of a VariableLibrary item's definition, as the Fabric loader reads them. */
export async function valueSetNames(item: StoredItem): Promise<string[]> {
  const root = emulatorRoot(item.workspaceId);
  const factory = await loadFabricWorkspace(root, { files: itemFiles(root, [item]) });
  return factory.fabric?.libraries[0]?.valueSets.map((v) => v.name) ?? [];
}

/** A job's end from its pipeline run: status and, when it failed, the failure reason. */
function finishJob(job: StoredJob, run: PipelineRun, activityRuns: ActivityRun[], aborted: boolean): void {
  job.endTimeUtc = fabricTime(run.runEnd ? new Date(run.runEnd) : new Date());
  job.startTimeUtc ??= job.endTimeUtc;
  if (aborted || run.status === 'Cancelled') {
    job.status = 'Cancelled';
  } else if (run.status === 'Succeeded') {
    job.status = 'Completed';
  } else {
    job.status = 'Failed';
    const failed = activityRuns.find((a) => a.status === 'Failed' && a.error);
    job.failureReason = { requestId: job.rootActivityId, errorCode: failed?.error?.errorCode || 'PipelineRunFailed', message: run.message || failed?.error?.message || 'The pipeline run failed.' };
  }
  job.lastUpdated = new Date().toISOString();
}

export class JobRunner {
  private readonly controllers = new Map<string, AbortController>();
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly state: FabricState,
    private readonly getExecutor: () => Promise<PipelineExecutor>,
    private readonly options: WorkspaceRunOptions = {},
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
    /** Job instances of the child runs InvokePipeline (or ExecutePipeline) started, by run id. */
    const children = new Map<string, StoredJob>();
    const itemsByName = new Map(this.state.itemsOf(item.workspaceId).filter((i) => i.type === 'DataPipeline').map((i) => [i.displayName.toLowerCase(), i]));
    const touch = (j: StoredJob) => (j.lastUpdated = new Date().toISOString());
    const fix = (a: ActivityRun): ActivityRun => ({ ...a, pipelineRunId: job.id });
    const upsert = (j: StoredJob, a: ActivityRun) => {
      const i = j.activityRuns.findIndex((x) => x.activityRunId === a.activityRunId);
      if (i >= 0) j.activityRuns[i] = a;
      else j.activityRuns.push(a);
      touch(j);
    };
    const onEvent = (e: RunEvent) => {
      if (e.type === 'runStarted') {
        if (topRunId === undefined) {
          topRunId = e.run.runId;
          job.status = 'InProgress';
          job.startTimeUtc = fabricTime(new Date(e.run.runStart ?? Date.now()));
          touch(job);
          return;
        }
        const childItem = itemsByName.get(e.run.pipelineName.toLowerCase());
        if (!childItem) return;
        const child: StoredJob = {
          id: e.run.runId,
          workspaceId: item.workspaceId,
          itemId: childItem.id,
          jobType: 'Pipeline',
          invokeType: 'Manual',
          status: 'InProgress',
          rootActivityId: job.rootActivityId,
          startTimeUtc: fabricTime(new Date(e.run.runStart ?? Date.now())),
          endTimeUtc: null,
          failureReason: null,
          parameters: e.run.parameters ?? {},
          lastUpdated: new Date().toISOString(),
          activityRuns: [],
          parentJobId: job.id,
        };
        children.set(child.id, child);
        this.state.jobs.set(child.id, child);
      } else if (e.type === 'activityStarted' || e.type === 'activityFinished') {
        const runId = e.activityRun.pipelineRunId;
        if (runId === topRunId) upsert(job, fix(e.activityRun));
        else if (children.has(runId)) upsert(children.get(runId)!, e.activityRun);
      } else if (e.type === 'runFinished') {
        const child = children.get(e.run.runId);
        if (!child) return;
        child.activityRuns = e.activityRuns.filter((a) => a.pipelineRunId === e.run.runId);
        finishJob(child, e.run, child.activityRuns, false);
        void this.state.persist();
      }
    };
    let result: RunResult | undefined;
    let failure: string | undefined;
    try {
      pipelineContent(item); // a definition that cannot run fails the job with a message naming the part
      const executor = await this.getExecutor();
      result = await executor({
        factory: await workspaceFactory(this.state, item.workspaceId, this.options.valueSet),
        pipelineName: item.displayName,
        parameters: job.parameters,
        connections: this.options.connections ?? {},
        signal,
        onEvent,
        invokedBy: { name: 'Manual', id: job.rootActivityId.replace(/-/g, ''), invokedByType: 'Manual' },
        pipelineContext: { DataFactory: item.workspaceId, RunId: job.id, GroupId: job.id, TriggerType: 'Manual', TriggerName: 'Manual', TriggerId: job.rootActivityId },
      });
    } catch (e) {
      failure = (e as Error)?.message ?? String(e);
    }
    const end = new Date();
    if (result) {
      job.activityRuns = result.activityRuns.filter((a) => a.pipelineRunId === result!.pipelineRun.runId).map(fix);
      finishJob(job, { ...result.pipelineRun, runEnd: end.toISOString() }, job.activityRuns, signal.aborted);
    } else {
      job.startTimeUtc ??= fabricTime(end);
      job.endTimeUtc = fabricTime(end);
      if (signal.aborted) {
        job.status = 'Cancelled';
      } else {
        job.status = 'Failed';
        job.failureReason = { requestId: job.rootActivityId, errorCode: 'InvalidPipelineDefinition', message: `The pipeline could not start: ${failure}` };
      }
    }
    // A child the engine did not finish (the parent was stopped first) ends with its parent.
    for (const child of children.values()) {
      if (child.status !== 'InProgress') continue;
      child.status = job.status === 'Failed' ? 'Failed' : 'Cancelled';
      child.endTimeUtc = job.endTimeUtc;
      if (child.status === 'Failed') child.failureReason = { requestId: job.rootActivityId, errorCode: 'ParentJobFailed', message: 'The pipeline run that invoked this one ended before it.' };
      touch(child);
    }
    touch(job);
    await this.state.persist();
  }
}
