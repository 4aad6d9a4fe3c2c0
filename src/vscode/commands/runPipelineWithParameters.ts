import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import type { AdfCommand } from './command';
import { resolveResource } from './targets';
import { promptParameters } from './parameterPrompt';

/** Data Factory: Run Pipeline Locally with Parameters… */
const command: AdfCommand = {
  id: COMMANDS.runPipelineWithParameters,
  async run(services, arg) {
    if (!services.requireTrust('Running pipelines')) return undefined;
    const t = await resolveResource(services, 'pipeline', arg, 'Select a pipeline to run locally');
    if (!t) return undefined;
    const parameters = await promptParameters(t.resource.name, t.resource.properties.parameters, 'locally');
    if (!parameters) return undefined;
    try {
      return await services.runs.startLocal({ factory: t.factory, pipelineName: t.resource.name, parameters });
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Cannot run {0}: {1}', t.resource.name, (e as Error).message));
      return undefined;
    }
  },
};
export default command;
