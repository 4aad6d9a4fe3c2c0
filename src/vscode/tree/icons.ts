/** Codicons per resource kind and per run status. */
import * as vscode from 'vscode';
import type { ResourceKind } from '../../engine/model';

const KIND_ICONS: Record<ResourceKind, string> = {
  pipeline: 'type-hierarchy-sub',
  dataset: 'table',
  linkedService: 'plug',
  dataflow: 'git-compare',
  trigger: 'clock',
  integrationRuntime: 'server-environment',
  factory: 'settings-gear',
  managedVirtualNetwork: 'globe',
  credential: 'key',
  globalParameters: 'symbol-constant',
};

export function kindIcon(kind: ResourceKind, color?: vscode.ThemeColor): vscode.ThemeIcon {
  return new vscode.ThemeIcon(KIND_ICONS[kind] ?? 'file', color);
}

export function statusIcon(status: string | undefined): vscode.ThemeIcon {
  switch (status) {
    case 'Succeeded':
      return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
    case 'Failed':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
    case 'InProgress':
    case 'Queued':
    case 'Canceling':
      return new vscode.ThemeIcon('loading~spin');
    case 'Cancelled':
      return new vscode.ThemeIcon('circle-slash');
    default:
      return new vscode.ThemeIcon('circle-outline');
  }
}
