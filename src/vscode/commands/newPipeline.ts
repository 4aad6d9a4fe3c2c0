import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import { PIPELINE_TEMPLATES, pipelineTemplate, requiredParameters } from '../../engine/language';
import type { AdfCommand } from './command';
import { resolveFactory } from './targets';
import { askName, writeResource } from './newResourceShared';

/** Data Factory: New Pipeline from Template… */
const command: AdfCommand = {
  id: COMMANDS.newPipeline,
  async run(services, arg) {
    const factory = await resolveFactory(services, arg);
    if (!factory) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a folder that contains a factory (pipeline/, dataset/, …) first.'));
      return undefined;
    }
    const t = await vscode.window.showQuickPick(PIPELINE_TEMPLATES.map((x) => ({ ...x, detail: undefined })), { placeHolder: vscode.l10n.t('Pipeline template') });
    if (!t) return undefined;
    const name = await askName(factory, 'pipeline', t.id === 'copy' ? 'CopyPipeline' : 'NewPipeline');
    if (!name) return undefined;
    const datasets = [...factory.resources.dataset.values()].map((d) => ({ name: d.name, required: requiredParameters(d.properties) }));
    return writeResource(factory, 'pipeline', name, pipelineTemplate(name, t.id, { source: datasets[0], sink: datasets[1] ?? datasets[0] }));
  },
};
export default command;
