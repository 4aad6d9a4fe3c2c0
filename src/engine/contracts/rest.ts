/**
 * Run records as the Data Factory REST API (2018-06-01) returns them, and back. The engine's records keep
 * `error: null` for an activity that did not fail (what `activity('X').error` gives); the REST API's example
 * responses (PipelineRuns_Get, PipelineRuns_QueryByFactory, ActivityRuns_QueryByPipelineRun) carry an error object
 * of empty strings naming the activity, `linkedServiceName: ""`, `userProperties: {}`, `retryAttempt: null` and
 * `annotations: []`. The emulator serves this shape; records read from a remote factory are turned back.
 */
import type { ActivityRun, PipelineRun } from './types';

type Rest<T> = Omit<T, `adfw:${string}`>;
export type RestPipelineRun = Rest<PipelineRun> & { annotations: unknown[]; runDimensions: Record<string, string> };
export type RestActivityRun = Rest<ActivityRun> & { error: NonNullable<ActivityRun['error']>; linkedServiceName: string; userProperties: Record<string, string>; retryAttempt: number | null };

function withoutExtensions<T extends object>(o: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([k]) => !k.startsWith('adfw:')));
}

/** A pipeline run in the REST shape. */
export function toRestPipelineRun(r: PipelineRun): RestPipelineRun {
  const out = withoutExtensions(r);
  out.annotations ??= [];
  out.runDimensions ??= {};
  return out as RestPipelineRun;
}

/** An activity run in the REST shape. */
export function toRestActivityRun(a: ActivityRun): RestActivityRun {
  const out = withoutExtensions(a);
  out.error = a.error ?? { errorCode: '', message: '', failureType: '', target: a.activityName };
  out.linkedServiceName ??= '';
  out.userProperties ??= {};
  out.retryAttempt ??= null;
  return out as RestActivityRun;
}

/** An activity run read from the REST API: the empty error object of a run that did not fail becomes null. */
export function fromRestActivityRun(a: ActivityRun): ActivityRun {
  const e = a.error as Partial<ActivityRun['error'] & object> | null | undefined;
  if (e && !e.errorCode && !e.message && !e.failureType) return { ...a, error: null };
  return a;
}
