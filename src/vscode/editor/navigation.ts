/** Go to definition, find references and the document outline over the engine's language logic. */
import * as vscode from 'vscode';
import { parseJsonDocument } from '../../engine/json';
import { findDefinition, findReferences, symbolAt, type Location } from '../../engine/language';
import { documentOutline, type OutlineSymbol } from '../../engine/language';
import type { FactoryIndex } from '../api';
import { ADF_SELECTOR } from './selector';

async function toLocation(l: Location): Promise<vscode.Location> {
  const uri = vscode.Uri.file(l.file);
  const doc = await vscode.workspace.openTextDocument(uri);
  return new vscode.Location(uri, new vscode.Range(doc.positionAt(l.offset), doc.positionAt(l.offset + l.length)));
}

const SYMBOL_KIND: Record<OutlineSymbol['kind'], vscode.SymbolKind> = {
  activity: vscode.SymbolKind.Function,
  container: vscode.SymbolKind.Class,
  branch: vscode.SymbolKind.Namespace,
  parameter: vscode.SymbolKind.Property,
  variable: vscode.SymbolKind.Variable,
  section: vscode.SymbolKind.Module,
};

function toSymbol(doc: vscode.TextDocument, s: OutlineSymbol): vscode.DocumentSymbol {
  const range = new vscode.Range(doc.positionAt(s.offset), doc.positionAt(s.offset + s.length));
  const sel = new vscode.Range(doc.positionAt(s.nameOffset), doc.positionAt(s.nameOffset + s.nameLength));
  const sym = new vscode.DocumentSymbol(s.name, s.detail ?? '', SYMBOL_KIND[s.kind], range, range.contains(sel) ? sel : range);
  sym.children = s.children.map((c) => toSymbol(doc, c));
  return sym;
}

export function registerNavigation(index: FactoryIndex): vscode.Disposable {
  const parse = (d: vscode.TextDocument) => parseJsonDocument(d.uri.fsPath, d.getText());
  return vscode.Disposable.from(
    vscode.languages.registerDefinitionProvider(ADF_SELECTOR, {
      async provideDefinition(d, pos) {
        const doc = parse(d);
        const s = symbolAt(doc, d.offsetAt(pos));
        if (!s) return undefined;
        const defs = findDefinition(index.factoryFor(d.uri), doc, s.ref);
        const links: vscode.LocationLink[] = [];
        for (const l of defs) {
          const loc = await toLocation(l);
          links.push({ originSelectionRange: new vscode.Range(d.positionAt(s.range.offset), d.positionAt(s.range.offset + s.range.length)), targetUri: loc.uri, targetRange: loc.range });
        }
        return links;
      },
    }),
    vscode.languages.registerReferenceProvider(ADF_SELECTOR, {
      async provideReferences(d, pos, ctx) {
        const doc = parse(d);
        const s = symbolAt(doc, d.offsetAt(pos));
        if (!s) return [];
        return Promise.all(findReferences(index.factoryFor(d.uri), doc, s.ref, ctx.includeDeclaration).map(toLocation));
      },
    }),
    vscode.languages.registerDocumentSymbolProvider(ADF_SELECTOR, {
      provideDocumentSymbols(d) {
        return documentOutline(parse(d)).map((s) => toSymbol(d, s));
      },
    }),
  );
}
