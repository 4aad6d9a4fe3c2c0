/** Writes a new resource file into a factory folder and opens it. */
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { Factory, ResourceKind } from '../../engine/model';
import { findResource } from '../../engine/model';
import { validatorModule } from '../engineModules';

/** Asks for a name that is valid for ADF and not taken in the factory. */
export async function askName(factory: Factory, kind: ResourceKind, suggestion: string): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: vscode.l10n.t('New {0} in {1}', kind, factory.name),
    prompt: vscode.l10n.t('Name (letters, digits, underscores; it is also the file name)'),
    value: suggestion,
    ignoreFocusOut: true,
    validateInput: (v) => {
      if (!v.trim()) return 'Enter a name.';
      const p = validatorModule().resourceNameProblem(kind, v);
      if (p && p.severity === 'error') return p.message;
      if (findResource(factory, kind, v)) return `A ${kind} named "${v}" already exists in ${factory.name}.`;
      return undefined;
    },
  });
}

export async function writeResource(factory: Factory, kind: ResourceKind, name: string, json: unknown): Promise<vscode.Uri> {
  const uri = vscode.Uri.file(path.join(factory.root, kind, `${name}.json`));
  try {
    await vscode.workspace.fs.stat(uri);
    throw new Error(`${vscode.workspace.asRelativePath(uri)} already exists.`);
  } catch (e) {
    if (!(e instanceof vscode.FileSystemError) || e.code !== 'FileNotFound') throw e;
  }
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(JSON.stringify(json, null, 4) + '\n'));
  await vscode.window.showTextDocument(uri);
  return uri;
}
