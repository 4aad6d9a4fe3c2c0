/**
 * Drift: what differs between a factory folder (with its stage applied) and the live factory. It is the
 * publish plan read the other way round: a resource missing on the target, different there, only there, or a
 * trigger whose runtime state is not the one the folder asks for.
 */
import type { Factory } from '../model/types';
import type { RemoteSession } from '../remote/session';
import type { FactoryRef } from '../remote/operations';
import { planPublish, type PublishOptions } from './publish';

export type DriftKind = 'missing' | 'different' | 'extra' | 'runtimeState';

export interface DriftItem {
  kind: string;
  name: string;
  drift: DriftKind;
  /** Unified diff target → folder (for missing/different/extra). */
  diff?: string;
  detail?: string;
}

export interface DriftResult {
  factory: FactoryRef;
  inSync: boolean;
  differences: DriftItem[];
  compared: number;
}

export async function driftOf(session: RemoteSession, ref: FactoryRef, factory: Factory, opts: Pick<PublishOptions, 'selection' | 'signal'> = {}): Promise<DriftResult> {
  const plan = await planPublish(session, ref, factory, { selection: opts.selection, signal: opts.signal, deleteOrphans: true });
  const differences: DriftItem[] = [];
  let compared = 0;
  for (const p of plan) {
    if (p.selected === false) continue;
    compared++;
    if (p.action === 'create') differences.push({ kind: p.kind, name: p.name, drift: 'missing', diff: p.diff, detail: 'in the folder, not in the factory' });
    else if (p.action === 'update') differences.push({ kind: p.kind, name: p.name, drift: 'different', diff: p.diff, detail: 'the factory holds another definition' });
    else if (p.action === 'delete') differences.push({ kind: p.kind, name: p.name, drift: 'extra', diff: p.diff, detail: 'in the factory, not in the folder' });
    if (p.kind === 'trigger' && p.action !== 'delete' && p.action !== 'create' && p.remoteState !== p.desiredState) differences.push({ kind: p.kind, name: p.name, drift: 'runtimeState', detail: `${p.remoteState} in the factory, ${p.desiredState} in the folder` });
  }
  return { factory: ref, inSync: differences.length === 0, differences, compared };
}
