import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import { DATASET_TEMPLATES, datasetTemplate } from '../../engine/language';
import type { AdfCommand } from './command';
import { resolveFactory } from './targets';
import { askName, writeResource } from './newResourceShared';

/** Data Factory: New Dataset from Template… */
const command: AdfCommand = {
  id: COMMANDS.newDataset,
  async run(services, arg) {
    const factory = await resolveFactory(services, arg);
    if (!factory) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a folder that contains a factory (pipeline/, dataset/, …) first.'));
      return undefined;
    }
    const t = await vscode.window.showQuickPick(DATASET_TEMPLATES, { placeHolder: vscode.l10n.t('Dataset type') });
    if (!t) return undefined;
    const services_ = [...factory.resources.linkedService.values()];
    const fitting = services_.filter((l) => l.type && t.linkedServiceTypes.includes(l.type));
    const choices = (fitting.length ? fitting : services_).map((l) => ({ label: l.name, description: l.type }));
    let ls: string | undefined;
    if (choices.length) ls = (await vscode.window.showQuickPick(choices, { placeHolder: vscode.l10n.t('Linked service') }))?.label;
    else ls = await vscode.window.showInputBox({ prompt: vscode.l10n.t('Linked service name (none exist yet)'), value: t.linkedServiceTypes[0] });
    if (!ls) return undefined;
    const name = await askName(factory, 'dataset', t.id === 'CosmosDbSqlApiCollection' ? 'CosmosContainer' : `${t.id}Files`);
    if (!name) return undefined;
    return writeResource(factory, 'dataset', name, datasetTemplate(name, t.id, ls));
  },
};
export default command;
