/**
 * Normalised JSON for comparing local and remote definitions: keys sorted, service-managed members
 * removed (trigger runtimeState, etags), and empty collections that the service treats as absent
 * (annotations, userProperties, dependsOn, parameters, variables) dropped.
 */
import type { RemoteKind } from '../remote/kinds';

const EMPTY_MEANS_ABSENT = new Set(['annotations', 'userProperties', 'dependsOn', 'parameters', 'variables', 'folder']);

function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v as object).length === 0;
  return false;
}

function canon(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canon);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x === undefined) continue;
      if (EMPTY_MEANS_ABSENT.has(k) && isEmpty(x)) continue;
      out[k] = canon(x);
    }
    return out;
  }
  return v;
}

/** Members the service generates into a resource's properties (REST specification examples), never in source. */
const SERVER_GENERATED: Partial<Record<RemoteKind, string[]>> = {
  trigger: ['runtimeState'],
  integrationRuntime: ['state'],
  managedVirtualNetwork: ['vNetId', 'alias'],
  managedPrivateEndpoint: ['provisioningState', 'connectionState', 'isReserved'],
};

/** The comparable form of a resource's `properties`. */
export function normaliseProperties(kind: RemoteKind, properties: Record<string, unknown> | undefined): Record<string, unknown> {
  const p: Record<string, unknown> = { ...(properties ?? {}) };
  for (const k of SERVER_GENERATED[kind] ?? []) delete p[k];
  // A private endpoint's fqdns default to [] in the service.
  if (kind === 'managedPrivateEndpoint' && Array.isArray(p.fqdns) && p.fqdns.length === 0) delete p.fqdns;
  return canon(p) as Record<string, unknown>;
}

/** Stable pretty text of a normalised value, for diffs. */
export function stableText(v: unknown): string {
  return JSON.stringify(canon(v), null, 2) + '\n';
}
