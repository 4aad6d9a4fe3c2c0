/**
 * Activities of a pipeline, nested ones included, with where they sit: the container activity and branch that
 * hold them (ForEach/Until `activities`, IfCondition `ifTrueActivities`/`ifFalseActivities`, Switch
 * `cases[i].activities`/`defaultActivities`) and their JSON path, so rules can report exact ranges.
 *
 * This is the one place that knows which properties of a container hold its inner activities. Case follows
 * ADF's deserialiser (Microsoft.Rest.ClientRuntime, which the Data Factory SDKs use): the `type` value matches a
 * known type ignoring case, and property names (`typeProperties`, `ifTrueActivities`, `cases`, …) match ignoring
 * case when no exact match exists. The validator, the run engine, the graph, the test runner and the editor all
 * walk containers through this module.
 */
import type { Factory, Resource } from './types';

export type ContainerKind = 'ForEach' | 'Until' | 'IfCondition' | 'Switch';

export const CONTAINER_TYPES: ReadonlySet<string> = new Set<ContainerKind>(['ForEach', 'Until', 'IfCondition', 'Switch']);
const CONTAINER_BY_LOWER = new Map([...CONTAINER_TYPES].map((t) => [t.toLowerCase(), t as ContainerKind]));

/** The container kind of an activity type (case-insensitive, as ADF matches it), or undefined. */
export function containerKind(type: unknown): ContainerKind | undefined {
  return typeof type === 'string' ? CONTAINER_BY_LOWER.get(type.toLowerCase()) : undefined;
}

/** The key of `obj` that ADF would read for `name`: the exact key, else the first one equal ignoring case. */
export function propertyKey(obj: unknown, name: string): string | undefined {
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return undefined;
  if (Object.prototype.hasOwnProperty.call(obj, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(obj).find((k) => k.toLowerCase() === lower);
}

/** The value ADF would read for property `name` of `obj` (see propertyKey). */
export function propertyValue(obj: unknown, name: string): unknown {
  const k = propertyKey(obj, name);
  return k === undefined ? undefined : (obj as Record<string, unknown>)[k];
}

/** Which list of a container an inner list is: the branch kinds of ForEach/Until, IfCondition and Switch. */
export type BranchKind = 'activities' | 'ifTrueActivities' | 'ifFalseActivities' | 'case' | 'defaultActivities';

export interface InnerActivityList {
  /** Key of the list as a label: "activities", "ifTrueActivities", "cases[2].activities", "defaultActivities". */
  branch: string;
  kind: BranchKind;
  /** JSON path of the list from the activity object, with the keys as written. */
  path: (string | number)[];
  /** The list itself when it is an array; otherwise the value as written (undefined when absent). */
  list: unknown;
  /** For Switch cases: the case's `value` and its index. */
  caseValue?: unknown;
  caseIndex?: number;
}

const BRANCH_KEYS: Record<ContainerKind, BranchKind[]> = {
  ForEach: ['activities'],
  Until: ['activities'],
  IfCondition: ['ifTrueActivities', 'ifFalseActivities'],
  Switch: ['case', 'defaultActivities'],
};

/**
 * Every list of inner activities a container activity declares, present or not (`list` undefined when absent),
 * in ADF's order: true then false; cases then default. Empty for non-containers.
 */
export function containerLists(activity: unknown): InnerActivityList[] {
  if (!activity || typeof activity !== 'object') return [];
  const kind = containerKind((activity as Record<string, unknown>).type); // the discriminator's key is exact
  if (!kind) return [];
  const tpKey = propertyKey(activity, 'typeProperties') ?? 'typeProperties';
  const tp = (activity as Record<string, unknown>)[tpKey];
  const out: InnerActivityList[] = [];
  for (const b of BRANCH_KEYS[kind]) {
    if (b === 'case') {
      const casesKey = propertyKey(tp, 'cases') ?? 'cases';
      const cases = propertyValue(tp, 'cases');
      if (!Array.isArray(cases)) continue;
      cases.forEach((c: unknown, i: number) => {
        if (!c || typeof c !== 'object' || Array.isArray(c)) return;
        const key = propertyKey(c, 'activities') ?? 'activities';
        out.push({ branch: `cases[${i}].activities`, kind: 'case', path: [tpKey, casesKey, i, key], list: propertyValue(c, 'activities'), caseValue: propertyValue(c, 'value'), caseIndex: i });
      });
    } else {
      const key = propertyKey(tp, b) ?? b;
      out.push({ branch: b, kind: b, path: [tpKey, key], list: propertyValue(tp, b) });
    }
  }
  return out;
}

/** The inner activity lists of a container activity that are arrays, with their JSON sub-paths. */
export function innerActivityLists(activity: unknown): (InnerActivityList & { list: unknown[] })[] {
  return containerLists(activity).filter((l): l is InnerActivityList & { list: unknown[] } => Array.isArray(l.list));
}

const LIST_KEYS = new Set(['activities', 'iftrueactivities', 'iffalseactivities', 'defaultactivities']);

/**
 * True for JSON paths of an activity object: properties.activities[i], …typeProperties.<list>[i] and
 * …typeProperties.cases[j].activities[i] (keys compared ignoring case, as ADF reads them).
 */
export function isActivityPath(p: readonly (string | number)[]): boolean {
  if (typeof p[p.length - 1] !== 'number') return false;
  const list = p[p.length - 2];
  if (typeof list !== 'string' || !LIST_KEYS.has(list.toLowerCase())) return false;
  if (p.length === 3) return p[0] === 'properties' && list === 'activities';
  const above = p[p.length - 3];
  if (typeof above === 'number') return typeof p[p.length - 4] === 'string' && (p[p.length - 4] as string).toLowerCase() === 'cases' && list.toLowerCase() === 'activities';
  return typeof above === 'string' && above.toLowerCase() === 'typeproperties';
}

export interface ActivityInfo {
  /** The activity object as written. */
  json: Record<string, any>;
  name: string;
  type: string;
  /** JSON path of the activity object in its file. */
  path: (string | number)[];
  /** The enclosing container activity (undefined at the pipeline's top level). */
  container?: ActivityInfo;
  /** Key of the list the activity is in (e.g. "activities", "ifTrueActivities", "cases[2].activities"). */
  branch: string;
  /** Activities of the same list (the scope `dependsOn` resolves in). */
  siblings: ActivityInfo[];
  /** Nesting depth: 0 at the top level. */
  depth: number;
}

/** Every activity of a pipeline resource, parents before children (branches in the order true, false / cases, default). */
export function pipelineActivities(pipeline: Pick<Resource, 'properties'>): ActivityInfo[] {
  const all: ActivityInfo[] = [];
  const top = pipeline.properties?.activities;
  if (!Array.isArray(top)) return all;
  const visit = (list: unknown[], basePath: (string | number)[], container: ActivityInfo | undefined, branch: string, depth: number) => {
    const siblings: ActivityInfo[] = [];
    list.forEach((a, i) => {
      if (!a || typeof a !== 'object' || Array.isArray(a)) return;
      const json = a as Record<string, any>;
      const info: ActivityInfo = {
        json,
        name: typeof json.name === 'string' ? json.name : '',
        type: typeof json.type === 'string' ? json.type : '',
        path: [...basePath, i],
        container,
        branch,
        siblings,
        depth,
      };
      siblings.push(info);
      all.push(info);
      // Bounded: pathological nesting beyond any real pipeline is not walked further.
      if (depth < 64) for (const inner of innerActivityLists(json)) visit(inner.list, [...info.path, ...inner.path], info, inner.branch, depth + 1);
    });
  };
  visit(top, ['properties', 'activities'], undefined, 'activities', 0);
  return all;
}

/**
 * The pipeline of this factory an activity starts: ExecutePipeline names it (`pipeline.referenceName`), Fabric's
 * InvokePipeline by item id (`pipelineId`: the item's logicalId). Undefined for other activities and for ids or
 * names that are expressions.
 */
export function childPipelineName(factory: Pick<Factory, 'fabric'>, type: unknown, json: any): string | undefined {
  const t = typeof type === 'string' ? type.toLowerCase() : '';
  if (t === 'executepipeline') {
    // In a Fabric workspace the legacy activity names its child by item id (logicalId), or by display name.
    const ref = json?.typeProperties?.pipeline?.referenceName;
    return typeof ref === 'string' ? (factory.fabric?.pipelineIds.get(ref.toLowerCase()) ?? ref) : undefined;
  }
  if (t === 'invokepipeline') {
    const id = json?.typeProperties?.pipelineId;
    return typeof id === 'string' ? factory.fabric?.pipelineIds.get(id.toLowerCase()) : undefined;
  }
  return undefined;
}
