/**
 * Feature areas that plug in through `register(context, services)` (remote factories, triggers, pipeline
 * tests, data flows). Each is optional; a failing one is logged and does not stop the others.
 */
import type * as vscode from 'vscode';
import type { AdfServices, RegisterFeature } from './api';

const FEATURES: [string, () => RegisterFeature | undefined][] = [];

export async function registerFeatures(context: vscode.ExtensionContext, services: AdfServices): Promise<void> {
  for (const [name, get] of FEATURES) {
    try {
      const register = get();
      if (register) await register(context, services);
    } catch (e) {
      services.log.error(`The ${name} feature failed to start: ${(e as Error).message}`);
    }
  }
}
