/**
 * ARM template export like ADF's publish: ARMTemplateForFactory.json (one resource per factory
 * resource, `dependsOn` from references, parameterised properties, the members ADF's model adds, the
 * credentials kept in the service as secure parameters) and ARMTemplateParametersForFactory.json
 * (the values of those parameters for this factory). Checked against templates ADF generated for ten
 * real factories (test/corpus/armPairs.test.ts).
 */
import type { Factory, Resource, ResourceKind, ManagedPrivateEndpointFile } from '../model';
import { REFERENCE_KINDS } from '../model';
import { formatMessage, JsonCodes } from '../codes';
import { localResources } from '../publish';
import { parseAction, type DefinitionNode, type ParameterDefinition, DEFAULT_DEFINITION } from './definition';
import { applyExportDefaults } from './exportDefaults';
import { encryptedCredentialField, secureMetadata } from './credentials';

export const API_VERSION = '2018-06-01';

/** Kinds an ARM template holds, in the order ADF's export lists them. */
export const ARM_KINDS = ['pipeline', 'dataset', 'linkedService', 'trigger', 'dataflow', 'integrationRuntime', 'credential', 'managedVirtualNetwork', 'managedPrivateEndpoint', 'globalParameters'] as const;
export type ArmKind = (typeof ARM_KINDS)[number];

/** The ARM resource type and the segment used in ids, per kind. */
export const ARM_TYPES: Record<ArmKind, { type: string; segment: string }> = {
  pipeline: { type: 'Microsoft.DataFactory/factories/pipelines', segment: 'pipelines' },
  dataset: { type: 'Microsoft.DataFactory/factories/datasets', segment: 'datasets' },
  linkedService: { type: 'Microsoft.DataFactory/factories/linkedServices', segment: 'linkedServices' },
  trigger: { type: 'Microsoft.DataFactory/factories/triggers', segment: 'triggers' },
  dataflow: { type: 'Microsoft.DataFactory/factories/dataflows', segment: 'dataflows' },
  integrationRuntime: { type: 'Microsoft.DataFactory/factories/integrationRuntimes', segment: 'integrationRuntimes' },
  credential: { type: 'Microsoft.DataFactory/factories/credentials', segment: 'credentials' },
  managedVirtualNetwork: { type: 'Microsoft.DataFactory/factories/managedVirtualNetworks', segment: 'managedVirtualNetworks' },
  managedPrivateEndpoint: { type: 'Microsoft.DataFactory/factories/managedVirtualNetworks/managedPrivateEndpoints', segment: 'managedPrivateEndpoints' },
  globalParameters: { type: 'Microsoft.DataFactory/factories/globalparameters', segment: 'globalparameters' },
};

/** Kinds whose definitions may be keyed by the resource's `properties.type` first. */
const TYPED_KINDS = new Set<ArmKind>(['linkedService', 'dataset', 'credential', 'trigger', 'integrationRuntime', 'dataflow']);

export interface TemplateParameter {
  type: string;
  metadata?: string;
  defaultValue?: unknown;
}

export interface ArmResourceEntry {
  kind: ArmKind;
  /** Name relative to the factory (`X`, or `default/X` for a private endpoint). */
  name: string;
  resource: Record<string, unknown>;
  /** Template parameters this resource uses. */
  parameters: string[];
  /** Names (relative) of the template resources it depends on, as `kind/name`. */
  dependsOn: string[];
}

export interface ArmExport {
  template: Record<string, unknown>;
  parameters: Record<string, unknown>;
  /** Parameter name → where it came from (resource and JSON path), for reports. */
  origins: Record<string, string>;
  /** The resources with their parameters and dependencies, in template order (for linked templates). */
  entries: ArmResourceEntry[];
  /** Things the export could not carry over, for the user to act on. */
  warnings: string[];
}

export interface BuildOptions {
  definition?: ParameterDefinition;
  factoryName?: string;
  /** Whether global parameters go into the template (ADF's "Include global parameters in ARM template"). Default false. */
  includeGlobalParameters?: boolean;
  /** Managed private endpoints (the factory loader does not read their nested folder). */
  privateEndpoints?: ManagedPrivateEndpointFile[];
}

/** ARM evaluates strings that start with '[' as expressions; literal ones are escaped as '[['. */
function escapeLiterals(v: unknown): unknown {
  if (typeof v === 'string') return v.startsWith('[') ? `[${v}` : v;
  if (Array.isArray(v)) return v.map(escapeLiterals);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, escapeLiterals(x)]));
  return v;
}

function unescapeLiterals(v: unknown): unknown {
  if (typeof v === 'string') return v.startsWith('[[') ? v.slice(1) : v;
  if (Array.isArray(v)) return v.map(unescapeLiterals);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unescapeLiterals(x)]));
  return v;
}

function armType(v: unknown, explicit?: string): string {
  if (explicit) {
    const map: Record<string, string> = { string: 'string', securestring: 'secureString', int: 'int', bool: 'bool', object: 'object', secureobject: 'secureObject', array: 'array' };
    return map[explicit] ?? 'string';
  }
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'string';
  if (Array.isArray(v)) return 'array';
  if (v && typeof v === 'object') return 'object';
  return 'string';
}

/** Parameter names keep letters, digits, '_' and '-' (as ADF's do); anything else becomes '_'. */
function sanitise(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, '_');
}

function getPath(o: unknown, dotted: string): unknown {
  let cur = o;
  for (const k of dotted.split('.')) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[k] : undefined;
  return cur;
}

const isSecureType = (t: string) => t === 'secureString' || t === 'secureObject';

class ParameterSink {
  readonly params: Record<string, TemplateParameter> = {};
  readonly values: Record<string, unknown> = {};
  readonly origins: Record<string, string> = {};
  /** Parameters added since the last take(), for per-resource bookkeeping. */
  private recent: string[] = [];

  add(base: string, type: string, value: unknown, keepDefault: boolean, origin: string, metadata?: string): string {
    let name = sanitise(base);
    for (let i = 2; name in this.params; i++) name = `${sanitise(base)}_${i}`;
    const p: TemplateParameter = { type };
    if (metadata) p.metadata = metadata;
    if (keepDefault) p.defaultValue = value;
    this.params[name] = p;
    this.values[name] = keepDefault ? unescapeLiterals(value) : type === 'object' || type === 'secureObject' ? {} : type === 'array' ? [] : '';
    this.origins[name] = origin;
    this.recent.push(name);
    return name;
  }

  take(): string[] {
    const r = this.recent;
    this.recent = [];
    return r;
  }

  /** Parameters in ADF's order: secure ones first, each group in the order they were added. */
  ordered(): [string, TemplateParameter][] {
    const all = Object.entries(this.params);
    return [...all.filter(([, p]) => isSecureType(p.type)), ...all.filter(([, p]) => !isSecureType(p.type))];
  }
}

interface ApplyContext {
  resource: string;
  sink: ParameterSink;
  /** Whether the resource's secrets live in the service (an encryptedCredential): secure parameters then keep no default. */
  secretsInService: boolean;
}

/**
 * Applies a definition node to a value (already escaped), replacing parameterised members in place.
 * `nameParts` is the path used for generated names (array keys are replaced by an element's naming member).
 */
function apply(def: DefinitionNode, holder: Record<string, unknown> | unknown[], key: string | number, nameParts: string[], ctx: ApplyContext): void {
  const value = (holder as any)[key];
  if (value === undefined) return;
  const { resource, sink } = ctx;
  if (typeof def === 'string') {
    const action = parseAction(def);
    if (!action) return;
    const pathName = `${resource}_${nameParts.join('_')}`;
    const base = !action.name ? pathName : action.short ? `${resource}_${action.name}` : `${resource}_${[...nameParts.slice(0, -1), action.name].join('_')}`;
    const origin = `${resource}: ${nameParts.join('.')}`;
    const field = String(nameParts[nameParts.length - 1] ?? key);
    if (action.op === '|') {
      if (value && typeof value === 'object' && !Array.isArray(value) && (value as Record<string, unknown>).type === 'AzureKeyVaultSecret') {
        const secretName = (value as Record<string, unknown>).secretName;
        if (secretName === undefined) return;
        const name = sink.add(`${pathName}_secretName`, armType(secretName), secretName, true, `${origin}.secretName`);
        (value as Record<string, unknown>).secretName = `[parameters('${name}')]`;
        return;
      }
      // Decision: never a default, even for a connection string in plain text (ADF's export since 2023 keeps one
      // there): a connection string typed into JSON can still carry a key, and the template must not.
      const name = sink.add(base, 'secureString', value, false, origin, secureMetadata(field, resource));
      (holder as any)[key] = `[parameters('${name}')]`;
      return;
    }
    const type = armType(value, action.type);
    const secure = isSecureType(type);
    const name = sink.add(base, type, value, action.op === '=' && !(secure && ctx.secretsInService), origin, secure ? secureMetadata(field, resource) : undefined);
    (holder as any)[key] = `[parameters('${name}')]`;
    return;
  }
  if (Array.isArray(def)) {
    if (!Array.isArray(value)) return;
    const rule = def.find((d) => typeof d !== 'string' || parseAction(d));
    const naming = def.find((d): d is string => typeof d === 'string' && !parseAction(d));
    if (rule === undefined) return;
    value.forEach((el, i) => {
      const label = naming ? getPath(el, naming) : undefined;
      const parts = typeof label === 'string' && label ? [...nameParts.slice(0, -1), label] : [...nameParts, String(i)];
      apply(rule, value, i, parts, ctx);
    });
    return;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return;
  for (const k of Object.keys(value)) {
    const sub = def[k] ?? def['*'];
    if (sub !== undefined) apply(sub, value as Record<string, unknown>, k, [...nameParts, k], ctx);
  }
}

/** The definition node for one resource: type-specific (`"AzureBlobFS"`, `"*"`) where the definition is keyed by type. */
function definitionFor(definition: ParameterDefinition, kind: ArmKind, properties: Record<string, unknown>): Record<string, DefinitionNode> | undefined {
  const def = definition[ARM_TYPES[kind].type] ?? Object.entries(definition).find(([k]) => k.toLowerCase() === ARM_TYPES[kind].type.toLowerCase())?.[1];
  if (!def || typeof def !== 'object' || Array.isArray(def)) return undefined;
  const obj = def as Record<string, DefinitionNode>;
  if (TYPED_KINDS.has(kind) && !('properties' in obj)) {
    const t = typeof properties.type === 'string' ? properties.type : '';
    const byType = obj[t] ?? obj['*'];
    return byType && typeof byType === 'object' && !Array.isArray(byType) ? (byType as Record<string, DefinitionNode>) : undefined;
  }
  return obj;
}

/** References (kind, name as written) anywhere in a value, in order of appearance. */
function referencesIn(v: unknown, out: { kind: ResourceKind; name: string }[] = []): { kind: ResourceKind; name: string }[] {
  if (Array.isArray(v)) {
    for (const x of v) referencesIn(x, out);
    return out;
  }
  if (!v || typeof v !== 'object') return out;
  const o = v as Record<string, unknown>;
  const kind = typeof o.type === 'string' ? REFERENCE_KINDS[o.type] : undefined;
  if (kind && typeof o.referenceName === 'string' && !o.referenceName.startsWith('@')) out.push({ kind, name: o.referenceName });
  for (const x of Object.values(o)) referencesIn(x, out);
  return out;
}

interface Item {
  kind: ArmKind;
  name: string;
  file: string;
  properties: Record<string, any>;
}

const ordinal = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Builds the template and its parameter file for a factory. */
export function buildArmTemplate(factory: Factory, opts: BuildOptions = {}): ArmExport {
  const definition = opts.definition ?? DEFAULT_DEFINITION;
  const problems = factory.diagnostics.filter((d) => d.severity === 'error' && d.source === 'json');
  const items: Item[] = [];
  const byKind = new Map<ArmKind, Map<string, Item>>();
  const add = (it: Item) => {
    items.push(it);
    if (!byKind.has(it.kind)) byKind.set(it.kind, new Map());
    byKind.get(it.kind)!.set(it.name.toLowerCase(), it);
  };
  for (const kind of ARM_KINDS) {
    if (kind === 'managedPrivateEndpoint' || kind === 'globalParameters') continue;
    const list = [...factory.resources[kind as ResourceKind].values()].sort((a, b) => ordinal(fileBase(a), fileBase(b)));
    for (const r of list) {
      if (!r.json) continue;
      const props = r.json.properties;
      if (kind === 'managedVirtualNetwork') {
        add({ kind, name: r.name, file: r.file, properties: props && typeof props === 'object' && !Array.isArray(props) ? (props as Record<string, any>) : {} });
        continue;
      }
      if (!props || typeof props !== 'object' || Array.isArray(props)) {
        problems.push({ file: r.file, offset: 0, length: 0, severity: 'error', code: JsonCodes.notResource, source: 'json', message: formatMessage(JsonCodes.notResource, { kind, name: r.name }, 'armExport') });
        continue;
      }
      add({ kind, name: r.name, file: r.file, properties: props as Record<string, any> });
    }
    if (kind === 'managedVirtualNetwork') {
      for (const pe of opts.privateEndpoints ?? []) add({ kind: 'managedPrivateEndpoint', name: `${pe.managedVirtualNetwork}/${pe.name}`, file: pe.file, properties: pe.properties as Record<string, any> });
    }
  }
  if (problems.length) throw new Error(`The factory at ${factory.root} has problems that block the export:\n${problems.map((p) => `  ${p.file}: ${p.message}`).join('\n')}`);
  if (opts.includeGlobalParameters) {
    const gp = localResources(factory).globalParameters;
    if (gp && Object.keys(gp).length) add({ kind: 'globalParameters', name: 'default', file: '', properties: gp });
  }

  const factoryName = opts.factoryName ?? factory.name;
  const sink = new ParameterSink();
  const warnings: string[] = [];
  const entries: ArmResourceEntry[] = [];
  const dataFlows = byKind.get('dataflow');
  const defaultsContext = {
    dataFlowStreams(name: string) {
      const df = dataFlows?.get(name.toLowerCase());
      const tp = df?.properties.typeProperties;
      if (!tp) return undefined;
      return [...(tp.sources ?? []), ...(tp.sinks ?? [])].map((s: any) => s?.name).filter((n: unknown): n is string => typeof n === 'string');
    },
  };

  for (const item of items) {
    const { type, segment } = ARM_TYPES[item.kind];
    const props = JSON.parse(JSON.stringify(item.properties)) as Record<string, any>;
    applyExportDefaults(segment, props, defaultsContext);
    const resourceName = item.kind === 'managedPrivateEndpoint' ? item.name.split('/').slice(1).join('/') : item.name;
    const res: Record<string, unknown> = { name: `[concat(parameters('factoryName'), '/${item.name.replace(/'/g, "''")}')]`, type, apiVersion: API_VERSION, properties: escapeLiterals(props) };
    const escaped = res.properties as Record<string, any>;
    let secretsInService = false;
    if (item.kind === 'linkedService' && escaped.typeProperties && typeof escaped.typeProperties === 'object' && escaped.typeProperties.encryptedCredential !== undefined) {
      secretsInService = true;
      const tp = escaped.typeProperties as Record<string, unknown>;
      const field = encryptedCredentialField(props.type, tp);
      delete tp.encryptedCredential;
      if (field) {
        const name = sink.add(`${resourceName}_${field}`, 'secureString', '', false, `${resourceName}: credential kept in the service (${field})`, secureMetadata(field, resourceName));
        tp[field] = { type: 'SecureString', value: `[parameters('${name}')]` };
      } else if (!Object.keys(tp).some((k) => /connectionString|sasUri/i.test(k))) {
        warnings.push(`${item.file}: the linked service "${item.name}" keeps its credential in the service (encryptedCredential), which no other factory can read; the template leaves it out. Use a Key Vault reference, or add the secret with a custom parameter.`);
      }
    }
    const def = definitionFor(definition, item.kind, props);
    if (def) {
      const ctx: ApplyContext = { resource: resourceName, sink, secretsInService };
      for (const k of Object.keys(def)) {
        if (k === '*') continue;
        apply(def[k], res, k, [k], ctx);
      }
    }
    const deps: string[] = [];
    const depNames: string[] = [];
    const addDep = (kind: ArmKind, name: string) => {
      const id = `[concat(variables('factoryId'), '/${ARM_TYPES[kind].segment}/${name.replace(/'/g, "''")}')]`;
      if (!deps.includes(id)) {
        deps.push(id);
        depNames.push(`${kind}/${name}`);
      }
    };
    if (item.kind === 'managedPrivateEndpoint') {
      const vnet = byKind.get('managedVirtualNetwork')?.get(item.name.split('/')[0].toLowerCase());
      if (vnet) addDep('managedVirtualNetwork', vnet.name);
    }
    for (const ref of referencesIn(item.properties)) {
      const kind = ref.kind as ArmKind;
      const target = byKind.get(kind)?.get(ref.name.toLowerCase());
      if (!target || (kind === item.kind && target.name === item.name)) continue;
      addDep(kind, target.name);
    }
    res.dependsOn = deps;
    entries.push({ kind: item.kind, name: item.name, resource: res, parameters: sink.take(), dependsOn: depNames });
  }

  const ordered = sink.ordered();
  const template = {
    $schema: 'http://schema.management.azure.com/schemas/2015-01-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: { factoryName: { type: 'string', metadata: 'Data Factory name', defaultValue: factoryName }, ...Object.fromEntries(ordered) },
    variables: { factoryId: "[concat('Microsoft.DataFactory/factories/', parameters('factoryName'))]" },
    resources: entries.map((e) => e.resource),
  };
  const parameters = {
    $schema: 'https://schema.management.azure.com/schemas/2015-01-01/deploymentParameters.json#',
    contentVersion: '1.0.0.0',
    parameters: Object.fromEntries([['factoryName', { value: factoryName }], ...ordered.map(([k]) => [k, { value: sink.values[k] }])]),
  };
  return { template, parameters, origins: sink.origins, entries, warnings };
}

function fileBase(r: Resource): string {
  return r.file.split(/[\\/]/).pop() ?? r.name;
}
