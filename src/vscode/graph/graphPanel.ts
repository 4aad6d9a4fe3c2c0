/**
 * Graph view beside a resource's JSON: rebuilt from the live text as it is edited, nodes coloured by the
 * status of the latest (or live) run, a click reveals the node's JSON. Reusable for any graph model
 * (pipelines here; data flows reuse it with their own builder).
 */
import * as vscode from 'vscode';
import type { GraphModel } from '../../engine/graph';
import type { GraphCoverage } from '../../engine/coverage';
import { GRAPH_CSS } from '../../engine/graph';
import { parseFromGraph, type ToGraph } from '../../webview/graph/protocol';
import { webviewHtml, webviewOptions } from '../util/webviewHtml';
import { WEBVIEWS } from '../constants';
import { debounce } from '../util/debounce';
import type { AdfServices } from '../api';

export interface GraphSourceSpec {
  /** File whose graph this is; the panel follows edits to it. */
  uri: vscode.Uri;
  title: string;
  /** Builds the model from the file's current text. */
  build(text: string): GraphModel;
  /** Node statuses of the latest or live run (node id -> status). */
  statuses?(): Promise<Record<string, string>>;
  /** Test coverage of the graph's nodes from the latest coverage run, when there is one. */
  coverage?(): Promise<GraphCoverage | undefined>;
  /** Called after a node was clicked and revealed (data flows offer a data preview of the node). */
  onReveal?(nodeId: string): void | Promise<void>;
  /** For graphs of more than one file (the factory dependency graph): the text `build` receives instead of `uri`'s. */
  text?(): Promise<string>;
  /** Rebuild when this fires (besides edits of `uri`). */
  onDidChange?: vscode.Event<void>;
}

export class GraphPanel implements vscode.Disposable {
  private static readonly open = new Map<string, GraphPanel>();
  private readonly disposables: vscode.Disposable[] = [];
  private model: GraphModel | undefined;
  private readonly rebuildSoon = debounce(() => void this.rebuild(), 300);

  static async show(services: AdfServices, spec: GraphSourceSpec): Promise<GraphPanel> {
    const key = spec.uri.toString();
    const existing = GraphPanel.open.get(key);
    if (existing) {
      existing.panel.reveal(vscode.ViewColumn.Beside, true);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(WEBVIEWS.graph, `Graph: ${spec.title}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(services.extensionUri));
    const p = new GraphPanel(panel, services, spec);
    GraphPanel.open.set(key, p);
    return p;
  }

  /** Open graph panels (for tests and live status pushes). */
  static panels(): GraphPanel[] {
    return [...GraphPanel.open.values()];
  }

  private constructor(readonly panel: vscode.WebviewPanel, private readonly services: AdfServices, readonly spec: GraphSourceSpec) {
    panel.iconPath = vscode.Uri.joinPath(services.extensionUri, 'media', 'graph.svg');
    panel.webview.html = webviewHtml(panel.webview, services.extensionUri, { script: 'graph', title: spec.title, css: GRAPH_CSS });
    panel.onDidDispose(() => this.dispose(), null, this.disposables);
    panel.webview.onDidReceiveMessage((m: unknown) => void this.onMessage(m), null, this.disposables);
    vscode.workspace.onDidChangeTextDocument((e) => e.document.uri.toString() === spec.uri.toString() && this.rebuildSoon(), null, this.disposables);
    services.runs.onRunEvent(() => this.pushStatusSoon(), null, this.disposables);
    services.runs.onDidChangeRuns(() => this.pushStatusSoon(), null, this.disposables);
    if (spec.onDidChange) spec.onDidChange(() => this.rebuildSoon(), null, this.disposables);
    this.disposables.push({ dispose: () => this.rebuildSoon.dispose() });
  }

  private readonly pushStatusSoon = debounce(() => void this.pushStatus(), 150);

  get nodeIds(): string[] {
    return this.model?.nodes.map((n) => n.id) ?? [];
  }

  private async text(): Promise<string> {
    if (this.spec.text) return this.spec.text();
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === this.spec.uri.toString());
    if (open) return open.getText();
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(this.spec.uri));
  }

  private async post(m: ToGraph): Promise<void> {
    await this.panel.webview.postMessage(m);
  }

  private async rebuild(): Promise<void> {
    try {
      this.model = this.spec.build(await this.text());
      // The webview lays the model out (ELK stays out of the extension host bundle).
      await this.post({ type: 'model', model: this.model });
      await this.pushStatus();
      await this.pushCoverage();
    } catch (e) {
      await this.post({ type: 'error', message: `Cannot draw the graph: ${(e as Error).message}` });
    }
  }

  private async pushStatus(): Promise<void> {
    if (!this.spec.statuses) return;
    try {
      await this.post({ type: 'status', statuses: await this.spec.statuses() });
    } catch (e) {
      this.services.log.debug(`Graph status update failed: ${(e as Error).message}`);
    }
  }

  private async pushCoverage(): Promise<void> {
    if (!this.spec.coverage) return;
    try {
      await this.post({ type: 'coverage', coverage: (await this.spec.coverage()) ?? null });
    } catch (e) {
      this.services.log.debug(`Graph coverage update failed: ${(e as Error).message}`);
    }
  }

  private async onMessage(raw: unknown): Promise<void> {
    const m = parseFromGraph(raw);
    if (!m) return;
    if (m.type === 'ready') return this.rebuild();
    const node = this.model?.nodes.find((n) => n.id === m.nodeId);
    if (node && this.spec.onReveal) void Promise.resolve(this.spec.onReveal(node.id)).catch((e) => this.services.log.debug(`Graph node action failed: ${(e as Error).message}`));
    const src = node?.source;
    if (!node || !src || src.offset === undefined) return;
    const uri = src.file ? vscode.Uri.file(src.file) : this.spec.uri;
    const doc = await vscode.workspace.openTextDocument(uri);
    const range = new vscode.Range(doc.positionAt(src.offset), doc.positionAt(src.offset + (src.length ?? 0)));
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Selection(range.start, range.start), preserveFocus: false });
    const editor = vscode.window.activeTextEditor;
    if (editor) {
      editor.selection = new vscode.Selection(range.start, range.end);
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
  }

  dispose(): void {
    GraphPanel.open.delete(this.spec.uri.toString());
    for (const d of this.disposables) d.dispose();
    this.pushStatusSoon.dispose();
    this.panel.dispose();
  }
}
