/** Elements of the factory tree. Ids are paths built from names, so expansion state survives reloads. */
import type { BuiltInResource, Factory, Resource, ResourceKind } from '../../engine/model';

export type FactoryTreeNode =
  | { type: 'factory'; id: string; factory: Factory }
  | { type: 'kind'; id: string; factory: Factory; kind: ResourceKind }
  | { type: 'folder'; id: string; factory: Factory; kind: ResourceKind; folder: string[] }
  | { type: 'resource'; id: string; factory: Factory; resource: Resource }
  | { type: 'builtIn'; id: string; factory: Factory; builtIn: BuiltInResource }
  | { type: 'message'; id: string; label: string };

/** What commands receive from tree menus: a resource node, or undefined from the palette. */
export function resourceOf(arg: unknown): { factory: Factory; resource: Resource } | undefined {
  if (arg && typeof arg === 'object' && (arg as FactoryTreeNode).type === 'resource') {
    const n = arg as Extract<FactoryTreeNode, { type: 'resource' }>;
    return { factory: n.factory, resource: n.resource };
  }
  return undefined;
}
