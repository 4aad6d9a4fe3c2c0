/**
 * What an expression can refer to at a place in a resource file: declared parameters and variables with their
 * types, activities that run before the current one (dependsOn, transitively, also through containers),
 * whether the place is inside a ForEach, and the kind of resource (pipeline, dataset, linked service).
 */
import type { ActivityInfo } from '../../model/activities';
import { pipelineActivities } from '../../model';

export interface Declared {
  name: string;
  type?: string;
  defaultValue?: unknown;
}

export interface ExprScope {
  kind: 'pipeline' | 'dataset' | 'linkedService' | 'other';
  parameters: Declared[];
  variables: Declared[];
  /** Activities whose output the expression may use (they run before the owner). */
  upstream: { name: string; type: string }[];
  /** Every activity of the pipeline (for hovers). */
  activities: { name: string; type: string }[];
  /** The activity the string belongs to, if any. */
  owner?: { name: string; type: string };
  /** True inside a ForEach activity's inner activities. */
  inForEach: boolean;
  /** The enclosing ForEach's items expression, when inside one. */
  forEachItems?: string;
  /** Factory global parameters, when the caller knows them. */
  globalParameters?: Declared[];
}

function declared(v: unknown): Declared[] {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return [];
  return Object.entries(v as Record<string, unknown>).map(([name, d]) => {
    const o = d && typeof d === 'object' ? (d as Record<string, unknown>) : {};
    return { name, type: typeof o.type === 'string' ? o.type : undefined, defaultValue: o.defaultValue };
  });
}

function kindOf(json: Record<string, any>): ExprScope['kind'] {
  const p = json?.properties;
  if (!p || typeof p !== 'object') return 'other';
  if (Array.isArray(p.activities)) return 'pipeline';
  if (p.linkedServiceName && typeof p.linkedServiceName === 'object') return 'dataset';
  if (typeof p.type === 'string' && p.typeProperties && !p.pipelines) return 'linkedService';
  return 'other';
}

function upstreamOf(owner: ActivityInfo): ActivityInfo[] {
  const out: ActivityInfo[] = [];
  for (let a: ActivityInfo | undefined = owner; a; a = a.container) {
    const byName = new Map(a.siblings.map((s) => [s.name.toLowerCase(), s]));
    const stack = [a];
    const seen = new Set<ActivityInfo>([a]);
    while (stack.length) {
      const x = stack.pop()!;
      for (const d of Array.isArray(x.json.dependsOn) ? x.json.dependsOn : []) {
        const t = typeof d?.activity === 'string' ? byName.get(d.activity.toLowerCase()) : undefined;
        if (t && !seen.has(t)) {
          seen.add(t);
          stack.push(t);
          out.push(t);
        }
      }
    }
  }
  return out;
}

/** The resource's JSON: `json` when the caller has it parsed already, else `text` parsed (undefined when it is not valid JSON). */
export function resourceJson(text: string, json?: unknown): unknown {
  if (json !== undefined) return json;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Computes the scope for a JSON path inside a resource's JSON. */
export function scopeAt(json: unknown, path: (string | number)[]): ExprScope {
  const root = (json && typeof json === 'object' ? json : {}) as Record<string, any>;
  const kind = kindOf(root);
  const scope: ExprScope = {
    kind,
    parameters: declared(root.properties?.parameters),
    variables: kind === 'pipeline' ? declared(root.properties?.variables) : [],
    upstream: [],
    activities: [],
    inForEach: false,
  };
  if (kind !== 'pipeline') return scope;
  const all = pipelineActivities({ properties: root.properties });
  scope.activities = all.map((a) => ({ name: a.name, type: a.type }));
  let owner: ActivityInfo | undefined;
  const key = (p: (string | number)[]) => JSON.stringify(p);
  const byPath = new Map(all.map((a) => [key(a.path), a]));
  for (let n = path.length; n > 0 && !owner; n--) owner = byPath.get(key(path.slice(0, n)));
  if (owner) {
    scope.owner = { name: owner.name, type: owner.type };
    scope.upstream = upstreamOf(owner).map((a) => ({ name: a.name, type: a.type }));
    for (let c = owner.container; c; c = c.container) {
      if (c.type !== 'ForEach') continue;
      if (!scope.inForEach) {
        const items = c.json.typeProperties?.items;
        const text = typeof items === 'string' ? items : typeof items?.value === 'string' ? items.value : undefined;
        if (text) scope.forEachItems = text;
      }
      scope.inForEach = true;
    }
  }
  return scope;
}

/** Well-known output properties by activity type (for `activity('X').output.` completion). */
export const ACTIVITY_OUTPUTS: Record<string, string[]> = {
  Lookup: ['firstRow', 'value', 'count'],
  GetMetadata: ['itemName', 'itemType', 'size', 'created', 'lastModified', 'childItems', 'contentMD5', 'structure', 'columnCount', 'exists'],
  Copy: ['dataRead', 'dataWritten', 'filesRead', 'filesWritten', 'rowsRead', 'rowsCopied', 'rowsSkipped', 'copyDuration', 'throughput', 'errors', 'effectiveIntegrationRuntime', 'usedDataIntegrationUnits', 'usedParallelCopies', 'executionDetails'],
  ExecutePipeline: ['pipelineRunId', 'pipelineName', 'pipelineReturnValue'],
  Filter: ['value', 'ItemsCount', 'FilteredItemsCount'],
  SetVariable: ['value'],
  ExecuteDataFlow: ['runStatus', 'effectiveIntegrationRuntime'],
  Script: ['resultSetCount', 'resultSets', 'recordsAffected'],
  DatabricksNotebook: ['runPageUrl', 'runOutput', 'effectiveIntegrationRuntime'],
  WebActivity: ['ADFWebActivityResponseHeaders'],
  AzureFunctionActivity: ['ADFWebActivityResponseHeaders'],
  Validation: ['exists', 'size', 'childItems'],
};
