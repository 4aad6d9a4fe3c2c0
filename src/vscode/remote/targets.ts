/** Which remote factory a local factory publishes and runs to: asked once, remembered per workspace. */
import * as vscode from 'vscode';
import * as remote from '../../engine/remote';
import type { Factory } from '../../engine/model';
import type { FactoryRef } from '../../engine/remote/operations';
import type { RemoteConnection } from './connection';
import { STATE_TARGET_PREFIX } from '../constants';

export async function pickTarget(context: vscode.ExtensionContext, connection: RemoteConnection, factory: Factory, action: string): Promise<FactoryRef | undefined> {
  const key = STATE_TARGET_PREFIX + factory.root;
  const last = context.workspaceState.get<FactoryRef>(key);
  const session = await connection.session();
  type Item = vscode.QuickPickItem & { ref?: FactoryRef };
  const items: Item[] = [];
  if (last) items.push({ label: `$(history) ${last.factory}`, description: `${last.resourceGroup} · ${last.subscriptionId}`, detail: 'Last used for this folder', ref: last });
  const subs = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Listing Azure data factories…'), cancellable: true }, async (_p, token) => {
    const ac = new AbortController();
    token.onCancellationRequested(() => ac.abort());
    const out: Item[] = [];
    for (const s of await remote.listSubscriptions(session, { signal: ac.signal })) {
      for (const f of await remote.listFactories(session, s.subscriptionId, undefined, { signal: ac.signal })) {
        out.push({ label: f.name, description: `${f.resourceGroup} · ${s.displayName}`, ref: { subscriptionId: s.subscriptionId, resourceGroup: f.resourceGroup, factory: f.name } });
      }
    }
    return out;
  });
  items.push(...subs.filter((i) => !last || i.ref!.factory !== last.factory || i.ref!.resourceGroup !== last.resourceGroup || i.ref!.subscriptionId !== last.subscriptionId));
  if (!items.length) {
    void vscode.window.showWarningMessage(vscode.l10n.t('No data factories are visible to the signed-in account. Create one in Azure first, or check the tenant (Data Factory: Select Azure Tenant).'));
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('{0}: choose the target data factory for {1}', action, factory.name), matchOnDescription: true });
  if (!pick?.ref) return undefined;
  await context.workspaceState.update(key, pick.ref);
  return pick.ref;
}
