/**
 * What the CLI and the extension do with a Fabric workspace: list workspaces and DataPipeline items, resolve them
 * by id or display name, run a pipeline on demand (Job Scheduler, jobType=Pipeline, executionData.parameters),
 * poll its job instance to the end, cancel it, read its activity runs (queryactivityruns). Job instances are
 * returned as the engine's run records (ADF's pipeline run shape), so the monitor and `--json` treat Fabric runs
 * like ADF ones.
 */
import type { ActivityRun, PipelineRun, PipelineRunStatus } from '../contracts';
import { fromRestActivityRun } from '../contracts';
import { FabricError, fabricTimeToIso, type FabricClient } from './client';

export interface FabricWorkspace {
  id: string;
  displayName: string;
  description?: string;
  type?: string;
  capacityId?: string;
}

export interface FabricItem {
  id: string;
  type: string;
  displayName: string;
  description?: string;
  workspaceId: string;
}

export type FabricJobStatus = 'NotStarted' | 'InProgress' | 'Completed' | 'Failed' | 'Cancelled' | 'Deduped';

export interface FabricJobInstance {
  id: string;
  itemId: string;
  jobType: string;
  invokeType: string;
  status: FabricJobStatus;
  rootActivityId?: string;
  startTimeUtc?: string | null;
  endTimeUtc?: string | null;
  failureReason?: { requestId?: string; errorCode?: string; message?: string } | null;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TERMINAL = new Set<FabricJobStatus>(['Completed', 'Failed', 'Cancelled', 'Deduped']);

export function isTerminalJob(status: string): boolean {
  return TERMINAL.has(status as FabricJobStatus);
}

export function listWorkspaces(client: FabricClient): Promise<FabricWorkspace[]> {
  return client.list<FabricWorkspace>('/v1/workspaces', 'List Fabric workspaces');
}

/** A workspace by id or display name (case-insensitive); the error lists what exists. */
export async function resolveWorkspace(client: FabricClient, idOrName: string): Promise<FabricWorkspace> {
  const all = await listWorkspaces(client);
  const hit = all.find((w) => w.id.toLowerCase() === idOrName.toLowerCase()) ?? all.filter((w) => w.displayName.toLowerCase() === idOrName.toLowerCase());
  if (!Array.isArray(hit)) return hit;
  if (hit.length === 1) return hit[0];
  if (hit.length > 1) throw new FabricError(`Several workspaces are named "${idOrName}" (${hit.map((w) => w.id).join(', ')}); pass the workspace id instead.`, 'BadRequest');
  const names = all.map((w) => w.displayName).slice(0, 20);
  throw new FabricError(`No workspace "${idOrName}" is visible to the signed-in identity.${names.length ? ` Workspaces: ${names.join(', ')}.` : ' It sees no workspace at all.'}`, 'NotFound');
}

export function listItems(client: FabricClient, workspaceId: string, type?: string): Promise<FabricItem[]> {
  return client.list<FabricItem>(`/v1/workspaces/${encodeURIComponent(workspaceId)}/items${type ? `?type=${encodeURIComponent(type)}` : ''}`, `List the ${type ?? ''} items of workspace ${workspaceId}`.replace('  ', ' '));
}

export function listPipelines(client: FabricClient, workspaceId: string): Promise<FabricItem[]> {
  return listItems(client, workspaceId, 'DataPipeline');
}

/** A DataPipeline item by id or display name. */
export async function resolvePipeline(client: FabricClient, workspace: FabricWorkspace, idOrName: string): Promise<FabricItem> {
  const all = await listPipelines(client, workspace.id);
  const hit = all.find((i) => i.id.toLowerCase() === idOrName.toLowerCase()) ?? all.find((i) => i.displayName.toLowerCase() === idOrName.toLowerCase());
  if (hit) return hit;
  const names = all.map((i) => i.displayName).slice(0, 20);
  throw new FabricError(`No pipeline "${idOrName}" in the workspace "${workspace.displayName}".${names.length ? ` Pipelines: ${names.join(', ')}.` : ' The workspace holds no pipeline.'}`, 'NotFound');
}

/** Starts a pipeline job; returns the job instance id (from the Location header) and the wait the service asked for. */
export async function runPipeline(client: FabricClient, workspaceId: string, itemId: string, parameters: Record<string, unknown>): Promise<{ jobInstanceId: string; location: string; headers: Record<string, string> }> {
  const what = `Run pipeline ${itemId}`;
  const r = await client.request('POST', `/v1/workspaces/${encodeURIComponent(workspaceId)}/items/${encodeURIComponent(itemId)}/jobs/instances?jobType=Pipeline`, { executionData: { parameters } }, what, true);
  const location = r.headers.location;
  const id = location ? /\/jobs\/instances\/([^/?#]+)/i.exec(new URL(location, client.origin).pathname)?.[1] : undefined;
  if (!location || !id) throw new FabricError(`${what}: the service accepted the run (${r.status}) without a Location naming the job instance.`, 'Unknown');
  return { jobInstanceId: decodeURIComponent(id), location, headers: r.headers };
}

export async function getJobInstance(client: FabricClient, workspaceId: string, itemId: string, jobInstanceId: string): Promise<FabricJobInstance> {
  return (await client.request('GET', `/v1/workspaces/${encodeURIComponent(workspaceId)}/items/${encodeURIComponent(itemId)}/jobs/instances/${encodeURIComponent(jobInstanceId)}`, undefined, `Get job instance ${jobInstanceId}`)).body as FabricJobInstance;
}

export function listJobInstances(client: FabricClient, workspaceId: string, itemId: string): Promise<FabricJobInstance[]> {
  return client.list<FabricJobInstance>(`/v1/workspaces/${encodeURIComponent(workspaceId)}/items/${encodeURIComponent(itemId)}/jobs/instances`, `List the runs of pipeline ${itemId}`);
}

/**
 * Polls a job instance until it ends, waiting what Retry-After asked (the run request's answer gives it; later
 * polls keep the last one asked). `onPoll` sees every state read.
 */
export async function waitForJob(client: FabricClient, workspaceId: string, itemId: string, jobInstanceId: string, firstHeaders: Record<string, string>, onPoll?: (job: FabricJobInstance) => void): Promise<FabricJobInstance> {
  let headers = firstHeaders;
  for (;;) {
    await client.waitAsked(headers);
    const job = await getJobInstance(client, workspaceId, itemId, jobInstanceId);
    onPoll?.(job);
    if (isTerminalJob(job.status)) return job;
    if (!headers['retry-after']) headers = { ...headers, 'retry-after': '1' };
  }
}

/** Asks the service to cancel a job instance (202). */
export async function cancelJob(client: FabricClient, workspaceId: string, itemId: string, jobInstanceId: string): Promise<void> {
  await client.request('POST', `/v1/workspaces/${encodeURIComponent(workspaceId)}/items/${encodeURIComponent(itemId)}/jobs/instances/${encodeURIComponent(jobInstanceId)}/cancel`, undefined, `Cancel job instance ${jobInstanceId}`);
}

/** The pipeline of a run id: the workspace's DataPipeline items are searched for the job instance. */
export async function findJob(client: FabricClient, workspace: FabricWorkspace, jobInstanceId: string): Promise<{ item: FabricItem; job: FabricJobInstance }> {
  if (!GUID.test(jobInstanceId)) throw new FabricError(`"${jobInstanceId}" is not a run id: Fabric job instance ids are GUIDs (as \`adfw fabric run --no-wait\` prints).`, 'BadRequest');
  for (const item of await listPipelines(client, workspace.id)) {
    try {
      return { item, job: await getJobInstance(client, workspace.id, item.id, jobInstanceId) };
    } catch (e) {
      if (e instanceof FabricError && e.kind === 'NotFound') continue;
      throw e;
    }
  }
  throw new FabricError(`No run ${jobInstanceId} among the pipelines of the workspace "${workspace.displayName}".`, 'NotFound');
}

/** Every activity run of a pipeline run (queryactivityruns, all pages), as engine records (empty errors → null). */
export async function queryActivityRuns(client: FabricClient, workspaceId: string, jobInstanceId: string, since?: string): Promise<ActivityRun[]> {
  const out: ActivityRun[] = [];
  const after = new Date(Date.parse(since ?? '') - 86_400_000 || Date.now() - 30 * 86_400_000).toISOString();
  let continuationToken: string | undefined;
  for (let pages = 0; pages < 10_000; pages++) {
    const body = { filters: [], orderBy: [{ orderBy: 'ActivityRunStart', order: 'ASC' }], lastUpdatedAfter: after, lastUpdatedBefore: new Date(Date.now() + 86_400_000).toISOString(), ...(continuationToken ? { continuationToken } : {}) };
    const r = await client.request('POST', `/v1/workspaces/${encodeURIComponent(workspaceId)}/datapipelines/pipelineruns/${encodeURIComponent(jobInstanceId)}/queryactivityruns`, body, `Query the activity runs of run ${jobInstanceId}`);
    const value: ActivityRun[] = Array.isArray(r.body) ? r.body : (r.body?.value ?? []);
    out.push(...value.map(fromRestActivityRun));
    continuationToken = Array.isArray(r.body) ? undefined : (r.body?.continuationToken ?? undefined);
    if (!continuationToken) break;
  }
  return out;
}

const STATUS: Record<FabricJobStatus, PipelineRunStatus> = { NotStarted: 'Queued', InProgress: 'InProgress', Completed: 'Succeeded', Failed: 'Failed', Cancelled: 'Cancelled', Deduped: 'Cancelled' };

/** A job instance as a pipeline run record (ADF's shape): Completed → Succeeded, NotStarted → Queued, Deduped → Cancelled. */
export function jobToPipelineRun(job: FabricJobInstance, pipelineName: string, parameters: Record<string, unknown>, workspaceId: string): PipelineRun {
  const runStart = fabricTimeToIso(job.startTimeUtc);
  const runEnd = fabricTimeToIso(job.endTimeUtc);
  const status = STATUS[job.status] ?? 'InProgress';
  const message = job.status === 'Deduped' ? 'Deduped: another run of this pipeline was already in progress.' : (job.failureReason?.message ?? '');
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(parameters)) params[k] = typeof v === 'string' ? v : JSON.stringify(v);
  const run: PipelineRun = {
    runId: job.id,
    runGroupId: job.id,
    isLatest: true,
    pipelineName,
    parameters: params,
    invokedBy: { name: job.invokeType || 'Manual', id: job.rootActivityId ?? job.id, invokedByType: job.invokeType || 'Manual' },
    lastUpdated: runEnd ?? runStart ?? new Date().toISOString(),
    status,
    message,
    'adfw:origin': 'remote',
    'adfw:factory': workspaceId,
  };
  if (runStart) run.runStart = runStart;
  if (runEnd) run.runEnd = runEnd;
  if (runStart && runEnd) run.durationInMs = Math.max(0, Date.parse(runEnd) - Date.parse(runStart));
  return run;
}
