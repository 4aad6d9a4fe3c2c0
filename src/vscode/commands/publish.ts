import * as vscode from 'vscode';
import { COMMANDS, REMOTE_COMMANDS } from '../constants';
import type { AdfCommand } from './command';
import { delegate } from './delegate';
import { resolveFactory } from './targets';

/** Data Factory: Publish to Factory… — handled by the remote factories feature. */
const command: AdfCommand = {
  id: COMMANDS.publish,
  async run(services, arg) {
    if (!services.requireTrust('Publishing')) return undefined;
    const f = await resolveFactory(services, arg);
    if (!f) return undefined;
    return delegate(REMOTE_COMMANDS.publish, vscode.l10n.t('Publishing needs a connected factory: use "Data Factory: Sign in to Azure" first.'), f);
  },
};
export default command;
