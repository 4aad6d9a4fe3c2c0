/** Expression completion, hover and signature help inside JSON strings of resource files (engine: expr/language). */
import * as vscode from 'vscode';
import { completeExpression, hoverExpression, signatureAt, type CompletionKind } from '../../engine/expr';
import { ADF_SELECTOR } from './selector';

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

export function registerExpressionFeatures(): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.languages.registerCompletionItemProvider(
      ADF_SELECTOR,
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
    vscode.languages.registerHoverProvider(ADF_SELECTOR, {
      provideHover(d, pos) {
        const h = safe(() => hoverExpression(d.getText(), d.offsetAt(pos)));
        return h ? new vscode.Hover(new vscode.MarkdownString(h.contents), range(d, h.range)) : undefined;
      },
    }),
    vscode.languages.registerSignatureHelpProvider(
      ADF_SELECTOR,
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
