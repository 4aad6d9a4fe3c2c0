import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import type { AdfCommand } from './command';
import type { ConnectionStore } from '../connections';

/** Validates a JSON object of linked service property overrides. */
function parseOverrides(text: string): { value?: Record<string, unknown>; error?: string } {
  try {
    const v = JSON.parse(text) as unknown;
    if (!v || typeof v !== 'object' || Array.isArray(v)) return { error: 'Enter a JSON object, e.g. {"connectionString": "AccountEndpoint=…;AccountKey=…"}.' };
    return { value: v as Record<string, unknown> };
  } catch (e) {
    return { error: `Not valid JSON: ${(e as Error).message}` };
  }
}

/** Data Factory: Set Local Connection… — typeProperties overrides for a linked service, stored in SecretStorage. */
export function setLocalConnection(store: ConnectionStore): AdfCommand {
  return {
    id: COMMANDS.setLocalConnection,
    async run(services, arg) {
      let name = typeof arg === 'string' ? arg : undefined;
      if (!name) {
        const items = services.index.factories().flatMap((f) => [...f.resources.linkedService.values()].map((l) => ({ label: l.name, description: `${l.type ?? ''} · ${f.name}` })));
        const current = await store.all();
        for (const k of Object.keys(current)) if (!items.some((i) => i.label === k)) items.push({ label: k, description: 'override without a linked service' });
        name = (await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Linked service to connect locally') }))?.label;
      }
      if (!name) return;
      const existing = (await store.all())[name];
      const text = await vscode.window.showInputBox({
        title: vscode.l10n.t('Local connection for {0}', name),
        prompt: vscode.l10n.t('typeProperties overrides as JSON (kept in the OS secret store). ${env:VAR} is substituted at run time. Empty removes the override.'),
        value: existing ? JSON.stringify(existing) : '',
        password: true,
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() === '' ? undefined : parseOverrides(v).error),
      });
      if (text === undefined) return;
      await store.set(name, text.trim() ? parseOverrides(text).value : undefined);
      services.log.info(`Local connection for ${name} ${text.trim() ? 'saved' : 'removed'} (values not logged).`);
      void vscode.window.showInformationMessage(text.trim() ? vscode.l10n.t('Local connection for {0} saved.', name) : vscode.l10n.t('Local connection for {0} removed.', name));
    },
  };
}
