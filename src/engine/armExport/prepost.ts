/**
 * The pre- and post-deployment step of the ARM route, as Microsoft's PrePostDeploymentScript(.Ver2) does it around
 * a template deployment:
 *
 * - predeploy: stop the started triggers whose definition the template changes (or whose runtime state it changes,
 *   or that are named with `stopTriggers`), and the started triggers the template no longer holds (they are deleted
 *   after the deployment);
 * - postdeploy: delete what the factory holds and the template does not (triggers, pipelines, data flows, datasets,
 *   linked services, integration runtimes, credentials, managed private endpoints; dependants before what they use;
 *   a managed virtual network stays, the service cannot delete one), then start the template's triggers
 *   whose `runtimeState` is Started and that are not running.
 *
 * "Changes" means the normalised JSON differs (publish's comparison, runtimeState aside) once the template's
 * parameters are resolved, rather than the script's per-trigger-type field lists.
 */
import type { RemoteSession, FactoryRef, RemoteKind } from '../remote';
import { listResources, deleteResource, setTriggerState, REMOTE_KINDS } from '../remote';
import { normaliseProperties, stableText, deploymentOrder } from '../publish';
import { readResolvedTemplate, type ResolvedTemplate } from './resolve';
import { KIND_ARM_SEGMENT } from '../model';

export type DeployStepAction = 'stop' | 'start' | 'delete' | 'keep';

export interface DeployStep {
  kind: RemoteKind;
  name: string;
  action: DeployStepAction;
  /** Why (changed, removed from the template, started in the template, …). */
  reason: string;
  status: 'planned' | 'succeeded' | 'failed' | 'unchanged';
  error?: string;
}

export interface PrePostResult {
  phase: 'predeploy' | 'postdeploy';
  factory: FactoryRef;
  dryRun: boolean;
  ok: boolean;
  steps: DeployStep[];
}

export interface PrePostOptions {
  dryRun?: boolean;
  /** Triggers to stop even when the template does not change them (the script's ExplicitStopTriggerList). */
  stopTriggers?: string[];
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
}

/** The template's resource type segment (lower case) of each kind the step manages, from the model's table. */
const SEGMENT_KIND: Record<string, RemoteKind> = Object.fromEntries(
  REMOTE_KINDS.map((k) => [k === 'managedPrivateEndpoint' ? 'managedvirtualnetworks/managedprivateendpoints' : KIND_ARM_SEGMENT[k]!.toLowerCase(), k]),
);

/** The template's resources of the kinds the step manages, by kind and lower-case name. */
function templateResources(t: ResolvedTemplate): Map<string, { kind: RemoteKind; name: string; properties: Record<string, unknown> }> {
  const out = new Map<string, { kind: RemoteKind; name: string; properties: Record<string, unknown> }>();
  for (const r of t.resources) {
    const kind = SEGMENT_KIND[r.kind];
    if (!kind) continue;
    out.set(`${kind}/${r.name.toLowerCase()}`, { kind, name: r.name, properties: (r.properties ?? {}) as Record<string, unknown> });
  }
  return out;
}

/** Reads a template (and its parameters file) for the step; a master template brings its linked templates. */
export async function readDeploymentTemplate(templateFile: string, parametersFile?: string): Promise<ResolvedTemplate> {
  return readResolvedTemplate(templateFile, parametersFile);
}

async function run(steps: DeployStep[], dryRun: boolean, progress: (m: string) => void, signal: AbortSignal | undefined, act: (s: DeployStep) => Promise<void>): Promise<void> {
  for (const s of steps) {
    if (s.status !== 'planned') continue;
    if (dryRun) continue;
    if (signal?.aborted) {
      s.status = 'failed';
      s.error = 'Cancelled before this step; run the step again to finish.';
      continue;
    }
    try {
      progress(`${s.action === 'stop' ? 'stopping' : s.action === 'start' ? 'starting' : 'deleting'} ${s.kind} ${s.name}`);
      await act(s);
      s.status = 'succeeded';
    } catch (e) {
      s.status = 'failed';
      s.error = (e as Error).message;
    }
  }
}

/** Before deploying `template` to the factory: stops the triggers it changes or removes. */
export async function predeploy(session: RemoteSession, ref: FactoryRef, template: ResolvedTemplate, opts: PrePostOptions = {}): Promise<PrePostResult> {
  const inTemplate = templateResources(template);
  const explicit = new Set((opts.stopTriggers ?? []).map((n) => n.toLowerCase()));
  const live = await listResources(session, ref, 'trigger', { signal: opts.signal });
  const steps: DeployStep[] = [];
  for (const t of live) {
    const started = t.properties?.runtimeState === 'Started';
    const mine = inTemplate.get(`trigger/${t.name.toLowerCase()}`);
    let reason: string | undefined;
    if (!mine) reason = 'not in the template (deleted after the deployment)';
    else if (explicit.has(t.name.toLowerCase())) reason = 'named with --stop-trigger';
    else if (stableText(normaliseProperties('trigger', t.properties)) !== stableText(normaliseProperties('trigger', mine.properties))) reason = 'the template changes it';
    else if ((mine.properties.runtimeState ?? 'Stopped') !== (t.properties?.runtimeState ?? 'Stopped')) reason = `the template sets it ${String(mine.properties.runtimeState ?? 'Stopped')}`;
    if (started && reason) steps.push({ kind: 'trigger', name: t.name, action: 'stop', reason, status: 'planned' });
    else steps.push({ kind: 'trigger', name: t.name, action: 'keep', reason: started ? 'unchanged by the template' : 'not started', status: 'unchanged' });
  }
  await run(steps, !!opts.dryRun, opts.onProgress ?? (() => undefined), opts.signal, (s) => setTriggerState(session, ref, s.name, false, { signal: opts.signal }));
  return { phase: 'predeploy', factory: ref, dryRun: !!opts.dryRun, ok: !steps.some((s) => s.status === 'failed'), steps };
}

/** After deploying `template`: deletes what the template no longer holds, then starts its started triggers. */
export async function postdeploy(session: RemoteSession, ref: FactoryRef, template: ResolvedTemplate, opts: PrePostOptions = {}): Promise<PrePostResult> {
  const inTemplate = templateResources(template);
  const steps: DeployStep[] = [];
  const orphans: { kind: RemoteKind; name: string; properties: Record<string, unknown>; started: boolean }[] = [];
  const liveTriggers = new Map<string, Record<string, any>>();
  for (const kind of REMOTE_KINDS) {
    for (const r of await listResources(session, ref, kind, { signal: opts.signal })) {
      if (kind === 'trigger') liveTriggers.set(r.name.toLowerCase(), r.properties ?? {});
      if (kind === 'integrationRuntime' && r.name.toLowerCase() === 'autoresolveintegrationruntime') continue;
      // The service has no delete for a managed virtual network: it stays.
      if (kind === 'managedVirtualNetwork') continue;
      if (!inTemplate.has(`${kind}/${r.name.toLowerCase()}`)) orphans.push({ kind, name: r.name, properties: r.properties ?? {}, started: r.properties?.runtimeState === 'Started' });
    }
  }
  // Dependants first: the reverse of the deployment order (triggers, pipelines callers first, …, integration runtimes).
  const { order, cycles } = deploymentOrder(orphans);
  const deletions = [...order, ...cycles].reverse();
  for (const o of deletions) {
    if (o.kind === 'trigger' && o.started) steps.push({ kind: 'trigger', name: o.name, action: 'stop', reason: 'not in the template; stopped before deletion', status: 'planned' });
    steps.push({ kind: o.kind, name: o.name, action: 'delete', reason: 'not in the template', status: 'planned' });
  }
  for (const r of inTemplate.values()) {
    if (r.kind !== 'trigger' || r.properties.runtimeState !== 'Started') continue;
    const live = liveTriggers.get(r.name.toLowerCase());
    if (live?.runtimeState === 'Started') steps.push({ kind: 'trigger', name: r.name, action: 'keep', reason: 'already started', status: 'unchanged' });
    else steps.push({ kind: 'trigger', name: r.name, action: 'start', reason: live ? 'started in the template' : 'started in the template (not deployed: the start will fail)', status: 'planned' });
  }
  const failed = new Set<string>();
  await run(steps, !!opts.dryRun, opts.onProgress ?? (() => undefined), opts.signal, async (s) => {
    const key = `${s.kind}/${s.name.toLowerCase()}`;
    if (failed.has(key)) throw new Error(`Skipped: stopping ${s.kind} "${s.name}" failed.`);
    try {
      if (s.action === 'stop') await setTriggerState(session, ref, s.name, false, { signal: opts.signal });
      else if (s.action === 'start') await setTriggerState(session, ref, s.name, true, { signal: opts.signal });
      else await deleteResource(session, ref, s.kind, s.name, { signal: opts.signal });
    } catch (e) {
      failed.add(key);
      throw e;
    }
  });
  return { phase: 'postdeploy', factory: ref, dryRun: !!opts.dryRun, ok: !steps.some((s) => s.status === 'failed'), steps };
}
