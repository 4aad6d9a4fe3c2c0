/**
 * The engine options of a run the run manager starts: what the caller asked for (pipeline, parameters, rerun,
 * trigger context) plus what the manager provides (connections, store, events, cancellation). Pure, no `vscode`.
 */
import type { StartRunOptions } from '../api';
import type { LocalRunOptions } from '../engineModules';

/** What the run manager supplies to every run. */
export type ManagedRunParts = Required<Pick<LocalRunOptions, 'connections' | 'signal' | 'onEvent' | 'workDir'>> & Pick<LocalRunOptions, 'store'>;

/** Engine options for a StartRunOptions request; the trigger context is passed only when given. */
export function engineRunOptions(opts: StartRunOptions, parts: ManagedRunParts): LocalRunOptions {
  const out: LocalRunOptions = {
    factory: opts.factory,
    pipelineName: opts.pipelineName,
    parameters: opts.parameters,
    ...parts,
    rerunOf: opts.rerunOf,
    startFromFailed: opts.startFromFailed,
  };
  if (opts.invokedBy) out.invokedBy = opts.invokedBy;
  if (opts.pipelineContext) out.pipelineContext = opts.pipelineContext;
  if (opts.trigger) out.trigger = opts.trigger;
  if (opts.triggerBody) out.triggerBody = opts.triggerBody;
  return out;
}

/** Aborts `controller` when `outer` aborts (at once if it already has); returns the unlink function. */
export function linkAbort(outer: AbortSignal | undefined, controller: AbortController): () => void {
  if (!outer) return () => undefined;
  if (outer.aborted) {
    controller.abort(outer.reason);
    return () => undefined;
  }
  const onAbort = () => controller.abort(outer.reason);
  outer.addEventListener('abort', onAbort, { once: true });
  return () => outer.removeEventListener('abort', onAbort);
}

/** A short description of who starts a run, for the progress title and the log ("", or " by trigger X"). */
export function startedBy(opts: StartRunOptions): string {
  const by = opts.invokedBy;
  if (!by || by.invokedByType === 'Manual') return '';
  return ` by ${by.invokedByType === 'PipelineActivity' ? 'pipeline' : 'trigger'} ${by.name}`;
}
