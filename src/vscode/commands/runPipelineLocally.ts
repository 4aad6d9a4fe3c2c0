import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import type { AdfCommand } from './command';
import { resolveResource } from './targets';

/** Data Factory: Run Pipeline Locally… — runs with default parameter values. */
const command: AdfCommand = {
  id: COMMANDS.runPipelineLocally,
  async run(services, arg) {
    if (!services.requireTrust('Running pipelines')) return undefined;
    const t = await resolveResource(services, 'pipeline', arg, 'Select a pipeline to run locally');
    if (!t) return undefined;
    try {
      return await services.runs.startLocal({ factory: t.factory, pipelineName: t.resource.name });
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Cannot run {0}: {1}', t.resource.name, (e as Error).message));
      return undefined;
    }
  },
};
export default command;
