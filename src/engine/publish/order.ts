/**
 * Deployment order: integration runtimes → linked services → datasets → data flows → pipelines →
 * triggers, and within a kind, referenced resources first (Key Vault linked services, flowlets,
 * ExecutePipeline chains). Deletion uses the reverse order.
 */
import { referencesOf } from '../remote';
import { REMOTE_KINDS, type RemoteKind } from '../remote';

const SEGMENT_KIND: Record<string, RemoteKind> = {
  managedvirtualnetworks: 'managedVirtualNetwork',
  credentials: 'credential',
  integrationruntimes: 'integrationRuntime',
  linkedservices: 'linkedService',
  datasets: 'dataset',
  dataflows: 'dataflow',
  pipelines: 'pipeline',
  triggers: 'trigger',
};

export interface NamedResource {
  kind: RemoteKind;
  name: string;
  properties: Record<string, unknown>;
}

/** References of a resource as (kind, name) pairs. */
export function dependenciesOf(r: NamedResource): { kind: RemoteKind; name: string }[] {
  return referencesOf(r.properties)
    .map((x) => ({ kind: SEGMENT_KIND[x.segment], name: x.name }))
    .filter((x): x is { kind: RemoteKind; name: string } => !!x.kind);
}

export interface Ordered<T extends NamedResource> {
  order: T[];
  /** Resources in a reference cycle within their kind (they cannot be deployed). */
  cycles: T[];
}

/** Orders resources for creation. Cycles are reported, not looped over. */
export function deploymentOrder<T extends NamedResource>(items: T[]): Ordered<T> {
  const order: T[] = [];
  const cycles: T[] = [];
  for (const kind of REMOTE_KINDS) {
    const ofKind = items.filter((i) => i.kind === kind).sort((a, b) => a.name.localeCompare(b.name));
    const byName = new Map(ofKind.map((i) => [i.name.toLowerCase(), i]));
    const state = new Map<T, 'visiting' | 'done'>();
    const inCycle = new Set<T>();
    const visit = (i: T, stack: T[]): void => {
      const s = state.get(i);
      if (s === 'done') return;
      if (s === 'visiting') {
        for (const x of stack.slice(stack.indexOf(i))) inCycle.add(x);
        return;
      }
      state.set(i, 'visiting');
      for (const d of dependenciesOf(i)) {
        if (d.kind !== kind) continue;
        const dep = byName.get(d.name.toLowerCase());
        if (dep && dep !== i) visit(dep, [...stack, i]);
      }
      state.set(i, 'done');
      if (!inCycle.has(i)) order.push(i);
    };
    for (const i of ofKind) visit(i, []);
    for (const i of ofKind) if (inCycle.has(i)) cycles.push(i);
    // Members that were pushed before the cycle was detected stay ordered; remove cycle members.
    for (let k = order.length - 1; k >= 0; k--) if (inCycle.has(order[k])) order.splice(k, 1);
  }
  return { order, cycles };
}
