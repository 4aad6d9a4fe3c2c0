/**
 * Local factories of the workspace: discovered under each workspace folder, loaded with the engine's loader and
 * validated. Files are read through a host that puts the text of open, unsaved documents in front of the disk, so
 * diagnostics follow what the user sees. Edits (typing, debounced) and file events (save, create, delete, changes
 * from outside) re-validate the changed file and its dependants only, through the engine's IncrementalValidator;
 * a new factory folder triggers discovery again.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import { discoverFactories, kindOfFile, loadFactory, nodeFileHost, overlayFileHost, resourceOfFile, RESOURCE_KINDS, type Factory, type Resource } from '../engine/model';
import type { Diagnostic } from '../engine/diagnostics';
import type { IncrementalValidator } from '../engine/validate';
import type { FactoryIndex } from './api';
import { incrementalValidator } from './engineModules';
import { discoverFabricWorkspaces, loadFabricWorkspace } from '../engine/fabric';
import { debounce } from './util/debounce';

const WATCH_GLOB = `**/{${RESOURCE_KINDS.join(',')}}/*.json`;
/** Files of Microsoft Fabric items (a change reloads: Fabric workspaces are small and have no per-file update). */
const FABRIC_WATCH_GLOB = '**/*.{DataPipeline,VariableLibrary}/**';
/** Quiet time after the last keystroke or file event before re-validating. */
const EDIT_DEBOUNCE_MS = 250;

export class WorkspaceFactoryIndex implements FactoryIndex, vscode.Disposable {
  private list: Factory[] = [];
  private readonly validators = new Map<string, IncrementalValidator>();
  /** Sorted diagnostics per factory root, computed on demand after a change. */
  private readonly diags = new Map<string, Diagnostic[]>();
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly diagEmitter = new vscode.EventEmitter<readonly string[] | undefined>();
  readonly onDidChangeDiagnostics = this.diagEmitter.event;
  private readonly disposables: vscode.Disposable[] = [this.emitter, this.diagEmitter];
  /** Files changed (on disk or in an editor) since the last update. */
  private readonly pending = new Set<string>();
  private rediscover = false;
  private first: Promise<void>;
  /** Loads and updates run one after another. */
  private queue: Promise<void> = Promise.resolve();
  private readonly flush = debounce(() => void this.enqueue(() => this.applyPending()), EDIT_DEBOUNCE_MS);
  /** Reads files as the user sees them: an open document with unsaved changes wins over the disk. */
  private readonly host = overlayFileHost(nodeFileHost, (file) => unsavedText(file));

  /**
   * `valueSetOf`: the active value set of a Fabric workspace folder (the user's choice); a library without it uses
   * its default values, with a warning in the Problems view.
   */
  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly valueSetOf: (root: string) => string | undefined = () => undefined,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher(WATCH_GLOB);
    const onFile = (uri: vscode.Uri) => {
      if (this.factoryFor(uri)) this.pending.add(uri.fsPath);
      else this.rediscover = true;
      this.flush();
    };
    // A changed buffer (typing, undo, revert; also a change of its dirty state alone, e.g. a save or the soft revert
    // of "close without saving") or a closed one: re-read it through the host (unsaved text, else the disk).
    const onBuffer = (doc: vscode.TextDocument) => {
      if (doc.uri.scheme !== 'file' || !kindOfFile(doc.uri.fsPath) || !this.factoryFor(doc.uri)) return;
      this.pending.add(doc.uri.fsPath);
      this.flush();
    };
    const fabricWatcher = vscode.workspace.createFileSystemWatcher(FABRIC_WATCH_GLOB);
    const onFabricFile = () => {
      this.rediscover = true;
      this.flush();
    };
    fabricWatcher.onDidChange(onFabricFile, null, this.disposables);
    fabricWatcher.onDidCreate(onFabricFile, null, this.disposables);
    fabricWatcher.onDidDelete(onFabricFile, null, this.disposables);
    this.disposables.push(fabricWatcher);
    watcher.onDidChange(onFile, null, this.disposables);
    watcher.onDidCreate(onFile, null, this.disposables);
    watcher.onDidDelete(onFile, null, this.disposables);
    vscode.workspace.onDidChangeTextDocument((e) => onBuffer(e.document), null, this.disposables);
    vscode.workspace.onDidCloseTextDocument(onBuffer, null, this.disposables);
    // Closing a tab without saving drops its unsaved text at once (the document itself is disposed much later).
    vscode.window.tabGroups.onDidChangeTabs(
      (e) => {
        for (const t of [...e.closed, ...e.changed]) {
          if (!(t.input instanceof vscode.TabInputText) || t.input.uri.scheme !== 'file' || !kindOfFile(t.input.uri.fsPath) || !this.factoryFor(t.input.uri)) continue;
          this.pending.add(t.input.uri.fsPath);
          this.flush();
        }
      },
      null,
      this.disposables,
    );
    this.disposables.push(watcher, { dispose: () => this.flush.dispose() });
    vscode.workspace.onDidChangeWorkspaceFolders(() => void this.refresh(), null, this.disposables);
    this.first = this.refresh();
  }

  factories(): readonly Factory[] {
    return this.list;
  }

  ready(): Promise<void> {
    return this.first;
  }

  factoryFor(uri: vscode.Uri): Factory | undefined {
    const file = uri.fsPath;
    let best: Factory | undefined;
    for (const f of this.list) if (file.startsWith(f.root + path.sep) && (!best || f.root.length > best.root.length)) best = f;
    return best;
  }

  resourceFor(uri: vscode.Uri): Resource | undefined {
    const f = this.factoryFor(uri);
    if (!f) return undefined;
    for (const k of RESOURCE_KINDS) for (const r of f.resources[k].values()) if (r.file === uri.fsPath) return r;
    return undefined;
  }

  diagnosticsOf(factory: Factory): readonly Diagnostic[] {
    const cached = this.diags.get(factory.root);
    if (cached) return cached;
    const v = this.validators.get(factory.root);
    if (!v) return factory.diagnostics;
    const all = v.diagnostics();
    this.diags.set(factory.root, all);
    return all;
  }

  diagnosticsOfFile(file: string): readonly Diagnostic[] {
    const f = this.factoryFor(vscode.Uri.file(file));
    const v = f && this.validators.get(f.root);
    return v ? v.diagnosticsOf(file) : (f?.diagnostics.filter((d) => d.file === file) ?? []);
  }

  /** Reloads everything (discovery + load + validate). */
  refresh(): Promise<void> {
    return this.enqueue(() => this.reloadAll());
  }

  private enqueue(op: () => Promise<void>): Promise<void> {
    const next = this.queue.then(op, op);
    this.queue = next.catch((e) => this.log.error(`Factory index update failed: ${(e as Error)?.stack ?? e}`));
    return next;
  }

  private async reloadAll(): Promise<void> {
    const t0 = Date.now();
    this.rediscover = false;
    this.pending.clear();
    const roots: string[] = [];
    const fabricRoots: string[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      for (const ref of await discoverFactories(folder.uri.fsPath, undefined, this.host)) roots.push(ref.root);
      // Microsoft Fabric workspace folders (git-integration layout) sit beside the ADF factories.
      fabricRoots.push(...(await discoverFabricWorkspaces(folder.uri.fsPath)));
    }
    const loaded = [...(await Promise.all(roots.map((r) => loadFactory(r, this.host)))), ...(await Promise.all(fabricRoots.map((r) => loadFabricWorkspace(r, { valueSet: this.valueSetOf(r), missingValueSet: 'defaults' }))))];
    this.list = loaded.sort((a, b) => a.root.localeCompare(b.root));
    this.validators.clear();
    this.diags.clear();
    for (const f of this.list) {
      try {
        this.validators.set(f.root, incrementalValidator(f));
      } catch (e) {
        this.log.error(`Validation of ${f.root} failed: ${(e as Error).message}`);
      }
    }
    this.log.info(`Loaded ${this.list.length} factor${this.list.length === 1 ? 'y' : 'ies'} in ${Date.now() - t0} ms`);
    this.diagEmitter.fire(undefined);
    this.emitter.fire();
  }

  /** Applies the pending file changes to their factories: each file and its dependants are re-validated. */
  private async applyPending(): Promise<void> {
    if (this.rediscover) return this.reloadAll();
    const files = [...this.pending];
    this.pending.clear();
    const touched = new Set<string>();
    const t0 = Date.now();
    for (const file of files) {
      const factory = this.factoryFor(vscode.Uri.file(file));
      const kind = kindOfFile(file);
      const v = factory && this.validators.get(factory.root);
      if (!factory || !kind || !v) continue;
      let text: string | undefined;
      try {
        text = await this.host.readFile(file);
      } catch {
        text = undefined; // deleted (or unreadable): the file no longer contributes
      }
      try {
        if (text === undefined) {
          if (!resourceOfFile(factory, file) && !factory.diagnostics.some((d) => d.file === file) && !factory.ignoredFiles.includes(file)) continue;
          for (const f of v.remove(file)) touched.add(f);
        } else {
          if (resourceOfFile(factory, file)?.doc.text === text) continue; // e.g. the save of a buffer already validated
          for (const f of v.update(kind, file, text)) touched.add(f);
        }
        touched.add(file);
        this.diags.delete(factory.root);
      } catch (e) {
        this.log.error(`Validation of ${file} failed: ${(e as Error).message}`);
      }
    }
    if (!touched.size) return;
    this.log.debug(`Re-validated ${touched.size} file(s) after ${files.length} change(s) in ${Date.now() - t0} ms`);
    this.diagEmitter.fire([...touched]);
    this.emitter.fire();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** The text of a document with unsaved changes that an editor tab shows, if the file is one. */
function unsavedText(file: string): string | undefined {
  for (const d of vscode.workspace.textDocuments) if (d.isDirty && d.uri.scheme === 'file' && d.uri.fsPath === file && inTab(d.uri)) return d.getText();
  return undefined;
}

/** Whether a tab shows the file: a closed tab's unsaved text is gone even while its document lingers. */
function inTab(uri: vscode.Uri): boolean {
  const key = uri.toString();
  const shown = (t: vscode.Tab) => (t.input instanceof vscode.TabInputText ? t.input.uri : t.input instanceof vscode.TabInputTextDiff ? t.input.modified : undefined)?.toString() === key;
  return vscode.window.tabGroups.all.some((g) => g.tabs.some(shown));
}
