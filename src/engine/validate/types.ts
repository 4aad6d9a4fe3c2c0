/** Resource `type`s (datasets, linked services, triggers, ...) the specification does not know: a warning with a suggestion. */
import { formatMessage } from '../codes';
import { SCHEMAS } from '../schema';
import { closestName } from '../text';
import type { Resource, ResourceKind } from '../model/types';
import { knownTypes } from './activities';
import { at, SemanticCodes, type Report } from './context';

const UNIONS: Partial<Record<ResourceKind, string>> = {
  dataset: 'Dataset',
  linkedService: 'LinkedService',
  trigger: 'Trigger',
  integrationRuntime: 'IntegrationRuntime',
  dataflow: 'DataFlow',
  credential: 'Credential',
};

const cache = new Map<ResourceKind, Set<string>>();

export function checkResourceType(resource: Resource, report: Report): void {
  const union = UNIONS[resource.kind];
  const type = resource.properties?.type;
  if (!union || typeof type !== 'string') return;
  let known = cache.get(resource.kind);
  if (!known) {
    known = new Set(knownTypes(SCHEMAS[resource.kind], union));
    cache.set(resource.kind, known);
  }
  if (!known.size || known.has(type)) return;
  const hint = closestName(type, [...known]);
  report(at(resource, ['properties', 'type'], SemanticCodes.unknownType, formatMessage(SemanticCodes.unknownType, { kind: resource.kind, type, hint: hint ? `; did you mean "${hint}"?` : ' (not in the Data Factory specification this version knows).' }), 'warning'));
}
