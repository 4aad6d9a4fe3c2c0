/**
 * Trigger files in the editor: a CodeLens with the next fire time ("next: Mon 06:00") and "Fire locally",
 * and a hover on typeProperties listing the next fire times (or tumbling windows) in the trigger's zone and UTC.
 */
import * as vscode from 'vscode';
import { getLocation } from 'jsonc-parser';
import type { AdfServices } from '../api';
import { describeTrigger, isoUtc, nextFireSummary, readTrigger, upcoming } from '../../engine/triggers';
import { TRIGGER_COMMANDS, TRIGGER_DOCS } from '../constants';

function triggerAt(services: AdfServices, doc: vscode.TextDocument) {
  const r = services.index.resourceFor(doc.uri);
  return r && r.kind === 'trigger' ? r : undefined;
}

/** Markdown list of the next fire times / windows of a trigger. */
function upcomingMarkdown(def: ReturnType<typeof readTrigger>, count = 5): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendText(describeTrigger(def));
  md.appendMarkdown('\n\n');
  const u = upcoming(def, { count });
  if (u.kind === 'fireTimes') {
    md.appendMarkdown(u.fireTimes.length ? '**Next fire times**\n\n' : '*No future fire times.*');
    for (const t of u.fireTimes) md.appendMarkdown(`- ${t.toFormat('ccc yyyy-MM-dd HH:mm')} (${u.zone}) — \`${isoUtc(t)}\`\n`);
  } else if (u.kind === 'windows') {
    md.appendMarkdown(u.windows.length ? '**Next windows** (UTC)\n\n' : '*No future windows.*');
    for (const w of u.windows) md.appendMarkdown(`- \`${isoUtc(w.start)}\` → \`${isoUtc(w.end)}\`, runs at \`${isoUtc(w.end + u.delayMs)}\`\n`);
  } else if (u.kind === 'error') md.appendMarkdown(`$(warning) ${u.message}`);
  md.supportThemeIcons = true;
  return md;
}

export function registerTriggerEditor(context: vscode.ExtensionContext, services: AdfServices): void {
  const changed = new vscode.EventEmitter<void>();
  // Fire times move with the clock: refresh lenses every minute and when factories change.
  const timer = setInterval(() => changed.fire(), 60_000);
  context.subscriptions.push(changed, { dispose: () => clearInterval(timer) }, services.index.onDidChange(() => changed.fire()));
  context.subscriptions.push(
    vscode.languages.registerCodeLensProvider(TRIGGER_DOCS, {
      onDidChangeCodeLenses: changed.event,
      provideCodeLenses(doc) {
        const r = triggerAt(services, doc);
        if (!r) return [];
        const def = readTrigger(r);
        const range = new vscode.Range(0, 0, 0, 0);
        const lenses = [new vscode.CodeLens(range, { title: nextFireSummary(def) || def.type, command: TRIGGER_COMMANDS.showTimes, arguments: [doc.uri] })];
        if (def.pipelines.length) lenses.push(new vscode.CodeLens(range, { title: vscode.l10n.t('$(play) Fire locally'), command: TRIGGER_COMMANDS.fire, arguments: [doc.uri] }));
        if (def.type === 'TumblingWindowTrigger') lenses.push(new vscode.CodeLens(range, { title: vscode.l10n.t('Backfill…'), command: TRIGGER_COMMANDS.backfill, arguments: [doc.uri] }));
        if (def.type === 'BlobEventsTrigger') lenses.push(new vscode.CodeLens(range, { title: vscode.l10n.t('Watch blob events…'), command: TRIGGER_COMMANDS.watch, arguments: [doc.uri] }));
        return lenses;
      },
    }),
    vscode.languages.registerHoverProvider(TRIGGER_DOCS, {
      provideHover(doc, pos) {
        const r = triggerAt(services, doc);
        if (!r) return undefined;
        const loc = getLocation(doc.getText(), doc.offsetAt(pos));
        const p = loc.path;
        if (!(p[0] === 'properties' && (p[1] === 'typeProperties' || p[1] === 'type'))) return undefined;
        return new vscode.Hover(upcomingMarkdown(readTrigger(r)));
      },
    }),
  );
}
