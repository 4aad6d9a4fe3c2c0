/**
 * Builds the graph model of a pipeline: activities as nodes, `dependsOn` as edges labelled by condition,
 * ForEach/Until as containers, IfCondition/Switch as containers holding one branch group per case.
 * Never throws: malformed activities are skipped.
 */
import type { Resource } from '../model/types';
import { containerKind, containerLists } from '../model';
import { rangeAt } from '../json';
import type { GraphEdge, GraphModel, GraphNode } from './types';

type Path = (string | number)[];

const BRANCH_LABELS: Record<string, string> = { ifTrueActivities: 'True', ifFalseActivities: 'False', defaultActivities: 'Default' };

function isObj(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Graph of a pipeline resource, with node ranges pointing into its file. */
export function pipelineGraph(resource: Resource, statuses?: Record<string, string>): GraphModel {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const source = (path: Path) => {
    const r = rangeAt(resource.doc, path);
    return { file: resource.file, path, offset: r.offset, length: r.length };
  };

  function addScope(list: unknown, listPath: Path, parent: string | undefined): void {
    if (!Array.isArray(list)) return;
    const ids = new Map<string, string>();
    list.forEach((a) => {
      if (!isObj(a) || typeof a.name !== 'string') return;
      const id = parent ? `${parent}/${a.name}` : a.name;
      ids.set(a.name, id);
    });
    list.forEach((a, i) => {
      if (!isObj(a) || typeof a.name !== 'string') return;
      const id = ids.get(a.name)!;
      const type = typeof a.type === 'string' ? a.type : undefined;
      const path = [...listPath, i];
      const tp = isObj(a.typeProperties) ? a.typeProperties : {};
      const container = containerKind(type) !== undefined;
      nodes.push({ id, label: a.name, kind: container ? 'container' : 'activity', type, parent, status: statuses?.[id], detail: detailOf(type, tp), source: source(path) });
      if (Array.isArray(a.dependsOn)) {
        for (const d of a.dependsOn) {
          if (!isObj(d) || typeof d.activity !== 'string') continue;
          const from = ids.get(d.activity);
          if (!from) continue;
          const conds = Array.isArray(d.dependencyConditions) ? d.dependencyConditions.filter((c: unknown) => typeof c === 'string') : [];
          edges.push({ from, to: id, label: conds.join(', ') || undefined });
        }
      }
      const lists = containerLists(a);
      const grouped = lists.some((l) => l.kind !== 'activities');
      for (const l of lists) {
        const listPath = [...path, ...l.path];
        if (!grouped) addScope(l.list, listPath, id);
        else branch(id, l.kind === 'case' ? `Case ${String(l.caseValue ?? l.caseIndex)}` : BRANCH_LABELS[l.kind], l.list, listPath);
      }
    });
  }

  function branch(parent: string, label: string, list: unknown, path: Path): void {
    const id = `${parent}#${label}`;
    nodes.push({ id, label, kind: 'branch', parent, source: source(path) });
    addScope(list, path, id);
  }

  addScope(resource.properties.activities, ['properties', 'activities'], undefined);
  return { title: resource.name, nodes, edges };
}

function exprText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (isObj(v) && typeof v.value === 'string') return v.value;
  return undefined;
}

function detailOf(type: string | undefined, tp: Record<string, any>): string | undefined {
  switch (type) {
    case 'ForEach':
      return exprText(tp.items);
    case 'Until':
    case 'IfCondition':
      return exprText(tp.expression);
    case 'Switch':
      return exprText(tp.on);
    case 'ExecutePipeline':
      return isObj(tp.pipeline) && typeof tp.pipeline.referenceName === 'string' ? `→ ${tp.pipeline.referenceName}` : undefined;
    default:
      return undefined;
  }
}

/** Maps an activity name path (enclosing containers, then the name) to a node id of pipelineGraph. */
export function nodeIdOf(parents: string[] | undefined, activityName: string, model: GraphModel): string | undefined {
  const wanted = [...(parents ?? []), activityName];
  // Branch groups sit between a container and its children; match on activity names only.
  for (const n of model.nodes) {
    if (n.kind === 'branch') continue;
    const names = n.id.split('/').map((s) => s.replace(/#.*$/, ''));
    if (names.length === wanted.length && names.every((s, i) => s === wanted[i])) return n.id;
  }
  return undefined;
}
