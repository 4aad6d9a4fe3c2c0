/** Trigger checks (ADF6xxx) in the Problems view, unless the factory validator already reports them. */
import * as vscode from 'vscode';
import type { AdfServices } from '../api';
import { validateTriggers } from '../../engine/triggers';

export function registerTriggerDiagnostics(context: vscode.ExtensionContext, services: AdfServices): void {
  const collection = vscode.languages.createDiagnosticCollection('adf-triggers');
  const update = () => {
    collection.clear();
    for (const f of services.index.factories()) {
      if (services.index.diagnosticsOf(f).some((d) => d.source === 'trigger')) continue;
      const byFile = new Map<string, vscode.Diagnostic[]>();
      for (const d of validateTriggers(f)) {
        const r = [...f.resources.trigger.values()].find((x) => x.file === d.file);
        if (!r) continue;
        const a = r.doc.lines.position(d.offset);
        const b = r.doc.lines.position(d.offset + d.length);
        const diag = new vscode.Diagnostic(new vscode.Range(a.line - 1, a.column - 1, b.line - 1, b.column - 1), d.message, d.severity === 'error' ? vscode.DiagnosticSeverity.Error : d.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information);
        diag.code = d.code;
        diag.source = 'Data Factory';
        byFile.set(d.file, [...(byFile.get(d.file) ?? []), diag]);
      }
      for (const [file, list] of byFile) collection.set(vscode.Uri.file(file), list);
    }
  };
  context.subscriptions.push(collection, services.index.onDidChange(update));
  void services.index.ready().then(update);
}
