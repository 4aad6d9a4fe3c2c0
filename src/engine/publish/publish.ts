/**
 * Publish: deploys a local factory to a remote one in dependency order. Triggers that change are
 * stopped before and started after (per their `runtimeState` in git); global parameters go through
 * the factory resource; failures are recorded per resource, dependants of a failed resource are
 * skipped, and a rerun converges because every step compares against the remote state first.
 */
import type { Factory } from '../model/types';
import { loadManagedPrivateEndpoints } from '../model';
import type { RemoteSession } from '../remote/session';
import { RemoteError } from '../remote';
import { REMOTE_KINDS, type RemoteKind } from '../remote';
import { deleteResource, getFactory, listResources, putFactory, putResource, setTriggerState, type FactoryRef } from '../remote';
import { computePlan, localResources, type PlanItem, type RemoteSnapshot } from './plan';
import { dependenciesOf, deploymentOrder } from './order';

export type ChangeStatus = 'planned' | 'unchanged' | 'succeeded' | 'failed' | 'skipped' | 'kept';

export interface PublishChange {
  kind: RemoteKind | 'globalParameters' | 'factory';
  name: string;
  action: 'create' | 'update' | 'delete' | 'unchanged' | 'start' | 'stop';
  status: ChangeStatus;
  error?: string;
  diff?: string;
  /** What publishing leaves to someone else (a private endpoint's approval by the target's owner). */
  note?: string;
}

export interface PublishResult {
  factory: FactoryRef;
  dryRun: boolean;
  ok: boolean;
  changes: PublishChange[];
  summary: Record<'create' | 'update' | 'delete' | 'unchanged' | 'start' | 'stop' | 'failed' | 'skipped' | 'kept', number>;
}

export interface PublishOptions {
  dryRun?: boolean;
  deleteOrphans?: boolean;
  signal?: AbortSignal;
  /**
   * Create the factory when it does not exist (location from the local factory/*.json, else `location`).
   * Without it a missing factory is an error, as in ADF's own publish.
   */
  createFactory?: boolean;
  location?: string;
  /** Progress lines for a UI or a log. */
  onProgress?: (message: string) => void;
}

export class PublishError extends Error {
  constructor(
    message: string,
    public readonly problems: { file: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'PublishError';
  }
}

/** Reads everything publish compares against. */
export async function readRemoteSnapshot(session: RemoteSession, ref: FactoryRef, signal?: AbortSignal, allowMissing = false): Promise<{ snapshot: RemoteSnapshot; factoryBody?: Record<string, any> }> {
  const factoryBody = await getFactory(session, ref, { signal });
  if (!factoryBody) {
    if (!allowMissing) throw new RemoteError(`Factory ${ref.factory} does not exist in resource group ${ref.resourceGroup} of subscription ${ref.subscriptionId}. Create the factory first (or pass --create-factory); publish deploys its contents.`, 'NotFound', 404);
    const resources = Object.fromEntries(REMOTE_KINDS.map((k) => [k, []])) as unknown as RemoteSnapshot['resources'];
    return { snapshot: { resources }, factoryBody: undefined };
  }
  const resources = {} as RemoteSnapshot['resources'];
  for (const kind of REMOTE_KINDS) resources[kind] = (await listResources(session, ref, kind, { signal })).map((r) => ({ name: r.name, properties: r.properties ?? {} }));
  return { snapshot: { resources, globalParameters: factoryBody.properties?.globalParameters }, factoryBody };
}

/** The plan only (what a dry run shows, and what the diff editor opens). */
export async function planPublish(session: RemoteSession, ref: FactoryRef, factory: Factory, opts: PublishOptions = {}): Promise<PlanItem[]> {
  const local = localResources(factory, await loadManagedPrivateEndpoints(factory.root));
  if (local.problems.length) throw new PublishError(`The factory at ${factory.root} has ${local.problems.length} problem(s) that block publishing; fix them first.`, local.problems);
  const { snapshot } = await readRemoteSnapshot(session, ref, opts.signal, opts.createFactory);
  return computePlan(local, snapshot, opts);
}

/** Trigger state changes implied by the plan: [name, 'start' | 'stop'][] in the final state. */
function triggerStateChanges(plan: PlanItem[], deleteOrphans: boolean): { name: string; action: 'start' | 'stop'; stopFirst: boolean }[] {
  const out: { name: string; action: 'start' | 'stop'; stopFirst: boolean }[] = [];
  for (const p of plan) {
    if (p.kind !== 'trigger') continue;
    if (p.action === 'delete') continue;
    const changes = p.action === 'update';
    if (p.desiredState === 'Started' && (p.remoteState !== 'Started' || changes)) out.push({ name: p.name, action: 'start', stopFirst: changes && p.remoteState === 'Started' });
    if (p.desiredState === 'Stopped' && p.remoteState === 'Started') out.push({ name: p.name, action: 'stop', stopFirst: false });
  }
  void deleteOrphans;
  return out;
}

function summarise(changes: PublishChange[]): PublishResult['summary'] {
  const s: PublishResult['summary'] = { create: 0, update: 0, delete: 0, unchanged: 0, start: 0, stop: 0, failed: 0, skipped: 0, kept: 0 };
  for (const c of changes) {
    if (c.status === 'failed') s.failed++;
    else if (c.status === 'skipped') s.skipped++;
    else if (c.status === 'kept') s.kept++;
    else s[c.action]++;
  }
  return s;
}

/** Publishes `factory` to the remote factory `ref`. */
export async function publishFactory(session: RemoteSession, ref: FactoryRef, factory: Factory, opts: PublishOptions = {}): Promise<PublishResult> {
  const progress = opts.onProgress ?? (() => undefined);
  const local = localResources(factory, await loadManagedPrivateEndpoints(factory.root));
  if (local.problems.length) throw new PublishError(`The factory at ${factory.root} has ${local.problems.length} problem(s) that block publishing; fix them first.`, local.problems);
  const remoteState = await readRemoteSnapshot(session, ref, opts.signal, opts.createFactory);
  const { snapshot } = remoteState;
  let factoryBody = remoteState.factoryBody ?? {};
  const factoryMissing = !remoteState.factoryBody;
  const plan = computePlan(local, snapshot, { deleteOrphans: opts.deleteOrphans });
  const toDeploy = plan.filter((p): p is PlanItem & { kind: RemoteKind } => p.kind !== 'globalParameters' && (p.action === 'create' || p.action === 'update'));
  const { order, cycles } = deploymentOrder(toDeploy.map((p) => ({ ...p, properties: p.local ?? {} })));
  const triggerChanges = triggerStateChanges(plan, !!opts.deleteOrphans);
  const changes: PublishChange[] = [];
  const key = (kind: string, name: string) => `${kind}/${name.toLowerCase()}`;
  const changeOf = new Map<string, PublishChange>();
  for (const p of plan) {
    const c: PublishChange = { kind: p.kind, name: p.name, action: p.action, status: p.action === 'unchanged' ? 'unchanged' : p.orphanKept ? 'kept' : 'planned', diff: p.diff || undefined, ...(p.note ? { note: p.note } : {}) };
    changes.push(c);
    changeOf.set(key(p.kind, p.name), c);
  }
  const stateChanges: PublishChange[] = triggerChanges.map((t) => ({ kind: 'trigger', name: t.name, action: t.action, status: 'planned' }));
  for (const c of cycles) {
    const ch = changeOf.get(key(c.kind, c.name))!;
    ch.status = 'failed';
    ch.error = `The ${c.kind} "${c.name}" is part of a reference cycle within its kind; the service cannot create it. Break the cycle.`;
  }
  const factoryChange: PublishChange | undefined = factoryMissing ? { kind: 'factory', name: ref.factory, action: 'create', status: 'planned' } : undefined;
  if (factoryChange) changes.unshift(factoryChange);
  if (opts.dryRun) {
    changes.push(...stateChanges);
    return { factory: ref, dryRun: true, ok: cycles.length === 0, changes, summary: summarise(changes) };
  }

  const failed = new Set<string>(cycles.map((c) => key(c.kind, c.name)));
  const fail = (c: PublishChange, e: unknown) => {
    c.status = 'failed';
    c.error = (e as Error)?.message ?? String(e);
    failed.add(key(c.kind, c.name));
    progress(`failed: ${c.kind} ${c.name}: ${c.error}`);
  };
  const signalCheck = () => {
    if (opts.signal?.aborted) throw new RemoteError('Publishing was cancelled; resources already deployed stay deployed, rerun publish to finish.', 'Cancelled');
  };

  // 0. The factory itself, when asked to create it.
  if (factoryChange) {
    const local0 = [...factory.resources.factory.values()][0]?.json as Record<string, any> | undefined;
    const location = (typeof local0?.location === 'string' && local0.location) || opts.location || 'eastus';
    try {
      progress(`creating factory ${ref.factory} in ${location}`);
      await putFactory(session, ref, { location, properties: {} }, { signal: opts.signal });
      factoryBody = (await getFactory(session, ref, { signal: opts.signal })) ?? { location, properties: {} };
      factoryChange.status = 'succeeded';
    } catch (e) {
      factoryChange.status = 'failed';
      factoryChange.error = (e as Error).message;
      changes.push(...stateChanges.map((c) => ({ ...c, status: 'skipped' as const })));
      for (const c of changes) if (c.status === 'planned') Object.assign(c, { status: 'skipped', error: 'Skipped: the factory could not be created.' });
      return { factory: ref, dryRun: false, ok: false, changes, summary: summarise(changes) };
    }
  }

  // 1. Stop started triggers that will change or be deleted.
  const stoppedByUs = new Set<string>();
  for (const p of plan) {
    if (p.kind !== 'trigger' || p.remoteState !== 'Started') continue;
    if (!(p.action === 'update' || (p.action === 'delete' && opts.deleteOrphans))) continue;
    signalCheck();
    try {
      progress(`stopping trigger ${p.name}`);
      await setTriggerState(session, ref, p.name, false, { signal: opts.signal });
      stoppedByUs.add(p.name.toLowerCase());
    } catch (e) {
      fail(changeOf.get(key('trigger', p.name))!, e);
    }
  }

  // 2. Global parameters, through the factory resource.
  const gp = plan.find((p) => p.kind === 'globalParameters');
  if (gp && gp.action !== 'unchanged') {
    signalCheck();
    const c = changeOf.get(key('globalParameters', gp.name))!;
    try {
      progress('updating global parameters');
      const props = { ...(factoryBody.properties ?? {}) };
      delete props.provisioningState;
      delete props.createTime;
      delete props.version;
      await putFactory(session, ref, { location: factoryBody.location, tags: factoryBody.tags, identity: factoryBody.identity, properties: { ...props, globalParameters: gp.local } }, { signal: opts.signal });
      c.status = 'succeeded';
    } catch (e) {
      fail(c, e);
    }
  }

  // 3. Creates and updates in dependency order; dependants of failures are skipped.
  for (const item of order) {
    signalCheck();
    const c = changeOf.get(key(item.kind, item.name))!;
    if (c.status === 'failed') continue;
    const blocked = dependenciesOf(item).find((d) => failed.has(key(d.kind, d.name)));
    if (blocked) {
      c.status = 'skipped';
      c.error = `Skipped: it references ${blocked.kind} "${blocked.name}", which failed to deploy.`;
      failed.add(key(item.kind, item.name));
      continue;
    }
    try {
      progress(`${item.action === 'create' ? 'creating' : 'updating'} ${item.kind} ${item.name}`);
      await putResource(session, ref, item.kind, item.name, item.local ?? {}, { signal: opts.signal });
      c.status = 'succeeded';
    } catch (e) {
      fail(c, e);
    }
  }

  // 4. Orphans, in reverse dependency order.
  if (opts.deleteOrphans) {
    const orphans = plan.filter((p): p is PlanItem & { kind: RemoteKind } => p.kind !== 'globalParameters' && p.action === 'delete');
    const { order: delOrder, cycles: delCycles } = deploymentOrder(orphans.map((p) => ({ ...p, properties: p.remote ?? {} })));
    for (const item of [...delOrder, ...delCycles].reverse()) {
      signalCheck();
      const c = changeOf.get(key(item.kind, item.name))!;
      if (c.status === 'failed') continue;
      try {
        progress(`deleting ${item.kind} ${item.name}`);
        await deleteResource(session, ref, item.kind, item.name, { signal: opts.signal });
        c.status = 'succeeded';
      } catch (e) {
        fail(c, e);
      }
    }
  }

  // 5. Trigger states: start what should run (including triggers stopped above whose update failed), stop what should not.
  for (const t of triggerChanges) {
    const c = stateChanges.find((s) => s.name === t.name && s.action === t.action)!;
    if (failed.has(key('trigger', t.name))) {
      c.status = 'skipped';
      c.error = `Skipped: the trigger's definition did not deploy.`;
      continue;
    }
    try {
      signalCheck();
      progress(`${t.action === 'start' ? 'starting' : 'stopping'} trigger ${t.name}`);
      await setTriggerState(session, ref, t.name, t.action === 'start', { signal: opts.signal });
      c.status = 'succeeded';
      stoppedByUs.delete(t.name.toLowerCase());
    } catch (e) {
      fail(c, e);
    }
  }
  for (const name of stoppedByUs) {
    // Stopped for an update that failed, or for a deletion that failed: restore the previous state.
    const p = plan.find((x) => x.kind === 'trigger' && x.name.toLowerCase() === name)!;
    const c = changeOf.get(key('trigger', p.name))!;
    if (c.status !== 'failed') continue;
    try {
      await setTriggerState(session, ref, p.name, true, { signal: opts.signal });
      c.error = `${c.error} The trigger was restarted with its previous definition.`;
    } catch (e) {
      c.error = `${c.error} Restarting it with its previous definition also failed: ${(e as Error).message}`;
    }
  }
  changes.push(...stateChanges);
  const ok = !changes.some((c) => c.status === 'failed' || c.status === 'skipped');
  return { factory: ref, dryRun: false, ok, changes, summary: summarise(changes) };
}
