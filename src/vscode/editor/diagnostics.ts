/**
 * Publishes validator diagnostics (with codes) to the Problems view: all of them after a full load, the re-validated
 * files' after an edit (saved or not).
 */
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
function toVsDiagnostics(text: string, file: string, diags: readonly Diagnostic[]): vscode.Diagnostic[] {
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
  /** The text the diagnostics' offsets refer to: the resource's (an unsaved buffer's when there is one), else the disk's. */
  const textOf = async (file: string) => index.resourceFor(vscode.Uri.file(file))?.doc.text ?? (await vscode.workspace.fs.readFile(vscode.Uri.file(file)).then((b) => new TextDecoder().decode(b), () => ''));
  const publishAll = async () => {
    const byFile = new Map<string, Diagnostic[]>();
    for (const f of index.factories()) {
      for (const d of index.diagnosticsOf(f)) {
        const l = byFile.get(d.file) ?? [];
        l.push(d);
        byFile.set(d.file, l);
      }
    }
    collection.clear();
    for (const [file, diags] of byFile) collection.set(vscode.Uri.file(file), toVsDiagnostics(await textOf(file), file, diags));
  };
  /** After an edit: only the files that were re-validated. */
  const publishFiles = async (files: readonly string[]) => {
    for (const file of files) {
      const diags = index.diagnosticsOfFile(file);
      const uri = vscode.Uri.file(file);
      if (diags.length) collection.set(uri, toVsDiagnostics(await textOf(file), file, diags));
      else collection.delete(uri);
    }
  };
  // Publications run in order, so an older one never overwrites a newer one.
  let chain: Promise<void> = Promise.resolve();
  const schedule = (files: readonly string[] | undefined) => {
    chain = chain.then(() => (files ? publishFiles(files) : publishAll())).catch(() => undefined);
  };
  const sub = index.onDidChangeDiagnostics(schedule);
  schedule(undefined);
  return vscode.Disposable.from(collection, sub);
}
