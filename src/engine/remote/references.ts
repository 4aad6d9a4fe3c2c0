/**
 * Reference integrity as the Data Factory service enforces it: a resource cannot be saved while it
 * references something missing, and cannot be deleted while something references it.
 */
import { builtInResource, REFERENCE_KINDS, KIND_ARM_SEGMENT, type ResourceKind } from '../model';
import type { ChildSegment, StoredFactory } from '../emulator/state';

/** Reference types (the model's table) → the emulator's collection. */
const REF_TYPE_TO_SEGMENT: Record<string, ChildSegment> = Object.fromEntries(
  Object.entries(REFERENCE_KINDS)
    .map(([type, kind]) => [type, KIND_ARM_SEGMENT[kind]?.toLowerCase()])
    .filter((e): e is [string, ChildSegment] => !!e[1]),
);

/** Built-in resources exist in every factory (the model's table of them; kinds found by their ARM segment). */
function isBuiltIn(segment: ChildSegment, name: string): boolean {
  const kind = (Object.keys(KIND_ARM_SEGMENT) as ResourceKind[]).find((k) => KIND_ARM_SEGMENT[k]?.toLowerCase() === segment);
  return kind !== undefined && builtInResource(kind, name) !== undefined;
}

export interface Reference {
  segment: ChildSegment;
  name: string;
}

/** Static references found anywhere in a resource's properties (dynamic `@...` names are skipped). */
export function referencesOf(properties: unknown): Reference[] {
  const out: Reference[] = [];
  const seen = new Set<unknown>();
  const walk = (v: unknown): void => {
    if (!v || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (Array.isArray(v)) {
      for (const x of v) walk(x);
      return;
    }
    const o = v as Record<string, unknown>;
    const seg = typeof o.type === 'string' ? REF_TYPE_TO_SEGMENT[o.type] : undefined;
    const name = typeof o.referenceName === 'string' ? o.referenceName : typeof o.referenceName === 'object' ? undefined : undefined;
    if (seg && name && !name.startsWith('@')) out.push({ segment: seg, name });
    for (const x of Object.values(o)) walk(x);
  };
  walk(properties);
  return out;
}

/** The first reference of `properties` that the factory does not hold, if any. */
export function missingReference(f: StoredFactory, properties: unknown): Reference | undefined {
  for (const r of referencesOf(properties)) {
    const lower = r.name.toLowerCase();
    if (isBuiltIn(r.segment, r.name)) continue;
    if (!f.children[r.segment][lower]) return r;
  }
  return undefined;
}

/** Names of resources (as "segment/name") that reference the given resource. */
export function referrersOf(f: StoredFactory, segment: ChildSegment, name: string): string[] {
  const lower = name.toLowerCase();
  const out: string[] = [];
  for (const [seg, items] of Object.entries(f.children) as [ChildSegment, StoredFactory['children'][ChildSegment]][]) {
    for (const r of Object.values(items)) {
      if (seg === segment && r.name.toLowerCase() === lower) continue;
      if (referencesOf(r.properties).some((x) => x.segment === segment && x.name.toLowerCase() === lower)) out.push(`${seg}/${r.name}`);
    }
  }
  return out;
}
