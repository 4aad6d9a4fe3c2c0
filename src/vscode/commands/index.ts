/** Registers every command (one per file). */
import * as vscode from 'vscode';
import type { AdfServices } from '../api';
import type { ConnectionStore } from '../connections';
import type { AdfCommand } from './command';
import cancelRun from './cancelRun';
import copyResourceId from './copyResourceId';
import evaluateExpression from './evaluateExpression';
import newDataset from './newDataset';
import newPipeline from './newPipeline';
import open from './open';
import openMonitor from './openMonitor';
import publish from './publish';
import refresh from './refresh';
import rerun from './rerun';
import rerunFromFailed from './rerunFromFailed';
import revealActivity from './revealActivity';
import revealInMonitor from './revealInMonitor';
import runPipelineInAzure from './runPipelineInAzure';
import runPipelineLocally from './runPipelineLocally';
import runPipelineWithParameters from './runPipelineWithParameters';
import showGraph from './showGraph';
import showFactoryGraph from './showFactoryGraph';
import showReferences from './showReferences';
import showLog from './showLog';
import showRuns from './showRuns';
import signIn from './signIn';
import validateResource from './validateResource';
import validateWorkspace from './validateWorkspace';
import { setLocalConnection } from './setLocalConnection';
import { clearLocalConnection } from './clearLocalConnection';
import { selectValueSet } from './selectValueSet';
import type { FabricValueSets } from '../valueSets';

export function registerCommands(services: AdfServices, connections: ConnectionStore, valueSets: FabricValueSets): vscode.Disposable[] {
  const all: AdfCommand[] = [
    cancelRun, copyResourceId, evaluateExpression, newDataset, newPipeline, open, openMonitor, publish, refresh, rerun,
    rerunFromFailed, revealActivity, revealInMonitor, runPipelineInAzure, runPipelineLocally, runPipelineWithParameters,
    showGraph, showFactoryGraph, showReferences, showLog, showRuns, signIn, validateResource, validateWorkspace, setLocalConnection(connections), clearLocalConnection(connections), selectValueSet(valueSets),
  ];
  return all.map((c) =>
    vscode.commands.registerCommand(c.id, async (...args: unknown[]) => {
      try {
        return await c.run(services, ...args);
      } catch (e) {
        services.log.error(`${c.id} failed: ${(e as Error).stack ?? String(e)}`);
        void vscode.window.showErrorMessage((e as Error).message);
        return undefined;
      }
    }),
  );
}
