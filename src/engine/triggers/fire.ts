/**
 * Firing a trigger locally: builds the trigger context ADF gives the started pipelines (trigger(),
 * triggerBody(), pipeline().TriggerType/TriggerName/TriggerTime/TriggerId), evaluates each pipeline's
 * parameter bindings in it, and runs every target pipeline on the local engine.
 */
import { randomUUID } from 'node:crypto';
import { evaluateValue, ExpressionError, roundTripUtc, type ExprContext } from '../expr';
import { AdfError } from '../diagnostics';
import { findResource } from '../model';
import type { Factory } from '../model/types';
import type { RunOptions } from '../run';
import type { InvokedBy, RunResult } from '../contracts/types';
import { readTrigger, type TriggerDef, type TriggerPipeline } from './model';
import { tumblingWindows, windowIndexAt, windowAt, windowExists, type Window } from './tumbling';
import { isoUtc } from './timeZone';

/**
 * What the local engine needs to start a triggered run: the engine's own options (connections, mocks, store, seed,
 * now, onEvent, signal ... from FireOptions.runOptions), with the trigger's part always set.
 */
export type TriggeredRunOptions = Partial<RunOptions> &
  Pick<RunOptions, 'factory' | 'pipelineName' | 'triggerBody'> &
  Required<Pick<RunOptions, 'parameters' | 'invokedBy' | 'pipelineContext' | 'trigger'>>;
export type PipelineRunner = (opts: TriggeredRunOptions) => Promise<RunResult>;

/** The local engine's runPipeline, loaded on first use. */
export async function engineRunner(): Promise<PipelineRunner> {
  const { runPipeline } = await import('../run');
  return (opts) => runPipeline(opts);
}

export interface FireOptions {
  /** Scheduled time (ISO); default now. For a tumbling trigger: the last window due at this time. */
  at?: string;
  /** Tumbling window to run (instead of deriving it from `at`). */
  window?: Window;
  /** Event payload for BlobEventsTrigger / CustomEventsTrigger (triggerBody()). */
  triggerBody?: Record<string, unknown>;
  /** Extra options passed to the engine for every run (connections, mocks, store, dataServices, seed, now, onEvent, signal...). */
  runOptions?: Partial<RunOptions>;
  /** Engine entry point (default: the local engine). */
  runner?: PipelineRunner;
  /** Trigger run id (default: a new GUID). */
  triggerRunId?: string;
}

export interface FiredRun {
  trigger: string;
  pipelineName: string;
  parameters: Record<string, unknown>;
  result?: RunResult;
  /** Set when the run could not start (bad binding, missing pipeline); ADF's error shape. */
  error?: { errorCode: string; message: string; failureType: string };
}

/** The trigger's view of one firing, as the expression language sees it. */
export interface TriggerContext {
  trigger: NonNullable<ExprContext['trigger']>;
  triggerBody?: Record<string, unknown>;
  pipeline: NonNullable<ExprContext['pipeline']>;
  invokedBy: InvokedBy;
}

/** Builds trigger(), triggerBody() and the pipeline() trigger fields for one firing. */
export function triggerContext(def: TriggerDef, opts: { scheduledTime: string; startTime?: string; window?: Window; triggerBody?: Record<string, unknown>; triggerRunId?: string }): TriggerContext {
  const runId = opts.triggerRunId ?? randomUUID();
  // The time the trigger actually fired: ADF writes it with seven fraction digits ("2017-06-01T22:20:00.4061448Z");
  // scheduled and window times keep the plain form ("2017-06-01T22:20:00Z").
  const startTime = roundTripUtc(Date.parse(opts.startTime ?? opts.scheduledTime));
  const type = def.type === 'Other' ? def.rawType : def.type;
  const trigger: TriggerContext['trigger'] = { startTime };
  if (def.type === 'ScheduleTrigger' || def.type === 'TumblingWindowTrigger') trigger.scheduledTime = opts.scheduledTime;
  // Event triggers also expose the event as trigger().outputs.body (the form Synapse requires; ADF accepts both).
  if ((def.type === 'BlobEventsTrigger' || def.type === 'CustomEventsTrigger') && opts.triggerBody) trigger.outputs = { body: opts.triggerBody };
  if (def.type === 'TumblingWindowTrigger' && opts.window) {
    trigger.outputs = { windowStartTime: isoUtc(opts.window.start), windowEndTime: isoUtc(opts.window.end) };
  }
  const pipeline: TriggerContext['pipeline'] = { TriggerType: type, TriggerName: def.name, TriggerTime: startTime, TriggerId: runId };
  return { trigger, triggerBody: opts.triggerBody, pipeline, invokedBy: { name: def.name, id: runId, invokedByType: type } };
}

/** Evaluates one pipeline reference's parameter bindings in a trigger context; throws AdfError with the parameter name. */
export function bindParameters(p: TriggerPipeline, ctx: TriggerContext, triggerName: string): Record<string, unknown> {
  const exprCtx: ExprContext = { trigger: ctx.trigger, triggerBody: ctx.triggerBody, pipeline: ctx.pipeline, now: ctx.trigger.startTime };
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(p.parameters)) {
    try {
      out[name] = evaluateValue(value, exprCtx);
    } catch (e) {
      const msg = e instanceof ExpressionError ? e.message : (e as Error).message;
      throw new AdfError(`Trigger "${triggerName}": the value of parameter "${name}" for pipeline "${p.pipelineName}" cannot be evaluated: ${msg}`, 'BadRequest');
    }
  }
  return out;
}

/** Finds a trigger by name and reads it; throws AdfError naming the factory when it does not exist. */
export function getTrigger(factory: Factory, name: string): TriggerDef {
  const r = findResource(factory, 'trigger', name);
  if (!r) {
    const names = [...factory.resources.trigger.keys()];
    throw new AdfError(`Trigger "${name}" not found in ${factory.root}.${names.length ? ` Triggers: ${names.join(', ')}.` : ' The factory has no triggers.'}`, 'TriggerNotFound');
  }
  return readTrigger(r);
}

/** The tumbling window due at `at`: the last window whose end + delay is at or before it. */
export function windowDueAt(def: TriggerDef, at: string): Window {
  if (def.type !== 'TumblingWindowTrigger' || !def.tumbling) throw new AdfError(`Trigger "${def.name}" is not a valid TumblingWindowTrigger.`, 'BadRequest');
  const tw = def.tumbling;
  const atMs = Date.parse(at);
  let k = windowIndexAt(tw, atMs - tw.delayMs) - 1;
  while (windowExists(tw, k + 1) && windowAt(tw, k + 1).end + tw.delayMs <= atMs) k++;
  while (k >= 0 && !windowExists(tw, k)) k--;
  if (k < 0) {
    const first = tumblingWindows(tw, { count: 1 })[0];
    throw new AdfError(`No window of trigger "${def.name}" is due at ${at}; the first window ${first ? `[${isoUtc(first.start)}, ${isoUtc(first.end)}) is due at ${isoUtc(first.end + tw.delayMs)}` : 'does not exist'}.`, 'BadRequest');
  }
  return windowAt(tw, k);
}

/**
 * Fires a trigger once: runs each of its pipelines (in order, as ADF starts them independently) with the
 * trigger's parameter bindings. A binding or reference problem fails that pipeline's firing, not the others.
 */
export async function fireTrigger(factory: Factory, triggerName: string, opts: FireOptions = {}): Promise<FiredRun[]> {
  const def = getTrigger(factory, triggerName);
  const at = opts.at ?? new Date().toISOString();
  if (Number.isNaN(Date.parse(at))) throw new AdfError(`Invalid time "${at}": use ISO 8601 such as 2024-01-01T06:00:00Z.`, 'BadRequest');
  let window = opts.window;
  let scheduledTime = isoUtc(Date.parse(at));
  if (def.type === 'TumblingWindowTrigger') {
    window = window ?? windowDueAt(def, at);
    scheduledTime = isoUtc(window.end + (def.tumbling?.delayMs ?? 0));
  }
  if ((def.type === 'BlobEventsTrigger' || def.type === 'CustomEventsTrigger') && !opts.triggerBody) {
    throw new AdfError(`Trigger "${def.name}" is an event trigger: give the event (triggerBody), e.g. folderPath and fileName for a blob event.`, 'BadRequest');
  }
  const ctx = triggerContext(def, { scheduledTime, startTime: opts.at ? scheduledTime : undefined, window, triggerBody: opts.triggerBody, triggerRunId: opts.triggerRunId });
  const runner = opts.runner ?? (await engineRunner());
  const out: FiredRun[] = [];
  for (const p of def.pipelines) {
    const fired: FiredRun = { trigger: def.name, pipelineName: p.pipelineName, parameters: {} };
    out.push(fired);
    try {
      if (!findResource(factory, 'pipeline', p.pipelineName)) throw new AdfError(`Pipeline "${p.pipelineName}" referenced by trigger "${def.name}" does not exist.`, 'PipelineNotFound');
      fired.parameters = bindParameters(p, ctx, def.name);
      fired.result = await runner({
        ...(opts.runOptions ?? {}),
        factory,
        pipelineName: p.pipelineName,
        parameters: fired.parameters,
        invokedBy: ctx.invokedBy,
        pipelineContext: ctx.pipeline,
        trigger: ctx.trigger,
        triggerBody: ctx.triggerBody,
      });
    } catch (e) {
      const err = e as AdfError;
      fired.error = { errorCode: err.errorCode ?? 'InternalError', message: err.message, failureType: err.failureType ?? 'SystemError' };
    }
  }
  return out;
}
