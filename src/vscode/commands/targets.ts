/** Resolves what a command acts on from its arguments, or asks with a quick pick. */
import * as vscode from 'vscode';
import type { Factory, Resource, ResourceKind } from '../../engine/model';
import type { AdfServices } from '../api';
import { resourceOf, type FactoryTreeNode } from '../tree/nodes';

export interface Target {
  factory: Factory;
  resource: Resource;
}

/** A resource from a tree node, a URI (CodeLens/editor), or the active editor; else a picker. */
export async function resolveResource(services: AdfServices, kind: ResourceKind, arg: unknown, placeHolder: string): Promise<Target | undefined> {
  const fromNode = resourceOf(arg);
  if (fromNode && fromNode.resource.kind === kind) return fromNode;
  if (arg instanceof vscode.Uri) {
    const r = services.index.resourceFor(arg);
    const f = services.index.factoryFor(arg);
    if (r && f && r.kind === kind) return { factory: f, resource: r };
  }
  if (typeof arg === 'string') {
    for (const f of services.index.factories()) {
      const r = [...f.resources[kind].values()].find((x) => x.name === arg);
      if (r) return { factory: f, resource: r };
    }
  }
  // From the palette: a picker, with the resource of the active editor first.
  const active = vscode.window.activeTextEditor?.document.uri;
  return services.pickResource(kind, placeHolder, active ? services.index.resourceFor(active)?.file : undefined);
}

/** The factory a node/URI belongs to, or a picker over factories. */
export async function resolveFactory(services: AdfServices, arg: unknown): Promise<Factory | undefined> {
  const node = arg as FactoryTreeNode | undefined;
  if (node && typeof node === 'object' && 'factory' in node && node.factory) return node.factory;
  if (arg instanceof vscode.Uri) return services.index.factoryFor(arg);
  const list = services.index.factories();
  if (list.length <= 1) return list[0];
  const pick = await vscode.window.showQuickPick(list.map((f) => ({ label: f.name, description: vscode.workspace.asRelativePath(f.root), factory: f })), { placeHolder: vscode.l10n.t('Select a factory') });
  return pick?.factory;
}

/** A run id from an argument (monitor, Runs view item) or the monitor's selection; else a picker. */
export async function resolveRunId(services: AdfServices, arg: unknown, filter?: (status: string) => boolean): Promise<string | undefined> {
  if (typeof arg === 'string' && arg) return arg;
  if (arg && typeof arg === 'object' && 'runId' in arg && typeof (arg as { runId: unknown }).runId === 'string') return (arg as { runId: string }).runId;
  const runs = (await services.runs.list()).filter((r) => !filter || filter(r.status));
  if (!runs.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No matching pipeline runs.'));
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    runs.slice(0, 100).map((r) => ({ label: r.pipelineName, description: `${r.status} · ${r.runStart ?? ''}`, detail: r.runId, runId: r.runId })),
    { placeHolder: vscode.l10n.t('Select a run') },
  );
  return pick?.runId;
}
