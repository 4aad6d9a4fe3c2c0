/**
 * Trigger commands: show fire times, fire locally (each run goes through the run manager: progress, status bar,
 * log, monitor, Runs view and the factory's run store), tumbling-window backfill of a range, and blob-event watching on azurite or a local folder.
 * Each takes a trigger file URI (CodeLens), a tree node, or nothing (then asks).
 */
import * as vscode from 'vscode';
import type { AdfServices } from '../api';
import type { Factory, Resource } from '../../engine/model/types';
import {
  backfill, BlobEventWatcher, blobContainerSource, blobTriggers, fireTrigger, folderSource, isoUtc, readTrigger, upcoming, watchedContainers, type BlobSource,
} from '../../engine/triggers';
import { CONTEXT_KEYS, TRIGGER_COMMANDS } from '../constants';
import { triggeredRunner, type TriggeredRunPresentation } from './runner';

async function resolveTrigger(services: AdfServices, arg: unknown): Promise<{ factory: Factory; resource: Resource } | undefined> {
  if (arg instanceof vscode.Uri) {
    const resource = services.index.resourceFor(arg);
    const factory = services.index.factoryFor(arg);
    if (resource?.kind === 'trigger' && factory) return { factory, resource };
  }
  const node = arg as { type?: string; resource?: Resource; factory?: Factory } | undefined;
  if (node?.type === 'resource' && node.resource?.kind === 'trigger' && node.factory) return { factory: node.factory, resource: node.resource };
  return services.pickResource('trigger', 'Trigger');
}

/** Starts triggered runs through the run manager (the normal local run path). */
function managedRunner(services: AdfServices, presentation: TriggeredRunPresentation = {}) {
  return triggeredRunner((o) => services.runs.startLocal(o), presentation);
}

function isoInput(prompt: string, value: string): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    prompt,
    value,
    validateInput: (v) => (Number.isNaN(Date.parse(v)) ? 'An ISO 8601 date-time such as 2024-01-31T06:00:00Z' : undefined),
  });
}

export function registerTriggerCommands(context: vscode.ExtensionContext, services: AdfServices): void {
  let watcher: { watcher: BlobEventWatcher; factory: Factory } | undefined;
  const setWatching = (on: boolean) => void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.watchingBlobEvents, on);

  context.subscriptions.push(
    vscode.commands.registerCommand(TRIGGER_COMMANDS.showTimes, async (arg?: unknown) => {
      const t = await resolveTrigger(services, arg);
      if (!t) return;
      const def = readTrigger(t.resource);
      const u = upcoming(def, { count: 20 });
      const items: vscode.QuickPickItem[] =
        u.kind === 'fireTimes'
          ? u.fireTimes.map((x) => ({ label: x.toFormat('ccc yyyy-MM-dd HH:mm'), description: u.zone, detail: isoUtc(x) }))
          : u.kind === 'windows'
            ? u.windows.map((w) => ({ label: `${isoUtc(w.start)} → ${isoUtc(w.end)}`, description: `runs at ${isoUtc(w.end + u.delayMs)}` }))
            : [{ label: u.kind === 'error' ? u.message : u.description }];
      await vscode.window.showQuickPick(items, { title: vscode.l10n.t('{0}: next {1}', def.name, u.kind === 'windows' ? 'windows' : 'fire times'), canPickMany: false });
    }),

    vscode.commands.registerCommand(TRIGGER_COMMANDS.fire, async (arg?: unknown) => {
      if (!services.requireTrust('Firing a trigger')) return;
      const t = await resolveTrigger(services, arg);
      if (!t) return;
      const def = readTrigger(t.resource);
      let at: string | undefined;
      let triggerBody: Record<string, unknown> | undefined;
      if (def.type === 'ScheduleTrigger' || def.type === 'TumblingWindowTrigger') {
        const u = upcoming(def, { count: 1 });
        const suggestion = u.kind === 'fireTimes' && u.fireTimes[0] ? isoUtc(u.fireTimes[0]) : new Date().toISOString();
        at = await isoInput(def.type === 'TumblingWindowTrigger' ? 'Fire as of (the last window due at this time runs)' : 'Scheduled time', suggestion);
        if (!at) return;
      } else if (def.type === 'BlobEventsTrigger') {
        const prefix = def.blob.blobPathBeginsWith?.replace(/^\/([^/]+)\/blobs\//, '$1/') ?? '';
        const blob = await vscode.window.showInputBox({ prompt: vscode.l10n.t('Blob path (container/folder/file)'), value: `${prefix}file${def.blob.blobPathEndsWith ?? '.csv'}` });
        if (!blob) return;
        const i = blob.lastIndexOf('/');
        triggerBody = { folderPath: i >= 0 ? blob.slice(0, i) : '', fileName: i >= 0 ? blob.slice(i + 1) : blob };
      } else if (def.type === 'CustomEventsTrigger') {
        const text = await vscode.window.showInputBox({ prompt: vscode.l10n.t('Event (triggerBody) as JSON'), value: '{"event": {"data": {}}}', validateInput: (v) => { try { JSON.parse(v); return undefined; } catch (e) { return (e as Error).message; } } });
        if (!text) return;
        triggerBody = JSON.parse(text);
      }
      try {
        // Each target pipeline runs like "Run locally": progress, status bar, log, monitor (revealed on start), Runs view.
        const fired = await fireTrigger(t.factory, def.name, { at, triggerBody, runner: managedRunner(services) });
        for (const f of fired) {
          if (f.error) void vscode.window.showErrorMessage(`${def.name} → ${f.pipelineName}: ${f.error.message}`);
          else services.log.info(`${def.name} → ${f.pipelineName} ${JSON.stringify(f.parameters)}: ${f.result!.pipelineRun.status} (run ${f.result!.pipelineRun.runId})`);
        }
      } catch (e) {
        void vscode.window.showErrorMessage((e as Error).message);
      }
    }),

    vscode.commands.registerCommand(TRIGGER_COMMANDS.backfill, async (arg?: unknown) => {
      if (!services.requireTrust('Backfilling a trigger')) return;
      const t = await resolveTrigger(services, arg);
      if (!t) return;
      const def = readTrigger(t.resource);
      if (def.type !== 'TumblingWindowTrigger' || !def.tumbling) return void vscode.window.showErrorMessage(vscode.l10n.t('{0} is not a valid TumblingWindowTrigger.', def.name));
      const from = await isoInput('Backfill from (windows starting at or after)', isoUtc(Date.parse(def.tumbling.startTime)));
      if (!from) return;
      const to = await isoInput('Backfill to (windows ending at or before)', isoUtc(Math.min(Date.now(), Date.parse(from) + 24 * 3_600_000)));
      if (!to) return;
      try {
        const windows = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Backfilling {0}', def.name), cancellable: true }, (progress, token) => {
          const controller = new AbortController();
          token.onCancellationRequested(() => controller.abort());
          // Window runs are managed runs too (Runs view, monitor, status bar); cancelling the backfill cancels them.
          const runner = managedRunner(services, { reveal: false, notify: false, signal: controller.signal });
          return backfill(t.factory, def.name, { from, to, runner, signal: controller.signal, onUpdate: (w) => progress.report({ message: `${w.trigger} ${w.windowStart} ${w.status}` }) });
        });
        for (const w of windows) services.log.info(`${w.trigger} [${w.windowStart}, ${w.windowEnd}) ${w.status}${w.message ? `: ${w.message}` : ''}`);
        const bad = windows.filter((w) => w.status !== 'Succeeded').length;
        const msg = vscode.l10n.t('{0}: {1} window(s), {2} succeeded, {3} failed or skipped.', def.name, windows.length, windows.length - bad, bad);
        if (bad) void vscode.window.showWarningMessage(msg, vscode.l10n.t('Show Log')).then((p) => p && services.log.show());
        else void vscode.window.showInformationMessage(msg);
      } catch (e) {
        void vscode.window.showErrorMessage((e as Error).message);
      }
    }),

    vscode.commands.registerCommand(TRIGGER_COMMANDS.watch, async (arg?: unknown) => {
      if (!services.requireTrust('Watching blob events')) return;
      const t = arg ? await resolveTrigger(services, arg) : undefined;
      const factory = t?.factory ?? services.index.factories().find((f) => blobTriggers(f).length);
      if (!factory) return void vscode.window.showInformationMessage(vscode.l10n.t('No factory in this workspace has a BlobEventsTrigger.'));
      const kind = await vscode.window.showQuickPick([{ label: vscode.l10n.t('Local folder'), description: vscode.l10n.t('a folder stands in for each container'), id: 'folder' }, { label: 'Azurite', description: vscode.l10n.t('blob containers by connection string'), id: 'azurite' }], { title: vscode.l10n.t('Watch blob events from') });
      if (!kind) return;
      const sources: BlobSource[] = [];
      const containers = watchedContainers(factory);
      if (kind.id === 'folder') {
        for (const c of containers.length ? containers : ['container']) {
          const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: `Use for container "${c}"` });
          if (!picked?.[0]) return;
          sources.push(folderSource(c, picked[0].fsPath));
        }
      } else {
        const conn = await vscode.window.showInputBox({ prompt: vscode.l10n.t('Blob connection string (azurite)'), value: 'UseDevelopmentStorage=true', ignoreFocusOut: true });
        if (!conn) return;
        for (const c of containers) sources.push(await blobContainerSource(conn, c));
      }
      await watcher?.watcher.stop();
      // The watcher reports each run itself (onNotice), so the run manager neither reveals nor notifies.
      const runner = managedRunner(services, { reveal: false, notify: false });
      const w = new BlobEventWatcher(factory, {
        sources,
        runner,
        onEvent: (e, triggers) => services.log.info(`${e.eventType} ${e.container}/${e.blobName}${triggers.length ? ` → ${triggers.join(', ')}` : ''}`),
        onNotice: (n) => {
          for (const r of n.runs) {
            if (r.error) services.log.error(`${r.trigger} → ${r.pipelineName}: ${r.error.message}`);
            else void vscode.window.showInformationMessage(`${r.trigger} → ${r.pipelineName}: ${r.result!.pipelineRun.status}`, vscode.l10n.t('Open Run')).then((p) => (p ? services.openMonitor(r.result!.pipelineRun.runId) : undefined));
          }
        },
        onError: (e) => services.log.error(`Blob watcher: ${e.message}`),
      });
      await w.start();
      watcher = { watcher: w, factory };
      setWatching(true);
      void vscode.window.showInformationMessage(vscode.l10n.t('Watching {0} for {1}\'s blob-event triggers.', sources.map((s) => s.container).join(', '), factory.name));
    }),

    vscode.commands.registerCommand(TRIGGER_COMMANDS.stopWatch, async () => {
      await watcher?.watcher.stop();
      watcher = undefined;
      setWatching(false);
    }),
    { dispose: () => void watcher?.watcher.stop() },
  );
}
