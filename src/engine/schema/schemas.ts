/**
 * The generated JSON Schemas (schemas/<kind>.json, see scripts/genSchemas.ts), bundled into the engine so the CLI
 * and the extension check files against exactly the schemas VS Code's JSON editor uses.
 */
import type { ResourceKind } from '../model/types';
import pipeline from '../../../schemas/pipeline.json';
import dataset from '../../../schemas/dataset.json';
import linkedService from '../../../schemas/linkedService.json';
import trigger from '../../../schemas/trigger.json';
import dataflow from '../../../schemas/dataflow.json';
import integrationRuntime from '../../../schemas/integrationRuntime.json';
import credential from '../../../schemas/credential.json';
import managedVirtualNetwork from '../../../schemas/managedVirtualNetwork.json';
import factory from '../../../schemas/factory.json';
import globalParameters from '../../../schemas/globalParameters.json';

export const SCHEMAS: Record<ResourceKind, object> = {
  pipeline,
  dataset,
  linkedService,
  trigger,
  dataflow,
  integrationRuntime,
  credential,
  managedVirtualNetwork,
  factory,
  globalParameters,
};

/** Path of a kind's schema file relative to the extension root (for `contributes.jsonValidation`). */
export function schemaFileOf(kind: ResourceKind): string {
  return `./schemas/${kind}.json`;
}
