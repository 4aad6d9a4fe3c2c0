/** Reruns a recorded run (all activities, or from the failed one) in the factory it came from. */
import * as vscode from 'vscode';
import type { AdfServices } from '../api';
import { resolveRunId } from './targets';

export async function rerun(services: AdfServices, arg: unknown, fromFailed: boolean): Promise<unknown> {
  if (!services.requireTrust('Rerunning pipelines')) return undefined;
  const id = await resolveRunId(services, arg, fromFailed ? (s) => s === 'Failed' || s === 'Cancelled' : (s) => s !== 'InProgress' && s !== 'Queued');
  if (!id) return undefined;
  const prev = await services.runs.get(id);
  if (!prev) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Run {0} was not found in any run store.', id));
    return undefined;
  }
  const root = prev.pipelineRun['adfw:factory'];
  const factory = services.index.factories().find((f) => f.root === root) ?? services.index.factories().find((f) => f.resources.pipeline.has(prev.pipelineRun.pipelineName));
  if (!factory || prev.pipelineRun['adfw:origin'] === 'remote') {
    void vscode.window.showErrorMessage(vscode.l10n.t('Run {0} is not a local run of a factory in this workspace.', id));
    return undefined;
  }
  if (fromFailed && prev.pipelineRun.status !== 'Failed' && prev.pipelineRun.status !== 'Cancelled') {
    void vscode.window.showWarningMessage(vscode.l10n.t('Run {0} did not fail: nothing to rerun from.', id));
    return undefined;
  }
  try {
    return await services.runs.startLocal({ factory, pipelineName: prev.pipelineRun.pipelineName, rerunOf: prev, startFromFailed: fromFailed });
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Cannot rerun {0}: {1}', prev.pipelineRun.pipelineName, (e as Error).message));
    return undefined;
  }
}
