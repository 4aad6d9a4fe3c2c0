/** The "Fabric Workspaces" view: workspaces → their pipelines (DataPipeline items), loaded on expansion. */
import * as vscode from 'vscode';
import type { FabricItem, FabricWorkspace } from '../../engine/fabricRemote';
import type { FabricConnection } from './connection';
import { CONTEXT } from '../constants';

export type FabricNode =
  | { type: 'workspace'; id: string; workspace: FabricWorkspace; label: string }
  | { type: 'pipeline'; id: string; workspace: FabricWorkspace; item: FabricItem; label: string }
  | { type: 'message'; id: string; label: string; error?: boolean };

export class FabricTreeProvider implements vscode.TreeDataProvider<FabricNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<FabricNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;

  constructor(
    private readonly connection: FabricConnection,
    /** Told which pipelines a workspace shows (their recent runs are listed in the Runs view). */
    private readonly onPipelines: (workspace: FabricWorkspace, items: FabricItem[]) => void = () => undefined,
  ) {}

  refresh(node?: FabricNode): void {
    this.emitter.fire(node);
  }

  async getChildren(node?: FabricNode): Promise<FabricNode[]> {
    // Not signed in: an empty root, so the view shows its welcome content with the sign-in button.
    if (!node && !(await this.connection.isSignedIn().catch(() => true))) return [];
    const id = node?.id ?? 'fabric';
    try {
      const { fabric, client } = await this.connection.session();
      if (!node) {
        const all = await fabric.listWorkspaces(client);
        if (!all.length) return [{ type: 'message', id: 'fabric/empty', label: vscode.l10n.t('No Fabric workspace is visible to the signed-in account.') }];
        return all.sort((a, b) => a.displayName.localeCompare(b.displayName)).map((w) => ({ type: 'workspace', id: `fabric/ws:${w.id}`, workspace: w, label: w.displayName }));
      }
      if (node.type === 'workspace') {
        const items = await fabric.listPipelines(client, node.workspace.id);
        this.onPipelines(node.workspace, items);
        if (!items.length) return [{ type: 'message', id: `${id}/empty`, label: vscode.l10n.t('No pipelines in this workspace.') }];
        return items.sort((a, b) => a.displayName.localeCompare(b.displayName)).map((item) => ({ type: 'pipeline', id: `${id}/p:${item.id}`, workspace: node.workspace, item, label: item.displayName }));
      }
      return [];
    } catch (e) {
      return [{ type: 'message', id: `${id}/error`, label: (e as Error).message, error: true }];
    }
  }

  getTreeItem(node: FabricNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.label, node.type === 'workspace' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.contextValue = CONTEXT.fabricPrefix + node.type;
    item.iconPath = new vscode.ThemeIcon(node.type === 'workspace' ? 'folder-library' : node.type === 'pipeline' ? 'symbol-event' : node.error ? 'error' : 'info');
    if (node.type === 'workspace') item.description = node.workspace.description || undefined;
    if (node.type === 'pipeline') item.description = node.item.description || undefined;
    if (node.type === 'message') item.tooltip = node.label;
    return item;
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
