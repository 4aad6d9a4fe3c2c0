import * as vscode from 'vscode';
import { COMMANDS, REMOTE_COMMANDS } from '../constants';
import type { AdfCommand } from './command';
import { resolveResource } from './targets';
import { delegate } from './delegate';

/** Data Factory: Run Pipeline in Azure… — handled by the remote factories feature. */
const command: AdfCommand = {
  id: COMMANDS.runPipelineInAzure,
  async run(services, arg) {
    if (!services.requireTrust('Running pipelines in Azure')) return undefined;
    const t = await resolveResource(services, 'pipeline', arg, 'Select a pipeline to run in Azure');
    if (!t) return undefined;
    return delegate(REMOTE_COMMANDS.runPipeline, vscode.l10n.t('Running in Azure needs a connected factory: use "Data Factory: Sign in to Azure" and add a remote factory.'), t.factory, t.resource.name);
  },
};
export default command;
