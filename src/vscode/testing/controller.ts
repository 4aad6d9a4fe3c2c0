/**
 * Pipeline tests in VS Code's Testing view: *.adftest.json files become test items (one child per test, at
 * its "name"), runs go through the same runner as `adfw test`, failures show as diffs at the expectation that
 * failed, and each test's run is saved to the factory's run store so it can be opened in the monitor.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { AdfServices } from '../api';
import { loadCoverage, loadRun, testing } from '../engineModules';
import { TEST_FILE_GLOB } from '../constants';
import type { Failure, TestResult } from '../../engine/testing/types';
import { rangeAt } from '../../engine/json';
import { TESTING } from '../constants';
import { latestCoverage } from './coverageStore';

const rangeOf = (loc: { line: number; column: number; length?: number } | undefined): vscode.Range | undefined =>
  loc ? new vscode.Range(loc.line - 1, loc.column - 1, loc.line - 1, loc.column - 1 + Math.min(loc.length ?? 0, 200)) : undefined;

export class PipelineTestController implements vscode.Disposable {
  readonly controller: vscode.TestController;
  /** Test item id -> run id of its latest run. */
  readonly lastRuns = new Map<string, string>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Per-file coverage details of coverage runs: activities as statements, branches and conditions as their branches. */
  private readonly coverageDetails = new WeakMap<vscode.FileCoverage, vscode.StatementCoverage[]>();
  /** The latest coverage report (for tests). */
  lastCoverage: import('../../engine/coverage/index').CoverageReport | undefined;

  constructor(private readonly services: AdfServices) {
    this.controller = vscode.tests.createTestController(TESTING.controller, 'Data Factory pipeline tests');
    this.disposables.push(this.controller);
    this.controller.resolveHandler = async (item) => {
      if (!item) await this.discoverAll();
      else if (item.uri) await this.refreshFile(item.uri);
    };
    this.controller.refreshHandler = () => this.discoverAll();
    this.controller.createRunProfile('Run', vscode.TestRunProfileKind.Run, (req, token) => this.run(req, token), true);
    const coverage = this.controller.createRunProfile('Run with Coverage', vscode.TestRunProfileKind.Coverage, (req, token) => this.run(req, token, true), true);
    coverage.loadDetailedCoverage = async (_run, file) => this.coverageDetails.get(file) ?? [];
    const watcher = vscode.workspace.createFileSystemWatcher(TEST_FILE_GLOB);
    this.disposables.push(
      watcher,
      watcher.onDidCreate((u) => void this.refreshFile(u)),
      watcher.onDidChange((u) => void this.refreshFile(u)),
      watcher.onDidDelete((u) => this.controller.items.delete(u.toString())),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.fsPath.endsWith(testing().TEST_FILE_SUFFIX)) this.fileFromText(e.document.uri, e.document.getText());
      }),
    );
  }

  async discoverAll(): Promise<void> {
    const files = await vscode.workspace.findFiles(TEST_FILE_GLOB, '**/{node_modules,.git,.adf}/**');
    const seen = new Set(files.map((f) => f.toString()));
    this.controller.items.forEach((i) => {
      if (!seen.has(i.id)) this.controller.items.delete(i.id);
    });
    await Promise.all(files.map((f) => this.refreshFile(f)));
  }

  async refreshFile(uri: vscode.Uri): Promise<void> {
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      this.controller.items.delete(uri.toString());
      return;
    }
    this.fileFromText(uri, text);
  }

  private fileFromText(uri: vscode.Uri, text: string): void {
    const loaded = testing().parseTestFile(uri.fsPath, text);
    const file = this.controller.items.get(uri.toString()) ?? this.controller.createTestItem(uri.toString(), vscode.workspace.asRelativePath(uri), uri);
    file.error = loaded.problems.length ? new vscode.MarkdownString(loaded.problems.map((p) => `- ${p.location.line}:${p.location.column} ${p.message}`).join('\n')) : undefined;
    const children: vscode.TestItem[] = [];
    for (const [i, t] of (loaded.def?.tests ?? []).entries()) {
      if (!t || typeof t.name !== 'string') continue;
      const child = this.controller.createTestItem(`${uri.toString()}#${t.name}`, t.name, uri);
      const pos = loaded.doc.lines.position(rangeAt(loaded.doc, ['tests', i, 'name']).offset);
      child.range = new vscode.Range(pos.line - 1, pos.column - 1, pos.line - 1, pos.column - 1);
      child.description = t.pipeline ?? loaded.def?.pipeline;
      if (t.skip) child.tags = [new vscode.TestTag('skipped')];
      children.push(child);
    }
    file.children.replace(children);
    this.controller.items.add(file);
  }

  /** Runs every test of one file as the Testing view's Run does (scripted); returns each test's run id by name. */
  async runFile(uri: vscode.Uri): Promise<Record<string, string>> {
    await this.refreshFile(uri);
    const file = this.controller.items.get(uri.toString());
    if (!file) return {};
    const cancel = new vscode.CancellationTokenSource();
    try {
      await this.run(new vscode.TestRunRequest([file]), cancel.token);
    } finally {
      cancel.dispose();
    }
    const out: Record<string, string> = {};
    file.children.forEach((c) => {
      const runId = this.lastRuns.get(c.id);
      if (runId) out[String(c.label)] = runId;
    });
    return out;
  }

  private async run(request: vscode.TestRunRequest, token: vscode.CancellationToken, withCoverage = false): Promise<void> {
    if (!this.services.requireTrust('Running pipeline tests')) return;
    const run = this.controller.createTestRun(request);
    const cov = withCoverage ? await loadCoverage() : undefined;
    const collector = cov ? new cov.CoverageCollector() : undefined;
    const factories = new Map<string, Promise<import('../../engine/model/types').Factory>>();
    const controller = new AbortController();
    token.onCancellationRequested(() => controller.abort());
    // Which files, and which tests in them.
    const wanted = new Map<string, Set<string> | 'all'>();
    const add = (item: vscode.TestItem) => {
      if (request.exclude?.includes(item)) return;
      const [fileId, name] = item.id.split('#');
      if (name === undefined) wanted.set(fileId, 'all');
      else if (wanted.get(fileId) !== 'all') wanted.set(fileId, new Set([...((wanted.get(fileId) as Set<string>) ?? []), item.id.slice(fileId.length + 1)]));
    };
    if (request.include) request.include.forEach(add);
    else this.controller.items.forEach(add);
    try {
      for (const [fileId, names] of wanted) {
        if (token.isCancellationRequested) break;
        const fileItem = this.controller.items.get(fileId);
        if (!fileItem?.uri) continue;
        const excluded = new Set((request.exclude ?? []).map((i) => i.id));
        fileItem.children.forEach((c) => {
          if ((names === 'all' || names.has(c.label)) && !excluded.has(c.id)) run.enqueued(c);
        });
        const root = await testing().factoryRootFor(fileItem.uri.fsPath).catch(() => undefined);
        const run0 = await loadRun();
        const store = root ? new run0.RunStore(run0.defaultStoreDir(root)) : undefined;
        const connections = await this.services.connections();
        const { runTestFile } = testing();
        await runTestFile(fileItem.uri.fsPath, {
          filter: (_f, name) => (names === 'all' || names.has(name)) && !excluded.has(`${fileId}#${name}`),
          signal: controller.signal,
          keepRuns: false,
          // Fabric workspaces: the value set chosen in VS Code, for test files that name none.
          defaultValueSet: (r) => this.services.index.factories().find((f) => path.resolve(f.root) === path.resolve(r))?.fabric?.valueSet,
          engine: { store, connections, ...(collector ? { onEvent: collector.onEvent } : {}) },
          onStart: (_f, name) => {
            const item = fileItem.children.get(`${fileId}#${name}`);
            if (item) run.started(item);
          },
          onResult: (r) => this.report(run, fileItem, r),
        }, factories);
      }
      if (cov && collector) this.addCoverage(run, cov.coverageReport(collector, await Promise.all(factories.values())));
    } finally {
      run.end();
      // Test runs are in the factory's run store: let the Runs view pick them up.
      void this.services.index.refresh();
    }
  }

  /** One FileCoverage per pipeline JSON: activities as statements; If/Switch branches, dependency conditions and loop bodies as branches. */
  private addCoverage(run: vscode.TestRun, report: import('../../engine/coverage/index').CoverageReport): void {
    this.lastCoverage = report;
    latestCoverage.set(report);
    for (const f of report.factories) {
      for (const p of f.pipelines) {
        const pos = (line: number) => new vscode.Position(line - 1, 0);
        const byActivity = new Map<string, vscode.BranchCoverage[]>();
        const branch = (activity: string, hits: number, line: number, label: string) => {
          const list = byActivity.get(activity) ?? [];
          list.push(new vscode.BranchCoverage(hits, pos(line), label));
          byActivity.set(activity, list);
        };
        for (const b of p.branches) branch(b.activity, b.hits, b.line, b.branch === 'true' || b.branch === 'false' ? `if ${b.branch}` : b.branch === 'default' ? 'default' : `case ${b.branch.slice(5)}`);
        for (const c of p.conditions) branch(c.activity, c.hits, c.line, `after ${c.dependsOn} ${c.condition}`);
        for (const l of p.loops) branch(l.activity, l.hits, l.line, `${l.type} body`);
        const statements = p.activities.map((a) => new vscode.StatementCoverage(a.hits, new vscode.Range(pos(a.line), pos(a.line).translate(0, 1)), byActivity.get(a.activity) ?? []));
        const branches = [...p.branches, ...p.conditions, ...p.loops];
        const file = new vscode.FileCoverage(
          vscode.Uri.file(p.file),
          new vscode.TestCoverageCount(p.summary.activities.covered, p.summary.activities.total),
          branches.length ? new vscode.TestCoverageCount(branches.filter((b) => b.covered).length, branches.length) : undefined,
        );
        this.coverageDetails.set(file, statements);
        run.addCoverage(file);
      }
    }
  }

  private report(run: vscode.TestRun, fileItem: vscode.TestItem, r: TestResult): void {
    const item = r.name === '(file)' ? fileItem : fileItem.children.get(`${fileItem.id}#${r.name}`);
    if (!item) return;
    if (r.runId) {
      this.lastRuns.set(item.id, r.runId);
      run.appendOutput(`${r.name}: pipeline ${r.pipelineName} run ${r.runId}\r\n`, undefined, item);
    }
    switch (r.status) {
      case 'passed':
        return run.passed(item, r.durationMs);
      case 'skipped':
        return run.skipped(item);
      case 'error':
        return run.errored(item, r.failures.map((f) => this.message(f, item)), r.durationMs);
      default:
        return run.failed(item, r.failures.map((f) => this.message(f, item)), r.durationMs);
    }
  }

  private message(f: Failure, item: vscode.TestItem): vscode.TestMessage {
    const hasDiff = f.expected !== undefined || f.actual !== undefined;
    const m = hasDiff ? vscode.TestMessage.diff(f.message, stringify(f.expected), stringify(f.actual)) : new vscode.TestMessage(f.message);
    const range = rangeOf(f.location);
    if (f.location && range) m.location = new vscode.Location(vscode.Uri.file(f.location.file), range);
    else if (item.uri && item.range) m.location = new vscode.Location(item.uri, item.range);
    m.contextValue = TESTING.messageContext;
    return m;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function stringify(v: unknown): string {
  return v === undefined ? '(absent)' : typeof v === 'string' ? v : JSON.stringify(v, null, 2);
}
