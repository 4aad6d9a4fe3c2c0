/**
 * ARM template export like ADF's publish: ARMTemplateForFactory.json (one resource per factory
 * resource, `dependsOn` from references, parameterised properties) and
 * ARMTemplateParametersForFactory.json (the values of those parameters for this factory).
 */
import type { Factory } from '../model/types';
import { REMOTE_KINDS, type RemoteKind } from '../remote';
import { localResources } from '../publish';
import { deploymentOrder, dependenciesOf } from '../publish';
import { parseAction, type DefinitionNode, type ParameterDefinition, DEFAULT_DEFINITION } from './definition';

const API_VERSION = '2018-06-01';

/** The ARM resource type and the segment used in ids, per kind. */
export const ARM_TYPES: Record<RemoteKind, { type: string; segment: string }> = {
  integrationRuntime: { type: 'Microsoft.DataFactory/factories/integrationRuntimes', segment: 'integrationRuntimes' },
  linkedService: { type: 'Microsoft.DataFactory/factories/linkedServices', segment: 'linkedServices' },
  dataset: { type: 'Microsoft.DataFactory/factories/datasets', segment: 'datasets' },
  dataflow: { type: 'Microsoft.DataFactory/factories/dataflows', segment: 'dataflows' },
  pipeline: { type: 'Microsoft.DataFactory/factories/pipelines', segment: 'pipelines' },
  trigger: { type: 'Microsoft.DataFactory/factories/triggers', segment: 'triggers' },
};

/** Kinds whose definitions are keyed by the resource's `properties.type` first. */
const TYPED_KINDS = new Set<RemoteKind>(['linkedService', 'dataset']);

export interface TemplateParameter {
  type: string;
  metadata?: string;
  defaultValue?: unknown;
}

export interface ArmExport {
  template: Record<string, unknown>;
  parameters: Record<string, unknown>;
  /** Parameter name → where it came from (resource and JSON path), for reports. */
  origins: Record<string, string>;
}

/** ARM evaluates strings that start with '[' as expressions; literal ones are escaped as '[['. */
function escapeLiterals(v: unknown): unknown {
  if (typeof v === 'string') return v.startsWith('[') ? `[${v}` : v;
  if (Array.isArray(v)) return v.map(escapeLiterals);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, escapeLiterals(x)]));
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

function sanitise(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_');
}

function getPath(o: unknown, dotted: string): unknown {
  let cur = o;
  for (const k of dotted.split('.')) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[k] : undefined;
  return cur;
}

class ParameterSink {
  readonly params: Record<string, TemplateParameter> = {};
  readonly values: Record<string, unknown> = {};
  readonly origins: Record<string, string> = {};

  add(base: string, type: string, value: unknown, keepDefault: boolean, origin: string): string {
    let name = sanitise(base);
    for (let i = 2; name in this.params; i++) name = `${sanitise(base)}_${i}`;
    const secure = type === 'secureString' || type === 'secureObject';
    this.params[name] = keepDefault && !secure ? { type, defaultValue: value } : { type };
    this.values[name] = secure || !keepDefault ? (type === 'secureObject' || type === 'object' ? {} : type === 'array' ? [] : '') : value;
    if (!secure && keepDefault) this.values[name] = value;
    this.origins[name] = origin;
    return name;
  }
}

/**
 * Applies a definition node to a value (already escaped), replacing parameterised members in place.
 * `path` is the JSON path from the resource root; `resource` prefixes generated names.
 */
function apply(def: DefinitionNode, holder: Record<string, unknown> | unknown[], key: string | number, nameParts: string[], resource: string, sink: ParameterSink): void {
  const value = (holder as any)[key];
  if (value === undefined) return;
  if (typeof def === 'string') {
    const action = parseAction(def);
    if (!action) return;
    const base = action.name ? `${resource}_${action.name}` : `${resource}_${nameParts.join('_')}`;
    const origin = `${resource}: ${nameParts.join('.')}`;
    if (action.op === '|') {
      if (value && typeof value === 'object' && !Array.isArray(value) && (value as Record<string, unknown>).type === 'AzureKeyVaultSecret') {
        const secretName = (value as Record<string, unknown>).secretName;
        if (secretName === undefined) return;
        const name = sink.add(`${resource}_${[...nameParts, 'secretName'].join('_')}`, armType(secretName), secretName, true, `${origin}.secretName`);
        (value as Record<string, unknown>).secretName = `[parameters('${name}')]`;
        return;
      }
      const name = sink.add(base, 'secureString', value, false, origin);
      (holder as any)[key] = `[parameters('${name}')]`;
      return;
    }
    const type = armType(value, action.type);
    const name = sink.add(base, type, value, action.op === '=', origin);
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
      apply(rule, value, i, [...nameParts, typeof label === 'string' && label ? label : String(i)], resource, sink);
    });
    return;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return;
  for (const k of Object.keys(value)) {
    const sub = def[k] ?? def['*'];
    if (sub !== undefined) apply(sub, value as Record<string, unknown>, k, [...nameParts, k], resource, sink);
  }
}

/** Builds the template and its parameter file for a factory. */
export function buildArmTemplate(factory: Factory, opts: { definition?: ParameterDefinition; factoryName?: string; location?: string } = {}): ArmExport {
  const definition = opts.definition ?? DEFAULT_DEFINITION;
  const local = localResources(factory);
  if (local.problems.length) throw new Error(`The factory at ${factory.root} has problems that block the export:\n${local.problems.map((p) => `  ${p.file}: ${p.message}`).join('\n')}`);
  const factoryName = opts.factoryName ?? factory.name;
  const sink = new ParameterSink();
  const items = REMOTE_KINDS.flatMap((kind) => local.resources[kind].map((r) => ({ kind, name: r.name, properties: r.properties })));
  const { order, cycles } = deploymentOrder(items);
  const resources: Record<string, unknown>[] = [];
  const factoryJson = [...factory.resources.factory.values()][0]?.json as Record<string, any> | undefined;
  const location = opts.location ?? (typeof factoryJson?.location === 'string' ? factoryJson.location : undefined);

  if (local.globalParameters && Object.keys(local.globalParameters).length) {
    const wrapper: Record<string, unknown> = { location: location ?? '', properties: { globalParameters: escapeLiterals(local.globalParameters) } };
    const def = definition['Microsoft.DataFactory/factories'];
    if (def && typeof def === 'object' && !Array.isArray(def)) {
      for (const k of Object.keys(wrapper)) {
        const sub = (def as Record<string, DefinitionNode>)[k];
        if (sub !== undefined) apply(sub, wrapper, k, [k], 'dataFactory', sink);
      }
    }
    resources.push({ name: "[parameters('factoryName')]", type: 'Microsoft.DataFactory/factories', apiVersion: API_VERSION, ...wrapper });
  }

  for (const item of [...order, ...cycles]) {
    const { type, segment } = ARM_TYPES[item.kind];
    const props = escapeLiterals(JSON.parse(JSON.stringify(item.properties))) as Record<string, unknown>;
    const res: Record<string, unknown> = { name: `[concat(parameters('factoryName'), '/${item.name.replace(/'/g, "''")}')]`, type, apiVersion: API_VERSION, properties: props };
    let def = definition[type];
    if (def && TYPED_KINDS.has(item.kind) && typeof def === 'object' && !Array.isArray(def)) {
      const byType = def as Record<string, DefinitionNode>;
      const t = typeof item.properties.type === 'string' ? item.properties.type : '';
      def = byType[t] ?? byType['*'];
    }
    if (def && typeof def === 'object' && !Array.isArray(def)) {
      for (const k of Object.keys(def)) {
        if (k === '*') continue;
        apply((def as Record<string, DefinitionNode>)[k], res, k, [k], item.name, sink);
      }
    }
    const deps = new Set<string>();
    for (const d of dependenciesOf(item)) {
      const target = local.resources[d.kind].find((r) => r.name.toLowerCase() === d.name.toLowerCase());
      if (!target) continue; // references to resources outside the factory (or built-ins) are not dependencies
      if (d.kind === item.kind && target.name === item.name) continue;
      deps.add(`[concat(variables('factoryId'), '/${ARM_TYPES[d.kind].segment}/${target.name.replace(/'/g, "''")}')]`);
    }
    void segment;
    res.dependsOn = [...deps];
    resources.push(res);
  }

  const template = {
    $schema: 'http://schema.management.azure.com/schemas/2015-01-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: { factoryName: { type: 'string', metadata: 'Data Factory name', defaultValue: factoryName }, ...sink.params },
    variables: { factoryId: "[concat('Microsoft.DataFactory/factories/', parameters('factoryName'))]" },
    resources,
  };
  const parameters = {
    $schema: 'https://schema.management.azure.com/schemas/2015-01-01/deploymentParameters.json#',
    contentVersion: '1.0.0.0',
    parameters: Object.fromEntries([['factoryName', { value: factoryName }], ...Object.entries(sink.values).map(([k, v]) => [k, { value: v }])]),
  };
  return { template, parameters, origins: sink.origins };
}
