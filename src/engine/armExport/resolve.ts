/**
 * Reading ARM templates of a factory back: every expression evaluated against parameter values,
 * resource names reduced to the factory-relative name, `dependsOn` reduced to resource keys.
 * Used to compare templates structurally and by the ARM route's pre/post-deployment step, which
 * needs to know what a template deploys.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { evaluateArmValue, type ArmScope } from './expression';

export interface TemplateParameterDecl {
  type: string;
  defaultValue?: unknown;
  metadata?: unknown;
}

export interface ResolvedResource {
  /** `<lower-case type path under factories>/<name>`, e.g. `linkedservices/Blob`, `managedvirtualnetworks/managedprivateendpoints/default/pe1`. */
  key: string;
  /** The full ARM type as written. */
  type: string;
  /** Lower-case type path under `Microsoft.DataFactory/factories/` (`pipelines`, `globalparameters`, …). */
  kind: string;
  /** Name relative to the factory (`X`, or `default/X` for nested types). */
  name: string;
  apiVersion?: string;
  properties: unknown;
  /** Keys of the resources this one depends on. */
  dependsOn: string[];
}

export interface ResolvedTemplate {
  factoryName: string;
  parameters: Record<string, TemplateParameterDecl>;
  /** Values of the parameters file, when one was given. */
  parameterValues?: Record<string, unknown>;
  resources: ResolvedResource[];
  /** Files read (the template, its parameters file, linked templates). */
  files: string[];
}

/** What a secure parameter without a value resolves to (so secrets compare by parameter name, never by value). */
export interface SecureMarker {
  $secureParameter: string;
}

const FACTORY_TYPE = 'microsoft.datafactory/factories';

function isSecure(type: string | undefined): boolean {
  const t = (type ?? '').toLowerCase();
  return t === 'securestring' || t === 'secureobject';
}

/** Key of a resource from a lower-case type path and a relative name. */
export function resourceKey(kind: string, name: string): string {
  return `${kind.toLowerCase()}/${name}`;
}

/** `Microsoft.DataFactory/factories/F/managedVirtualNetworks/default/managedPrivateEndpoints/x` → key. */
function idToKey(id: string, factoryName: string): string | undefined {
  const prefix = `microsoft.datafactory/factories/${factoryName.toLowerCase()}/`;
  if (!id.toLowerCase().startsWith(prefix)) return undefined;
  const segs = id.slice(prefix.length).split('/');
  const types: string[] = [];
  const names: string[] = [];
  segs.forEach((s, i) => (i % 2 === 0 ? types : names).push(s));
  return resourceKey(types.join('/'), names.join('/'));
}

function scopeOf(decls: Record<string, TemplateParameterDecl>, values: Record<string, unknown>, variables: Record<string, unknown>, file: string): ArmScope {
  const cache = new Map<string, unknown>();
  const scope: ArmScope = {
    parameter(name) {
      const decl = Object.entries(decls).find(([k]) => k.toLowerCase() === name.toLowerCase());
      if (!decl) throw new Error(`${file}: the template uses parameters('${name}'), which it does not declare.`);
      const [k, d] = decl;
      if (k in values && !(isSecure(d.type) && values[k] === '')) return values[k];
      if (d.defaultValue !== undefined) return evaluateArmValue(d.defaultValue, scope);
      if (isSecure(d.type)) return { $secureParameter: k } satisfies SecureMarker;
      return { $parameterWithoutValue: k };
    },
    variable(name) {
      if (cache.has(name)) return cache.get(name);
      if (!(name in variables)) throw new Error(`${file}: the template uses variables('${name}'), which it does not declare.`);
      const v = evaluateArmValue(variables[name], scope);
      cache.set(name, v);
      return v;
    },
  };
  return scope;
}

async function readJson(file: string): Promise<any> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    throw new Error(`${file}: cannot read: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new Error(`${file}: not valid JSON: ${(e as Error).message}`);
  }
}

/** Parameter values of a parameters file (`{parameters: {name: {value}}}`). */
export function parameterFileValues(doc: any): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries<any>(doc?.parameters ?? {})) if (v && typeof v === 'object' && 'value' in v) out[k] = v.value;
  return out;
}

/**
 * Resolves a template object. `values` are the parameter values to use (a parameters file's, or those a
 * master template passes); parameters without a value take their default, and secure ones without
 * either become `{$secureParameter: name}`.
 */
export function resolveTemplateObject(template: any, values: Record<string, unknown>, file: string): Omit<ResolvedTemplate, 'files' | 'parameterValues'> & { deployments: { name: string; uri: string; parameters: Record<string, unknown> }[] } {
  if (!template || typeof template !== 'object' || !Array.isArray(template.resources)) throw new Error(`${file}: not an ARM template (no "resources" array).`);
  const decls: Record<string, TemplateParameterDecl> = template.parameters ?? {};
  const scope = scopeOf(decls, values, template.variables ?? {}, file);
  const factoryName = String(scope.parameter('factoryName'));
  const resources: ResolvedResource[] = [];
  const deployments: { name: string; uri: string; parameters: Record<string, unknown> }[] = [];
  for (const [i, r] of (template.resources as any[]).entries()) {
    const at = `${file}: resources[${i}]`;
    const type = String(r.type ?? '');
    if (type.toLowerCase() === 'microsoft.resources/deployments') {
      const props = evaluateArmValue(r.properties ?? {}, scope) as any;
      const params: Record<string, unknown> = {};
      for (const [k, v] of Object.entries<any>(props.parameters ?? {})) params[k] = v?.value;
      deployments.push({ name: String(evaluateArmValue(r.name, scope)), uri: String(props.templateLink?.uri ?? ''), parameters: params });
      continue;
    }
    const lower = type.toLowerCase();
    if (!lower.startsWith(FACTORY_TYPE)) throw new Error(`${at}: type "${type}" is not a Data Factory resource type.`);
    const fullName = String(evaluateArmValue(r.name, scope));
    let kind: string;
    let name: string;
    if (lower === FACTORY_TYPE) {
      kind = 'factory';
      name = fullName;
    } else {
      kind = lower.slice(FACTORY_TYPE.length + 1);
      if (!fullName.toLowerCase().startsWith(factoryName.toLowerCase() + '/')) throw new Error(`${at}: name "${fullName}" does not start with the factory name "${factoryName}/".`);
      name = fullName.slice(factoryName.length + 1);
    }
    const dependsOn: string[] = [];
    for (const d of r.dependsOn ?? []) {
      const id = String(evaluateArmValue(d, scope));
      dependsOn.push(idToKey(id, factoryName) ?? id);
    }
    resources.push({ key: resourceKey(kind, name), type, kind, name, apiVersion: r.apiVersion, properties: evaluateArmValue(r.properties ?? {}, scope), dependsOn });
  }
  return { factoryName, parameters: decls, resources, deployments };
}

/**
 * Reads a template file (and its parameters file, when given). A master template's linked templates
 * (`ArmTemplate_N.json` beside it) are read and their resources included, with the parameter values
 * the master passes to each.
 */
export async function readResolvedTemplate(templateFile: string, parametersFile?: string): Promise<ResolvedTemplate> {
  const template = await readJson(templateFile);
  const parameterValues = parametersFile ? parameterFileValues(await readJson(parametersFile)) : undefined;
  const top = resolveTemplateObject(template, parameterValues ?? {}, templateFile);
  const files = [templateFile, ...(parametersFile ? [parametersFile] : [])];
  const resources = [...top.resources];
  for (const d of top.deployments) {
    const base = /([^/\\?]+\.json)/i.exec(d.uri)?.[1];
    if (!base) throw new Error(`${templateFile}: deployment "${d.name}" links to "${d.uri}", which names no template file.`);
    const partFile = path.join(path.dirname(templateFile), base);
    const part = resolveTemplateObject(await readJson(partFile), d.parameters, partFile);
    files.push(partFile);
    resources.push(...part.resources);
  }
  return { factoryName: top.factoryName, parameters: top.parameters, parameterValues, resources, files };
}
