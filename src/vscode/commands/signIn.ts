import * as vscode from 'vscode';
import { COMMANDS, REMOTE_COMMANDS } from '../constants';
import type { AdfCommand } from './command';
import { delegate } from './delegate';

/** Data Factory: Sign in to Azure — handled by the remote factories feature. */
const command: AdfCommand = {
  id: COMMANDS.signIn,
  run(services) {
    if (!services.requireTrust('Signing in to Azure')) return undefined;
    return delegate(REMOTE_COMMANDS.signIn, vscode.l10n.t('Azure sign-in is not available in this build.'));
  },
};
export default command;
