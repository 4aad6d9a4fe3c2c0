/**
 * Remote pipeline runs: trigger (with rerun options), poll with backoff until a final status,
 * cancel (recursively), activity runs and history queries with continuation tokens.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { ActivityRun, PipelineRun, RunResult } from '../contracts';
import type { RemoteSession } from './session';
import { callOptions, type FactoryRef, type CallOptions } from './operations';
import { RemoteError, toRemoteError } from './errors';
import { fromRestActivityRun } from '../contracts';

export interface CreateRunOptions extends CallOptions {
  parameters?: Record<string, unknown>;
  referencePipelineRunId?: string;
  isRecovery?: boolean;
  startActivityName?: string;
  startFromFailure?: boolean;
}

const FINAL = new Set(['Succeeded', 'Failed', 'Cancelled']);

/** True for a final pipeline run status. */
export function isFinalStatus(status: string | undefined): boolean {
  return !!status && FINAL.has(status);
}

const where = (f: FactoryRef) => `factory ${f.factory} (resource group ${f.resourceGroup}, subscription ${f.subscriptionId})`;

/** Starts a pipeline run; returns its run id. */
export async function createRun(session: RemoteSession, f: FactoryRef, pipelineName: string, o: CreateRunOptions = {}): Promise<string> {
  try {
    const client = await session.dataFactory(f.subscriptionId);
    const r = await client.pipelines.createRun(f.resourceGroup, f.factory, pipelineName, {
      ...callOptions(session, o),
      parameters: o.parameters,
      referencePipelineRunId: o.referencePipelineRunId,
      isRecovery: o.isRecovery,
      startActivityName: o.startActivityName,
      startFromFailure: o.startFromFailure,
    });
    return r.runId;
  } catch (e) {
    throw toRemoteError(e, `Starting pipeline "${pipelineName}" in ${where(f)}`);
  }
}

/** A pipeline run in REST shape. */
export async function getRun(session: RemoteSession, f: FactoryRef, runId: string, o?: CallOptions): Promise<PipelineRun> {
  let raw: PipelineRun | undefined;
  try {
    const client = await session.dataFactory(f.subscriptionId);
    await client.pipelineRuns.get(f.resourceGroup, f.factory, runId, callOptions(session, o, (b) => (raw = b)));
  } catch (e) {
    throw toRemoteError(e, `Reading pipeline run ${runId} in ${where(f)}`);
  }
  return { ...raw!, 'adfw:origin': 'remote' };
}

/** Cancels a run (and the runs it started when `recursive`). */
export async function cancelRun(session: RemoteSession, f: FactoryRef, runId: string, recursive = true, o?: CallOptions): Promise<void> {
  try {
    const client = await session.dataFactory(f.subscriptionId);
    await client.pipelineRuns.cancel(f.resourceGroup, f.factory, runId, { ...callOptions(session, o), isRecursive: recursive });
  } catch (e) {
    throw toRemoteError(e, `Cancelling pipeline run ${runId} in ${where(f)}`);
  }
}

export interface RunQuery {
  lastUpdatedAfter: Date | string;
  lastUpdatedBefore: Date | string;
  filters?: { operand: string; operator: string; values: string[] }[];
  orderBy?: { orderBy: string; order: 'ASC' | 'DESC' }[];
  continuationToken?: string;
}

/** One page of pipeline runs; pass the returned continuationToken to get the next. */
export async function queryRuns(session: RemoteSession, f: FactoryRef, q: RunQuery, o?: CallOptions): Promise<{ value: PipelineRun[]; continuationToken?: string }> {
  let raw: any;
  try {
    const client = await session.dataFactory(f.subscriptionId);
    await client.pipelineRuns.queryByFactory(f.resourceGroup, f.factory, { ...q, lastUpdatedAfter: new Date(q.lastUpdatedAfter), lastUpdatedBefore: new Date(q.lastUpdatedBefore) } as any, callOptions(session, o, (b) => (raw = b)));
  } catch (e) {
    throw toRemoteError(e, `Querying pipeline runs of ${where(f)}`);
  }
  return { value: (raw?.value ?? []).map((r: PipelineRun) => ({ ...r, 'adfw:origin': 'remote' })), continuationToken: raw?.continuationToken ?? undefined };
}

/** Every page of a run query, up to `maxRuns`. */
export async function queryAllRuns(session: RemoteSession, f: FactoryRef, q: RunQuery, maxRuns = 10_000, o?: CallOptions): Promise<PipelineRun[]> {
  const out: PipelineRun[] = [];
  let token = q.continuationToken;
  do {
    const page = await queryRuns(session, f, { ...q, continuationToken: token }, o);
    out.push(...page.value);
    token = page.continuationToken;
  } while (token && out.length < maxRuns);
  return out.slice(0, maxRuns);
}

/** Reads runs of one factory with their activity runs (what recording a test from a run fetches, child runs included). */
export function runFetcher(session: RemoteSession, f: FactoryRef): (runId: string) => Promise<RunResult> {
  return async (runId) => {
    const pipelineRun = await getRun(session, f, runId);
    return { pipelineRun, activityRuns: await activityRuns(session, f, pipelineRun) };
  };
}

/** All activity runs of a pipeline run (all continuation pages), ordered by start. */
export async function activityRuns(session: RemoteSession, f: FactoryRef, run: Pick<PipelineRun, 'runId' | 'runStart' | 'lastUpdated'>, o?: CallOptions): Promise<ActivityRun[]> {
  const out: ActivityRun[] = [];
  const start = run.runStart ? new Date(Date.parse(run.runStart) - 60_000) : new Date(Date.now() - 24 * 3600_000);
  const end = new Date(Math.max(Date.now(), Date.parse(run.lastUpdated ?? '') || 0) + 60_000);
  let token: string | undefined;
  try {
    const client = await session.dataFactory(f.subscriptionId);
    do {
      let raw: any;
      await client.activityRuns.queryByPipelineRun(
        f.resourceGroup,
        f.factory,
        run.runId,
        { lastUpdatedAfter: start, lastUpdatedBefore: end, continuationToken: token, orderBy: [{ orderBy: 'ActivityRunStart', order: 'ASC' }] } as any,
        callOptions(session, o, (b) => (raw = b)),
      );
      out.push(...((raw?.value ?? []) as ActivityRun[]).map(fromRestActivityRun));
      token = raw?.continuationToken ?? undefined;
    } while (token);
  } catch (e) {
    throw toRemoteError(e, `Reading activity runs of pipeline run ${run.runId} in ${where(f)}`);
  }
  return out;
}

export interface WaitOptions extends CallOptions {
  /** First poll delay (ms, default 1000); doubles up to maxIntervalMs. */
  initialIntervalMs?: number;
  maxIntervalMs?: number;
  /** Give up after this long (ms, default 24 h); the run keeps going remotely. */
  timeoutMs?: number;
  /** Called after every poll with the current state. */
  onUpdate?: (r: RunResult) => void;
  /** Cancel the remote run when the signal aborts (default true). */
  cancelOnAbort?: boolean;
}


/**
 * Polls a run until it reaches a final status, with exponential backoff. Throttling and server
 * errors during polling are retried by the SDK; when the signal aborts, the remote run is cancelled
 * (recursively) and its final state is returned.
 */
export async function waitForRun(session: RemoteSession, f: FactoryRef, runId: string, o: WaitOptions = {}): Promise<RunResult> {
  const started = Date.now();
  let interval = o.initialIntervalMs ?? 1000;
  const maxInterval = o.maxIntervalMs ?? 15_000;
  const timeout = o.timeoutMs ?? 24 * 3600_000;
  let cancelled = false;
  for (;;) {
    let run: PipelineRun;
    let acts: ActivityRun[];
    try {
      run = await getRun(session, f, runId, cancelled ? {} : o);
      acts = await activityRuns(session, f, run, cancelled ? {} : o);
    } catch (e) {
      if (e instanceof RemoteError && e.kind === 'Cancelled' && !cancelled && o.cancelOnAbort !== false) {
        cancelled = true;
        await cancelRun(session, f, runId, true);
        continue;
      }
      throw e;
    }
    const result = { pipelineRun: run, activityRuns: acts };
    o.onUpdate?.(result);
    if (isFinalStatus(run.status)) return result;
    if (Date.now() - started > timeout) throw new RemoteError(`Pipeline run ${runId} is still ${run.status} after ${Math.round(timeout / 1000)} s; it keeps running in ${where(f)}. Check it later with its run id.`, 'Timeout');
    try {
      await delay(interval, undefined, { signal: cancelled ? undefined : o.signal });
    } catch {
      if (o.cancelOnAbort === false) throw new RemoteError(`Waiting for pipeline run ${runId}: cancelled.`, 'Cancelled');
      cancelled = true;
      await cancelRun(session, f, runId, true);
    }
    interval = Math.min(maxInterval, Math.round(interval * 2));
  }
}
