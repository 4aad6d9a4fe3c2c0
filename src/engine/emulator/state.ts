/**
 * The emulator's data: factories, their child resources and pipeline runs, keyed the way ARM keys them
 * (case-insensitive names). Optional persistence to a state directory (one JSON file, written atomically).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { ActivityRun, PipelineRun } from '../contracts';

/** Child resource collections served under a factory, by lower-cased URL segment. */
export const CHILD_SEGMENTS = {
  pipelines: 'pipelines',
  datasets: 'datasets',
  linkedservices: 'linkedservices',
  dataflows: 'dataflows',
  triggers: 'triggers',
  integrationruntimes: 'integrationRuntimes',
  globalparameters: 'globalParameters',
  credentials: 'credentials',
  managedvirtualnetworks: 'managedVirtualNetworks',
} as const;
export type ChildSegment = keyof typeof CHILD_SEGMENTS;

export interface StoredResource {
  name: string;
  properties: Record<string, any>;
  etag: string;
  /** Server-side state the service keeps beside the definition (event subscription, IR auto-update, VNet id, …). */
  server?: Record<string, any>;
}

export interface StoredFactory {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  tags?: Record<string, string>;
  identity?: Record<string, unknown>;
  properties: Record<string, any>;
  createTime: string;
  etag: string;
  children: Record<ChildSegment, Record<string, StoredResource>>;
  /** Managed private endpoints by lower-case managed virtual network name, then lower-case endpoint name. */
  privateEndpoints?: Record<string, Record<string, StoredResource>>;
}

export interface StoredRun {
  factoryKey: string;
  run: PipelineRun;
  activityRuns: ActivityRun[];
}

interface Snapshot {
  version: 1;
  subscriptions: string[];
  factories: StoredFactory[];
  runs: StoredRun[];
}

/** A new quoted ETag, as the service gives factories (`"00003e04-0000-0000-0000-5b28979e0000"`). */
export function newEtag(): string {
  return `"${newChildEtag()}"`;
}

/** A new ETag as the service gives child resources: the same form, unquoted. */
export function newChildEtag(): string {
  const h = randomUUID().replace(/-/g, '');
  return `${h.slice(0, 8)}-0000-0000-0000-${h.slice(8, 20)}`;
}

export function factoryKey(subscriptionId: string, resourceGroup: string, name: string): string {
  return `${subscriptionId}/${resourceGroup}/${name}`.toLowerCase();
}

function emptyChildren(): StoredFactory['children'] {
  return Object.fromEntries(Object.keys(CHILD_SEGMENTS).map((k) => [k, {}])) as StoredFactory['children'];
}

/** A system-assigned identity gets the principal and tenant ids the service generates (kept across updates). */
function withPrincipal(identity: Record<string, unknown> | undefined, old: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!identity || typeof identity.type !== 'string' || !/SystemAssigned/i.test(identity.type)) return identity;
  return { ...identity, principalId: identity.principalId ?? old?.principalId ?? randomUUID(), tenantId: identity.tenantId ?? old?.tenantId ?? randomUUID() };
}

export class EmulatorState {
  readonly factories = new Map<string, StoredFactory>();
  readonly runs = new Map<string, StoredRun>();
  readonly subscriptions = new Set<string>();
  private saving: Promise<void> = Promise.resolve();
  private dirty = false;

  constructor(private readonly stateDir?: string) {}

  private get file(): string | undefined {
    return this.stateDir ? path.join(this.stateDir, 'emulator-state.json') : undefined;
  }

  /** Loads the state directory's snapshot when there is one. Runs that were in progress become Failed. */
  async load(): Promise<void> {
    const file = this.file;
    if (!file) return;
    const snap = (await readStateSnapshot(file)) as Snapshot | undefined;
    if (!snap) return;
    if (snap.version !== 1 || !Array.isArray(snap.factories) || !Array.isArray(snap.runs)) {
      throw new Error(`${file}: unknown emulator state format. Move the file away to start empty.`);
    }
    for (const s of snap.subscriptions ?? []) this.subscriptions.add(s);
    for (const f of snap.factories) {
      f.children = { ...emptyChildren(), ...f.children };
      this.factories.set(factoryKey(f.subscriptionId, f.resourceGroup, f.name), f);
    }
    // Runs that were in progress belonged to the emulator process that wrote the snapshot, which has ended: they
    // read as interrupted, like a local run whose process died (the engine's rule, loaded only when needed).
    const unfinished = snap.runs.filter((r) => ['InProgress', 'Queued', 'Canceling'].includes(r.run.status));
    const interrupted = unfinished.length ? (await import('../run/index')).interruptedRecord : undefined;
    const detected = new Date();
    for (const r of snap.runs) {
      if (interrupted && unfinished.includes(r)) {
        const settled = interrupted({ pipelineRun: r.run, activityRuns: r.activityRuns }, detected);
        r.run = settled.pipelineRun;
        r.activityRuns = settled.activityRuns;
      }
      this.runs.set(r.run.runId, r);
    }
  }

  /** Schedules a write of the snapshot (serialised; the last write wins). */
  persist(): Promise<void> {
    const file = this.file;
    if (!file) return Promise.resolve();
    this.dirty = true;
    this.saving = this.saving.then(async () => {
      if (!this.dirty) return;
      this.dirty = false;
      const snap: Snapshot = { version: 1, subscriptions: [...this.subscriptions], factories: [...this.factories.values()], runs: [...this.runs.values()] };
      await fs.mkdir(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      await fs.writeFile(tmp, JSON.stringify(snap), 'utf8');
      await fs.rename(tmp, file);
    });
    return this.saving;
  }

  /** Resolves when pending writes are done. */
  flush(): Promise<void> {
    return this.saving;
  }

  getFactory(sub: string, rg: string, name: string): StoredFactory | undefined {
    return this.factories.get(factoryKey(sub, rg, name));
  }

  /** Creates or replaces a factory's top-level definition, keeping its child resources. */
  putFactory(sub: string, rg: string, name: string, body: { location?: string; tags?: Record<string, string>; identity?: Record<string, unknown>; properties?: Record<string, any> }): { factory: StoredFactory; created: boolean } {
    const key = factoryKey(sub, rg, name);
    const old = this.factories.get(key);
    const props = { ...(body.properties ?? {}) };
    delete props.provisioningState;
    delete props.createTime;
    delete props.version;
    const factory: StoredFactory = {
      subscriptionId: old?.subscriptionId ?? sub,
      resourceGroup: old?.resourceGroup ?? rg,
      name: old?.name ?? name,
      location: body.location ?? old?.location ?? 'eastus',
      tags: body.tags ?? old?.tags ?? {},
      identity: withPrincipal(body.identity ?? old?.identity, old?.identity),
      properties: props,
      createTime: old?.createTime ?? new Date().toISOString(),
      etag: newEtag(),
      children: old?.children ?? emptyChildren(),
    };
    this.factories.set(key, factory);
    this.subscriptions.add(factory.subscriptionId);
    void this.persist();
    return { factory, created: !old };
  }

  deleteFactory(sub: string, rg: string, name: string): boolean {
    const key = factoryKey(sub, rg, name);
    const had = this.factories.delete(key);
    if (had) {
      for (const [id, r] of this.runs) if (r.factoryKey === key) this.runs.delete(id);
      void this.persist();
    }
    return had;
  }
}

/**
 * An emulator's saved state: the parsed JSON of its snapshot file, or undefined when there is none. A damaged file
 * is an error naming it, never silently dropped (both emulators keep their state this way).
 */
export async function readStateSnapshot(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: the emulator state is not valid JSON (${(e as Error).message}). Move the file away to start empty.`);
  }
}
