/**
 * "Create Test from Azure Run" (the monitor's run detail, the Runs view, the palette): records a finished run of a
 * factory in Azure with the same engine function as `adfw test record` (testing/recordTestFile over the remote
 * area's runFetcher: the run, its activity runs and its child pipelines' runs through @azure/arm-datafactory) into
 * <factory>/tests/<pipeline>-<run>.adftest.json, and opens it.
 */
import * as vscode from 'vscode';
import type { AdfServices } from '../api';
import type { Factory } from '../../engine/model';
import { testing } from '../engineModules';

function runIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string' && arg) return arg;
  const a = arg as { runId?: unknown; run?: { runId?: unknown } } | undefined;
  const id = a?.runId ?? a?.run?.runId;
  return typeof id === 'string' && id ? id : undefined;
}

async function pickAzureRun(services: AdfServices): Promise<string | undefined> {
  const runs = (await services.runs.list()).filter((r) => r['adfw:origin'] === 'remote' && (r.status === 'Succeeded' || r.status === 'Failed' || r.status === 'Cancelled'));
  if (!runs.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No finished Azure runs to record. Sign in and open the run history of a factory in Azure first.'));
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    runs.slice(0, 100).map((r) => ({ label: r.pipelineName, description: `${r.status} · ${r['adfw:factory'] ?? ''} · ${r.runStart ?? ''}`, detail: r.runId, runId: r.runId })),
    { title: vscode.l10n.t('Create a test from an Azure run') },
  );
  return pick?.runId;
}

/** The workspace factory that defines the run's pipeline (asked when several do). */
async function factoryFor(services: AdfServices, pipelineName: string): Promise<Factory | undefined> {
  const candidates = services.index.factories().filter((f) => [...f.resources.pipeline.values()].some((p) => p.name.toLowerCase() === pipelineName.toLowerCase()));
  if (candidates.length <= 1) return candidates[0];
  const pick = await vscode.window.showQuickPick(
    candidates.map((f) => ({ label: f.name, detail: f.root, factory: f })),
    { title: vscode.l10n.t('Which factory folder does pipeline {0} come from?', pipelineName) },
  );
  return pick?.factory;
}

/** Records the run; returns the written file (undefined when nothing was written). */
export async function createTestFromAzureRun(services: AdfServices, arg: unknown): Promise<vscode.Uri | undefined> {
  const runId = runIdOf(arg) ?? (await pickAzureRun(services));
  if (!runId) return undefined;
  const fetch = await services.runs.runFetcher(runId);
  const run = fetch ? await services.runs.get(runId) : undefined;
  if (!fetch || !run) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Run {0} is not a run of a factory in Azure that the Runs view lists.', runId));
    return undefined;
  }
  const factory = await factoryFor(services, run.pipelineRun.pipelineName);
  if (!factory) {
    void vscode.window.showErrorMessage(vscode.l10n.t('No factory folder in this workspace defines pipeline {0}; open the folder the factory in Azure is published from.', run.pipelineRun.pipelineName));
    return undefined;
  }
  const t = testing();
  let written: Awaited<ReturnType<typeof t.recordTestFile>>;
  try {
    written = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Recording run {0} of {1}…', runId, run.pipelineRun.pipelineName) }, () => t.recordTestFile(fetch, runId, factory));
  } catch (e) {
    if (e instanceof t.RecordError && e.reason === 'exists') {
      const existing = vscode.Uri.file(t.recordedTestPath(factory, run));
      const open = vscode.l10n.t('Open');
      if ((await vscode.window.showWarningMessage(vscode.l10n.t('A test recorded from run {0} exists already: {1}', runId, existing.fsPath), open)) === open) await vscode.window.showTextDocument(existing);
      return undefined;
    }
    void vscode.window.showErrorMessage(vscode.l10n.t('Cannot create a test from run {0}: {1}', runId, (e as Error).message));
    return undefined;
  }
  const uri = vscode.Uri.file(written.path);
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  const tc = written.file.tests[0];
  void vscode.window.showInformationMessage(
    vscode.l10n.t('Recorded run {0} of {1}: {2} substituted activities, {3} activity expectations.', runId, run.pipelineRun.pipelineName, String((tc.mocks ?? []).length), String(Object.keys(tc.expect.activities ?? {}).length)),
  );
  return uri;
}
