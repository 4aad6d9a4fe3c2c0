/**
 * Runs that triggers start in VS Code go through the run manager like any other local run (progress, status
 * bar, log, monitor, Runs view, run store): this adapts the trigger engine's runner to `startLocal`. Pure.
 */
import type { PipelineRunner } from '../../engine/triggers';
import type { RunResult } from '../../engine/contracts/types';
import type { StartRunOptions } from '../api';

/** How the runs of one trigger command are presented. */
export interface TriggeredRunPresentation {
  /** Open the monitor on each run as it starts (firing one trigger: yes; backfill and watching: no). */
  reveal?: boolean;
  /** Completion message per run (default true). */
  notify?: boolean;
  /** Cancels every run started through this runner. */
  signal?: AbortSignal;
}

/** A PipelineRunner for fireTrigger/backfill/BlobEventWatcher that starts each run with `start` (RunManager.startLocal). */
export function triggeredRunner(start: (opts: StartRunOptions) => Promise<RunResult>, presentation: TriggeredRunPresentation = {}): PipelineRunner {
  return (o) =>
    start({
      factory: o.factory,
      pipelineName: o.pipelineName,
      parameters: o.parameters,
      invokedBy: o.invokedBy,
      pipelineContext: o.pipelineContext,
      trigger: o.trigger,
      ...(o.triggerBody ? { triggerBody: o.triggerBody } : {}),
      ...(presentation.reveal !== undefined ? { reveal: presentation.reveal } : {}),
      ...(presentation.notify !== undefined ? { notify: presentation.notify } : {}),
      ...(presentation.signal ? { signal: presentation.signal } : {}),
    });
}
