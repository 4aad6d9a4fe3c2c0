/** Publishes validator diagnostics (with codes) to the Problems view whenever the factory index changes. */
import * as vscode from 'vscode';
import type { Diagnostic } from '../../engine/diagnostics';
import type { FactoryIndex } from '../api';
import { parseJsonDocument } from '../../engine/json';
import { toRange } from '../util/ranges';

const SEVERITY: Record<Diagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** Engine diagnostics of one file as VS Code diagnostics; engine data kept for quick fixes. */
export function toVsDiagnostics(text: string, file: string, diags: readonly Diagnostic[]): vscode.Diagnostic[] {
  const doc = parseJsonDocument(file, text);
  return diags.map((d) => {
    const v = new vscode.Diagnostic(toRange(doc, d.offset, d.length), d.message, SEVERITY[d.severity]);
    v.code = d.code;
    v.source = `adf ${d.source}`;
    engineData.set(v, d);
    return v;
  });
}

/** The engine diagnostic behind a VS Code diagnostic (for code actions). */
export const engineData = new WeakMap<vscode.Diagnostic, Diagnostic>();

export function registerDiagnostics(index: FactoryIndex): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('adf');
  const publish = async () => {
    const byFile = new Map<string, Diagnostic[]>();
    for (const f of index.factories()) {
      for (const d of index.diagnosticsOf(f)) {
        const l = byFile.get(d.file) ?? [];
        l.push(d);
        byFile.set(d.file, l);
      }
    }
    collection.clear();
    for (const [file, diags] of byFile) {
      const r = index.resourceFor(vscode.Uri.file(file));
      const text = r?.doc.text ?? (await vscode.workspace.fs.readFile(vscode.Uri.file(file)).then((b) => new TextDecoder().decode(b), () => ''));
      collection.set(vscode.Uri.file(file), toVsDiagnostics(text, file, diags));
    }
  };
  const sub = index.onDidChange(() => void publish());
  void publish();
  return vscode.Disposable.from(collection, sub);
}
