/**
 * Deterministic GUIDs for what the conversion names: a pipeline item's `logicalId` and the placeholder id of the
 * connection that stands for a linked service. Name-based UUIDs (RFC 9562 version 5, through `uuid`) in two
 * namespaces of the product's own, from the lower-cased name (ADF names are case-insensitive), so the same factory
 * converts to the same ids on every machine and a re-run keeps references stable.
 */
import { v5 as uuidv5 } from 'uuid';

const PIPELINE_NAMESPACE = 'a3c5d1e2-6f0b-5c8e-9d47-2b1f0e6a7c31';
const CONNECTION_NAMESPACE = 'b7e2f4a9-1c3d-5e6f-8a0b-4c2d9e1f7a53';
const FACTORY_NAMESPACE = 'c1d9e8f7-2a4b-5c6d-8e0f-1a2b3c4d5e6f';

/** The logicalId of the Fabric pipeline item converted from an ADF pipeline. */
export function pipelineLogicalId(pipelineName: string): string {
  return uuidv5(pipelineName.toLowerCase(), PIPELINE_NAMESPACE);
}

/** The placeholder connection id standing for an ADF linked service until a real Fabric connection is chosen. */
export function connectionId(linkedServiceName: string): string {
  return uuidv5(linkedServiceName.toLowerCase(), CONNECTION_NAMESPACE);
}

/** The logicalId of another item the conversion writes (the variable library), from its display name. */
export function itemLogicalId(displayName: string): string {
  return uuidv5(displayName.toLowerCase(), FACTORY_NAMESPACE);
}
