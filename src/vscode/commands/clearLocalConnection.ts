import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import type { AdfCommand } from './command';
import type { ConnectionStore } from '../connections';

/** Data Factory: Clear Local Connection… */
export function clearLocalConnection(store: ConnectionStore): AdfCommand {
  return {
    id: COMMANDS.clearLocalConnection,
    async run(services, arg) {
      const all = await store.all();
      const name = typeof arg === 'string' ? arg : (await vscode.window.showQuickPick(Object.keys(all), { placeHolder: vscode.l10n.t('Local connection to remove') }));
      if (!name) return;
      await store.set(name, undefined);
      services.log.info(`Local connection for ${name} removed.`);
    },
  };
}
