/**
 * Fabric workspaces feature: the Fabric Workspaces view (workspaces and their pipelines), sign-in with the Fabric
 * scope through VS Code's Microsoft authentication, and Run on Fabric, whose runs and activity runs the monitor
 * shows like local and Azure runs.
 */
import * as vscode from 'vscode';
import type { AdfServices } from '../api';
import type { FabricItem, FabricWorkspace } from '../../engine/fabricRemote';
import { FABRIC_COMMANDS, INTERNAL_COMMANDS, VIEWS } from '../constants';
import { promptParameters } from '../commands/parameterPrompt';
import { guardedCommand } from '../util/guardedCommand';
import { FabricConnection } from './connection';
import { FabricTreeProvider, type FabricNode } from './treeProvider';
import { FabricRunSource } from './runSource';

export async function register(context: vscode.ExtensionContext, services: AdfServices): Promise<void> {
  const connection = new FabricConnection();
  const runSource = new FabricRunSource(connection, services.log);
  const tree = new FabricTreeProvider(connection, (workspace, items) => runSource.watch(workspace, items));
  context.subscriptions.push(connection, tree, runSource);
  context.subscriptions.push(vscode.window.createTreeView(VIEWS.fabric, { treeDataProvider: tree, showCollapseAll: true }));
  context.subscriptions.push(services.runs.addSource(runSource));
  context.subscriptions.push(connection.onDidChange(() => tree.refresh()));

  /**
   * Runs a pipeline on Fabric: from a tree node, or scripted with `{workspace, pipeline, parameters}` (ids or
   * display names; with `parameters` no prompt). Opens the monitor on the run and returns its id.
   */
  const runOnFabric = async (arg?: FabricNode | { workspace: string; pipeline: string; parameters?: Record<string, unknown> }): Promise<string | undefined> => {
    const { fabric, client } = await connection.session();
    let workspace: FabricWorkspace;
    let item: FabricItem;
    let given: Record<string, unknown> | undefined;
    if (arg && 'type' in arg && arg.type === 'pipeline') {
      workspace = arg.workspace;
      item = arg.item;
    } else if (arg && 'pipeline' in arg && typeof arg.pipeline === 'string') {
      workspace = await fabric.resolveWorkspace(client, arg.workspace);
      item = await fabric.resolvePipeline(client, workspace, arg.pipeline);
      given = arg.parameters;
    } else {
      void vscode.window.showInformationMessage(vscode.l10n.t('Choose a pipeline in the Fabric Workspaces view to run it on Fabric.'));
      return undefined;
    }
    let parameters = given;
    if (!parameters) {
      const content = fabric.pipelineContentOf(await fabric.getDefinition(client, workspace.id, item.id));
      parameters = await promptParameters(item.displayName, content?.properties?.parameters, vscode.l10n.t('on Fabric'));
      if (!parameters) return undefined;
    }
    const runId = await runSource.start(workspace, item, parameters);
    await services.openMonitor(runId);
    return runId;
  };

  context.subscriptions.push(
    guardedCommand(services, FABRIC_COMMANDS.signIn, vscode.l10n.t('Signing in to Fabric'), async () => {
      await connection.signIn();
      tree.refresh();
    }),
    guardedCommand(services, FABRIC_COMMANDS.refresh, vscode.l10n.t('Refreshing Fabric workspaces'), async (node?: FabricNode) => tree.refresh(node)),
    guardedCommand(services, FABRIC_COMMANDS.runPipeline, vscode.l10n.t('Running the pipeline on Fabric'), runOnFabric),
    // Scriptable access to the tree (tests, tasks).
    guardedCommand(services, INTERNAL_COMMANDS.fabricTreeChildren, vscode.l10n.t('Reading the Fabric workspaces'), (node?: FabricNode) => tree.getChildren(node)),
  );
}
