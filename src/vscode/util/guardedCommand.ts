/**
 * A command of a remote feature (Azure factories, Fabric workspaces): it needs a trusted workspace, and a failure is
 * logged and shown instead of thrown into VS Code. Scripted calls (an options object as last argument: `target`,
 * `confirm`, `parameters`) also get the failure as a rejection.
 */
import * as vscode from 'vscode';
import type { AdfServices } from '../api';

export function guardedCommand(services: AdfServices, id: string, action: string, fn: (...args: any[]) => Promise<unknown>): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: any[]) => {
    if (!services.requireTrust(action)) return undefined;
    try {
      return await fn(...args);
    } catch (e) {
      const text = (e as Error)?.message ?? String(e);
      services.log.error(`${action}: ${text}`);
      void vscode.window.showErrorMessage(`${action}: ${text}`);
      const last = args[args.length - 1];
      if (last && typeof last === 'object' && ('target' in last || 'confirm' in last || 'parameters' in last)) throw e;
      return undefined;
    }
  });
}
