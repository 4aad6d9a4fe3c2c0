/**
 * Lint findings in the Problems view: `adfw lint`'s rules with the factory's `.adfwlint.json`, recomputed when the
 * factory index changes or a configuration file changes. Each problem's code is the rule id, linked to its entry in
 * docs/lint-rules.md; quick fixes come from the engine (editor/quickFixes.ts) through the finding's fix data. A
 * configuration that does not load is itself a problem on that file, at the position the loader names.
 */
import * as vscode from 'vscode';
import type { AdfServices } from '../api';
import type { Diagnostic } from '../../engine/diagnostics';
import { lintEngine } from '../engineModules';
import { debounce } from '../util/debounce';
import { toVsDiagnostics } from './diagnostics';

export const LINT_SOURCE = 'adf lint';

export function registerLint(services: AdfServices): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('adf-lint');
  let generation = 0;
  const publish = async () => {
    const mine = ++generation;
    const lint = lintEngine();
    const { lines } = lint.rulesMarkdown();
    const docs = vscode.Uri.joinPath(services.extensionUri, lint.RULES_DOC_PATH);
    const byFile = new Map<string, Diagnostic[]>();
    const configProblems = new Map<string, vscode.Diagnostic[]>();
    for (const factory of services.index.factories()) {
      try {
        const config = await lint.loadLintConfig(factory.root);
        for (const f of lint.lintFactory(factory, config).findings) {
          const l = byFile.get(f.file) ?? [];
          l.push(f);
          byFile.set(f.file, l);
        }
      } catch (e) {
        if (e instanceof lint.LintConfigError) {
          const pos = new vscode.Position(e.line - 1, e.column - 1);
          const d = new vscode.Diagnostic(new vscode.Range(pos, pos.translate(0, 1)), e.message.slice(e.message.indexOf(': ') + 2), vscode.DiagnosticSeverity.Error);
          d.source = LINT_SOURCE;
          configProblems.set(e.file, [d]);
        } else services.log.error(`Lint failed on ${factory.root}: ${(e as Error).stack ?? e}`);
      }
    }
    if (mine !== generation) return; // a newer pass started meanwhile
    collection.clear();
    for (const [file, diags] of byFile) {
      const text = services.index.resourceFor(vscode.Uri.file(file))?.doc.text ?? '';
      const vs = toVsDiagnostics(text, file, diags);
      vs.forEach((v, i) => {
        const rule = (diags[i] as Diagnostic & { rule: string }).rule;
        v.source = LINT_SOURCE;
        v.code = { value: rule, target: docs.with({ fragment: `L${lines[rule] ?? 1}` }) };
      });
      collection.set(vscode.Uri.file(file), vs);
    }
    for (const [file, diags] of configProblems) collection.set(vscode.Uri.file(file), diags);
  };
  const schedule = debounce(() => void publish().catch((e) => services.log.error(`Lint failed: ${(e as Error).stack ?? e}`)), 300);
  const watcher = vscode.workspace.createFileSystemWatcher('**/.adfwlint.json');
  const subs = [services.index.onDidChange(schedule), watcher.onDidChange(schedule), watcher.onDidCreate(schedule), watcher.onDidDelete(schedule)];
  void services.index.ready().then(schedule);
  return vscode.Disposable.from(collection, watcher, ...subs, { dispose: () => schedule.dispose() });
}

/** The lint findings currently shown (for tests and the tree's counts). */
export function lintDiagnostics(): [vscode.Uri, readonly vscode.Diagnostic[]][] {
  return vscode.languages.getDiagnostics().filter(([, ds]) => ds.some((d) => d.source === LINT_SOURCE));
}
