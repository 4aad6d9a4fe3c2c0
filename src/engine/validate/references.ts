/** Unresolved references (every kind), and required pipeline parameters not passed by ExecutePipeline/triggers. */
import { FabricCodes, formatMessage, severityOf } from '../codes';
import { invokedPipelineName, unresolvedPipelineIdMessage } from './fabric';
import { closestName } from '../text';
import type { Factory, Resource } from '../model/types';
import { builtInResource, childPipelineName, findResource, declaredParameterName, referencesOfFile, KIND_LABELS, type Reference, type ReferenceGraph } from '../model';
import type { ActivityInfo } from '../model/activities';
import { SemanticCodes, type Report } from './context';

export function checkReferences(factory: Factory, graph: ReferenceGraph, resource: Resource, report: Report): void {
  for (const ref of referencesOfFile(graph, resource.file)) {
    if (ref.dynamic) continue;
    const target = findResource(factory, ref.to.kind, ref.to.name);
    if (target) {
      // Data flows get their dataset parameters from the ExecuteDataFlow activity (datasetParameters), not here.
      if ((ref.to.kind === 'dataset' || ref.to.kind === 'linkedService') && resource.kind !== 'dataflow') checkReferenceParameters(resource, ref, target, report);
      continue;
    }
    // Resources every factory has without a file (AutoResolveIntegrationRuntime, managed VNet "default").
    if (builtInResource(ref.to.kind, ref.to.name)) continue;
    if (factory.fabric && ref.to.kind === 'pipeline' && ref.to.name) {
      // A legacy ExecutePipeline in a Fabric workspace names its child by item id, as InvokePipeline does.
      const act = valueAt(resource.json, ref.path.slice(0, -3)) as { name?: unknown; type?: unknown } | undefined;
      const code = FabricCodes.unresolvedPipelineId;
      report({ file: resource.file, offset: ref.offset, length: ref.length, severity: severityOf(code), code, source: 'semantic', message: unresolvedPipelineIdMessage(String(act?.type ?? 'ExecutePipeline'), String(act?.name ?? ''), ref.to.name), path: ref.path });
      continue;
    }
    const candidates = [...factory.resources[ref.to.kind].keys()];
    const hint = ref.to.name ? closestName(ref.to.name, candidates) : undefined;
    const label = KIND_LABELS[ref.to.kind].toLowerCase().replace(/s$/, '');
    report({
      file: resource.file,
      offset: ref.offset,
      length: ref.length,
      severity: 'error',
      code: SemanticCodes.unresolvedReference,
      source: 'semantic',
      message: ref.to.name
        ? formatMessage(SemanticCodes.unresolvedReference, { referenceType: ref.referenceType, kind: label, name: ref.to.name, hint: hint ? `; did you mean "${hint}"?` : ` (expected a file ${ref.to.kind}/${ref.to.name}.json).` })
        : formatMessage(SemanticCodes.unresolvedReference, { referenceType: ref.referenceType, kind: label }, 'empty'),
      path: ref.path,
      data: { fix: 'replaceName', name: ref.to.name, ...(hint ? { suggestion: hint } : {}), candidates },
    });
  }
}

/** A dataset or linked service reference must give every parameter of its target that has no default value. */
function checkReferenceParameters(resource: Resource, ref: Reference, target: Resource, report: Report): void {
  const required = requiredParameters(target);
  if (!required.length) return;
  const refObject = valueAt(resource.json, ref.path.slice(0, -1));
  const given = refObject && typeof refObject === 'object' && (refObject as any).parameters && typeof (refObject as any).parameters === 'object' ? Object.keys((refObject as any).parameters).map((k) => k.toLowerCase()) : [];
  const missing = required.filter((p) => !given.includes(p.toLowerCase()));
  if (!missing.length) return;
  const what = ref.to.kind === 'dataset' ? 'Dataset' : 'Linked service';
  report({
    file: resource.file,
    offset: ref.offset,
    length: ref.length,
    severity: 'error',
    code: SemanticCodes.missingReferenceParameter,
    source: 'semantic',
    message: formatMessage(SemanticCodes.missingReferenceParameter, { kind: what, name: target.name, parameters: `${missing.length === 1 ? 'parameter' : 'parameters'} ${missing.map((m) => `"${m}"`).join(', ')}`, pronoun: missing.length === 1 ? 'it' : 'them' }),
    path: ref.path,
  });
}

function valueAt(v: unknown, path: (string | number)[]): unknown {
  let cur = v;
  for (const s of path) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[s];
  }
  return cur;
}

/** Parameters of a pipeline, dataset or linked service that have no default value (callers must pass them). */
function requiredParameters(pipeline: Resource): string[] {
  const params = pipeline.properties?.parameters;
  if (!params || typeof params !== 'object') return [];
  return Object.entries(params as Record<string, any>)
    .filter(([, spec]) => spec && typeof spec === 'object' && !('defaultValue' in spec))
    .map(([name]) => name);
}

/** ExecutePipeline activities and trigger pipeline entries must pass every parameter without a default. */
export function checkPipelineCalls(factory: Factory, resource: Resource, activities: ActivityInfo[] | undefined, report: Report): void {
  const calls: { target: unknown; params: unknown; path: (string | number)[] }[] = [];
  for (const a of activities ?? []) {
    const called = a.type === 'ExecutePipeline' ? childPipelineName(factory, a.type, a.json) : undefined;
    if (called) calls.push({ target: { referenceName: called }, params: a.json.typeProperties.parameters, path: [...a.path, 'typeProperties', 'pipeline', 'referenceName'] });
    // Fabric's InvokePipeline names its child by id; the workspace maps ids to pipelines.
    const invoked = a.type === 'InvokePipeline' ? invokedPipelineName(factory, a) : undefined;
    if (invoked) calls.push({ target: { referenceName: invoked }, params: a.json.typeProperties?.parameters, path: [...a.path, 'typeProperties', 'pipelineId'] });
  }
  if (resource.kind === 'trigger') {
    const list = resource.properties?.pipelines;
    if (Array.isArray(list)) list.forEach((p: any, i: number) => p && calls.push({ target: p.pipelineReference, params: p.parameters, path: ['properties', 'pipelines', i, 'pipelineReference', 'referenceName'] }));
    const single = resource.properties?.pipeline;
    if (single && typeof single === 'object') calls.push({ target: single.pipelineReference, params: single.parameters, path: ['properties', 'pipeline', 'pipelineReference', 'referenceName'] });
  }
  for (const c of calls) {
    const name = (c.target as any)?.referenceName;
    if (typeof name !== 'string') continue;
    const target = findResource(factory, 'pipeline', name);
    if (!target) continue;
    const given = c.params && typeof c.params === 'object' ? Object.keys(c.params as object) : [];
    const declared = (target.properties?.parameters ?? {}) as Record<string, unknown>;
    // Given names match declared ones as everywhere else (model/parameters.ts: exact, else ignoring case).
    const missing = requiredParameters(target).filter((p) => !given.some((g) => declaredParameterName(declared, g) === p));
    if (!missing.length) continue;
    const r = pathRange(resource, c.path);
    report({
      file: resource.file,
      ...r,
      severity: 'error',
      code: SemanticCodes.missingPipelineParameter,
      source: 'semantic',
      message: formatMessage(SemanticCodes.missingPipelineParameter, { pipeline: target.name, parameters: `${missing.length === 1 ? 'parameter' : 'parameters'} ${missing.map((m) => `"${m}"`).join(', ')}`, caller: resource.kind === 'trigger' ? 'this trigger' : 'this pipeline activity', pronoun: missing.length === 1 ? 'it' : 'them' }),
      path: c.path,
    });
  }
}

function pathRange(resource: Resource, path: (string | number)[]): { offset: number; length: number } {
  let node = resource.doc.root;
  for (const s of path) {
    if (!node) break;
    if (node.type === 'array' && typeof s === 'number') node = node.children?.[s];
    else node = node.children?.find((p) => p.children?.[0]?.value === s)?.children?.[1];
  }
  return node ? { offset: node.offset, length: node.length } : { offset: 0, length: 1 };
}
