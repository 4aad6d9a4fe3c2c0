/** Expression completion, hover and signature help inside JSON strings of resource files (engine: expr/language). */
import * as vscode from 'vscode';
import { completeExpression, hoverExpression, signatureAt, type CompletionKind } from '../../engine/expr';
import type { FactoryIndex } from '../api';
import { EXPRESSION_SELECTOR } from './selector';

const KIND: Record<CompletionKind, vscode.CompletionItemKind> = {
  function: vscode.CompletionItemKind.Function,
  property: vscode.CompletionItemKind.Property,
  parameter: vscode.CompletionItemKind.Variable,
  variable: vscode.CompletionItemKind.Variable,
  activity: vscode.CompletionItemKind.Reference,
  keyword: vscode.CompletionItemKind.Keyword,
};

function range(d: vscode.TextDocument, r: { offset: number; length: number }): vscode.Range {
  return new vscode.Range(d.positionAt(r.offset), d.positionAt(r.offset + r.length));
}

/** Runs a provider body; a failure is an empty answer, never an error in the editor. */
function safe<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

/** For a Fabric pipeline: its library variables' values under the workspace's active value set. */
function libraryContext(index: FactoryIndex, uri: vscode.Uri): { values: Record<string, unknown>; valueSet?: string } | undefined {
  const fabric = index.factoryFor(uri)?.fabric;
  const resource = fabric ? index.resourceFor(uri) : undefined;
  if (!fabric || resource?.kind !== 'pipeline') return undefined;
  return { values: fabric.libraryValues.get(resource.name) ?? {}, valueSet: fabric.valueSet };
}

export function registerExpressionFeatures(index: FactoryIndex): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.languages.registerCompletionItemProvider(
      EXPRESSION_SELECTOR,
      {
        provideCompletionItems(d, pos) {
          const items = safe(() => completeExpression(d.getText(), d.offsetAt(pos))) ?? [];
          return items.map((c) => {
            const item = new vscode.CompletionItem(c.label, KIND[c.kind]);
            item.detail = c.detail;
            if (c.documentation) item.documentation = new vscode.MarkdownString(c.documentation);
            item.insertText = c.snippet ? new vscode.SnippetString(c.insertText) : c.insertText;
            item.range = range(d, c.range);
            item.sortText = c.sortText;
            return item;
          });
        },
      },
      '@', '.', '(', "'", '{',
    ),
    vscode.languages.registerHoverProvider(EXPRESSION_SELECTOR, {
      provideHover(d, pos) {
        const h = safe(() => hoverExpression(d.getText(), d.offsetAt(pos), undefined, libraryContext(index, d.uri)));
        return h ? new vscode.Hover(new vscode.MarkdownString(h.contents), range(d, h.range)) : undefined;
      },
    }),
    vscode.languages.registerSignatureHelpProvider(
      EXPRESSION_SELECTOR,
      {
        provideSignatureHelp(d, pos) {
          const s = safe(() => signatureAt(d.getText(), d.offsetAt(pos)));
          if (!s) return undefined;
          const info = new vscode.SignatureInformation(s.signature, new vscode.MarkdownString(s.documentation));
          const params = /\((.*)\)/.exec(s.signature)?.[1];
          if (params) info.parameters = params.split(',').map((p) => new vscode.ParameterInformation(p.trim()));
          const help = new vscode.SignatureHelp();
          help.signatures = [info];
          help.activeSignature = 0;
          help.activeParameter = s.activeParameter;
          return help;
        },
      },
      '(', ',',
    ),
  );
}
