/**
 * "Create test from this run": writes a test case that reproduces a finished local run (see
 * engine/testing/fromRun.ts) into <factory>/tests/<pipeline>.adftest.json, appending to the file if it exists.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AdfServices } from '../api';
import type { RunResult } from '../../engine/contracts/types';
import { testing } from '../engineModules';
import { createTestFromAzureRun } from './createFromAzureRun';
import type { TestFileDef } from '../../engine/testing/types';

async function pickRun(services: AdfServices, arg: unknown): Promise<RunResult | undefined> {
  const id = typeof arg === 'string' ? arg : (arg as { runId?: string; run?: { runId?: string } } | undefined)?.runId ?? (arg as { run?: { runId?: string } } | undefined)?.run?.runId;
  if (id) return services.runs.get(id);
  const runs = (await services.runs.list()).filter((r) => r['adfw:origin'] !== 'remote' && (r.status === 'Succeeded' || r.status === 'Failed'));
  const pick = await vscode.window.showQuickPick(
    runs.slice(0, 100).map((r) => ({ label: r.pipelineName, description: `${r.status} · ${r.runStart ?? ''}`, detail: r.runId, runId: r.runId })),
    { title: vscode.l10n.t('Create a test from a local run') },
  );
  return pick ? services.runs.get(pick.runId) : undefined;
}

export async function createTestFromRun(services: AdfServices, arg: unknown): Promise<vscode.Uri | undefined> {
  const run = await pickRun(services, arg);
  if (!run) return undefined;
  // A run in Azure is recorded the way `adfw test record` does (outputs of outside activities replayed).
  if (run.pipelineRun['adfw:origin'] === 'remote') return createTestFromAzureRun(services, run.pipelineRun.runId);
  const root = run.pipelineRun['adfw:factory'];
  const factory = services.index.factories().find((f) => f.root === root) ?? services.index.factories().find((f) => f.resources.pipeline.has(run.pipelineRun.pipelineName));
  if (!factory) {
    void vscode.window.showErrorMessage(vscode.l10n.t('The factory of run {0} is not in this workspace.', run.pipelineRun.runId));
    return undefined;
  }
  const name = await vscode.window.showInputBox({ prompt: vscode.l10n.t('Test name'), value: `${run.pipelineRun.pipelineName} ${run.pipelineRun.status.toLowerCase()} as in run ${run.pipelineRun.runId.slice(0, 8)}` });
  if (!name) return undefined;
  const uri = vscode.Uri.file(path.join(factory.root, 'tests', `${run.pipelineRun.pipelineName}${testing().TEST_FILE_SUFFIX}`));
  let file: TestFileDef = { tests: [] };
  try {
    file = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri))) as TestFileDef;
    if (!Array.isArray(file.tests)) file.tests = [];
  } catch (e) {
    if (!(e instanceof vscode.FileSystemError) && !(e as { code?: string }).code?.includes('FileNotFound')) {
      void vscode.window.showErrorMessage(vscode.l10n.t('{0} is not valid JSON; fix it before adding tests: {1}', uri.fsPath, (e as Error).message));
      return undefined;
    }
  }
  let unique = name;
  for (let i = 2; file.tests.some((t) => t.name === unique); i++) unique = `${name} (${i})`;
  file.tests.push(testing().testFromRun(run, { factory, name: unique }));
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(JSON.stringify(file, null, 2) + '\n'));
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  return uri;
}
