/** The pipeline-tests feature: the Testing view controller, "open test run in monitor", "create test from run". */
import * as vscode from 'vscode';
import type { AdfServices } from '../api';
import { PipelineTestController } from './controller';
import { createTestFromRun } from './createFromRun';
import { createTestFromAzureRun } from './createFromAzureRun';
import { INTERNAL_COMMANDS, TESTING_COMMANDS } from '../constants';

export function register(context: vscode.ExtensionContext, services: AdfServices): void {
  const tests = new PipelineTestController(services);
  context.subscriptions.push(
    tests,
    vscode.commands.registerCommand(TESTING_COMMANDS.openRun, async (arg?: vscode.TestItem | { test?: vscode.TestItem }) => {
      const item = arg && 'id' in arg ? arg : (arg as { test?: vscode.TestItem } | undefined)?.test;
      const runId = item ? tests.lastRuns.get(item.id) : undefined;
      if (!runId) return void vscode.window.showInformationMessage(vscode.l10n.t('Run this test first; its pipeline run then opens in the monitor.'));
      await services.openMonitor(runId);
    }),
    vscode.commands.registerCommand(TESTING_COMMANDS.createFromRun, (arg?: unknown) => createTestFromRun(services, arg)),
    vscode.commands.registerCommand(TESTING_COMMANDS.createFromAzureRun, (arg?: unknown) => createTestFromAzureRun(services, arg)),
    // Scriptable access to the Testing view's runs (tests, tasks).
    vscode.commands.registerCommand(INTERNAL_COMMANDS.runTestFile, (uri: vscode.Uri) => tests.runFile(uri)),
  );
}
