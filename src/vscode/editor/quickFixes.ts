/** Code actions for validator diagnostics that carry fix data (declare parameter/variable, fix a name). */
import * as vscode from 'vscode';
import { parseJsonDocument } from '../../engine/json';
import { quickFixesFor } from '../../engine/language';
import type { Diagnostic } from '../../engine/diagnostics';
import { engineData } from './diagnostics';
import { ADF_SELECTOR } from './selector';

/** The engine's quick fixes of one diagnostic as VS Code code actions on `document`. */
export function codeActionsFor(document: vscode.TextDocument, vd: vscode.Diagnostic, fixes: ReturnType<typeof quickFixesFor>): vscode.CodeAction[] {
  return fixes.map((fix) => {
    const a = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
    a.diagnostics = [vd];
    a.isPreferred = fix.preferred;
    a.edit = new vscode.WorkspaceEdit();
    for (const e of fix.edits) a.edit.replace(document.uri, new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length)), e.newText);
    return a;
  });
}

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
          actions.push(...codeActionsFor(d, vd, quickFixesFor(doc, live)));
        }
        return actions;
      },
    },
    { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
  );
}
