/** Shared helpers for the extension-host suites. */
import * as vscode from 'vscode';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import type { AdfExtensionApi } from '../../../src/vscode/extension';
import { whenListening } from '../../helpers/emulatorProcess';

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

/** An emulator of the CLI (`adfw emulator` or `adfw fabric emulator`) running as a child process of the host. */
export interface CliEmulator {
  /** Its https://127.0.0.1:PORT address, read from its "listening" line. */
  url: string;
  /** The built CLI and the environment that runs it as Node. */
  cli: string;
  env: NodeJS.ProcessEnv;
  /** SIGTERM, then waits for the exit (the emulator flushes its state). */
  stop(): Promise<void>;
}

/** Starts `adfw <args>` with a fresh token in `tokenVar` and waits for the "listening" line. */
export async function startCliEmulator(what: string, args: string[], tokenVar: string): Promise<CliEmulator> {
  process.env[tokenVar] = `${tokenVar.toLowerCase()}-${Math.random().toString(36).slice(2)}`;
  const cli = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'cli.js');
  const env = { ...process.env, ELECTRON_RUN_AS_NODE: '1' };
  const child = spawn(process.execPath, [cli, ...args, '--port', '0', '--token-env', tokenVar], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const emulator = await whenListening(child, what, 30000);
  return {
    url: emulator.url,
    cli,
    env,
    async stop() {
      await emulator.stop();
    },
  };
}
