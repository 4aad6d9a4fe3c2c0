/**
 * The conversion: Fabric git-layout items for every pipeline the analysis finds convertible, written as a map of
 * relative file path → text (the CLI writes them). Same factory in, byte-identical files out: names sorted, ids
 * derived from names, no clock.
 */
import type { Factory, Resource } from '../model/types';
import { declaredParameterName, findResource, globalParameterDeclarations } from '../model';
import { INVOKE_PIPELINE, SAME_WORKSPACE_ID, VARIABLE_TYPES } from './table';
import { connectionId, itemLogicalId, pipelineLogicalId } from './ids';
import { datasetParameterUses, globalParameterUses, mapStrings, splice, valueAsExpression } from './rewrite';
import type { Analysis, CheckReport, PipelinePlan, Rewrite } from './analyse';

export const PLATFORM_SCHEMA = 'https://developer.microsoft.com/json-schemas/fabric/gitIntegration/platformProperties/2.0.0/schema.json';
export const VARIABLES_SCHEMA = 'https://developer.microsoft.com/json-schemas/fabric/item/variableLibrary/definition/variables/1.0.0/schema.json';
export const VALUE_SET_SCHEMA = 'https://developer.microsoft.com/json-schemas/fabric/item/variableLibrary/definition/valueSet/1.0.0/schema.json';
export const SETTINGS_SCHEMA = 'https://developer.microsoft.com/json-schemas/fabric/item/variableLibrary/definition/settings/1.0.0/schema.json';

export interface ConvertOptions {
  /** Local overrides per linked service name (the `--connections` file of local runs), merged into connections.json. */
  connections?: Record<string, Record<string, unknown>>;
  /** Per-stage global parameter values (stage name → name → value), written as value sets of the variable library. */
  stageGlobals?: Record<string, Record<string, unknown>>;
}

export interface ConvertedPipeline {
  pipeline: string;
  item: string;
  logicalId: string;
}

/**
 * One entry of connections.json, in the shape local runs read for a connection id: the local connector `type` and
 * the linked service's typeProperties (with local overrides) at the same level.
 */
export type ConnectionEntry = { type: string } & Record<string, unknown>;

export interface ConvertResult {
  /** Relative path (forward slashes) → file text, sorted by path. */
  files: Map<string, string>;
  converted: ConvertedPipeline[];
  skipped: { pipeline: string; reasons: string[] }[];
  connections: Record<string, ConnectionEntry>;
  /** Connection id → the linked service it stands for. */
  linkedServices: Record<string, string>;
  /** Key Vault secret references of linked services, written to connections.json as `${env:NAME}`. */
  secretsFromEnv: SecretFromEnv[];
  variableLibrary?: string;
  /** Per converted pipeline, how activity inputs moved (for adapting tests): activity → changes. */
  inputChanges: Map<string, Map<string, InputChange[]>>;
}

export interface SecretFromEnv {
  connectionId: string;
  linkedService: string;
  /** Dotted path of the property in the connection's settings. */
  property: string;
  /** The environment variable a local run reads it from. */
  env: string;
}

/**
 * A linked service's settings for connections.json: an Azure Key Vault secret reference (which needs the Key Vault
 * linked service, gone in Fabric) becomes `${env:<LINKEDSERVICE>_<PROPERTY>}`, read from the environment by local runs.
 */
export function keyVaultToEnv(v: unknown, linkedService: string, found: (property: string, env: string) => void, at: string[] = []): unknown {
  if (Array.isArray(v)) return v.map((x, i) => keyVaultToEnv(x, linkedService, found, [...at, String(i)]));
  if (!v || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  if (o.type === 'AzureKeyVaultSecret') {
    const env = [linkedService, ...at].join('_').replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '').toUpperCase();
    found(at.join('.'), env);
    return `\${env:${env}}`;
  }
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, keyVaultToEnv(x, linkedService, found, [...at, k])]));
}

/** How one path of an activity's input (its typeProperties) reads after the conversion. */
export interface InputChange {
  /** Input path before (dotted, from typeProperties). */
  from: string;
  /** Input path after, or undefined when the value is gone from the input (inlined elsewhere). */
  to?: string;
  /** Old value → new value (reference names → ids). */
  values?: Record<string, string>;
  /** New activity type, when the type changes. */
  type?: string;
}

function json(v: unknown): string {
  return JSON.stringify(v, null, 2) + '\n';
}

function get(root: unknown, p: readonly (string | number)[]): unknown {
  let v = root;
  for (const s of p) v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[s] : undefined;
  return v;
}

function isExprObject(v: unknown): v is { value: string; type: 'Expression' } {
  return !!v && typeof v === 'object' && !Array.isArray(v) && (v as { type?: unknown }).type === 'Expression' && typeof (v as { value?: unknown }).value === 'string';
}

/** A dataset's properties with every `dataset().x` replaced by the value passed for x. */
function substituteDatasetParameters(v: unknown, declared: Record<string, unknown>, values: Record<string, unknown>): unknown {
  const valueOf = (name: string) => values[declaredParameterName(declared, name) ?? name];
  /** The replacement of a string: the passed value itself when the string is exactly `@dataset().x`. */
  const inString = (s: string): { whole: unknown } | { text: string } => {
    const uses = datasetParameterUses(s);
    if (uses.length === 1 && uses[0].whole) return { whole: structuredClone(valueOf(uses[0].name)) };
    return { text: uses.length ? splice(s, uses.map((u) => ({ span: u.span, text: valueAsExpression(valueOf(u.name))! }))) : s };
  };
  const walk = (x: unknown): unknown => {
    if (typeof x === 'string') {
      const r = inString(x);
      return 'whole' in r ? r.whole : r.text;
    }
    if (isExprObject(x)) {
      const r = inString(x.value);
      return 'whole' in r ? r.whole : { ...x, value: r.text };
    }
    if (Array.isArray(x)) return x.map(walk);
    if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, y]) => [k, walk(y)]));
    return x;
  };
  return walk(v);
}

function datasetSettings(ds: Resource, parameters: Record<string, unknown>, connection: string): Record<string, unknown> {
  const p = ds.properties;
  const declared = (p.parameters && typeof p.parameters === 'object' ? p.parameters : {}) as Record<string, unknown>;
  const out: Record<string, unknown> = { annotations: p.annotations ?? [], type: p.type };
  if (p.typeProperties !== undefined) out.typeProperties = substituteDatasetParameters(p.typeProperties, declared, parameters);
  if (p.schema !== undefined) out.schema = substituteDatasetParameters(p.schema, declared, parameters);
  if (p.structure !== undefined) out.structure = substituteDatasetParameters(p.structure, declared, parameters);
  out.externalReferences = { connection };
  return out;
}

function libraryVariableRef(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `pipeline().libraryVariables.${name}` : `pipeline().libraryVariables[${`'${name.replace(/'/g, "''")}'`}]`;
}

function dotted(p: readonly (string | number)[]): string {
  return p.map((s) => (typeof s === 'number' ? `[${s}]` : s)).join('.').replace(/\.\[/g, '[');
}

/** The pipeline-content.json properties of one convertible pipeline, and how activity inputs moved. */
function convertPipeline(factory: Factory, plan: PipelinePlan, libraryName: string, types: Record<string, string>): { properties: Record<string, unknown>; inputs: Map<string, InputChange[]> } {
  const root = structuredClone(plan.pipeline.json ?? {}) as Record<string, any>;
  const inputs = new Map<string, InputChange[]>();
  const note = (activity: unknown, c: InputChange) => {
    const name = (activity as { name?: unknown })?.name;
    if (typeof name !== 'string') return;
    const list = inputs.get(name) ?? [];
    list.push(c);
    inputs.set(name, list);
  };
  // Resolve every target before changing anything: rewrites only delete keys or replace values, never move objects.
  const targets = plan.rewrites.map((r) => ({ r, target: r.kind === 'connection' ? get(root, r.holderPath) : r.kind === 'globalParameters' ? undefined : get(root, r.activityPath) }));
  const removals: { obj: Record<string, unknown>; key: string }[] = [];
  for (const { r, target } of targets) {
    const obj = target as Record<string, any> | undefined;
    if (r.kind === 'globalParameters' || !obj) continue;
    if (r.kind === 'connection') {
      const refs = obj.externalReferences && typeof obj.externalReferences === 'object' ? obj.externalReferences : {};
      delete obj[r.key];
      obj.externalReferences = { ...refs, connection: r.connectionId };
      // holderPath is the activity itself or a settings object below its typeProperties.
      const activityPath = findActivityPrefix(plan, r.holderPath);
      const rel = r.holderPath.slice(activityPath.length);
      const activity = get(root, activityPath);
      if (rel[0] === 'typeProperties') {
        const base = dotted(rel.slice(1));
        const pre = base ? `${base}.` : '';
        note(activity, { from: `${pre}${r.key}.referenceName`, to: `${pre}externalReferences.connection`, values: { [r.linkedService]: r.connectionId } });
        note(activity, { from: `${pre}${r.key}`, to: undefined });
      }
    } else if (r.kind === 'inlineDataset') {
      const ds = findResource(factory, 'dataset', r.dataset)!;
      let holder: Record<string, any> = obj;
      for (const k of r.slot.to.slice(0, -1)) {
        if (!holder[k] || typeof holder[k] !== 'object') holder[k] = {};
        holder = holder[k];
      }
      holder[r.slot.to[r.slot.to.length - 1]] = datasetSettings(ds, r.parameters, r.connectionId);
      // The reference goes: `inputs`/`outputs` as a whole (Copy), or `typeProperties.dataset`.
      const from = typeof r.slot.from[r.slot.from.length - 1] === 'number' ? r.slot.from.slice(0, -1) : r.slot.from;
      const parent = get(obj, from.slice(0, -1)) as Record<string, unknown> | undefined;
      if (parent) removals.push({ obj: parent, key: String(from[from.length - 1]) });
      if (r.slot.from[0] === 'typeProperties') note(obj, { from: dotted(r.slot.from.slice(1)), to: undefined });
    } else if (r.kind === 'invokePipeline') {
      const tp = (obj.typeProperties ?? {}) as Record<string, unknown>;
      obj.type = INVOKE_PIPELINE.type;
      obj.typeProperties = {
        operationType: INVOKE_PIPELINE.operationType,
        pipelineId: r.pipelineId,
        workspaceId: SAME_WORKSPACE_ID,
        waitOnCompletion: tp.waitOnCompletion ?? false,
        parameters: tp.parameters ?? {},
      };
      note(obj, { from: 'pipeline.referenceName', to: 'pipelineId', values: { [r.child]: r.pipelineId }, type: INVOKE_PIPELINE.type });
      note(obj, { from: 'pipeline', to: undefined });
    }
  }
  for (const { obj, key } of removals) delete obj[key];
  const props = (root.properties ?? {}) as Record<string, unknown>;
  delete props.folder;
  const globals = plan.rewrites.find((r): r is Extract<Rewrite, { kind: 'globalParameters' }> => r.kind === 'globalParameters');
  let out = props;
  if (globals) {
    out = mapStrings(props, (s) => {
      const uses = globalParameterUses(s);
      return uses.length ? splice(s, uses.map((u) => ({ span: u.span, text: libraryVariableRef(u.name) }))) : s;
    }) as Record<string, unknown>;
    const decl = Object.keys(globalParameterDeclarations(factory));
    out.libraryVariables = Object.fromEntries(
      globals.names.map((n) => {
        const declared = decl.find((k) => k === n) ?? decl.find((k) => k.toLowerCase() === n.toLowerCase()) ?? n;
        return [n, { type: types[declared] ?? 'String', variableName: declared, libraryName }];
      }),
    );
  }
  return { properties: out, inputs };
}

function findActivityPrefix(plan: PipelinePlan, p: readonly (string | number)[]): (string | number)[] {
  // The longest activity path that prefixes p: activity paths end in a number after an activities list.
  for (let i = p.length; i >= 3; i--) {
    const last = p[i - 1];
    const list = p[i - 2];
    if (typeof last === 'number' && typeof list === 'string' && /activities$/i.test(list)) return p.slice(0, i) as (string | number)[];
  }
  return [];
}

/**
 * The workspace folder of an item from ADF's `folder.name` (Fabric's git layout writes workspace folders as
 * directories). Segments that cannot be directory names are made safe: characters Windows refuses become '_',
 * empty, '.' and '..' segments are left out.
 */
export function folderPath(folder: readonly string[]): string[] {
  const safe = (s: string) => [...s].map((c) => (c < ' ' || '<>:"\\|?*'.includes(c) ? '_' : c)).join('');
  return folder.map((s) => safe(s.trim())).filter((s) => s && s !== '.' && s !== '..');
}

/** Converts what the analysis found convertible. */
export function convertFactory(factory: Factory, analysis: Analysis, options: ConvertOptions = {}): ConvertResult {
  const files = new Map<string, string>();
  const converted: ConvertedPipeline[] = [];
  const skipped: { pipeline: string; reasons: string[] }[] = [];
  const connections: Record<string, ConnectionEntry> = {};
  const linkedServiceOf = new Map<string, string>();
  const secretsFromEnv: SecretFromEnv[] = [];
  const inputChanges = new Map<string, Map<string, InputChange[]>>();
  const libraryName = `${factory.name}_globals`;
  const declarations = globalParameterDeclarations(factory);
  const types: Record<string, string> = {};
  for (const [k, d] of Object.entries(declarations)) {
    const t = VARIABLE_TYPES[(d.type ?? 'String').toLowerCase()];
    if (t) types[k] = t;
  }
  let usesGlobals = false;
  for (const plan of analysis.plans) {
    if (plan.check.verdict === 'notConvertible') {
      skipped.push({ pipeline: plan.pipeline.name, reasons: plan.check.noEquivalent.map((f) => `${f.activity ? `${f.activity}: ` : ''}${f.reason}`) });
      continue;
    }
    const name = plan.pipeline.name;
    const item = [...folderPath(plan.pipeline.folder), `${name}.DataPipeline`].join('/');
    const logicalId = pipelineLogicalId(name);
    const { properties, inputs } = convertPipeline(factory, plan, libraryName, types);
    if (plan.rewrites.some((r) => r.kind === 'globalParameters')) usesGlobals = true;
    files.set(`${item}/pipeline-content.json`, json({ properties }));
    files.set(`${item}/.platform`, json({ $schema: PLATFORM_SCHEMA, metadata: { type: 'DataPipeline', displayName: name }, config: { version: '2.0', logicalId } }));
    converted.push({ pipeline: name, item, logicalId });
    inputChanges.set(name, inputs);
    for (const lsName of plan.linkedServices) {
      const ls = findResource(factory, 'linkedService', lsName)!;
      const overrides = options.connections?.[ls.name] ?? options.connections?.[Object.keys(options.connections ?? {}).find((k) => k.toLowerCase() === ls.name.toLowerCase()) ?? ''];
      const { type: _ignored, ...tp } = { ...(ls.properties.typeProperties ?? {}), ...(overrides ?? {}) } as Record<string, unknown>;
      const id = connectionId(ls.name);
      connections[id] = { type: String(ls.properties.type ?? ''), ...(keyVaultToEnv(tp, ls.name, (property, env) => secretsFromEnv.push({ connectionId: id, linkedService: ls.name, property, env })) as Record<string, unknown>) };
      linkedServiceOf.set(connectionId(ls.name), ls.name);
    }
  }
  let variableLibrary: string | undefined;
  if (usesGlobals) {
    variableLibrary = `${libraryName}.VariableLibrary`;
    const names = Object.keys(types).sort();
    files.set(`${variableLibrary}/.platform`, json({ $schema: PLATFORM_SCHEMA, metadata: { type: 'VariableLibrary', displayName: libraryName }, config: { version: '2.0', logicalId: itemLogicalId(libraryName) } }));
    files.set(`${variableLibrary}/variables.json`, json({ $schema: VARIABLES_SCHEMA, variables: names.map((n) => ({ name: n, note: `ADF global parameter ${n} (${declarations[n].type ?? 'String'})`, type: types[n], value: declarations[n].value })) }));
    const stages = Object.keys(options.stageGlobals ?? {}).sort();
    for (const s of stages) {
      const vals = options.stageGlobals![s];
      const overrides = names.filter((n) => n in vals && JSON.stringify(vals[n]) !== JSON.stringify(declarations[n].value)).map((n) => ({ name: n, value: vals[n] }));
      files.set(`${variableLibrary}/valueSets/${s}.json`, json({ $schema: VALUE_SET_SCHEMA, name: s, variableOverrides: overrides }));
    }
    files.set(`${variableLibrary}/settings.json`, json({ $schema: SETTINGS_SCHEMA, valueSetsOrder: stages }));
  }
  const lsLower = (id: string) => linkedServiceOf.get(id)!.toLowerCase();
  const sortedConnections = Object.fromEntries(Object.entries(connections).sort(([a], [b]) => (lsLower(a) < lsLower(b) ? -1 : 1)));
  const linkedServices = Object.fromEntries(Object.keys(sortedConnections).map((id) => [id, linkedServiceOf.get(id)!]));
  if (Object.keys(sortedConnections).length) files.set('connections.json', json(sortedConnections));
  const seen = new Set<string>();
  const secrets = secretsFromEnv.filter((x) => (seen.has(`${x.connectionId}|${x.property}`) ? false : (seen.add(`${x.connectionId}|${x.property}`), true)));
  return { files, converted, skipped, connections: sortedConnections, linkedServices, secretsFromEnv: secrets, variableLibrary, inputChanges };
}

/** The migration report written beside the items. */
export function migrationReport(report: CheckReport, result: ConvertResult, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    factory: report.factory,
    converted: result.converted,
    skipped: result.skipped,
    connections: Object.entries(result.connections).map(([id, c]) => ({ connectionId: id, linkedService: result.linkedServices[id], type: c.type })),
    variableLibrary: result.variableLibrary ?? null,
    secretsFromEnv: result.secretsFromEnv,
    ...extra,
    check: report,
  };
}

