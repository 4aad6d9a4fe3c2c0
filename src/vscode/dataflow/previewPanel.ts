/** Data preview panel: the first rows of a data flow stream, computed on DuckDB in the extension host. */
import * as vscode from 'vscode';
import type { Factory, Resource } from '../../engine/model';
import { DEFAULT_PREVIEW_ROW_LIMIT, documentOf, previewDataFlow } from '../../engine/dataflow';
import { loadRun } from '../engineModules';
import { DATAFLOW_SETTINGS, WEBVIEWS } from '../constants';
import { parseFromPreview, type ToPreview } from '../../webview/preview/protocol';
import { webviewHtml, webviewOptions } from '../util/webviewHtml';
import type { AdfServices } from '../api';


const CSS = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 8px; }
.toolbar { display: flex; gap: 8px; align-items: center; padding: 6px 0; position: sticky; top: 0; background: var(--vscode-editor-background); }
.toolbar .title { font-weight: 600; margin-right: auto; }
select, button { background: var(--vscode-dropdown-background); color: var(--vscode-dropdown-foreground); border: 1px solid var(--vscode-dropdown-border); padding: 2px 6px; }
button { background: var(--vscode-button-background); color: var(--vscode-button-foreground); border: none; cursor: pointer; }
.summary { opacity: .8; margin: 4px 0 8px; }
.grid { overflow: auto; }
table { border-collapse: collapse; font-family: var(--vscode-editor-font-family); font-size: 12px; }
th, td { border: 1px solid var(--vscode-panel-border); padding: 2px 6px; white-space: nowrap; max-width: 420px; overflow: hidden; text-overflow: ellipsis; text-align: left; }
th { position: sticky; top: 0; background: var(--vscode-editorWidget-background); }
th .type { display: block; font-weight: normal; opacity: .7; font-size: 11px; }
td.number { text-align: right; }
td.null { opacity: .5; font-style: italic; }
.error { color: var(--vscode-errorForeground); white-space: pre-wrap; }
`;

/** The configured source row limit of data previews (a non-negative integer; 0 reads whole sources). */
function configuredRowLimit(): number {
  const v = vscode.workspace.getConfiguration(DATAFLOW_SETTINGS.section).get<number>(DATAFLOW_SETTINGS.previewRowLimit, DEFAULT_PREVIEW_ROW_LIMIT);
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : DEFAULT_PREVIEW_ROW_LIMIT;
}

export class PreviewPanel implements vscode.Disposable {
  private static current: PreviewPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private rows = 100;
  /** Row limit picked in the panel; the setting adf.dataflow.previewRowLimit otherwise. */
  private rowLimit: number | undefined;
  private seq = 0;
  private abort: AbortController | undefined;

  /** Shows (or retargets) the preview panel on a stream. */
  static show(services: AdfServices, factory: Factory, resource: Resource, stream: string): PreviewPanel {
    if (PreviewPanel.current) {
      PreviewPanel.current.retarget(factory, resource, stream);
      PreviewPanel.current.panel.reveal(vscode.ViewColumn.Beside, true);
      return PreviewPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(WEBVIEWS.dataflowPreview, `Preview: ${resource.name}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(services.extensionUri));
    PreviewPanel.current = new PreviewPanel(panel, services, factory, resource, stream);
    return PreviewPanel.current;
  }

  /** The open preview, when it shows the given data flow file. */
  static for(file: string): PreviewPanel | undefined {
    return PreviewPanel.current?.resource.file === file ? PreviewPanel.current : undefined;
  }

  private constructor(readonly panel: vscode.WebviewPanel, private readonly services: AdfServices, private factory: Factory, private resource: Resource, private stream: string) {
    panel.webview.html = webviewHtml(panel.webview, services.extensionUri, { script: 'preview', title: vscode.l10n.t('Preview: {0}', resource.name), css: CSS });
    panel.onDidDispose(() => this.dispose(), null, this.disposables);
    panel.webview.onDidReceiveMessage((m: unknown) => void this.onMessage(m), null, this.disposables);
  }

  retarget(factory: Factory, resource: Resource, stream: string): void {
    this.factory = factory;
    this.resource = resource;
    this.stream = stream;
    this.panel.title = `Preview: ${resource.name}`;
    void this.refresh();
  }

  private async post(m: ToPreview): Promise<void> {
    await this.panel.webview.postMessage(m);
  }

  private async onMessage(raw: unknown): Promise<void> {
    const m = parseFromPreview(raw);
    if (!m) return;
    if (m.type === 'select') this.stream = m.stream;
    if (m.type === 'rows') this.rows = m.rows;
    if (m.type === 'rowLimit') this.rowLimit = m.rowLimit;
    await this.refresh();
  }

  /** Recomputes the preview; a newer request cancels an older one. */
  async refresh(): Promise<void> {
    const id = ++this.seq;
    this.abort?.abort();
    const ac = new AbortController();
    this.abort = ac;
    const { resource, stream } = this;
    await this.post({ type: 'loading', dataflow: resource.name, stream });
    if (!this.services.requireTrust('Data preview')) {
      await this.post({ type: 'error', dataflow: resource.name, stream, message: 'Data preview reads your data stores; it is disabled in Restricted Mode.' });
      return;
    }
    const t0 = Date.now();
    try {
      const { datasetResolver } = await loadRun();
      const factory = this.services.index.factories().find((f) => f.root === this.factory.root) ?? this.factory;
      const current = factory.resources.dataflow.get(resource.name) ?? resource;
      const rowLimit = this.rowLimit ?? configuredRowLimit();
      const r = await previewDataFlow({ factory, dataflow: current.name, stream, rows: this.rows, sourceRows: rowLimit === 0 ? undefined : rowLimit, resolveDataset: datasetResolver(factory, await this.services.connections()), signal: ac.signal });
      if (id !== this.seq) return;
      const streams = documentOf(current).graph.nodes.flatMap((n) => (n.branches ? n.branches.map((b) => `${n.name}@${b}`) : [n.name]));
      await this.post({ type: 'data', data: { ...r, streams, elapsedMs: Date.now() - t0, rowLimit } });
    } catch (e) {
      if (id !== this.seq) return;
      const err = e as { errorCode?: string; message?: string };
      await this.post({ type: 'error', dataflow: resource.name, stream, message: `${err.errorCode ? err.errorCode + ': ' : ''}${err.message ?? String(e)}` });
    }
  }

  dispose(): void {
    if (PreviewPanel.current === this) PreviewPanel.current = undefined;
    this.abort?.abort();
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}
