/**
 * The publish plan: local definitions compared with a factory's remote state (normalised JSON),
 * giving create / update / delete / unchanged per resource, trigger start/stop, and global parameters.
 */
import { createTwoFilesPatch } from 'diff';
import { builtInResource, type Factory, type ManagedPrivateEndpointFile } from '../model';
import { REMOTE_KINDS, type RemoteKind } from '../remote';
import { normaliseProperties, stableText } from './normalise';
import { withoutState } from './state';

export type PlanAction = 'create' | 'update' | 'delete' | 'unchanged';

export interface PlanItem {
  kind: RemoteKind | 'globalParameters';
  name: string;
  action: PlanAction;
  /** Local properties (what will be deployed). */
  local?: Record<string, unknown>;
  /** Remote properties (as read). */
  remote?: Record<string, unknown>;
  /** Unified diff of normalised remote → local JSON (empty when unchanged). */
  diff: string;
  /** For triggers: the runtime state remotely and the one the local definition asks for. */
  remoteState?: 'Started' | 'Stopped';
  desiredState?: 'Started' | 'Stopped';
  /** True when a delete is only reported because orphans are not being deleted. */
  orphanKept?: boolean;
  /** What publishing cannot do for this resource and who must (a private endpoint's approval). */
  note?: string;
  /** Whether the item is deployed (selective deployment), and why it is in or out. */
  selected?: boolean;
  reason?: string;
}

export interface RemoteSnapshot {
  resources: Record<RemoteKind, { name: string; properties: Record<string, any> }[]>;
  globalParameters?: Record<string, unknown>;
}

export interface LocalProblem {
  file: string;
  message: string;
}

/**
 * Local resources by kind, and problems that block publishing (unparseable files). Managed private endpoints live
 * in nested folders the factory loader does not read; pass them (model's loadManagedPrivateEndpoints) to include them.
 */
export function localResources(factory: Factory, privateEndpoints: ManagedPrivateEndpointFile[] = []): { resources: Record<RemoteKind, { name: string; properties: Record<string, any> }[]>; globalParameters?: Record<string, unknown>; problems: LocalProblem[] } {
  const problems: LocalProblem[] = [];
  for (const d of factory.diagnostics) if (d.severity === 'error' && d.source === 'json') problems.push({ file: d.file, message: d.message });
  const resources = Object.fromEntries(REMOTE_KINDS.map((k) => [k, [] as { name: string; properties: Record<string, any> }[]])) as Record<RemoteKind, { name: string; properties: Record<string, any> }[]>;
  for (const pe of privateEndpoints) resources.managedPrivateEndpoint.push({ name: `${pe.managedVirtualNetwork}/${pe.name}`, properties: pe.properties as Record<string, any> });
  for (const kind of REMOTE_KINDS) {
    if (kind === 'managedPrivateEndpoint') continue;
    for (const r of factory.resources[kind].values()) {
      if (!r.json) continue;
      // ADF's git integration writes a managed virtual network without properties (the service generates them).
      if (kind === 'managedVirtualNetwork' && (r.json.properties === undefined || r.json.properties === null)) {
        resources[kind].push({ name: r.name, properties: {} });
        continue;
      }
      if (!r.json.properties || typeof r.json.properties !== 'object') {
        problems.push({ file: r.file, message: `The ${kind} "${r.name}" has no "properties" object.` });
        continue;
      }
      resources[kind].push({ name: r.name, properties: r.json.properties as Record<string, any> });
    }
  }
  let globalParameters: Record<string, unknown> | undefined;
  for (const r of factory.resources.factory.values()) {
    const gp = r.json?.properties && (r.json.properties as Record<string, any>).globalParameters;
    if (gp && typeof gp === 'object') globalParameters = { ...(globalParameters ?? {}), ...gp };
  }
  for (const r of factory.resources.globalParameters.values()) {
    const body = r.json && typeof r.json.properties === 'object' ? r.json.properties : r.json;
    if (body && typeof body === 'object') {
      const { name: _n, ...rest } = body as Record<string, unknown>;
      globalParameters = { ...(globalParameters ?? {}), ...rest };
    }
  }
  return { resources, globalParameters, problems };
}

function runtimeState(p: Record<string, unknown> | undefined): 'Started' | 'Stopped' {
  return p?.runtimeState === 'Started' ? 'Started' : 'Stopped';
}

function diffText(label: string, remote: unknown, local: unknown): string {
  const a = remote === undefined ? '' : stableText(remote);
  const b = local === undefined ? '' : stableText(local);
  if (a === b) return '';
  return createTwoFilesPatch(`remote/${label}`, `local/${label}`, a, b, undefined, undefined, { context: 3 });
}

/** Compares local with remote. Remote resources absent locally are `delete` (orphanKept unless deleting orphans). */
export function computePlan(local: ReturnType<typeof localResources>, remote: RemoteSnapshot, opts: { deleteOrphans?: boolean } = {}): PlanItem[] {
  const items: PlanItem[] = [];
  const remoteGlobals = withoutState(remote.globalParameters);
  if (local.globalParameters !== undefined) {
    const a = normaliseProperties('pipeline', remoteGlobals ?? {});
    const b = normaliseProperties('pipeline', local.globalParameters);
    const diff = diffText('globalParameters.json', a, b);
    items.push({ kind: 'globalParameters', name: 'default', action: diff ? (remoteGlobals ? 'update' : 'create') : 'unchanged', local: local.globalParameters, remote: remoteGlobals, diff });
  }
  for (const kind of REMOTE_KINDS) {
    const remoteByName = new Map((remote.resources[kind] ?? []).map((r) => [r.name.toLowerCase(), r]));
    const seen = new Set<string>();
    for (const l of local.resources[kind] ?? []) {
      const key = l.name.toLowerCase();
      seen.add(key);
      const r = remoteByName.get(key);
      const a = r ? normaliseProperties(kind, r.properties) : undefined;
      const b = normaliseProperties(kind, l.properties);
      const diff = diffText(`${kind}/${l.name}.json`, a, b);
      const item: PlanItem = { kind, name: r?.name ?? l.name, action: !r ? 'create' : diff ? 'update' : 'unchanged', local: l.properties, remote: r?.properties, diff };
      if (kind === 'trigger') {
        item.remoteState = r ? runtimeState(r.properties) : undefined;
        item.desiredState = runtimeState(l.properties);
      }
      if (kind === 'managedPrivateEndpoint') {
        const status = r?.properties?.connectionState?.status;
        if (status !== 'Approved') item.note = `The private endpoint connection ${status ? `is ${status}` : 'will be Pending'} until the owner of ${String(l.properties.privateLinkResourceId ?? 'the target resource')} approves it; publishing creates the endpoint, not the approval.`;
      }
      items.push(item);
    }
    for (const r of remote.resources[kind] ?? []) {
      if (seen.has(r.name.toLowerCase())) continue;
      // The service lists its built-ins (AutoResolveIntegrationRuntime) although git has no file for them: not orphans.
      if (kind !== 'managedPrivateEndpoint' && builtInResource(kind, r.name)) continue;
      // The service cannot delete a managed virtual network; it stays whatever the source holds.
      if (kind === 'managedVirtualNetwork') continue;
      const item: PlanItem = { kind, name: r.name, action: 'delete', remote: r.properties, diff: diffText(`${kind}/${r.name}.json`, normaliseProperties(kind, r.properties), undefined), orphanKept: !opts.deleteOrphans };
      if (kind === 'trigger') item.remoteState = runtimeState(r.properties);
      items.push(item);
    }
  }
  return items;
}
