/**
 * The `adf` debugger in VS Code: a configuration provider (F5 on a pipeline file works without a launch.json) and
 * the adapter run in-process. The adapter module loads only when a debug session starts (engineModules.ts).
 */
import * as vscode from 'vscode';
import { loadDebugAdapter } from '../engineModules';
import type { AdfServices } from '../api';
import { evaluatableAt } from '../../engine/expr';
import { ADF_SELECTOR } from '../editor/selector';

export const DEBUG_TYPE = 'adf';

function isPipelineFile(uri: vscode.Uri | undefined): uri is vscode.Uri {
  return !!uri && uri.scheme === 'file' && /[\\/]pipeline[\\/][^\\/]+\.json$/i.test(uri.fsPath);
}

class ConfigurationProvider implements vscode.DebugConfigurationProvider {
  provideDebugConfigurations(): vscode.DebugConfiguration[] {
    return [{ type: DEBUG_TYPE, request: 'launch', name: 'Debug pipeline', pipeline: '${file}', stopOnEntry: false }];
  }

  resolveDebugConfiguration(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration | undefined {
    if (!config.type && !config.request && !config.name) {
      // F5 without a launch.json: debug the pipeline file in the active editor.
      const uri = vscode.window.activeTextEditor?.document.uri;
      if (!isPipelineFile(uri)) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Open a pipeline file (pipeline/<name>.json) of a factory to debug it, or add an "adf" launch configuration.'));
        return undefined;
      }
      return { type: DEBUG_TYPE, request: 'launch', name: `Debug ${uri.fsPath.split(/[\\/]/).pop()}`, pipeline: uri.fsPath };
    }
    if (!config.pipeline) {
      const uri = vscode.window.activeTextEditor?.document.uri;
      if (isPipelineFile(uri)) return { ...config, pipeline: uri.fsPath };
      void vscode.window.showErrorMessage(vscode.l10n.t('The "adf" launch configuration needs "pipeline": a pipeline file, or a pipeline name with "factory".'));
      return undefined;
    }
    return config;
  }
}

class InlineAdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(private readonly services: AdfServices) {}

  async createDebugAdapterDescriptor(): Promise<vscode.DebugAdapterDescriptor> {
    if (!this.services.requireTrust('Debugging a pipeline')) throw new Error('Debugging a pipeline runs it: trust this workspace first.');
    const { AdfDebugSession } = await loadDebugAdapter();
    // The run shows in the monitor while it is debugged, with the held activities marked.
    const session = new AdfDebugSession({ connections: () => this.services.connections(), observeRun: (factory, cancel) => this.services.runs.track(factory, cancel) });
    // @vscode/debugadapter's session implements the protocol messages VS Code's inline adapter exchanges.
    return new vscode.DebugAdapterInlineImplementation(session as unknown as vscode.DebugAdapter);
  }
}

export function registerDebugger(services: AdfServices): vscode.Disposable[] {
  return [
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new ConfigurationProvider()),
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, new InlineAdapterFactory(services)),
    // Hover while stopped: the `@…` expression (or the `@{…}` part) under the cursor, evaluated by the adapter.
    vscode.languages.registerEvaluatableExpressionProvider(ADF_SELECTOR, {
      provideEvaluatableExpression(d, pos) {
        let e;
        try {
          e = evaluatableAt(d.getText(), d.offsetAt(pos));
        } catch {
          return undefined;
        }
        return e && new vscode.EvaluatableExpression(new vscode.Range(d.positionAt(e.offset), d.positionAt(e.offset + e.length)), e.expression);
      },
    }),
  ];
}
