/** The "Azure Data Factories" view: a TreeDataProvider over RemoteTreeModel. */
import * as vscode from 'vscode';
import { RemoteTreeModel, type RemoteNode } from './treeModel';
import type { RemoteConnection } from './connection';
import { CONTEXT, REMOTE_COMMANDS } from '../constants';

const ICONS: Record<RemoteNode['type'], string> = {
  subscription: 'key',
  resourceGroup: 'folder',
  factory: 'factory',
  kind: 'list-tree',
  resource: 'json',
  more: 'ellipsis',
  message: 'info',
};

export class RemoteTreeProvider implements vscode.TreeDataProvider<RemoteNode>, vscode.Disposable {
  readonly model: RemoteTreeModel;
  private readonly emitter = new vscode.EventEmitter<RemoteNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;

  constructor(private readonly connection: RemoteConnection) {
    this.model = new RemoteTreeModel(() => connection.session());
  }

  refresh(node?: RemoteNode): void {
    this.model.reset(node?.id);
    this.emitter.fire(node);
  }

  async loadMore(node: Extract<RemoteNode, { type: 'more' }>): Promise<void> {
    await this.model.loadMore(node);
    this.emitter.fire(undefined);
  }

  async getChildren(node?: RemoteNode): Promise<RemoteNode[]> {
    // Not signed in: an empty root, so the view shows its welcome content with the Sign in to Azure button
    // instead of an error row.
    if (!node && !(await this.connection.isSignedIn().catch(() => true))) return [];
    return this.model.getChildren(node);
  }

  getTreeItem(node: RemoteNode): vscode.TreeItem {
    const collapsible = node.type === 'subscription' || node.type === 'resourceGroup' || node.type === 'factory' || node.type === 'kind';
    const item = new vscode.TreeItem(node.label, collapsible ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.iconPath = new vscode.ThemeIcon(node.type === 'message' && node.error ? 'error' : ICONS[node.type]);
    item.contextValue = CONTEXT.remotePrefix + (node.type === 'resource' ? node.kind : node.type);
    if (node.type === 'factory') item.description = `${node.ref.resourceGroup}${node.location ? ` · ${node.location}` : ''}`;
    if (node.type === 'subscription') item.description = node.subscriptionId;
    if (node.type === 'resource') {
      item.description = typeof node.resource.properties?.type === 'string' ? node.resource.properties.type : node.kind === 'trigger' ? node.resource.properties?.runtimeState : undefined;
      item.command = { command: REMOTE_COMMANDS.openResource, title: vscode.l10n.t('Open'), arguments: [node] };
    }
    if (node.type === 'more') item.command = { command: REMOTE_COMMANDS.loadMore, title: vscode.l10n.t('Load more'), arguments: [node] };
    if (node.type === 'message') item.tooltip = node.label;
    return item;
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
