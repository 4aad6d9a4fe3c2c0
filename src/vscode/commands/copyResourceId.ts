import * as vscode from 'vscode';
import { KIND_ARM_SEGMENT } from '../../engine/model';
import { COMMANDS, SETTINGS } from '../constants';
import type { AdfCommand } from './command';
import { resourceOf } from '../tree/nodes';

/** Data Factory: Copy Resource ID — the ARM id, with the subscription and resource group from settings. */
const command: AdfCommand = {
  id: COMMANDS.copyResourceId,
  async run(services, arg) {
    const t = resourceOf(arg) ?? (await services.pickResource('pipeline', 'Select a resource'));
    if (!t) return undefined;
    const cfg = vscode.workspace.getConfiguration(SETTINGS.section);
    const sub = cfg.get<string>('subscriptionId') || '{subscriptionId}';
    const rg = cfg.get<string>('resourceGroup') || '{resourceGroupName}';
    const segment = KIND_ARM_SEGMENT[t.resource.kind] ?? t.resource.kind;
    const id = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.DataFactory/factories/${t.factory.name}/${segment}/${t.resource.name}`;
    await vscode.env.clipboard.writeText(id);
    void vscode.window.setStatusBarMessage(`Copied ${id}`, 4000);
    return id;
  },
};
export default command;
