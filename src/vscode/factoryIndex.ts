/**
 * Local factories of the workspace: discovered under each workspace folder, loaded with the engine's loader,
 * validated, and reloaded (debounced, per factory) when their files change on disk.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import { discoverFactories, loadFactory, RESOURCE_KINDS, type Factory, type Resource } from '../engine/model';
import type { Diagnostic } from '../engine/diagnostics';
import type { FactoryIndex } from './api';
import { validate } from './engineModules';
import { debounce } from './util/debounce';

const WATCH_GLOB = `**/{${RESOURCE_KINDS.join(',')}}/*.json`;

export class WorkspaceFactoryIndex implements FactoryIndex, vscode.Disposable {
  private list: Factory[] = [];
  private diags = new Map<string, Diagnostic[]>();
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [this.emitter];
  private readonly dirtyRoots = new Set<string>();
  private rediscover = false;
  private first: Promise<void>;
  private readonly flush = debounce(() => void this.reloadDirty(), 300);

  constructor(private readonly log: vscode.LogOutputChannel) {
    const watcher = vscode.workspace.createFileSystemWatcher(WATCH_GLOB);
    const onFile = (uri: vscode.Uri) => {
      const f = this.factoryFor(uri);
      if (f) this.dirtyRoots.add(f.root);
      else this.rediscover = true;
      this.flush();
    };
    watcher.onDidChange(onFile, null, this.disposables);
    watcher.onDidCreate(onFile, null, this.disposables);
    watcher.onDidDelete(onFile, null, this.disposables);
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
    return this.diags.get(factory.root) ?? factory.diagnostics;
  }

  async refresh(): Promise<void> {
    const t0 = Date.now();
    const roots: string[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      for (const ref of await discoverFactories(folder.uri.fsPath)) roots.push(ref.root);
    }
    const loaded = await Promise.all(roots.map((r) => this.load(r)));
    this.list = loaded.sort((a, b) => a.root.localeCompare(b.root));
    this.diags = new Map(this.list.map((f) => [f.root, this.validateSafe(f)]));
    this.log.info(`Loaded ${this.list.length} factor${this.list.length === 1 ? 'y' : 'ies'} in ${Date.now() - t0} ms`);
    this.emitter.fire();
  }

  private async load(root: string): Promise<Factory> {
    return loadFactory(root);
  }

  private validateSafe(f: Factory): Diagnostic[] {
    try {
      return validate(f);
    } catch (e) {
      this.log.error(`Validation of ${f.root} failed: ${(e as Error).message}`);
      return f.diagnostics;
    }
  }

  private async reloadDirty(): Promise<void> {
    if (this.rediscover) {
      this.rediscover = false;
      this.dirtyRoots.clear();
      await this.refresh();
      return;
    }
    const roots = [...this.dirtyRoots];
    this.dirtyRoots.clear();
    for (const root of roots) {
      const f = await this.load(root);
      this.list = this.list.map((x) => (x.root === root ? f : x));
      this.diags.set(root, this.validateSafe(f));
    }
    if (roots.length) this.emitter.fire();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
