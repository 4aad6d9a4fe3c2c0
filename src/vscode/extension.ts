/**
 * Extension entry point: builds the services and wires views, editor features, webviews and commands.
 * Logic lives in the engine (src/engine) and in the feature folders; this file only connects them.
 */
import * as vscode from 'vscode';
import type { AdfServices } from './api';
import { CATEGORY, FABRIC_COMMANDS, OUTPUT_CHANNEL, VIEWS } from './constants';
import { WorkspaceFactoryIndex } from './factoryIndex';
import { LocalRunManager } from './runs/runManager';
import { FactoryTreeProvider } from './tree/factoryTree';
import { RunsTreeProvider } from './tree/runsTree';
import { MonitorPanel, registerMonitorSerializer } from './monitor/monitorPanel';
import { registerCommands } from './commands/index';
import { ConnectionStore } from './connections';
import { FabricValueSets } from './valueSets';
import { registerDiagnostics } from './editor/diagnostics';
import { registerLint } from './editor/lint';
import { registerNavigation } from './editor/navigation';
import { registerQuickFixes } from './editor/quickFixes';
import { registerCodeLens } from './editor/codeLens';
import { registerExpressionFeatures } from './editor/expressions';
import { registerFeatures } from './features';
import { registerDebugger } from './debug/register';
import { GraphPanel } from './graph/graphPanel';
import { pipelineGraphSpec } from './graph/pipelineGraphSpec';
import type { Factory, Resource, ResourceKind } from '../engine/model/types';

/** What `activate` returns: the services (for feature tests) and the measured activation time. */
export interface AdfExtensionApi {
  services: AdfServices;
  activationMs: number;
  /** Read-only views of the webview panels', the Runs view's and the factory tree's state, for extension-host tests. */
  panels: {
    monitorRunId(): string | undefined;
    graphs(): { file: string; nodeIds: string[] }[];
    runItems(): Promise<{ runId: string; label: string; description: string; tooltip: string; contextValue?: string }[]>;
    /**
     * Whether the Data Factory view is visible, every node of its tree as a path of labels ("f/pipeline/Greet"),
     * and its top nodes (factories and Fabric workspaces) as shown.
     */
    factoryTree(): { visible: boolean; paths: string[]; roots: { label: string; description: string; tooltip: string; contextValue?: string }[] };
  };
}

export function activate(context: vscode.ExtensionContext): AdfExtensionApi {
  const t0 = performance.now();
  const log = vscode.window.createOutputChannel(OUTPUT_CHANNEL, { log: true });
  context.subscriptions.push(log);
  try {
    const valueSets = new FabricValueSets(context.workspaceState);
    const index = new WorkspaceFactoryIndex(log, (root) => valueSets.get(root));
    const connections = new ConnectionStore(context.secrets);
    let services!: AdfServices;
    const runs = new LocalRunManager(index, log, () => connections.all(), (runId) => services.openMonitor(runId));
    context.subscriptions.push(index, runs);

    services = {
      extensionUri: context.extensionUri,
      index,
      runs,
      log,
      openMonitor: async (runId) => {
        await MonitorPanel.show(services, runId);
      },
      openGraph: async (resource: Resource) => {
        const factory = index.factoryFor(vscode.Uri.file(resource.file));
        if (factory && resource.kind === 'pipeline') await GraphPanel.show(services, pipelineGraphSpec(services, factory, resource));
      },
      requireTrust: (action) => {
        if (vscode.workspace.isTrusted) return true;
        if (action) {
          void vscode.window
            .showWarningMessage(vscode.l10n.t('{0} is disabled in Restricted Mode: runs execute code and reach data stores. Trust this workspace to enable it.', action), vscode.l10n.t('Manage Workspace Trust'))
            .then((pick) => pick && vscode.commands.executeCommand('workbench.trust.manage'));
        }
        return false;
      },
      connections: () => connections.all(),
      pickResource: (kind, placeHolder, preferred) => pickResource(index.factories(), kind, placeHolder, preferred),
    };

    const tree = new FactoryTreeProvider(services, context.workspaceState);
    const treeView = vscode.window.createTreeView(VIEWS.factories, { treeDataProvider: tree, showCollapseAll: true });
    const updateBadge = () => {
      const { errors, warnings } = tree.problemCount();
      treeView.badge = errors + warnings ? { value: errors + warnings, tooltip: `${errors} errors, ${warnings} warnings` } : undefined;
      treeView.message = index.factories().length ? undefined : 'No Data Factory folders (pipeline/, dataset/, linkedService/, …) found in this workspace.';
    };
    const runsTree = new RunsTreeProvider(runs);
    context.subscriptions.push(
      tree,
      treeView,
      treeView.onDidExpandElement((e) => tree.setExpanded(e.element, true)),
      treeView.onDidCollapseElement((e) => tree.setExpanded(e.element, false)),
      index.onDidChange(updateBadge),
      index.onDidChange(() => valueSets.warnStale(index.factories(), (root) => void vscode.commands.executeCommand(FABRIC_COMMANDS.selectValueSet, root))),
      runsTree,
      vscode.window.createTreeView(VIEWS.runs, { treeDataProvider: runsTree }),
      registerMonitorSerializer(services),
      registerDiagnostics(index),
      registerLint(services),
      registerNavigation(index),
      registerQuickFixes(),
      registerCodeLens(services),
      registerExpressionFeatures(index),
      ...registerCommands(services, connections, valueSets),
      ...registerDebugger(services),
      vscode.workspace.onDidGrantWorkspaceTrust(() => log.info('Workspace trusted: runs and publishing enabled.')),
    );
    void index.ready().then(() => runs.reloadRecent());
    void registerFeatures(context, services);
    const activationMs = Math.round((performance.now() - t0) * 10) / 10;
    log.info(`${CATEGORY} extension activated in ${activationMs} ms (workspace ${vscode.workspace.isTrusted ? 'trusted' : 'restricted'})`);
    const panels = {
      monitorRunId: () => MonitorPanel.instance?.selectedRunId,
      graphs: () => GraphPanel.panels().map((p) => ({ file: p.spec.uri.fsPath, nodeIds: p.nodeIds })),
      runItems: async () =>
        (await runsTree.getChildren()).map((r) => {
          const item = runsTree.getTreeItem(r);
          return { runId: r.runId, label: String(item.label), description: String(item.description ?? ''), tooltip: String(item.tooltip ?? ''), contextValue: item.contextValue };
        }),
      factoryTree: () => ({
        visible: treeView.visible,
        paths: tree.labelPaths(),
        roots: tree.getChildren().map((n) => {
          const item = tree.getTreeItem(n);
          return { label: String(item.label), description: String(item.description ?? ''), tooltip: String(item.tooltip ?? ''), contextValue: item.contextValue };
        }),
      }),
    };
    return { services, activationMs, panels };
  } catch (e) {
    log.error(`Activation failed: ${(e as Error).stack ?? String(e)}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('Data Factory extension failed to start: {0}', (e as Error).message));
    throw e;
  }
}

async function pickResource(factories: readonly Factory[], kind: ResourceKind, placeHolder?: string, preferredFile?: string): Promise<{ factory: Factory; resource: Resource } | undefined> {
  const items = factories.flatMap((factory) =>
    [...factory.resources[kind].values()].map((resource) => ({ label: resource.name, description: [resource.file === preferredFile ? 'active editor' : '', resource.folder.join('/'), factories.length > 1 ? factory.name : ''].filter(Boolean).join(' · '), detail: resource.description, factory, resource })),
  );
  if (!items.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No {0} resources found in this workspace.', kind));
    return undefined;
  }
  items.sort((a, b) => Number(b.resource.file === preferredFile) - Number(a.resource.file === preferredFile) || a.label.localeCompare(b.label));
  const pick = await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true, matchOnDetail: true });
  return pick ? { factory: pick.factory, resource: pick.resource } : undefined;
}

export function deactivate(): void {}
