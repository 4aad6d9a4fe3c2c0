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
import { deleteResource, getFactory, getResource, listResources, putFactory, putResource, setTriggerState, type FactoryRef } from '../remote';
import { computePlan, localResources, type PlanItem, type RemoteSnapshot } from './plan';
import { dependenciesOf, deploymentOrder } from './order';
import { selectPlan, type SelectionOptions } from './select';
import { readState, resourceHash, sameState, stateKey, stateParameter, STATE_PARAMETER, STATE_VERSION, withoutState, type DeploymentState } from './state';

export type ChangeStatus = 'planned' | 'unchanged' | 'succeeded' | 'failed' | 'skipped' | 'kept' | 'excluded';

/** How publish treats trigger runtime states (see README). */
export type TriggerMode = 'start-from-source' | 'keep' | 'stop-all';

export interface PublishChange {
  kind: RemoteKind | 'globalParameters' | 'factory';
  name: string;
  action: 'create' | 'update' | 'delete' | 'unchanged' | 'start' | 'stop';
  status: ChangeStatus;
  error?: string;
  diff?: string;
  /** What publishing leaves to someone else (a private endpoint's approval by the target's owner). */
  note?: string;
  /** Why the resource is in or out of this deployment. */
  reason?: string;
}

export interface PublishResult {
  factory: FactoryRef;
  dryRun: boolean;
  ok: boolean;
  changes: PublishChange[];
  summary: Record<'create' | 'update' | 'delete' | 'unchanged' | 'start' | 'stop' | 'failed' | 'skipped' | 'kept' | 'excluded', number>;
  /** Incremental publishing: whether the deployment state was used, and what it skipped. */
  incremental?: { used: boolean; reason: string; skipped: number };
  /** Whether the deployment state in the target was written. */
  stateWritten?: boolean;
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
  /** Selective deployment: include/exclude patterns, changed resources, dependencies. */
  selection?: SelectionOptions;
  /**
   * Compare against the deployment state kept in the target instead of reading every resource: unchanged
   * resources are not read at all. The state is written after a publish when this is set or a state exists.
   */
  incremental?: boolean;
  triggers?: TriggerMode;
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

/** Hash kept in the deployment state: the normalised definition, plus the runtime state of triggers. */
function stateHash(kind: RemoteKind | 'globalParameters', properties: Record<string, unknown> | undefined): string {
  const h = resourceHash(kind, properties);
  return kind === 'trigger' ? `${h}:${properties?.runtimeState === 'Started' ? 'S' : 'T'}` : h;
}

type Local = ReturnType<typeof localResources>;

/**
 * The remote snapshot of an incremental publish: resources whose hash matches the deployment state are taken
 * as deployed (not read); the others, and state entries no longer in the source, are read one by one.
 */
async function incrementalSnapshot(session: RemoteSession, ref: FactoryRef, local: Local, factoryBody: Record<string, any>, state: DeploymentState, listTriggers: boolean, signal?: AbortSignal): Promise<{ snapshot: RemoteSnapshot; skipped: number }> {
  const resources = Object.fromEntries(REMOTE_KINDS.map((k) => [k, []])) as unknown as RemoteSnapshot['resources'];
  let skipped = 0;
  const localKeys = new Set<string>();
  for (const kind of REMOTE_KINDS) {
    const listed = kind === 'trigger' && listTriggers ? new Map((await listResources(session, ref, kind, { signal })).map((r) => [r.name.toLowerCase(), r])) : undefined;
    for (const l of local.resources[kind]) {
      const key = stateKey(kind, l.name);
      localKeys.add(key.toLowerCase());
      if (listed) {
        const r = listed.get(l.name.toLowerCase());
        if (r) resources[kind].push({ name: r.name, properties: r.properties ?? {} });
        continue;
      }
      if (state.resources[key] === stateHash(kind, l.properties)) {
        resources[kind].push({ name: l.name, properties: l.properties });
        skipped++;
        continue;
      }
      const r = await getResource(session, ref, kind, l.name, { signal });
      if (r) resources[kind].push({ name: r.name, properties: r.properties ?? {} });
    }
    if (listed) {
      for (const r of listed.values()) if (!localKeys.has(stateKey(kind, r.name).toLowerCase())) resources[kind].push({ name: r.name, properties: r.properties ?? {} });
    }
  }
  for (const key of Object.keys(state.resources)) {
    if (localKeys.has(key.toLowerCase())) continue;
    const dot = key.indexOf('.');
    const kind = key.slice(0, dot) as RemoteKind;
    if (!REMOTE_KINDS.includes(kind) || (kind === 'trigger' && listTriggers)) continue;
    const r = await getResource(session, ref, kind, key.slice(dot + 1), { signal });
    if (r) resources[kind].push({ name: r.name, properties: r.properties ?? {} });
  }
  return { snapshot: { resources, globalParameters: factoryBody.properties?.globalParameters }, skipped };
}

interface Prepared {
  plan: PlanItem[];
  snapshot: RemoteSnapshot;
  factoryBody?: Record<string, any>;
  state?: DeploymentState;
  incremental?: PublishResult['incremental'];
}

async function prepare(session: RemoteSession, ref: FactoryRef, local: Local, opts: PublishOptions): Promise<Prepared> {
  let snapshot: RemoteSnapshot;
  let factoryBody: Record<string, any> | undefined;
  let incremental: PublishResult['incremental'];
  let state: DeploymentState | undefined;
  if (opts.incremental) {
    factoryBody = await getFactory(session, ref, { signal: opts.signal });
    state = factoryBody ? readState(factoryBody.properties?.globalParameters) : undefined;
    if (factoryBody && state) {
      const r = await incrementalSnapshot(session, ref, local, factoryBody, state, opts.triggers === 'stop-all', opts.signal);
      snapshot = r.snapshot;
      incremental = { used: true, reason: `deployment state of ${state.deployedAt ?? 'an earlier publish'}`, skipped: r.skipped };
    } else {
      const full = await readRemoteSnapshot(session, ref, opts.signal, opts.createFactory);
      snapshot = full.snapshot;
      factoryBody = full.factoryBody;
      incremental = { used: false, reason: factoryBody ? 'the target has no deployment state yet: compared every resource' : 'the factory does not exist yet', skipped: 0 };
    }
  } else {
    const full = await readRemoteSnapshot(session, ref, opts.signal, opts.createFactory);
    snapshot = full.snapshot;
    factoryBody = full.factoryBody;
    state = factoryBody ? readState(factoryBody.properties?.globalParameters) : undefined;
  }
  const plan = computePlan(local, snapshot, { deleteOrphans: opts.deleteOrphans });
  const sel = selectPlan(plan, opts.selection ?? {});
  for (const p of plan) Object.assign(p, sel.get(p));
  return { plan, snapshot, factoryBody, state, incremental };
}

/** The plan only (what a dry run shows, and what the diff editor opens). */
export async function planPublish(session: RemoteSession, ref: FactoryRef, factory: Factory, opts: PublishOptions = {}): Promise<PlanItem[]> {
  const local = localResources(factory, await loadManagedPrivateEndpoints(factory.root));
  if (local.problems.length) throw new PublishError(`The factory at ${factory.root} has ${local.problems.length} problem(s) that block publishing; fix them first.`, local.problems);
  return (await prepare(session, ref, local, opts)).plan;
}

/**
 * Triggers stopped before deploying: started triggers whose deployment changes them (updated, or deleted as
 * orphans); with `stop-all`, every started trigger of the target that the filters do not exclude.
 */
function triggersToStop(plan: PlanItem[], opts: PublishOptions): PlanItem[] {
  return plan.filter((p) => {
    if (p.kind !== 'trigger' || p.remoteState !== 'Started' || p.selected === false) return false;
    if (opts.triggers === 'stop-all') return true;
    return p.action === 'update' || (p.action === 'delete' && !!opts.deleteOrphans);
  });
}

/** Trigger state changes after deploying, by mode. Only selected triggers are touched. */
function triggerStateChanges(plan: PlanItem[], stopped: Set<string>, opts: PublishOptions): { name: string; action: 'start' | 'stop' }[] {
  const out: { name: string; action: 'start' | 'stop' }[] = [];
  const mode = opts.triggers ?? 'start-from-source';
  for (const p of plan) {
    if (p.kind !== 'trigger' || p.selected === false) continue;
    const wasStopped = stopped.has(p.name.toLowerCase());
    if (p.action === 'delete') {
      // A remote-only trigger stopped by stop-all and kept: restore it.
      if (wasStopped && p.orphanKept) out.push({ name: p.name, action: 'start' });
      continue;
    }
    const running = p.remoteState === 'Started' && !wasStopped;
    if (mode === 'keep') {
      if (wasStopped) out.push({ name: p.name, action: 'start' });
      continue;
    }
    if (p.desiredState === 'Started' && !running) out.push({ name: p.name, action: 'start' });
    if (p.desiredState === 'Stopped' && running) out.push({ name: p.name, action: 'stop' });
  }
  return out;
}

function summarise(changes: PublishChange[]): PublishResult['summary'] {
  const s: PublishResult['summary'] = { create: 0, update: 0, delete: 0, unchanged: 0, start: 0, stop: 0, failed: 0, skipped: 0, kept: 0, excluded: 0 };
  for (const c of changes) {
    if (c.status === 'excluded') s.excluded++;
    else if (c.status === 'failed') s.failed++;
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
  const prepared = await prepare(session, ref, local, opts);
  const { plan, incremental } = prepared;
  let factoryBody = prepared.factoryBody ?? {};
  const factoryMissing = !prepared.factoryBody;
  const inScope = (p: PlanItem) => p.selected !== false;
  const toDeploy = plan.filter((p): p is PlanItem & { kind: RemoteKind } => p.kind !== 'globalParameters' && inScope(p) && (p.action === 'create' || p.action === 'update'));
  const { order, cycles } = deploymentOrder(toDeploy.map((p) => ({ ...p, properties: p.local ?? {} })));
  const changes: PublishChange[] = [];
  const key = (kind: string, name: string) => `${kind}/${name.toLowerCase()}`;
  const changeOf = new Map<string, PublishChange>();
  for (const p of plan) {
    const status: ChangeStatus = !inScope(p) ? 'excluded' : p.action === 'unchanged' ? 'unchanged' : p.orphanKept ? 'kept' : 'planned';
    const c: PublishChange = { kind: p.kind, name: p.name, action: p.action, status, diff: p.diff || undefined, reason: p.reason, ...(p.note ? { note: p.note } : {}) };
    changes.push(c);
    changeOf.set(key(p.kind, p.name), c);
  }
  const stopList = triggersToStop(plan, opts);
  const stopChanges: PublishChange[] = stopList.map((p) => ({ kind: 'trigger', name: p.name, action: 'stop', status: 'planned', reason: p.action === 'update' ? 'its definition changes' : p.action === 'delete' ? 'it is deleted' : '--triggers stop-all' }));
  const plannedStops = new Set(stopList.map((p) => p.name.toLowerCase()));
  const finalStates = triggerStateChanges(plan, plannedStops, opts);
  const stateChanges: PublishChange[] = finalStates.map((t) => ({ kind: 'trigger', name: t.name, action: t.action, status: 'planned' }));
  for (const c of cycles) {
    const ch = changeOf.get(key(c.kind, c.name))!;
    ch.status = 'failed';
    ch.error = `The ${c.kind} "${c.name}" is part of a reference cycle within its kind; the service cannot create it. Break the cycle.`;
  }
  const factoryChange: PublishChange | undefined = factoryMissing ? { kind: 'factory', name: ref.factory, action: 'create', status: 'planned' } : undefined;
  if (factoryChange) changes.unshift(factoryChange);
  const base = { factory: ref, incremental };
  if (opts.dryRun) {
    changes.push(...stopChanges, ...stateChanges);
    return { ...base, dryRun: true, ok: cycles.length === 0, changes, summary: summarise(changes) };
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
      changes.push(...[...stopChanges, ...stateChanges].map((c) => ({ ...c, status: 'skipped' as const })));
      for (const c of changes) if (c.status === 'planned') Object.assign(c, { status: 'skipped', error: 'Skipped: the factory could not be created.' });
      return { ...base, dryRun: false, ok: false, changes, summary: summarise(changes) };
    }
  }

  // 1. Stop started triggers that will change or be deleted (all of them with --triggers stop-all).
  const stoppedByUs = new Set<string>();
  for (const [i, p] of stopList.entries()) {
    signalCheck();
    try {
      progress(`stopping trigger ${p.name}`);
      await setTriggerState(session, ref, p.name, false, { signal: opts.signal });
      stoppedByUs.add(p.name.toLowerCase());
      stopChanges[i].status = 'succeeded';
    } catch (e) {
      stopChanges[i].status = 'failed';
      stopChanges[i].error = (e as Error).message;
      fail(changeOf.get(key('trigger', p.name))!, e);
    }
  }

  // 2. Global parameters, through the factory resource (the deployment state parameter is kept).
  const remoteGlobals = (factoryBody.properties?.globalParameters ?? undefined) as Record<string, unknown> | undefined;
  let deployedGlobals = withoutState(remoteGlobals);
  const gp = plan.find((p) => p.kind === 'globalParameters');
  const putGlobals = async (globals: Record<string, unknown> | undefined) => {
    const props = { ...(factoryBody.properties ?? {}) };
    delete props.provisioningState;
    delete props.createTime;
    delete props.version;
    await putFactory(session, ref, { location: factoryBody.location, tags: factoryBody.tags, identity: factoryBody.identity, properties: { ...props, globalParameters: globals } }, { signal: opts.signal });
    factoryBody = { ...factoryBody, properties: { ...(factoryBody.properties ?? {}), globalParameters: globals } };
  };
  if (gp && gp.action !== 'unchanged' && inScope(gp)) {
    signalCheck();
    const c = changeOf.get(key('globalParameters', gp.name))!;
    try {
      progress('updating global parameters');
      const keep = remoteGlobals && STATE_PARAMETER in remoteGlobals ? { [STATE_PARAMETER]: remoteGlobals[STATE_PARAMETER] } : {};
      await putGlobals({ ...(gp.local ?? {}), ...keep });
      deployedGlobals = gp.local;
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

  // 4. Orphans in scope, in reverse dependency order.
  if (opts.deleteOrphans) {
    const orphans = plan.filter((p): p is PlanItem & { kind: RemoteKind } => p.kind !== 'globalParameters' && p.action === 'delete' && inScope(p));
    const { order: delOrder, cycles: delCycles } = deploymentOrder(orphans.map((p) => ({ ...p, properties: p.remote ?? {} })));
    for (const item of [...delOrder, ...delCycles].reverse()) {
      signalCheck();
      const c = changeOf.get(key(item.kind, item.name))!;
      if (c.status === 'failed') continue;
      try {
        progress(`deleting ${item.kind} ${item.name}`);
        await deleteResource(session, ref, item.kind, item.name, { signal: opts.signal });
        c.status = 'succeeded';
        stoppedByUs.delete(item.name.toLowerCase());
      } catch (e) {
        fail(c, e);
      }
    }
  }

  // 5. Trigger states: start what should run (restarting what was stopped above), stop what should not.
  for (const [i, t] of finalStates.entries()) {
    const c = stateChanges[i];
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
  changes.push(...stopChanges, ...stateChanges);

  // 6. The deployment state: written when incremental publishing is on or a state already exists, and only when it changed.
  let stateWritten = false;
  if (opts.incremental || prepared.state) {
    const next: DeploymentState = { version: STATE_VERSION, resources: { ...(prepared.state?.resources ?? {}) } };
    for (const p of plan) {
      const c = changeOf.get(key(p.kind, p.name))!;
      const k = p.kind === 'globalParameters' ? stateKey('globalParameters', 'default') : stateKey(p.kind, p.name);
      if (!inScope(p)) continue;
      if (c.status === 'failed' || c.status === 'skipped') delete next.resources[k];
      else if (p.action === 'delete') {
        if (c.status === 'succeeded') delete next.resources[k];
      } else if (p.kind === 'globalParameters') next.resources[k] = stateHash('globalParameters', p.local);
      else next.resources[k] = stateHash(p.kind, p.local);
    }
    // A trigger whose start or stop failed is not in the state it was deployed with.
    for (const c of [...stopChanges, ...stateChanges]) if (c.status === 'failed' || c.status === 'skipped') delete next.resources[stateKey('trigger', c.name)];
    if (!sameState(prepared.state, next)) {
      next.deployedAt = new Date().toISOString();
      try {
        signalCheck();
        progress('saving the deployment state');
        await putGlobals({ ...(deployedGlobals ?? {}), [STATE_PARAMETER]: stateParameter(next) });
        stateWritten = true;
      } catch (e) {
        changes.push({ kind: 'factory', name: ref.factory, action: 'update', status: 'failed', error: `The deployment state could not be saved (the next incremental publish compares every resource): ${(e as Error).message}` });
      }
    }
  }
  const ok = !changes.some((c) => c.status === 'failed' || c.status === 'skipped');
  return { ...base, dryRun: false, ok, changes, summary: summarise(changes), stateWritten };
}
