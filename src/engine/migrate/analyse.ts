/**
 * The migration check: for every ADF pipeline, what converts to Data Factory in Microsoft Fabric as is, what
 * converts with a change, and what has no Fabric equivalent — plus the factory-level resources (triggers, global
 * parameters, integration runtimes, data flows, managed private endpoints). The analysis also records, per
 * pipeline, the rewrites the conversion applies, so check and convert cannot disagree.
 *
 * Activities come from the model's one container walker (`pipelineActivities`), references from its one reference
 * walker (`extractReferences`), expressions from the expression parser.
 */
import type { Factory, Resource } from '../model/types';
import { declaredParameterName, extractReferences, findResource, globalParameterDeclarations, pipelineActivities, resolveReference, type ActivityInfo, type ManagedPrivateEndpointFile } from '../model';
import { ACTIVITY_RULES, INTEGRATION_RUNTIME_RULES, TRIGGER_RULES, VARIABLE_TYPES, type ActivityRule, type DatasetSlot } from './table';
import { connectionId, pipelineLogicalId } from './ids';
import { datasetParameterUses, globalParameterUses, pathText, stringsOf, valueAsExpression } from './rewrite';

export type Verdict = 'convertible' | 'convertibleWithChanges' | 'notConvertible';

export interface AsIsFinding {
  activity: string;
  path: string;
  kind: string;
}
export interface ChangeFinding {
  activity?: string;
  path: string;
  kind: string;
  change: string;
}
export interface NoEquivalentFinding {
  activity?: string;
  path: string;
  kind: string;
  reason: string;
}

export interface PipelineCheck {
  name: string;
  verdict: Verdict;
  asIs: AsIsFinding[];
  withChange: ChangeFinding[];
  noEquivalent: NoEquivalentFinding[];
}

export type FactoryFinding = { name: string; class: 'asIs'; kind: string } | { name: string; class: 'withChange'; kind: string; change: string } | { name: string; class: 'noEquivalent'; kind: string; reason: string };

export interface FactoryLevel {
  triggers: FactoryFinding[];
  globalParameters: FactoryFinding[];
  integrationRuntimes: FactoryFinding[];
  dataFlows: FactoryFinding[];
  managedPrivateEndpoints: FactoryFinding[];
}

export interface CheckReport {
  factory: string;
  pipelines: PipelineCheck[];
  factoryLevel: FactoryLevel;
  summary: { pipelines: number; convertible: number; convertibleWithChanges: number; notConvertible: number };
}

/** A rewrite the conversion applies to one pipeline (paths are JSON paths in the pipeline file). */
export type Rewrite =
  | { kind: 'inlineDataset'; activityPath: (string | number)[]; slot: DatasetSlot; dataset: string; parameters: Record<string, unknown>; connectionId: string }
  | { kind: 'connection'; holderPath: (string | number)[]; key: string; linkedService: string; connectionId: string }
  | { kind: 'invokePipeline'; activityPath: (string | number)[]; child: string; pipelineId: string }
  | { kind: 'globalParameters'; names: string[] };

export interface PipelinePlan {
  pipeline: Resource;
  check: PipelineCheck;
  rewrites: Rewrite[];
  /** Linked services the converted pipeline uses through connections (canonical names). */
  linkedServices: string[];
  /** Child pipelines it invokes (canonical names). */
  children: string[];
}

export interface Analysis {
  report: CheckReport;
  plans: PipelinePlan[];
}

const RULES_BY_LOWER = new Map(Object.entries(ACTIVITY_RULES).map(([k, v]) => [k.toLowerCase(), v]));

/** The table's rule for an activity type (matched ignoring case, as ADF matches types). */
export function activityRule(type: string): ActivityRule | undefined {
  return RULES_BY_LOWER.get(type.toLowerCase());
}

type IrClass = keyof typeof INTEGRATION_RUNTIME_RULES;

/** Which Fabric counterpart an integration runtime resource has. */
export function integrationRuntimeClass(props: Record<string, any>): IrClass {
  if (props.type === 'SelfHosted') return 'selfHosted';
  const tp = props.typeProperties ?? {};
  if (tp.ssisProperties) return 'ssis';
  if (props.managedVirtualNetwork) return 'managedVnet';
  return 'azure';
}

function samePath(a: readonly (string | number)[], b: readonly (string | number)[]): boolean {
  return a.length === b.length && a.every((s, i) => (typeof s === 'string' && typeof b[i] === 'string' ? s.toLowerCase() === (b[i] as string).toLowerCase() : s === b[i]));
}

function startsWith(p: readonly (string | number)[], prefix: readonly (string | number)[]): boolean {
  return prefix.length <= p.length && prefix.every((s, i) => s === p[i]);
}

class PipelineAnalyser {
  readonly check: PipelineCheck;
  readonly rewrites: Rewrite[] = [];
  readonly linkedServices = new Set<string>();
  readonly children = new Set<string>();
  private readonly seenChange = new Set<string>();

  constructor(
    private readonly factory: Factory,
    private readonly pipeline: Resource,
    private readonly globals: ReturnType<typeof globalParameterDeclarations>,
  ) {
    this.check = { name: pipeline.name, verdict: 'convertible', asIs: [], withChange: [], noEquivalent: [] };
  }

  private change(f: ChangeFinding): void {
    const key = `${f.kind}|${f.path}|${f.change}`;
    if (this.seenChange.has(key)) return;
    this.seenChange.add(key);
    this.check.withChange.push(f);
  }

  private none(f: NoEquivalentFinding): void {
    if (this.check.noEquivalent.some((x) => x.kind === f.kind && x.path === f.path && x.reason === f.reason)) return;
    this.check.noEquivalent.push(f);
  }

  run(): void {
    const activities = pipelineActivities(this.pipeline);
    const blocked = new Set<ActivityInfo>();
    for (const a of activities) {
      const rule = activityRule(a.type);
      const path = pathText(a.path);
      if (!rule) {
        this.none({ activity: a.name, path, kind: 'activityType', reason: `activity type "${a.type}" has no known Fabric form` });
        blocked.add(a);
      } else if (rule.class === 'noEquivalent') {
        this.none({ activity: a.name, path, kind: 'activityType', reason: `${a.type}: ${rule.reason}` });
        blocked.add(a);
      } else if (rule.class === 'asIs') {
        this.check.asIs.push({ activity: a.name, path, kind: a.type });
      }
    }
    const refs = extractReferences(this.pipeline);
    for (const ref of refs) {
      const objPath = ref.path.slice(0, -1);
      const owner = [...activities].reverse().find((a) => startsWith(objPath, a.path) && objPath.length > a.path.length);
      if (!owner) {
        this.none({ path: pathText(objPath), kind: 'reference', reason: `${ref.referenceType} "${ref.to.name}" outside any activity has no place in a Fabric pipeline` });
        continue;
      }
      if (blocked.has(owner)) continue;
      const rel = objPath.slice(owner.path.length);
      const rule = activityRule(owner.type)!;
      const path = pathText(objPath);
      if (ref.referenceType === 'DatasetReference') this.dataset(owner, rule, rel, path, ref.to.name, ref.dynamic, objPath);
      else if (ref.referenceType === 'LinkedServiceReference') {
        const key = objPath[objPath.length - 1];
        const refObj = this.at(objPath) as Record<string, unknown> | undefined;
        const ls = this.linkedService(owner, path, ref.to.name, ref.dynamic, refObj?.parameters);
        if (!ls) continue;
        if (typeof key !== 'string') {
          this.none({ activity: owner.name, path, kind: 'reference', reason: `a linked service reference in a list (here of ${owner.type}) has no Fabric form` });
          continue;
        }
        this.rewrites.push({ kind: 'connection', holderPath: objPath.slice(0, -1), key, linkedService: ls.name, connectionId: ls.id });
        this.change({ activity: owner.name, path, kind: 'connection', change: `linked service "${ls.name}" (${ls.type}) becomes connection ${ls.id} (externalReferences.connection)${ls.note}` });
      } else if (ref.referenceType === 'PipelineReference' && owner.type.toLowerCase() === 'executepipeline' && samePath(rel, ['typeProperties', 'pipeline'])) {
        const child = ref.dynamic ? undefined : findResource(this.factory, 'pipeline', ref.to.name);
        if (!child) {
          this.none({ activity: owner.name, path, kind: ref.dynamic ? 'dynamicReference' : 'missingReference', reason: ref.dynamic ? 'the child pipeline is named by an expression; InvokePipeline needs a fixed pipelineId' : `pipeline "${ref.to.name}" is not in the factory` });
          continue;
        }
        const id = pipelineLogicalId(child.name);
        this.children.add(child.name);
        this.rewrites.push({ kind: 'invokePipeline', activityPath: owner.path, child: child.name, pipelineId: id });
        this.change({ activity: owner.name, path: pathText(owner.path), kind: 'invokePipeline', change: `ExecutePipeline of "${child.name}" becomes InvokePipeline (operationType InvokeFabricPipeline, pipelineId ${id} = logicalId of "${child.name}", workspaceId of the same workspace)` });
      } else {
        this.none({ activity: owner.name, path, kind: 'reference', reason: `${ref.referenceType} "${ref.to.name}" in ${owner.type} has no Fabric form` });
      }
    }
    this.globalParameters();
    const c = this.check;
    c.verdict = c.noEquivalent.length ? 'notConvertible' : c.withChange.length ? 'convertibleWithChanges' : 'convertible';
  }

  private at(p: (string | number)[]): unknown {
    let v: unknown = this.pipeline.json;
    for (const s of p) v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[s] : undefined;
    return v;
  }

  /** A linked service as a connection, or undefined (with a no-equivalent finding) when it cannot be one. */
  private linkedService(owner: ActivityInfo, path: string, name: string, dynamic: boolean, givenParams: unknown, via = ''): { name: string; id: string; type: string; note: string } | undefined {
    if (dynamic) {
      this.none({ activity: owner.name, path, kind: 'dynamicReference', reason: `linked service named by an expression${via}; a connection is chosen by id` });
      return undefined;
    }
    const ls = findResource(this.factory, 'linkedService', name);
    if (!ls) {
      this.none({ activity: owner.name, path, kind: 'missingReference', reason: `linked service "${name}"${via} is not in the factory` });
      return undefined;
    }
    const declared = ls.properties.parameters;
    if ((declared && typeof declared === 'object' && Object.keys(declared).length) || (givenParams && typeof givenParams === 'object' && Object.keys(givenParams).length)) {
      this.none({ activity: owner.name, path, kind: 'parameterizedLinkedService', reason: `linked service "${ls.name}"${via} takes parameters; Fabric connections take none (one connection per value, made by hand)` });
      return undefined;
    }
    let note = '';
    const cv = ls.properties.connectVia;
    const irName = cv && typeof cv === 'object' ? (cv as { referenceName?: unknown }).referenceName : undefined;
    if (typeof irName === 'string') {
      const ir = resolveReference(this.factory, 'integrationRuntime', irName);
      const cls = ir?.file ? integrationRuntimeClass(ir.file.properties) : 'azure';
      if (cls !== 'azure') {
        const r = INTEGRATION_RUNTIME_RULES[cls];
        this.none({ activity: owner.name, path, kind: r.kind, reason: `linked service "${ls.name}"${via} connects via integration runtime "${irName}": ${r.reason}` });
        return undefined;
      }
      note = `; connectVia "${irName}" is dropped`;
    }
    this.linkedServices.add(ls.name);
    return { name: ls.name, id: connectionId(ls.name), type: String(ls.properties.type ?? ''), note };
  }

  private dataset(owner: ActivityInfo, rule: ActivityRule, rel: (string | number)[], path: string, name: string, dynamic: boolean, objPath: (string | number)[]): void {
    const slot = rule.class === 'withChange' && rule.rewrite === 'datasets' ? rule.datasetPaths.find((s) => samePath(s.from, rel)) : undefined;
    if (!slot) {
      this.none({ activity: owner.name, path, kind: 'reference', reason: `a dataset reference at ${pathText(rel)} of ${owner.type} has no inline Fabric form` });
      return;
    }
    if (dynamic) {
      this.none({ activity: owner.name, path, kind: 'dynamicReference', reason: 'dataset named by an expression; Fabric settings are written inline, so the dataset must be known' });
      return;
    }
    const ds = findResource(this.factory, 'dataset', name);
    if (!ds) {
      this.none({ activity: owner.name, path, kind: 'missingReference', reason: `dataset "${name}" is not in the factory` });
      return;
    }
    const refObj = (this.at(objPath) ?? {}) as Record<string, unknown>;
    const given = (refObj.parameters && typeof refObj.parameters === 'object' ? refObj.parameters : {}) as Record<string, unknown>;
    const declared = (ds.properties.parameters && typeof ds.properties.parameters === 'object' ? ds.properties.parameters : {}) as Record<string, { defaultValue?: unknown }>;
    const values: Record<string, unknown> = {};
    for (const [k, spec] of Object.entries(declared)) if (spec && spec.defaultValue !== undefined) values[k] = spec.defaultValue;
    for (const [k, v] of Object.entries(given)) values[declaredParameterName(declared, k) ?? k] = v;
    let ok = true;
    for (const s of stringsOf({ typeProperties: ds.properties.typeProperties, schema: ds.properties.schema })) {
      for (const use of datasetParameterUses(s.text)) {
        const pname = declaredParameterName(declared, use.name);
        if (!pname || !(pname in values)) {
          this.none({ activity: owner.name, path, kind: 'datasetParameter', reason: `dataset "${ds.name}" uses dataset().${use.name} at ${pathText(s.path)}, which has no value here` });
          ok = false;
        } else if (!use.whole && valueAsExpression(values[pname]) === undefined) {
          this.none({ activity: owner.name, path, kind: 'datasetParameter', reason: `dataset "${ds.name}": the value given for ${pname} is not a valid expression, so it cannot be inlined` });
          ok = false;
        }
      }
    }
    const lsRef = ds.properties.linkedServiceName as { referenceName?: unknown; parameters?: unknown } | undefined;
    const lsName = typeof lsRef?.referenceName === 'string' ? lsRef.referenceName : '';
    const ls = this.linkedService(owner, path, lsName, /^\s*@/.test(lsName) || lsName.includes('@{'), lsRef?.parameters, ` (of dataset "${ds.name}")`);
    if (!ls || !ok) return;
    const paramNote = Object.keys(values).length ? `; dataset parameters ${Object.keys(values).sort().join(', ')} are replaced by the values passed here` : '';
    this.rewrites.push({ kind: 'inlineDataset', activityPath: owner.path, slot, dataset: ds.name, parameters: values, connectionId: ls.id });
    this.change({ activity: owner.name, path, kind: 'datasetInline', change: `dataset "${ds.name}" (${String(ds.properties.type ?? '')}) is written inline as ${slot.to.join('.')}${paramNote}` });
    this.change({ activity: owner.name, path, kind: 'connection', change: `linked service "${ls.name}" (${ls.type}) of dataset "${ds.name}" becomes connection ${ls.id} (datasetSettings.externalReferences.connection)${ls.note}` });
  }

  private globalParameters(): void {
    const names = new Map<string, string>();
    for (const s of stringsOf(this.pipeline.json?.properties, ['properties'])) {
      for (const use of globalParameterUses(s.text)) {
        if (names.has(use.name)) continue;
        names.set(use.name, pathText(s.path));
      }
    }
    const converted: string[] = [];
    for (const [name, path] of names) {
      const declaredName = Object.keys(this.globals).find((k) => k === name) ?? Object.keys(this.globals).find((k) => k.toLowerCase() === name.toLowerCase());
      const activity = this.activityAt(path);
      if (!declaredName) {
        const known = this.factory.resources.factory.size > 0 || this.factory.resources.globalParameters.size > 0;
        this.none({ activity, path, kind: 'missingReference', reason: known ? `global parameter "${name}" is not declared in the factory` : `global parameter "${name}": the factory's global parameters are not in the folder (no factory/*.json), so the variable library cannot be written` });
        continue;
      }
      const type = VARIABLE_TYPES[(this.globals[declaredName].type ?? 'String').toLowerCase()];
      if (!type) {
        this.none({ activity, path, kind: 'globalParameterType', reason: `global parameter "${declaredName}" is of type ${this.globals[declaredName].type}; Fabric variable libraries hold no arrays or objects` });
        continue;
      }
      converted.push(name);
      this.change({ activity, path, kind: 'globalParameter', change: `pipeline().globalParameters.${name} becomes pipeline().libraryVariables.${name} (variable library, type ${type})` });
    }
    if (converted.length) this.rewrites.push({ kind: 'globalParameters', names: converted.sort() });
  }

  private activityAt(path: string): string | undefined {
    let best: ActivityInfo | undefined;
    for (const a of pipelineActivities(this.pipeline)) if (path.startsWith(pathText(a.path)) && (!best || a.path.length > best.path.length)) best = a;
    return best?.name;
  }
}

function factoryLevel(factory: Factory, endpoints: readonly ManagedPrivateEndpointFile[]): FactoryLevel {
  const triggers: FactoryFinding[] = [];
  for (const t of factory.resources.trigger.values()) {
    const type = String(t.properties.type ?? '');
    const rule = TRIGGER_RULES[type];
    const pipes = Array.isArray(t.properties.pipelines) ? t.properties.pipelines.map((p: any) => p?.pipelineReference?.referenceName).filter((n: unknown) => typeof n === 'string') : t.properties.pipeline?.pipelineReference?.referenceName ? [t.properties.pipeline.pipelineReference.referenceName] : [];
    const of = pipes.length ? ` (starts ${pipes.join(', ')})` : '';
    if (!rule) triggers.push({ name: t.name, class: 'noEquivalent', kind: type || 'unknown', reason: `trigger type "${type}" has no Fabric equivalent${of}` });
    else if (rule.class === 'withChange') triggers.push({ name: t.name, class: 'withChange', kind: type, change: `${rule.change}${of}; not written by the conversion (schedules are not part of Fabric's git item definitions)` });
    else triggers.push({ name: t.name, class: 'noEquivalent', kind: type, reason: `${rule.reason}${of}` });
  }
  const globalParameters: FactoryFinding[] = [];
  for (const [name, d] of Object.entries(globalParameterDeclarations(factory))) {
    const type = VARIABLE_TYPES[(d.type ?? 'String').toLowerCase()];
    if (type) globalParameters.push({ name, class: 'withChange', kind: d.type ?? 'String', change: `becomes variable "${name}" (${type}) of the variable library ${factory.name}_globals` });
    else globalParameters.push({ name, class: 'noEquivalent', kind: d.type ?? 'unknown', reason: 'Fabric variable libraries hold no arrays or objects' });
  }
  const integrationRuntimes: FactoryFinding[] = [];
  for (const ir of factory.resources.integrationRuntime.values()) {
    const r = INTEGRATION_RUNTIME_RULES[integrationRuntimeClass(ir.properties)];
    integrationRuntimes.push(r.class === 'withChange' ? { name: ir.name, class: 'withChange', kind: r.kind, change: r.change } : { name: ir.name, class: 'noEquivalent', kind: r.kind, reason: r.reason });
  }
  const dataFlows: FactoryFinding[] = [...factory.resources.dataflow.values()].map((d) => ({
    name: d.name,
    class: 'noEquivalent',
    kind: String(d.properties.type ?? 'MappingDataFlow'),
    reason: d.properties.type === 'WranglingDataFlow' ? 'rebuild as a Dataflow Gen2 (Power Query) by hand' : 'mapping data flows have no Fabric equivalent; rebuild as a Dataflow Gen2 by hand',
  }));
  const managedPrivateEndpoints: FactoryFinding[] = endpoints.map((e) => ({
    name: `${e.managedVirtualNetwork}/${e.name}`,
    class: 'noEquivalent',
    kind: 'managedPrivateEndpoint',
    reason: 'Fabric has its own managed private endpoints (per workspace, for Spark) and virtual network data gateways; recreate by hand',
  }));
  const byName = (a: FactoryFinding, b: FactoryFinding) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return { triggers: triggers.sort(byName), globalParameters: globalParameters.sort(byName), integrationRuntimes: integrationRuntimes.sort(byName), dataFlows: dataFlows.sort(byName), managedPrivateEndpoints: managedPrivateEndpoints.sort(byName) };
}

/**
 * Analyses a loaded factory. `factoryDir` is what the report names; `endpoints` are the factory's managed private
 * endpoints (from `loadManagedPrivateEndpoints`, which the factory loader does not read).
 */
export function analyseFactory(factory: Factory, factoryDir: string, endpoints: readonly ManagedPrivateEndpointFile[] = []): Analysis {
  const globals = globalParameterDeclarations(factory);
  const pipelines = [...factory.resources.pipeline.values()].sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0));
  const plans: PipelinePlan[] = pipelines.map((p) => {
    const a = new PipelineAnalyser(factory, p, globals);
    a.run();
    return { pipeline: p, check: a.check, rewrites: a.rewrites, linkedServices: [...a.linkedServices].sort(), children: [...a.children].sort() };
  });
  // A pipeline that invokes one that does not convert cannot convert either (its InvokePipeline would dangle).
  const byLower = new Map(plans.map((p) => [p.pipeline.name.toLowerCase(), p]));
  for (let changed = true; changed; ) {
    changed = false;
    for (const plan of plans) {
      if (plan.check.verdict === 'notConvertible') continue;
      const bad = plan.children.find((c) => byLower.get(c.toLowerCase())?.check.verdict === 'notConvertible');
      if (!bad) continue;
      const rw = plan.rewrites.find((r): r is Extract<Rewrite, { kind: 'invokePipeline' }> => r.kind === 'invokePipeline' && r.child === bad)!;
      const act = pipelineActivities(plan.pipeline).find((a) => samePath(a.path, rw.activityPath));
      plan.check.noEquivalent.push({ activity: act?.name, path: pathText(rw.activityPath), kind: 'childNotConvertible', reason: `invokes pipeline "${bad}", which does not convert` });
      plan.check.verdict = 'notConvertible';
      changed = true;
    }
  }
  const checks = plans.map((p) => p.check);
  const report: CheckReport = {
    factory: factoryDir,
    pipelines: checks,
    factoryLevel: factoryLevel(factory, endpoints),
    summary: {
      pipelines: checks.length,
      convertible: checks.filter((c) => c.verdict === 'convertible').length,
      convertibleWithChanges: checks.filter((c) => c.verdict === 'convertibleWithChanges').length,
      notConvertible: checks.filter((c) => c.verdict === 'notConvertible').length,
    },
  };
  return { report, plans };
}
