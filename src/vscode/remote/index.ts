/**
 * Remote factories feature: the Azure Data Factories view, sign-in and tenant choice, runs in Azure
 * (shown in the same monitor as local runs), and publish with a diff editor.
 */
import * as vscode from 'vscode';
import * as remote from '../../engine/remote';
import type { Factory } from '../../engine/model';
import type { AdfServices } from '../api';
import { RemoteConnection } from './connection';
import { RemoteTreeProvider } from './treeProvider';
import { RemoteRunSource } from './runSource';
import { RemoteDocuments, publishInteractively, publishDirectly } from './publishFlow';
import { pickTarget } from './targets';
import { INTERNAL_COMMANDS, REMOTE_COMMANDS, SCHEME_REMOTE, STATE_TARGET_PREFIX, VIEWS } from '../constants';
import type { RemoteNode } from './treeModel';
import type { FactoryRef } from '../../engine/remote/operations';
import { promptParameters } from '../commands/parameterPrompt';
import { guardedCommand } from '../util/guardedCommand';

export async function register(context: vscode.ExtensionContext, services: AdfServices): Promise<void> {
  const connection = new RemoteConnection();
  const tree = new RemoteTreeProvider(connection);
  const targets = () => context.workspaceState.keys().filter((k) => k.startsWith(STATE_TARGET_PREFIX)).map((k) => context.workspaceState.get<FactoryRef>(k)).filter((x): x is FactoryRef => !!x);
  const runSource = new RemoteRunSource(connection, services.log, targets);
  const docs = new RemoteDocuments();
  context.subscriptions.push(connection, tree, runSource, docs);
  context.subscriptions.push(vscode.window.createTreeView(VIEWS.remote, { treeDataProvider: tree, showCollapseAll: true }));
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(SCHEME_REMOTE, docs));
  context.subscriptions.push(services.runs.addSource(runSource));
  context.subscriptions.push(connection.onDidChange(() => tree.refresh()));

  const guarded = (id: string, action: string, fn: (...args: any[]) => Promise<unknown>) => guardedCommand(services, id, action, fn);

  const startRun = async (ref: FactoryRef, pipelineName: string, given?: Record<string, unknown>): Promise<string | undefined> => {
    const session = await connection.session();
    const def = await remote.getResource(session, ref, 'pipeline', pipelineName);
    if (!def) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Pipeline "{0}" does not exist in {1}. Publish it first (Data Factory: Publish to Factory…).', pipelineName, ref.factory));
      return undefined;
    }
    const parameters = given ?? (await promptParameters(def.name, def.properties.parameters, 'in Azure'));
    if (!parameters) return undefined;
    const runId = await remote.createRun(session, ref, def.name, { parameters });
    await runSource.track(ref, runId);
    await services.openMonitor(runId);
    return runId;
  };

  context.subscriptions.push(
    guarded(REMOTE_COMMANDS.signIn, 'Signing in to Azure', async () => {
      await connection.signIn();
      tree.refresh();
    }),
    guarded(REMOTE_COMMANDS.selectTenant, 'Selecting the Azure tenant', () => connection.chooseTenant()),
    guarded(REMOTE_COMMANDS.refresh, 'Refreshing Azure factories', async (node?: RemoteNode) => tree.refresh(node)),
    guarded(REMOTE_COMMANDS.loadMore, 'Loading more', (node: Extract<RemoteNode, { type: 'more' }>) => tree.loadMore(node)),
    guarded(REMOTE_COMMANDS.openResource, 'Opening the remote resource', async (node: Extract<RemoteNode, { type: 'resource' }>) => {
      const uri = vscode.Uri.from({ scheme: SCHEME_REMOTE, path: `/${node.ref.factory}/${node.kind}/${node.name}.json`, query: `sub=${encodeURIComponent(node.ref.subscriptionId)}&rg=${encodeURIComponent(node.ref.resourceGroup)}` });
      const fresh = await remote.getResource(await connection.session(), node.ref, node.kind, node.name);
      docs.set(uri, JSON.stringify({ name: node.name, properties: (fresh ?? node.resource).properties }, null, 2) + '\n');
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.languages.setTextDocumentLanguage(doc, 'json');
      await vscode.window.showTextDocument(doc, { preview: true });
    }),
    guarded(REMOTE_COMMANDS.runRemotePipeline, 'Running the pipeline in Azure', (node: Extract<RemoteNode, { type: 'resource' }>) => startRun(node.ref, node.name)),
    // Both take an optional options object so they can be scripted (tasks, tests): with `target` no
    // factory picker is shown; with `parameters` no parameter prompts; with `confirm` no confirmation.
    guarded(REMOTE_COMMANDS.runPipeline, 'Running the pipeline in Azure', async (factory: Factory, pipelineName: string, options?: { target?: FactoryRef; parameters?: Record<string, unknown> }) => {
      const ref = options?.target ?? (await pickTarget(context, connection, factory, 'Run in Azure'));
      return ref ? startRun(ref, pipelineName, options?.parameters) : undefined;
    }),
    // `stage` names a stage of the factory's deployment/ folder (or a stage file); without it the interactive
    // path asks when the factory has stages.
    guarded(REMOTE_COMMANDS.publish, 'Publishing', async (factory: Factory, options?: { target?: FactoryRef; confirm?: boolean; deleteOrphans?: boolean; stage?: string }) => {
      const ref = options?.target ?? (await pickTarget(context, connection, factory, 'Publish'));
      let result;
      if (ref && options?.confirm) result = await publishDirectly(connection, factory, ref, services.log, !!options.deleteOrphans, options.stage);
      else if (ref) await publishInteractively(connection, docs, factory, ref, services.log);
      tree.refresh();
      return result;
    }),
    // Scriptable access to the remote tree (first page of each level), e.g. for tests and tasks.
    guarded(INTERNAL_COMMANDS.remoteTreeChildren, 'Reading the Azure tree', (node?: RemoteNode) => tree.getChildren(node)),
  );
}
