/**
 * Feature areas that plug in through `register(context, services)`: remote factories, triggers, pipeline
 * tests and data flows, Fabric workspaces. A failing one is logged and does not stop the others.
 */
import type * as vscode from 'vscode';
import type { AdfServices, RegisterFeature } from './api';
import { register as registerRemote } from './remote/index';
import { register as registerFabric } from './fabric/index';
import { register as registerTriggers } from './triggers/index';
import { register as registerTesting } from './testing/index';
import { register as registerDataflow } from './dataflow/index';

const FEATURES: [string, RegisterFeature][] = [
  ['remote factories', registerRemote],
  ['Fabric workspaces', registerFabric],
  ['triggers', registerTriggers],
  ['pipeline tests', registerTesting],
  ['data flows', registerDataflow],
];

export async function registerFeatures(context: vscode.ExtensionContext, services: AdfServices): Promise<void> {
  for (const [name, register] of FEATURES) {
    try {
      const t0 = performance.now();
      await register(context, services);
      services.log.debug(`${name} registered in ${Math.round(performance.now() - t0)} ms`);
    } catch (e) {
      services.log.error(`The ${name} feature failed to start: ${(e as Error).message}`);
    }
  }
}
