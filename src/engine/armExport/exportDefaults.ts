/**
 * What ADF writes into an exported resource beyond the git JSON: the members its own resource model
 * always serialises, found by comparing ADF's templates with the git layouts they were generated from
 * (test/corpus/armPairs.test.ts checks them on ten real factories):
 *
 * - pipelines: `policy.elapsedTimeMetric: {}`; every `DatasetReference` gets `parameters: {}`;
 *   ExecutePipeline gets `typeProperties.parameters: {}` and, without a policy, `policy: {secureInput: false}`;
 *   ExecuteDataFlow gets `staging: {}` and its `DataFlowReference` `parameters: {}` and `datasetParameters`
 *   with an empty object per source and sink of the data flow; WebActivity gets `headers: {}`;
 *   SynapseNotebook gets `conf: {}`;
 * - triggers: each `pipelines[]` entry, and a tumbling window's `pipeline`, gets `parameters: {}`;
 * - datasets and integration runtimes: `typeProperties: {}` when absent.
 *
 * Only absent members are added; nothing present is changed.
 */

type Obj = Record<string, any>;

const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

export interface ExportDefaultsContext {
  /** Source and sink names of a data flow (undefined when the factory does not hold it). */
  dataFlowStreams(name: string): string[] | undefined;
}

function addIfAbsent(o: Obj, key: string, value: unknown): void {
  if (o[key] === undefined) o[key] = value;
}

/** Adds `parameters: {}` to every DatasetReference in a value. */
function datasetReferences(v: unknown): void {
  if (Array.isArray(v)) {
    for (const x of v) datasetReferences(x);
    return;
  }
  if (!isObj(v)) return;
  if (v.type === 'DatasetReference' && typeof v.referenceName !== 'undefined') addIfAbsent(v, 'parameters', {});
  for (const x of Object.values(v)) datasetReferences(x);
}

const NESTED = ['activities', 'ifTrueActivities', 'ifFalseActivities', 'defaultActivities'];

function activities(list: unknown, ctx: ExportDefaultsContext): void {
  if (!Array.isArray(list)) return;
  for (const a of list) {
    if (!isObj(a)) continue;
    const tp = isObj(a.typeProperties) ? a.typeProperties : undefined;
    switch (a.type) {
      case 'ExecutePipeline':
        if (tp) addIfAbsent(tp, 'parameters', {});
        addIfAbsent(a, 'policy', { secureInput: false });
        break;
      case 'ExecuteDataFlow':
        if (tp) {
          addIfAbsent(tp, 'staging', {});
          const ref = tp.dataflow;
          if (isObj(ref) && ref.type === 'DataFlowReference') {
            addIfAbsent(ref, 'parameters', {});
            const streams = typeof ref.referenceName === 'string' ? ctx.dataFlowStreams(ref.referenceName) : undefined;
            if (streams) addIfAbsent(ref, 'datasetParameters', Object.fromEntries(streams.map((s) => [s, {}])));
          }
        }
        break;
      case 'WebActivity':
        if (tp) addIfAbsent(tp, 'headers', {});
        break;
      case 'SynapseNotebook':
        if (tp) addIfAbsent(tp, 'conf', {});
        break;
    }
    if (tp) {
      for (const k of NESTED) activities(tp[k], ctx);
      if (Array.isArray(tp.cases)) for (const c of tp.cases) if (isObj(c)) activities(c.activities, ctx);
    }
  }
}

/** Applies the export defaults to a copy of a resource's properties, in place. `kind` is the ARM type segment. */
export function applyExportDefaults(kind: string, properties: Obj, ctx: ExportDefaultsContext): void {
  switch (kind) {
    case 'pipelines': {
      activities(properties.activities, ctx);
      datasetReferences(properties.activities);
      if (properties.policy === undefined) properties.policy = { elapsedTimeMetric: {} };
      else if (isObj(properties.policy)) addIfAbsent(properties.policy, 'elapsedTimeMetric', {});
      break;
    }
    case 'triggers': {
      if (Array.isArray(properties.pipelines)) for (const p of properties.pipelines) if (isObj(p)) addIfAbsent(p, 'parameters', {});
      if (isObj(properties.pipeline)) addIfAbsent(properties.pipeline, 'parameters', {});
      break;
    }
    case 'datasets':
    case 'integrationRuntimes':
      addIfAbsent(properties, 'typeProperties', {});
      break;
  }
}
