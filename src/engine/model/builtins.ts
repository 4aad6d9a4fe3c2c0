/**
 * Resources every data factory has without a file in git. ADF's git integration writes a file for these only
 * when the user customised them; references to them (`connectVia`, `integrationRuntime`, `managedVirtualNetwork`)
 * are common in factories that have no such file. A file of the same name (case-insensitive) always wins.
 *
 * One table for the whole product: validation (references resolve), runs (the effective integration runtime),
 * the editor (tree, hover, go-to-definition), the ARM emulator (references that exist in every factory) and
 * publish / ARM export (a built-in is never emitted unless its file exists, as ADF's own export does).
 */
import { findResource } from './loader';
import type { Factory, Resource, ResourceKind } from './types';

export interface BuiltInResource {
  kind: ResourceKind;
  name: string;
  /** The resource's `properties` as the service reports them for a factory where nobody changed it. */
  properties: Record<string, unknown>;
  /** One line for hovers and the tree. */
  description: string;
  /** True when the service lists it among the factory's resources (ADF Studio's Manage hub, the REST list call). */
  listed: boolean;
}

export const BUILT_IN_RESOURCES: readonly BuiltInResource[] = Object.freeze([
  {
    kind: 'integrationRuntime',
    name: 'AutoResolveIntegrationRuntime',
    properties: {
      type: 'Managed',
      typeProperties: { computeProperties: { location: 'AutoResolve', dataFlowProperties: { computeType: 'General', coreCount: 8, timeToLive: 0 } } },
    },
    description: "The factory's built-in Azure integration runtime (region auto-resolved, public network).",
    listed: true,
  },
  {
    kind: 'managedVirtualNetwork',
    name: 'default',
    properties: {},
    description: 'The managed virtual network that managed-VNet integration runtimes join (ADF names it "default").',
    listed: false,
  },
]);

/** The built-in resource of that kind and name (case-insensitive), if any. */
export function builtInResource(kind: ResourceKind, name: string): BuiltInResource | undefined {
  const lower = name.toLowerCase();
  return BUILT_IN_RESOURCES.find((b) => b.kind === kind && b.name.toLowerCase() === lower);
}

/** Built-in resources of a factory that no file customises (what the service has that git does not show). */
export function uncustomisedBuiltIns(factory: Factory, kind?: ResourceKind): BuiltInResource[] {
  return BUILT_IN_RESOURCES.filter((b) => (!kind || b.kind === kind) && !findResource(factory, b.kind, b.name));
}

export type Resolved = { file: Resource; builtIn?: undefined } | { file?: undefined; builtIn: BuiltInResource };

/** Resolves a reference the way ADF does: the factory's file first, then a built-in of that name. */
export function resolveReference(factory: Factory, kind: ResourceKind, name: string): Resolved | undefined {
  const file = findResource(factory, kind, name);
  if (file) return { file };
  const builtIn = builtInResource(kind, name);
  return builtIn ? { builtIn } : undefined;
}

/** The built-in Azure integration runtime every factory has. */
export const AUTO_RESOLVE_IR = 'AutoResolveIntegrationRuntime';

/** The integration runtime a linked service connects through: its `connectVia`, else the built-in Azure IR. */
export function integrationRuntimeOf(factory: Factory, connectVia: unknown): { name: string; selfHosted: boolean } {
  const ref = connectVia && typeof connectVia === 'object' ? (connectVia as { referenceName?: unknown }).referenceName : undefined;
  const name = typeof ref === 'string' && ref && !ref.startsWith('@') ? ref : AUTO_RESOLVE_IR;
  const resolved = resolveReference(factory, 'integrationRuntime', name);
  const type = resolved?.file?.properties.type ?? resolved?.builtIn?.properties.type;
  return { name: resolved?.file?.name ?? resolved?.builtIn?.name ?? name, selfHosted: type === 'SelfHosted' };
}

/**
 * `effectiveIntegrationRuntime` as runs report it ("Monitor copy activity": `<IR name> (<region if it's an Azure
 * IR>)`): a self-hosted runtime by name only; an Azure runtime runs here, so its region is "Local".
 */
export function effectiveIntegrationRuntime(ir: { name: string; selfHosted: boolean } | undefined): string {
  if (!ir) return `${AUTO_RESOLVE_IR} (Local)`;
  return ir.selfHosted ? ir.name : `${ir.name} (Local)`;
}
