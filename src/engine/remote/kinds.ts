/** Which SDK operation group serves each resource kind, and how raw REST JSON maps to the SDK's model. */
import type { DataFactoryManagementClient } from '@azure/arm-datafactory';
import type { ResourceKind } from '../model/types';
import { RemoteError } from './errors';

/**
 * Kinds that the remote tree lists and publish deploys, in deployment order: managed virtual networks before the
 * private endpoints and integration runtimes in them, credentials before the linked services that use them.
 * A managed private endpoint's name is `<managed virtual network>/<endpoint>`.
 */
export const REMOTE_KINDS = ['managedVirtualNetwork', 'managedPrivateEndpoint', 'credential', 'integrationRuntime', 'linkedService', 'dataset', 'dataflow', 'pipeline', 'trigger'] as const;
export type RemoteKind = (typeof REMOTE_KINDS)[number];

/** The common shape of the SDK's child-resource operation groups. */
export interface ChildOperations {
  listByFactory(rg: string, factory: string, options?: Record<string, unknown>): AsyncIterable<unknown> & { byPage(): AsyncIterable<unknown[]> };
  get(rg: string, factory: string, name: string, options?: Record<string, unknown>): Promise<unknown>;
  createOrUpdate(rg: string, factory: string, name: string, resource: any, options?: Record<string, unknown>): Promise<unknown>;
  delete(rg: string, factory: string, name: string, options?: Record<string, unknown>): Promise<unknown>;
}

/** The SDK operation group for a kind (managed private endpoints, nested under their network, go through operations.ts). */
export function operationsFor(client: DataFactoryManagementClient, kind: Exclude<RemoteKind, 'managedPrivateEndpoint'>): ChildOperations {
  const map: Record<Exclude<RemoteKind, 'managedPrivateEndpoint'>, unknown> = {
    managedVirtualNetwork: client.managedVirtualNetworks,
    credential: client.credentialOperations,
    integrationRuntime: client.integrationRuntimes,
    linkedService: client.linkedServices,
    dataset: client.datasets,
    dataflow: client.dataFlows,
    pipeline: client.pipelines,
    trigger: client.triggers,
  };
  return map[kind] as ChildOperations;
}

/**
 * What the SDK's serializer carries of a value: `'any'` passes it unchanged; `members` lists the object members it
 * knows (all others are dropped); `items` is the shape of each array element. Transcribed from the SDK's
 * mappers for the data flow models (test/unit/remote/sdkModel.test.ts checks it against them).
 */
type Carried = 'any' | { members: Record<string, Carried> } | { items: Carried };

const linkedServiceRef: Carried = { members: { type: 'any', referenceName: 'any', parameters: 'any' } };
const datasetRef: Carried = { members: { type: 'any', referenceName: 'any', parameters: 'any' } };
const transformation = { name: 'any', description: 'any', dataset: datasetRef, linkedService: linkedServiceRef, flowlet: 'any' } as const satisfies Record<string, Carried>;
const dataFlowSource: Carried = { members: { ...transformation, schemaLinkedService: linkedServiceRef } };
const dataFlowSink: Carried = { members: { ...transformation, schemaLinkedService: linkedServiceRef, rejectedDataLinkedService: linkedServiceRef } };
const powerQuerySource: Carried = { members: { ...transformation, schemaLinkedService: linkedServiceRef, script: 'any' } };
const dataFlowBase = { type: 'any', description: 'any', annotations: 'any', folder: { members: { name: 'any' } } } as const satisfies Record<string, Carried>;
const mappingTypeProperties: Carried = {
  members: { sources: { items: dataFlowSource }, sinks: { items: dataFlowSink }, transformations: { items: { members: transformation } }, script: 'any', scriptLines: 'any' },
};

/**
 * Data flow types as the SDK models them: `properties` members it keeps, and the `typeProperties` members it
 * flattens (client name = member name). Other kinds' models accept additional properties, so their
 * `typeProperties` passes through the serializer whole.
 */
export const DATA_FLOW_MODELS: Record<string, { base: Record<string, Carried>; typeProperties: Carried & { members: Record<string, Carried> } }> = {
  MappingDataFlow: { base: dataFlowBase, typeProperties: mappingTypeProperties as { members: Record<string, Carried> } },
  Flowlet: { base: dataFlowBase, typeProperties: mappingTypeProperties as { members: Record<string, Carried> } },
  WranglingDataFlow: { base: dataFlowBase, typeProperties: { members: { sources: { items: powerQuerySource }, script: 'any', documentLocale: 'any' } } },
};

/** JSON paths (e.g. `typeProperties.sources[0].typeProperties`) of members the serializer would drop. */
function dropped(value: unknown, shape: Carried, at: string, out: string[]): void {
  if (shape === 'any' || value === null || value === undefined) return;
  if ('items' in shape) {
    if (Array.isArray(value)) value.forEach((v, i) => dropped(v, shape.items, `${at}[${i}]`, out));
    return;
  }
  if (typeof value !== 'object' || Array.isArray(value)) return;
  for (const [k, v] of Object.entries(value)) {
    const child = shape.members[k];
    if (!child) out.push(at ? `${at}.${k}` : k);
    else dropped(v, child, at ? `${at}.${k}` : k, out);
  }
}

/** A data flow's REST `properties` → the SDK's model (typeProperties flattened), refusing anything it would drop. */
function dataFlowModel(properties: Record<string, unknown>): Record<string, unknown> {
  const type = String(properties.type ?? '');
  const model = DATA_FLOW_MODELS[type];
  if (!model) {
    throw new RemoteError(`The Azure SDK cannot publish a data flow of type "${type}": it knows ${Object.keys(DATA_FLOW_MODELS).join(', ')}. Set "properties.type" to one of them.`, 'BadRequest');
  }
  const lost: string[] = [];
  const { typeProperties, ...rest } = properties;
  dropped(rest, { members: model.base }, '', lost);
  if (typeProperties !== undefined && (typeof typeProperties !== 'object' || typeProperties === null || Array.isArray(typeProperties))) lost.push('typeProperties');
  else dropped(typeProperties, model.typeProperties, 'typeProperties', lost);
  if (lost.length) {
    throw new RemoteError(
      `The Azure SDK's ${type} model has no place for ${lost.map((p) => `properties.${p}`).join(', ')}; publishing would silently drop ${lost.length === 1 ? 'it' : 'them'}. Remove ${lost.length === 1 ? 'it' : 'them'} from the data flow (Data Factory does not define ${lost.length === 1 ? 'this member' : 'these members'} for ${type}).`,
      'BadRequest',
    );
  }
  return { properties: { ...rest, ...((typeProperties as Record<string, unknown> | undefined) ?? {}) } };
}

/**
 * Raw `{properties}` → the SDK model for createOrUpdate, so that the wire JSON equals the local JSON.
 * Pipelines are flattened in the SDK (their properties sit at the top level). Data flow models flatten
 * `typeProperties` (serialized names `typeProperties.sources`, …) and have no additional properties, so a nested
 * `typeProperties` would be discarded: its members move up, and members the model cannot carry are refused.
 * Datasets, linked services, triggers and integration runtimes accept additional properties: their nested
 * `typeProperties` passes through unchanged (their flattened members stay unset, so nothing is written twice).
 */
export function toSdkModel(kind: RemoteKind | ResourceKind, properties: Record<string, unknown>): Record<string, unknown> {
  if (kind === 'pipeline') return { ...properties };
  if (kind === 'dataflow') return dataFlowModel(properties);
  return { properties };
}
