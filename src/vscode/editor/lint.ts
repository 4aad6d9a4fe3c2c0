/**
 * Lint findings in the Problems view: `adfw lint`'s rules with the factory's `.adfwlint.json`, recomputed when the
 * factory index changes or a configuration file changes. Each problem's code is the rule id, linked to its entry in
 * docs/lint-rules.md; quick fixes come from the engine's quick fix table through the finding's fix data (the finding
 * is found again by rule and range, so the code action works on whatever diagnostic objects VS Code hands back). A
 * configuration that does not load is itself a problem on that file, at the position the loader names.
 */
import * as vscode from 'vscode';
import type { AdfServices } from '../api';
import type { Diagnostic } from '../../engine/diagnostics';
import { parseJsonDocument } from '../../engine/json';
import { quickFixesFor } from '../../engine/language';
import { lintEngine } from '../engineModules';
import { debounce } from '../util/debounce';
import { toRange } from '../util/ranges';
import { ADF_SELECTOR } from './selector';
import { codeActionsFor } from './quickFixes';

const SEVERITY: Record<Diagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

type Finding = Diagnostic & { rule: string };

const LINT_SOURCE = 'adf lint';

export function registerLint(services: AdfServices): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('adf-lint');
  let generation = 0;
  /** file → the findings published for it (for quick fixes). */
  let latest = new Map<string, Finding[]>();
  const publish = async () => {
    const mine = ++generation;
    const lint = lintEngine();
    const { lines } = lint.rulesMarkdown();
    const docs = vscode.Uri.joinPath(services.extensionUri, lint.RULES_DOC_PATH);
    const byFile = new Map<string, Finding[]>();
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
    latest = byFile;
    for (const [file, findings] of byFile) {
      const resource = services.index.resourceFor(vscode.Uri.file(file));
      const doc = resource?.doc ?? parseJsonDocument(file, await vscode.workspace.fs.readFile(vscode.Uri.file(file)).then((b) => new TextDecoder().decode(b), () => ''));
      if (mine !== generation) return;
      const vs = findings.map((f) => {
        const v = new vscode.Diagnostic(toRange(doc, f.offset, f.length), f.message, SEVERITY[f.severity]);
        v.source = LINT_SOURCE;
        v.code = { value: f.rule, target: docs.with({ fragment: `L${lines[f.rule] ?? 1}` }) };
        return v;
      });
      collection.set(vscode.Uri.file(file), vs);
    }
    for (const [file, diags] of configProblems) collection.set(vscode.Uri.file(file), diags);
  };
  const schedule = debounce(() => void publish().catch((e) => services.log.error(`Lint failed: ${(e as Error).stack ?? e}`)), 300);
  const watcher = vscode.workspace.createFileSystemWatcher('**/.adfwlint.json');
  const subs = [services.index.onDidChange(schedule), watcher.onDidChange(schedule), watcher.onDidCreate(schedule), watcher.onDidDelete(schedule)];
  void services.index.ready().then(schedule);
  const fixes = vscode.languages.registerCodeActionsProvider(
    ADF_SELECTOR,
    {
      provideCodeActions(document, range, ctx) {
        const findings = latest.get(document.uri.fsPath) ?? [];
        if (!findings.length) return [];
        const doc = parseJsonDocument(document.uri.fsPath, document.getText());
        const actions: vscode.CodeAction[] = [];
        let problems = ctx.diagnostics.filter((vd) => vd.source === LINT_SOURCE && typeof vd.code === 'object');
        // Asked for a range without the problems (e.g. by a command): the published problems there.
        if (!problems.length) problems = collection.get(document.uri)?.filter((vd) => vd.range.intersection(range)) ?? [];
        for (const vd of problems) {
          const rule = String((vd.code as { value: string | number }).value);
          const start = document.offsetAt(vd.range.start);
          const end = document.offsetAt(vd.range.end);
          // The finding behind the problem: same rule and message (the text may have moved since linting).
          const f = findings.find((x) => x.rule === rule && x.message === vd.message && x.data);
          if (!f) continue;
          actions.push(...codeActionsFor(document, vd, quickFixesFor(doc, { ...f, offset: start, length: end - start })));
        }
        return actions;
      },
    },
    { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
  );
  return vscode.Disposable.from(collection, watcher, fixes, ...subs, { dispose: () => schedule.dispose() });
}
