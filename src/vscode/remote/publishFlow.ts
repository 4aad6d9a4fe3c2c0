/**
 * Publish from VS Code: compute the plan, let the user inspect each change in a diff editor
 * (remote ↔ local, normalised JSON), then deploy with progress and a per-resource report.
 */
import * as vscode from 'vscode';
import { loadPublish, loadStages } from '../engineModules';
import * as remote from '../../engine/remote';
import type { Factory } from '../../engine/model';
import type { FactoryRef } from '../../engine/remote/operations';
import type { PlanItem } from '../../engine/publish/plan';
import type { RemoteConnection } from './connection';
import { SCHEME_REMOTE } from '../constants';

/** Read-only documents for diffs and remote resources, keyed by URI. */
export class RemoteDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly docs = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;

  set(uri: vscode.Uri, text: string): void {
    this.docs.set(uri.toString(), text);
    this.emitter.fire(uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.docs.get(uri.toString()) ?? '';
  }

  dispose(): void {
    this.emitter.dispose();
    this.docs.clear();
  }
}

function docUri(side: 'remote' | 'local', ref: FactoryRef, item: PlanItem, gen: number): vscode.Uri {
  return vscode.Uri.from({ scheme: SCHEME_REMOTE, path: `/${side}/${ref.factory}/${item.kind}/${item.name}.json`, query: `gen=${gen}` });
}

let generation = 0;

/**
 * Asks which stage to publish with when the factory has stages (deployment/config-*.csv|json, *.stage.json) and
 * applies it. Returns undefined when the user cancels or the stage cannot be applied (the problems are shown,
 * with a button that opens the stage file at the first one).
 */
async function chooseStage(factory: Factory, log: vscode.LogOutputChannel): Promise<{ factory: Factory; stage?: string } | undefined> {
  const stages = await loadStages();
  const list = await stages.listStages(factory.root);
  if (!list.length) return { factory };
  type Item = vscode.QuickPickItem & { stage?: string };
  const items: Item[] = [{ label: '$(circle-slash) No stage', description: 'the values as they are in the folder' }, ...list.map((s) => ({ label: `$(server-environment) ${s.name}`, description: vscode.workspace.asRelativePath(s.file), stage: s.file }))];
  const pick = await vscode.window.showQuickPick(items, { placeHolder: `Stage (environment) to publish ${factory.name} with` });
  if (!pick) return undefined;
  if (!pick.stage) return { factory };
  return applyStageOrReport(factory, pick.stage, log);
}

async function applyStageOrReport(factory: Factory, stage: string, log: vscode.LogOutputChannel): Promise<{ factory: Factory; stage?: string } | undefined> {
  const stages = await loadStages();
  try {
    const applied = await stages.stageFactory(factory, stage);
    log.info(`stage ${applied.stage.name}: ${applied.changes.length} value(s) applied from ${applied.stage.files.join(', ')}`);
    return { factory: applied.factory, stage: applied.stage.name };
  } catch (e) {
    if (!(e instanceof stages.StageError)) throw e;
    log.error(e.message);
    const first = e.problems[0];
    const open = first ? vscode.l10n.t('Open Stage File') : undefined;
    const answer = await vscode.window.showErrorMessage(first ? `${e.message.split('\n')[0]} First: ${first.message}` : e.message, ...(open ? [open] : []));
    if (answer && first) {
      const doc = await vscode.workspace.openTextDocument(first.file);
      const pos = new vscode.Position(Math.max(0, first.line - 1), Math.max(0, first.column - 1));
      await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos) });
    }
    return undefined;
  }
}

/** The whole publish interaction for one local factory and target. */
export async function publishInteractively(connection: RemoteConnection, docs: RemoteDocuments, folderFactory: Factory, ref: FactoryRef, log: vscode.LogOutputChannel): Promise<void> {
  // The stage is applied before planning, so the diffs show the values after substitution.
  const staged = await chooseStage(folderFactory, log);
  if (!staged) return;
  const factory = staged.factory;
  const stageLabel = staged.stage ? ` (stage ${staged.stage})` : '';
  const pub = await loadPublish();
  const session = await connection.session();
  const plan = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Comparing {0} with {1}…', factory.name, ref.factory), cancellable: true }, async (_p, token) => {
    const ac = new AbortController();
    token.onCancellationRequested(() => ac.abort());
    return pub.planPublish(session, ref, factory, { signal: ac.signal });
  });
  const gen = ++generation;
  const changes = plan.filter((p) => p.action !== 'unchanged');
  const orphans = changes.filter((p) => p.action === 'delete');
  const deploy = changes.filter((p) => p.action !== 'delete');
  if (!changes.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} already matches {1}{2}: nothing to publish.', ref.factory, factory.name, stageLabel));
    return;
  }
  for (const item of changes) {
    docs.set(docUri('remote', ref, item, gen), item.remote === undefined ? '' : pub.stableText(pub.normaliseProperties(item.kind === 'globalParameters' ? 'pipeline' : item.kind, item.remote)));
    docs.set(docUri('local', ref, item, gen), item.local === undefined ? '' : pub.stableText(pub.normaliseProperties(item.kind === 'globalParameters' ? 'pipeline' : item.kind, item.local)));
  }
  type Item = vscode.QuickPickItem & { plan?: PlanItem; go?: 'publish' | 'publishDelete' };
  const icon = { create: '$(add)', update: '$(edit)', delete: '$(trash)', unchanged: '' } as const;
  const items: Item[] = [
    { label: `$(cloud-upload) Publish ${deploy.length} change(s)`, description: orphans.length ? `keeps ${orphans.length} remote-only resource(s)` : '', go: 'publish' },
    ...(orphans.length ? [{ label: `$(cloud-upload) Publish and delete ${orphans.length} remote-only resource(s)`, go: 'publishDelete' as const }] : []),
    { label: 'Changes', kind: vscode.QuickPickItemKind.Separator },
    ...changes.map((p) => ({ label: `${icon[p.action]} ${p.kind} ${p.name}`, description: p.action === 'delete' ? 'remote only' : p.action, detail: p.kind === 'trigger' && p.desiredState ? `trigger ${p.remoteState ?? 'new'} → ${p.desiredState}` : undefined, plan: p })),
  ];
  for (;;) {
    const pick = await vscode.window.showQuickPick(items, { placeHolder: `Publish ${factory.name}${stageLabel} to ${ref.factory}: pick a change to see its diff, or publish` });
    if (!pick) return;
    if (pick.plan) {
      const p = pick.plan;
      await vscode.commands.executeCommand('vscode.diff', docUri('remote', ref, p, gen), docUri('local', ref, p, gen), `${p.kind} ${p.name}: ${ref.factory} ↔ local${stageLabel}`, { preview: true });
      continue;
    }
    const deleteOrphans = pick.go === 'publishDelete';
    const publishLabel = vscode.l10n.t('Publish');
    const confirm = await vscode.window.showWarningMessage(
      deleteOrphans
        ? vscode.l10n.t('Publish {0} change(s) and delete {1} remote-only resource(s) to {2} ({3})?', deploy.length, orphans.length, ref.factory, ref.resourceGroup)
        : vscode.l10n.t('Publish {0} change(s) to {1} ({2})?', deploy.length, ref.factory, ref.resourceGroup),
      { modal: true },
      publishLabel,
    );
    if (confirm !== publishLabel) return;
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Publishing to {0}', ref.factory), cancellable: true }, async (progress, token) => {
      const ac = new AbortController();
      token.onCancellationRequested(() => ac.abort());
      return pub.publishFactory(session, ref, factory, { deleteOrphans, signal: ac.signal, onProgress: (m) => { progress.report({ message: m }); log.info(`publish ${ref.factory}: ${m}`); } });
    });
    const bad = result.changes.filter((c) => c.status === 'failed' || c.status === 'skipped');
    for (const c of bad) log.error(`publish ${ref.factory}: ${c.kind} ${c.name}: ${c.error}`);
    const s = result.summary;
    const text = vscode.l10n.t('Published to {0}: {1} created, {2} updated, {3} deleted, {4} trigger(s) started, {5} stopped.', ref.factory, s.create, s.update, s.delete, s.start, s.stop);
    if (bad.length) void vscode.window.showErrorMessage(vscode.l10n.t('{0} {1} resource(s) failed or were skipped; see the Data Factory log. Publishing again retries them.', text, bad.length), vscode.l10n.t('Show Log')).then((a) => a && log.show());
    else void vscode.window.showInformationMessage(text);
    return;
  }
}

/** Publishes without questions (the scripted path): returns the result and reports like the interactive path. */
export async function publishDirectly(connection: RemoteConnection, folderFactory: Factory, ref: FactoryRef, log: vscode.LogOutputChannel, deleteOrphans: boolean, stage?: string) {
  // Scripted: a stage that cannot be applied rejects with every problem (file:line:column), nothing is asked.
  const factory = stage ? (await (await loadStages()).stageFactory(folderFactory, stage)).factory : folderFactory;
  const pub = await loadPublish();
  const session = await connection.session();
  // As in the CLI: the emulator starts empty, so a missing factory is created there (never in Azure).
  const createFactory = remote.isLoopbackUrl(new URL(session.cloud.endpoint));
  const result = await pub.publishFactory(session, ref, factory, { deleteOrphans, createFactory, onProgress: (m) => log.info(`publish ${ref.factory}: ${m}`) });
  for (const c of result.changes) if (c.status === 'failed' || c.status === 'skipped') log.error(`publish ${ref.factory}: ${c.kind} ${c.name}: ${c.error}`);
  return result;
}
