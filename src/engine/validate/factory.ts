/**
 * Validation of whole factories and single resources: load diagnostics, schema, semantic rules and expression syntax
 * put together (the public API is validate/index.ts).
 */
import * as path from 'node:path';
import type { Diagnostic } from '../diagnostics';
import { formatMessage, JsonCodes, SchemaCodes, SemanticCodes, severityOf } from '../codes';
import { discoverFactories, loadFactory, addResourceText, kindOfFile } from '../model';
import { pipelineActivities } from '../model';
import { buildReferenceGraph, type ReferenceGraph } from '../model';
import { RESOURCE_KINDS, nodeFileHost, type Factory, type FileHost, type Resource } from '../model';
import { validateResourceSchema } from '../schema';
import { checkActivityTypes, checkDependsOn, checkLimits, checkNesting, checkVariables } from './activities';
import { checkExpressions } from './expressions';
import { checkActivityNames, checkResourceName } from './names';
import { checkPipelineCalls, checkReferences } from './references';
import { checkResourceType } from './types';
import { checkFabricActivities } from './fabric';
import { adfSchemaView, discoverFabricWorkspaces, isFabricWorkspace, loadFabricWorkspace, type FabricLoadOptions } from '../fabric';
import { validateTrigger } from '../triggers';
import { documentOf } from '../dataflow';
import { validateDataFlowDocument } from '../dataflow';


/** Semantic and expression diagnostics of one resource (the graph gives its references). */
export function validateResourceSemantics(factory: Factory, graph: ReferenceGraph, resource: Resource): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report = (d: Diagnostic) => out.push(d);
  try {
    // Fabric display names follow Fabric's rules, not ADF's resource naming rules.
    if (!factory.fabric) checkResourceName(resource, report);
    checkResourceType(resource, report);
    checkReferences(factory, graph, resource, report);
    const activities = resource.kind === 'pipeline' ? pipelineActivities(resource) : undefined;
    checkPipelineCalls(factory, resource, activities, report);
    if (activities) {
      checkActivityNames(resource, activities, report);
      checkActivityTypes(resource, activities, report);
      checkDependsOn(resource, activities, report);
      checkNesting(resource, activities, report);
      checkLimits(resource, activities, report);
      checkVariables(resource, activities, report);
      checkExpressions(resource, { factory, activities }, report);
      checkFabricActivities(factory, resource, activities, report);
    } else {
      checkExpressions(resource, { factory }, report);
    }
    // Trigger-specific rules (recurrence, time zones, windows, parameter bindings: ADF6xxx) from the trigger engine.
    if (resource.kind === 'trigger') out.push(...validateTrigger(factory, resource));
    // Data flow script rules (syntax, streams, sources/sinks, functions, columns: ADF7xxx) from the data flow engine.
    if (resource.kind === 'dataflow' && (!resource.type || resource.type === 'MappingDataFlow' || resource.type === 'Flowlet')) {
      out.push(...validateDataFlowDocument(documentOf(resource), { factory }));
    }
  } catch (e) {
    // A rule tripping over an unexpected shape must not hide the others' results or crash the caller.
    out.push({ file: resource.file, offset: 0, length: 1, severity: severityOf(SemanticCodes.internal), code: SemanticCodes.internal, source: 'semantic', message: formatMessage(SemanticCodes.internal, { reason: String((e as Error)?.message ?? e) }) });
  }
  return out;
}

/** Every diagnostic of one resource: schema, semantic and expression (not the load diagnostics). */
export function validateResource(factory: Factory, graph: ReferenceGraph, resource: Resource): Diagnostic[] {
  let schema: Diagnostic[] = [];
  try {
    // A Fabric pipeline is checked against the ADF schema with Fabric's forms of properties read as ADF's.
    schema = validateResourceSchema(factory.fabric && resource.kind === 'pipeline' ? { ...resource, json: adfSchemaView(resource.json) as Resource['json'] } : resource);
  } catch (e) {
    schema = [{ file: resource.file, offset: 0, length: 1, severity: severityOf(SchemaCodes.internal), code: SchemaCodes.internal, source: 'schema', message: formatMessage(SchemaCodes.internal, { reason: String((e as Error)?.message ?? e) }) }];
  }
  const semantic = validateResourceSemantics(factory, graph, resource);
  // Where a semantic rule explains a problem at the same place, drop the generic schema message.
  const taken = new Set(semantic.map((d) => `${d.offset}:${d.length}`));
  return [...schema.filter((d) => !taken.has(`${d.offset}:${d.length}`)), ...semantic];
}

/** Validates a loaded factory: load + schema + semantic + expression diagnostics, sorted by file and offset. */
export function validateFactory(factory: Factory): Diagnostic[] {
  const graph = buildReferenceGraph(factory);
  const out: Diagnostic[] = [...factory.diagnostics];
  // Resources the Fabric loader derived from inline settings have no file of their own: their pipeline is validated.
  for (const kind of RESOURCE_KINDS) for (const r of factory.resources[kind].values()) if (!r.derived) out.push(...validateResource(factory, graph, r));
  return sortDiagnostics(out);
}

export function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return ds.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.offset - b.offset || a.code.localeCompare(b.code)));
}

/**
 * Discovers and validates every factory under a path. A path that is itself a resource file (or an ADF folder such
 * as pipeline/) validates its factory and reports the diagnostics of that file (or folder) only.
 */
export async function validatePath(p: string, host: FileHost = nodeFileHost, fabric: FabricLoadOptions = {}): Promise<{ factories: Factory[]; diagnostics: Diagnostic[] }> {
  const abs = path.resolve(p);
  const stat = await host.stat(abs); // a missing path throws: the caller reports it as a usage error
  if (stat.isFile()) {
    const kind = kindOfFile(abs);
    const root = path.dirname(path.dirname(abs));
    if (!kind) {
      // A lone JSON file: still report JSON syntax problems.
      const f: Factory = { root: path.dirname(abs), name: path.basename(abs), resources: Object.fromEntries(RESOURCE_KINDS.map((k) => [k, new Map()])) as Factory['resources'], diagnostics: [], ignoredFiles: [] };
      addResourceText(f, 'pipeline', abs, await host.readFile(abs));
      return { factories: [], diagnostics: f.diagnostics.filter((d) => d.source === 'json' && d.code === JsonCodes.invalidJson) };
    }
    const factory = await loadFactory(root, host);
    return { factories: [factory], diagnostics: validateFactory(factory).filter((d) => d.file === abs) };
  }
  const refs = await discoverFactories(abs, undefined, host);
  if (!refs.length && (RESOURCE_KINDS as readonly string[]).includes(path.basename(abs))) {
    // An ADF folder itself (e.g. .../pipeline): validate its factory, report that folder's files.
    const factory = await loadFactory(path.dirname(abs), host);
    return { factories: [factory], diagnostics: validateFactory(factory).filter((d) => path.dirname(d.file) === abs) };
  }
  const factories: Factory[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const ref of refs) {
    const f = await loadFactory(ref.root, host);
    factories.push(f);
    diagnostics.push(...validateFactory(f));
  }
  // Microsoft Fabric workspace folders (items as `<name>.DataPipeline/` folders): the path itself, or those under it.
  const workspaces = !refs.length && (await isFabricWorkspace(abs)) ? [abs] : await discoverFabricWorkspaces(abs);
  for (const root of workspaces) {
    const f = await loadFabricWorkspace(root, fabric);
    factories.push(f);
    diagnostics.push(...validateFactory(f));
  }
  return { factories, diagnostics };
}

