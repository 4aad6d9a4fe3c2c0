/**
 * Data flows in VS Code: the graph of a data flow (shared graph view) and the data preview table opened
 * from a node of that graph, from the editor, or from the factory tree.
 */
import * as vscode from 'vscode';
import type { AdfServices } from '../api';
import type { Factory, Resource } from '../../engine/model/types';
import { documentOf } from '../../engine/dataflow';
import { GraphPanel } from '../graph/graphPanel';
import { dataflowGraphSpec } from './graphSpec';
import { PreviewPanel } from './previewPanel';
import { DATAFLOW_COMMANDS } from '../constants';


/** Resolves a command argument (tree item with a resource, a Uri, or nothing: the active editor or a picker). */
async function target(services: AdfServices, arg: unknown): Promise<{ factory: Factory; resource: Resource } | undefined> {
  const res = (arg as { resource?: Resource })?.resource ?? ((arg as Resource)?.kind ? (arg as Resource) : undefined);
  const uri = res ? vscode.Uri.file(res.file) : arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (uri) {
    const factory = services.index.factoryFor(uri);
    const resource = services.index.resourceFor(uri);
    if (factory && resource?.kind === 'dataflow') return { factory, resource };
  }
  return services.pickResource('dataflow', 'Pick a data flow');
}

/** The stream whose statement holds the editor's cursor, if any. */
function streamAtCursor(resource: Resource): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.uri.fsPath !== resource.file) return undefined;
  const offset = editor.document.offsetAt(editor.selection.active);
  const doc = documentOf(resource);
  for (const n of doc.graph.nodes) {
    const s = doc.fileOffset(n.statement.start);
    const e = doc.fileOffset(n.statement.end);
    if (s !== undefined && e !== undefined && offset >= s && offset <= e) return n.name;
  }
  return undefined;
}

async function pickStream(resource: Resource, preferred?: string): Promise<string | undefined> {
  const doc = documentOf(resource);
  const streams = doc.graph.nodes.flatMap((n) => (n.branches ? n.branches.map((b) => `${n.name}@${b}`) : [n.name]));
  if (preferred && streams.includes(preferred)) return preferred;
  if (!streams.length) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Data flow \'{0}\' has no transformations to preview.', resource.name));
    return undefined;
  }
  return vscode.window.showQuickPick(streams, { placeHolder: vscode.l10n.t('Preview which stream of \'{0}\'?', resource.name) });
}

/** Opens the data preview of a stream; split nodes ask which branch. */
async function openPreview(services: AdfServices, factory: Factory, resource: Resource, stream?: string): Promise<void> {
  const node = stream ? documentOf(resource).graph.byName.get(stream) : undefined;
  const chosen = node?.branches ? await pickStream(resource) : await pickStream(resource, stream);
  if (chosen) PreviewPanel.show(services, factory, resource, chosen);
}

/** Registers the data flow commands; called by the extension's feature loader. */
export function register(context: vscode.ExtensionContext, services: AdfServices): void {
  const showGraph = async (arg?: unknown) => {
    const t = await target(services, arg);
    if (!t) return;
    await GraphPanel.show(
      services,
      dataflowGraphSpec(t.factory, t.resource, (stream) => {
        const open = PreviewPanel.for(t.resource.file);
        const current = services.index.factories().find((f) => f.root === t.factory.root)?.resources.dataflow.get(t.resource.name) ?? t.resource;
        if (open) {
          const node = documentOf(current).graph.byName.get(stream);
          if (!node?.branches) open.retarget(t.factory, current, stream);
          return;
        }
        void vscode.window.showInformationMessage(vscode.l10n.t('Stream \'{0}\' of data flow \'{1}\'.', stream, t.resource.name), vscode.l10n.t('Preview data')).then((pick) => {
          if (pick) void openPreview(services, t.factory, current, stream);
        });
      }),
    );
  };
  context.subscriptions.push(
    vscode.commands.registerCommand(DATAFLOW_COMMANDS.showGraph, showGraph),
    vscode.commands.registerCommand(DATAFLOW_COMMANDS.preview, async (arg?: unknown, stream?: unknown) => {
      const t = await target(services, arg);
      if (!t) return;
      await openPreview(services, t.factory, t.resource, typeof stream === 'string' ? stream : streamAtCursor(t.resource));
    }),
  );
}
