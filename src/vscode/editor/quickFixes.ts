/** Code actions for validator diagnostics that carry fix data (declare parameter/variable, fix a name). */
import * as vscode from 'vscode';
import { parseJsonDocument } from '../../engine/json';
import { quickFixesFor } from '../../engine/language';
import type { Diagnostic } from '../../engine/diagnostics';
import { engineData } from './diagnostics';
import { ADF_SELECTOR } from './selector';

export function registerQuickFixes(): vscode.Disposable {
  return vscode.languages.registerCodeActionsProvider(
    ADF_SELECTOR,
    {
      provideCodeActions(d, _range, ctx) {
        const doc = parseJsonDocument(d.uri.fsPath, d.getText());
        const actions: vscode.CodeAction[] = [];
        for (const vd of ctx.diagnostics) {
          const ed: Diagnostic | undefined = engineData.get(vd);
          if (!ed) continue;
          // The document may have changed since validation: use the diagnostic's current range.
          const live = { ...ed, offset: d.offsetAt(vd.range.start), length: d.offsetAt(vd.range.end) - d.offsetAt(vd.range.start) };
          for (const fix of quickFixesFor(doc, live)) {
            const a = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
            a.diagnostics = [vd];
            a.isPreferred = fix.preferred;
            a.edit = new vscode.WorkspaceEdit();
            for (const e of fix.edits) a.edit.replace(d.uri, new vscode.Range(d.positionAt(e.offset), d.positionAt(e.offset + e.length)), e.newText);
            actions.push(a);
          }
        }
        return actions;
      },
    },
    { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
  );
}
