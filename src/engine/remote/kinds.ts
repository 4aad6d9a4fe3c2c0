/** Which SDK operation group serves each resource kind, and how raw REST JSON maps to the SDK's model. */
import type { DataFactoryManagementClient } from '@azure/arm-datafactory';
import type { ResourceKind } from '../model/types';

/** Kinds that the remote tree lists and publish deploys, in deployment order. */
export const REMOTE_KINDS = ['integrationRuntime', 'linkedService', 'dataset', 'dataflow', 'pipeline', 'trigger'] as const;
export type RemoteKind = (typeof REMOTE_KINDS)[number];

/** The common shape of the SDK's child-resource operation groups. */
export interface ChildOperations {
  listByFactory(rg: string, factory: string, options?: Record<string, unknown>): AsyncIterable<unknown> & { byPage(): AsyncIterable<unknown[]> };
  get(rg: string, factory: string, name: string, options?: Record<string, unknown>): Promise<unknown>;
  createOrUpdate(rg: string, factory: string, name: string, resource: any, options?: Record<string, unknown>): Promise<unknown>;
  delete(rg: string, factory: string, name: string, options?: Record<string, unknown>): Promise<unknown>;
}

/** The SDK operation group for a kind. */
export function operationsFor(client: DataFactoryManagementClient, kind: RemoteKind): ChildOperations {
  const map: Record<RemoteKind, unknown> = {
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
 * Raw `{properties}` → the SDK model for createOrUpdate. Pipelines are flattened in the SDK
 * (their properties sit at the top level); the others keep `properties`. Unknown members pass
 * through the SDK's serializer unchanged, so the wire JSON equals the local JSON.
 */
export function toSdkModel(kind: RemoteKind | ResourceKind, properties: Record<string, unknown>): Record<string, unknown> {
  return kind === 'pipeline' ? { ...properties } : { properties };
}
