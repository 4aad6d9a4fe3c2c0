import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import { impactEngine } from '../engineModules';
import type { AdfCommand } from './command';
import { GraphPanel } from '../graph/graphPanel';
import type { Factory } from '../../engine/model/types';

/**
 * Data Factory: Show Factory Dependency Graph — every resource of a factory and what references what (triggers →
 * pipelines → datasets → linked services → integration runtimes), unused resources dashed, in the graph view;
 * rebuilt when the factory changes; a click opens the resource's file.
 */
const command: AdfCommand = {
  id: COMMANDS.showFactoryGraph,
  async run(services, arg) {
    const factories = services.index.factories();
    let factory: Factory | undefined = arg && typeof arg === 'object' && (arg as { type?: string }).type === 'factory' ? (arg as { factory: Factory }).factory : undefined;
    if (!factory && factories.length === 1) factory = factories[0];
    if (!factory) {
      const pick = await vscode.window.showQuickPick(factories.map((f) => ({ label: f.name, description: vscode.workspace.asRelativePath(f.root), f })), { placeHolder: 'Select a factory' });
      factory = pick?.f;
    }
    if (!factory) return undefined;
    const root = factory.root;
    const current = () => services.index.factories().find((f) => f.root === root);
    return GraphPanel.show(services, {
      uri: vscode.Uri.file(root),
      title: `${factory.name} dependencies`,
      text: async () => '',
      onDidChange: services.index.onDidChange,
      build() {
        const f = current();
        if (!f) throw new Error(`the factory at ${root} is no longer in the workspace`);
        return impactEngine().factoryGraph(f);
      },
    });
  },
};
export default command;
