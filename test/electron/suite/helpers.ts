/** Shared helpers for the extension-host suites. */
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { AdfExtensionApi } from '../../../src/vscode/extension';

export const EXTENSION_ID = 'adf-workbench.adf-workbench';

export async function api(): Promise<AdfExtensionApi> {
  const ext = vscode.extensions.getExtension<AdfExtensionApi>(EXTENSION_ID);
  if (!ext) throw new Error(`Extension ${EXTENSION_ID} is not installed`);
  const a = ext.isActive ? ext.exports : await ext.activate();
  await a.services.index.ready();
  return a;
}

/** The workspace's factory root (the test workspace holds one factory under demo-factory/). */
export function factoryRoot(): string {
  const ws = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!ws) throw new Error('No workspace folder open');
  return process.env.ADFW_TEST_FACTORY ?? path.join(ws, 'demo-factory');
}

export function fileIn(kind: string, name: string): vscode.Uri {
  return vscode.Uri.file(path.join(factoryRoot(), kind, `${name}.json`));
}

/** Polls until `fn` returns a truthy value (or throws after `ms`). */
export async function waitFor<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, ms = 15000): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}

export function positionOf(doc: vscode.TextDocument, needle: string, delta = 1): vscode.Position {
  const i = doc.getText().indexOf(needle);
  if (i < 0) throw new Error(`"${needle}" not in ${doc.uri.fsPath}`);
  return doc.positionAt(i + delta);
}
