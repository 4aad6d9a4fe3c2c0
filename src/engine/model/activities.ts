/**
 * Activities of a pipeline, nested ones included, with where they sit: the container activity and branch that
 * hold them (ForEach/Until `activities`, IfCondition `ifTrueActivities`/`ifFalseActivities`, Switch
 * `cases[i].activities`/`defaultActivities`) and their JSON path, so rules can report exact ranges.
 */
import type { Resource } from './types';

export const CONTAINER_TYPES = new Set(['ForEach', 'Until', 'IfCondition', 'Switch']);

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

/** The lists of inner activities of a container activity, with their JSON sub-paths. */
export function innerActivityLists(activity: Record<string, any>): { branch: string; path: (string | number)[]; list: unknown[] }[] {
  const tp = activity?.typeProperties;
  if (!tp || typeof tp !== 'object') return [];
  const out: { branch: string; path: (string | number)[]; list: unknown[] }[] = [];
  const add = (key: string) => {
    if (Array.isArray(tp[key])) out.push({ branch: key, path: ['typeProperties', key], list: tp[key] });
  };
  switch (activity.type) {
    case 'ForEach':
    case 'Until':
      add('activities');
      break;
    case 'IfCondition':
      add('ifTrueActivities');
      add('ifFalseActivities');
      break;
    case 'Switch':
      if (Array.isArray(tp.cases)) {
        tp.cases.forEach((c: any, i: number) => {
          if (c && Array.isArray(c.activities)) out.push({ branch: `cases[${i}].activities`, path: ['typeProperties', 'cases', i, 'activities'], list: c.activities });
        });
      }
      add('defaultActivities');
      break;
  }
  return out;
}

/** Every activity of a pipeline resource, parents before children (branches in the order true, false / cases, default). */
export function pipelineActivities(pipeline: Resource): ActivityInfo[] {
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
