/**
 * Deployment state for incremental publishing: the hash of each resource's normalised JSON as deployed, kept in
 * the target factory itself as the global parameter `adfw_deployment_state` (type Object). Keeping it in the
 * target means every machine and CI agent that deploys there sees the same state, with nothing to commit or
 * cache; plans, pull, drift and export hide the parameter.
 */
import { createHash } from 'node:crypto';
import { normaliseProperties, stableText } from './normalise';
import type { RemoteKind } from '../remote/kinds';

export const STATE_PARAMETER = 'adfw_deployment_state';
export const STATE_VERSION = 1;

export interface DeploymentState {
  version: number;
  /** ISO time of the deployment that wrote it. */
  deployedAt?: string;
  /** `kind.name` → hash of the normalised properties. */
  resources: Record<string, string>;
}

export const stateKey = (kind: string, name: string): string => `${kind}.${name}`;

/** Hash of a resource's normalised properties (what publish compares). */
export function resourceHash(kind: RemoteKind | 'globalParameters', properties: Record<string, unknown> | undefined): string {
  const norm = normaliseProperties(kind === 'globalParameters' ? 'pipeline' : kind, properties ?? {});
  return createHash('sha256').update(stableText(norm)).digest('base64url').slice(0, 22);
}

/** The state stored in a factory's global parameters, or undefined (none, or unreadable: treated as none). */
export function readState(globalParameters: Record<string, any> | undefined): DeploymentState | undefined {
  const gp = globalParameters?.[STATE_PARAMETER];
  const v = gp?.value;
  if (!v || typeof v !== 'object' || v.version !== STATE_VERSION || !v.resources || typeof v.resources !== 'object') return undefined;
  return { version: v.version, deployedAt: v.deployedAt, resources: { ...v.resources } };
}

/** Global parameters without the state parameter (what is compared and shown). */
export function withoutState<T extends Record<string, unknown> | undefined>(globalParameters: T): T {
  if (!globalParameters || !(STATE_PARAMETER in globalParameters)) return globalParameters;
  const { [STATE_PARAMETER]: _s, ...rest } = globalParameters as Record<string, unknown>;
  return rest as T;
}

export function stateParameter(state: DeploymentState): { type: 'Object'; value: DeploymentState } {
  return { type: 'Object', value: state };
}

export function sameState(a: DeploymentState | undefined, b: DeploymentState): boolean {
  if (!a) return false;
  const ka = Object.keys(a.resources);
  const kb = Object.keys(b.resources);
  return ka.length === kb.length && kb.every((k) => a.resources[k] === b.resources[k]);
}
