/** Builds the engine's in-memory Factory model from an emulated factory, so the local engine can run it. */
import * as path from 'node:path';
import { addResourceText } from '../model';
import { RESOURCE_KINDS, type Factory, type Resource, type ResourceKind } from '../model';
import type { ChildSegment, StoredFactory } from './state';

const SEGMENT_TO_KIND: Partial<Record<ChildSegment, ResourceKind>> = {
  pipelines: 'pipeline',
  datasets: 'dataset',
  linkedservices: 'linkedService',
  dataflows: 'dataflow',
  triggers: 'trigger',
  integrationruntimes: 'integrationRuntime',
  credentials: 'credential',
  managedvirtualnetworks: 'managedVirtualNetwork',
};

/** Merged global parameters: the factory's `globalParameters` property and the `default` globalParameters resource. */
function globalParametersOf(f: StoredFactory): Record<string, { type: string; value: unknown }> {
  const out: Record<string, { type: string; value: unknown }> = { ...(f.properties.globalParameters ?? {}) };
  for (const r of Object.values(f.children.globalparameters)) Object.assign(out, r.properties ?? {});
  return out;
}

/** A Factory whose files are virtual paths under `emulator://<sub>/<rg>/<factory>`. */
export function toFactoryModel(f: StoredFactory): Factory {
  const root = path.join(path.sep, 'emulator', f.subscriptionId, f.resourceGroup, f.name);
  const resources = Object.fromEntries(RESOURCE_KINDS.map((k) => [k, new Map<string, Resource>()])) as Factory['resources'];
  const factory: Factory = { root, name: f.name, resources, diagnostics: [], ignoredFiles: [] };
  const gp = globalParametersOf(f);
  addResourceText(factory, 'factory', path.join(root, 'factory', `${f.name}.json`), JSON.stringify({ name: f.name, properties: { globalParameters: gp } }));
  for (const [seg, kind] of Object.entries(SEGMENT_TO_KIND) as [ChildSegment, ResourceKind][]) {
    for (const r of Object.values(f.children[seg])) {
      addResourceText(factory, kind, path.join(root, kind, `${r.name}.json`), JSON.stringify({ name: r.name, properties: r.properties }));
    }
  }
  return factory;
}
