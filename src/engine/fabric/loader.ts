/**
 * Reading a Microsoft Fabric workspace kept in git (Fabric's git-integration layout) into the engine's factory
 * model, so validation, local runs, the graph, tests and reports work on it as on an ADF factory.
 *
 *   <workspace>/
 *     Load orders.DataPipeline/   pipeline-content.json ({"properties": {...}}) and .platform (metadata, logicalId)
 *     Sales/Child.DataPipeline/   Fabric folders are real directories
 *     Settings.VariableLibrary/   variables.json, valueSets/<name>.json, settings.json, .platform
 *
 * Mapping: each DataPipeline item becomes a pipeline named by its display name; inline `datasetSettings` become
 * derived datasets (named `<pipeline>__<activity>__<site>`) referenced as ADF would; connection ids and inline
 * linked services become derived linked services (named by the connection id / linked service name) which the
 * local connections file fills in. Child pipeline references stay as written (a legacy ExecutePipeline's
 * referenceName and InvokePipeline's pipelineId are item ids, resolved through `factory.fabric.pipelineIds`), so
 * activity inputs show what the item says. The files may come from memory (`files`: the Fabric emulator's item
 * definitions in this layout) instead of the disk. Never throws on bad input:
 * problems become diagnostics naming the file and position.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseJsonDocument, rangeAt, type JsonDocument } from '../json';
import type { Diagnostic } from '../diagnostics';
import { FabricCodes, severityOf } from '../codes';
import { RESOURCE_KINDS, isFabricPipelineFolder, resourceFromText, resourceWithJson, type Factory, type FabricItem, type FabricVariableLibrary, type FabricWorkspaceInfo, type Resource } from '../model';
import { decodeFabricText } from './text';
import { DATASET_SETTINGS_SITES, LOCATION_CONNECTION_TYPES } from './differences';
import { libraryValues } from './libraries';

const ITEM_DIR = /^(.+)\.([A-Za-z][A-Za-z0-9]*)$/;
/** Item types recognised even without a .platform file. */
const KNOWN_ITEM_TYPES = new Set(['DataPipeline', 'VariableLibrary', 'Notebook', 'Lakehouse', 'Warehouse', 'Dataflow', 'SemanticModel', 'Report', 'SparkJobDefinition', 'KQLDatabase', 'Eventhouse', 'Environment', 'CopyJob']);
const SKIP_DIRS = new Set(['node_modules', '.git', '.adf', 'dist', 'out', '.vscode-test']);
const MAX_DEPTH = 8;

export interface FabricLoadOptions {
  /** The value set of the variable libraries to use (a stage); the default values when absent. */
  valueSet?: string;
  /**
   * The workspace's files in memory (absolute path under the root → bytes), read instead of the disk: a service's
   * item definitions laid out as the git layout (the Fabric emulator).
   */
  files?: ReadonlyMap<string, Uint8Array>;
  /** Value sets active in single libraries (lower-cased library name → value set), before `valueSet`. */
  activeValueSets?: ReadonlyMap<string, string>;
  /**
   * A library without the value set: an error (`error`, the default: a run asked for a stage that is not there),
   * or a warning and the library's default values (`defaults`: a choice remembered by the editor whose file was
   * renamed or deleted since). With `defaults`, a value set no library has is dropped (`fabric.missingValueSet`).
   */
  missingValueSet?: 'error' | 'defaults';
}

type DirEntry = { name: string; isDirectory(): boolean; isFile(): boolean };

/** The in-memory files of the load in progress, when it reads from memory (see FabricLoadOptions.files). */
const memoryFiles = new AsyncLocalStorage<ReadonlyMap<string, Uint8Array>>();

function memoryDir(files: ReadonlyMap<string, Uint8Array>, dir: string): DirEntry[] {
  const prefix = path.resolve(dir) + path.sep;
  const kinds = new Map<string, boolean>();
  for (const file of files.keys()) {
    if (!file.startsWith(prefix)) continue;
    const [name, ...rest] = file.slice(prefix.length).split(path.sep);
    kinds.set(name, (kinds.get(name) ?? false) || rest.length > 0);
  }
  return [...kinds].map(([name, isDir]) => ({ name, isDirectory: () => isDir, isFile: () => !isDir }));
}

async function listDir(dir: string): Promise<DirEntry[]> {
  const mem = memoryFiles.getStore();
  if (mem) return memoryDir(mem, dir);
  try {
    return await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

async function readBytes(file: string): Promise<Uint8Array> {
  const mem = memoryFiles.getStore();
  if (!mem) return fs.readFile(file);
  const bytes = mem.get(path.resolve(file));
  if (!bytes) throw Object.assign(new Error(`ENOENT: no such file, open '${file}'`), { code: 'ENOENT' });
  return bytes;
}

function itemDirMatch(name: string): { displayName: string; type: string } | undefined {
  const m = ITEM_DIR.exec(name);
  return m ? { displayName: m[1], type: m[2] } : undefined;
}

/**
 * A pipeline item in a folder without the `.DataPipeline` suffix, as older exports and other tools keep them
 * (`pipeline-content.json` beside `.platform` or `item.metadata.json`, whose type may read "Pipeline").
 */
function isPlainPipelineFolder(files: { name: string; isFile(): boolean }[]): boolean {
  return isFabricPipelineFolder(files.filter((f) => f.isFile()).map((f) => f.name));
}

/** Whether a folder directly holds a Fabric item folder (`X.DataPipeline/`, any `X.Type/` with a .platform, or a plain pipeline folder). */
async function holdsItems(dir: string): Promise<boolean> {
  for (const e of await listDir(dir)) {
    if (!e.isDirectory() || SKIP_DIRS.has(e.name) || e.name.startsWith('.')) continue;
    const m = itemDirMatch(e.name);
    const files = await listDir(path.join(dir, e.name));
    if (m && (m.type === 'DataPipeline' || m.type === 'VariableLibrary')) return true;
    if (m && files.some((f) => f.isFile() && f.name === '.platform')) return true;
    if (isPlainPipelineFolder(files)) return true;
  }
  return false;
}

/** Whether `dir` is a Fabric workspace folder: it holds DataPipeline items, directly or in Fabric folders, and no ADF folders. */
export async function isFabricWorkspace(dir: string): Promise<boolean> {
  const entries = await listDir(dir);
  for (const e of entries) {
    if (e.isDirectory() && (RESOURCE_KINDS as readonly string[]).includes(e.name) && !isPlainPipelineFolder(await listDir(path.join(dir, e.name)))) return false;
  }
  let found = false;
  await walkItems(path.resolve(dir), [], 0, (item) => {
    if (item.type === 'DataPipeline') found = true;
  });
  return found;
}

/** Fabric workspace folders under `dir` (inclusive): folders that directly hold item folders. Bounded depth. */
export async function discoverFabricWorkspaces(dir: string, maxDepth = MAX_DEPTH): Promise<string[]> {
  const out: string[] = [];
  async function walk(d: string, depth: number): Promise<void> {
    if (await holdsItems(d)) {
      out.push(d);
      return;
    }
    if (depth >= maxDepth) return;
    for (const e of await listDir(d)) {
      if (!e.isDirectory() || SKIP_DIRS.has(e.name) || e.name.startsWith('.') || (RESOURCE_KINDS as readonly string[]).includes(e.name)) continue;
      await walk(path.join(d, e.name), depth + 1);
    }
  }
  await walk(path.resolve(dir), 0);
  return out.sort();
}

async function walkItems(dir: string, folder: string[], depth: number, visit: (item: { dir: string; folder: string[]; type: string; displayName: string }) => void): Promise<void> {
  for (const e of (await listDir(dir)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (!e.isDirectory() || SKIP_DIRS.has(e.name) || e.name.startsWith('.')) continue;
    const full = path.join(dir, e.name);
    const m = itemDirMatch(e.name);
    const files = await listDir(full);
    const isItem = m && (KNOWN_ITEM_TYPES.has(m.type) || files.some((f) => f.isFile() && f.name === '.platform'));
    if (m && isItem) visit({ dir: full, folder, type: m.type, displayName: m.displayName });
    else if (isPlainPipelineFolder(files)) visit({ dir: full, folder, type: 'DataPipeline', displayName: e.name });
    else if (depth < MAX_DEPTH) await walkItems(full, [...folder, e.name], depth + 1, visit);
  }
}

/** Reads and decodes a file; undefined when it does not exist. */
async function readText(file: string): Promise<{ text: string } | { error: string } | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await readBytes(file);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : { error: (e as Error).message };
  }
  return { text: decodeFabricText(bytes).text };
}

function diag(file: string, code: string, message: string, range: { offset: number; length: number } = { offset: 0, length: 1 }, source: Diagnostic['source'] = 'semantic'): Diagnostic {
  return { file, offset: range.offset, length: range.length, severity: severityOf(code), code, source, message };
}

function isObject(v: unknown): v is Record<string, any> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** JSON diagnostics of a parsed document, with a line:column and the fix in the message. */
function jsonProblems(doc: JsonDocument, what: string): Diagnostic[] {
  return doc.diagnostics.map((d) => withPosition(d, doc.text, what));
}

function withPosition(d: Diagnostic, text: string, what: string): Diagnostic {
  const before = text.slice(0, d.offset).split('\n');
  return { ...d, message: `${what} is not valid JSON at line ${before.length}, column ${before[before.length - 1].length + 1}: ${d.message} Fix the file (Fabric writes plain JSON).` };
}

interface PlatformInfo {
  type?: string;
  displayName?: string;
  logicalId?: string;
}

async function readPlatform(itemDir: string, folderLabel: string, diagnostics: Diagnostic[]): Promise<PlatformInfo | undefined> {
  const file = path.join(itemDir, '.platform');
  const read = await readText(file);
  if (!read) return readV1Metadata(itemDir, folderLabel, diagnostics);
  if ('error' in read) {
    diagnostics.push(diag(file, FabricCodes.badPlatform, `.platform of "${folderLabel}": cannot read the file: ${read.error}`));
    return {};
  }
  const doc = parseJsonDocument(file, read.text);
  if (doc.diagnostics.some((d) => d.severity === 'error') || !isObject(doc.value)) {
    const probs = jsonProblems(doc, `.platform of "${folderLabel}"`);
    diagnostics.push(...(probs.length ? probs.map((p) => ({ ...p, code: FabricCodes.badPlatform, severity: severityOf(FabricCodes.badPlatform) })) : [diag(file, FabricCodes.badPlatform, `.platform of "${folderLabel}": expected an object {"metadata": {...}, "config": {...}}.`)]));
    return {};
  }
  const v = doc.value as Record<string, any>;
  const meta = isObject(v.metadata) ? v.metadata : undefined;
  const config = isObject(v.config) ? v.config : undefined;
  if (!meta) diagnostics.push(diag(file, FabricCodes.badPlatform, `.platform of "${folderLabel}": no "metadata" object; expected {"metadata": {"type": "DataPipeline", "displayName": "..."}, "config": {"logicalId": "..."}}.`, rangeAt(doc, ['metadata'])));
  return {
    type: typeof meta?.type === 'string' ? meta.type : undefined,
    displayName: typeof meta?.displayName === 'string' && meta.displayName ? meta.displayName : undefined,
    logicalId: typeof config?.logicalId === 'string' && config.logicalId ? config.logicalId : undefined,
  };
}

/**
 * The first version of the git format: `item.metadata.json` ({type, displayName}) and `item.config.json`
 * ({version, logicalId}) instead of `.platform`.
 */
async function readV1Metadata(itemDir: string, folderLabel: string, diagnostics: Diagnostic[]): Promise<PlatformInfo | undefined> {
  const metaFile = path.join(itemDir, 'item.metadata.json');
  const meta = await readText(metaFile);
  if (!meta) return undefined;
  const parse = (file: string, text: string): Record<string, any> | undefined => {
    const doc = parseJsonDocument(file, text);
    if (doc.diagnostics.some((d) => d.severity === 'error') || !isObject(doc.value)) {
      const probs = jsonProblems(doc, `${path.basename(file)} of "${folderLabel}"`);
      diagnostics.push(...(probs.length ? probs.map((p) => ({ ...p, code: FabricCodes.badPlatform, severity: severityOf(FabricCodes.badPlatform) })) : [diag(file, FabricCodes.badPlatform, `${path.basename(file)} of "${folderLabel}": expected a JSON object.`)]));
      return undefined;
    }
    return doc.value as Record<string, any>;
  };
  if ('error' in meta) {
    diagnostics.push(diag(metaFile, FabricCodes.badPlatform, `item.metadata.json of "${folderLabel}": cannot read the file: ${meta.error}`));
    return {};
  }
  const m = parse(metaFile, meta.text) ?? {};
  const configFile = path.join(itemDir, 'item.config.json');
  const config = await readText(configFile);
  const c = config && 'text' in config ? (parse(configFile, config.text) ?? {}) : {};
  return {
    type: typeof m.type === 'string' ? m.type : undefined,
    displayName: typeof m.displayName === 'string' && m.displayName ? m.displayName : undefined,
    logicalId: typeof c.logicalId === 'string' && c.logicalId ? c.logicalId : undefined,
  };
}

/** Loads a Fabric workspace folder (or its files in memory, `opts.files`) as a factory (see the module comment). */
export function loadFabricWorkspace(root: string, opts: FabricLoadOptions = {}): Promise<Factory> {
  return opts.files ? memoryFiles.run(opts.files, () => loadWorkspace(root, opts)) : loadWorkspace(root, opts);
}

async function loadWorkspace(root: string, opts: FabricLoadOptions): Promise<Factory> {
  const abs = path.resolve(root);
  const resources = Object.fromEntries(RESOURCE_KINDS.map((k) => [k, new Map<string, Resource>()])) as Factory['resources'];
  const diagnostics: Diagnostic[] = [];
  const found: { dir: string; folder: string[]; type: string; displayName: string }[] = [];
  await walkItems(abs, [], 0, (i) => found.push(i));
  const items: FabricItem[] = [];
  const info: FabricWorkspaceInfo = { items, libraries: [], valueSet: opts.valueSet, pipelineIds: new Map(), connectionUses: [], libraryValues: new Map() };
  const pipelines: { item: FabricItem; resource: Resource; props: Record<string, any> }[] = [];
  for (const f of found) {
    const label = path.relative(abs, f.dir) || path.basename(f.dir);
    const platform = await readPlatform(f.dir, label, diagnostics);
    const item: FabricItem = { type: platform?.type ?? f.type, displayName: platform?.displayName ?? f.displayName, logicalId: platform?.logicalId, dir: f.dir, folder: f.folder, platformFile: platform ? path.join(f.dir, '.platform') : undefined };
    // Fabric's V1 format wrote "type": "DataPipeline" too; an item folder's own suffix decides when metadata is vague.
    if (item.type !== f.type && (f.type === 'DataPipeline' || f.type === 'VariableLibrary')) item.type = f.type;
    items.push(item);
    if (item.type === 'DataPipeline') {
      const file = path.join(f.dir, 'pipeline-content.json');
      const read = await readText(file);
      if (!platform) diagnostics.push(diag(read && 'text' in read ? file : f.dir, FabricCodes.missingPlatform, `The item folder "${label}" has no .platform file: its display name is taken from the folder name ("${item.displayName}") and no logicalId reaches it. Commit the .platform file Fabric wrote.`));
      if (!read) {
        diagnostics.push(diag(platform ? path.join(f.dir, '.platform') : f.dir, FabricCodes.missingContent, `The pipeline item "${label}" has no pipeline-content.json; the pipeline is not loaded. Restore the file (Fabric writes it beside .platform).`));
        continue;
      }
      if ('error' in read) {
        diagnostics.push(diag(file, FabricCodes.missingContent, `Cannot read ${label}/pipeline-content.json: ${read.error}`));
        continue;
      }
      const parsed = resourceFromText('pipeline', file, read.text);
      diagnostics.push(...parsed.diagnostics.map((d) => (d.source === 'json' && d.severity === 'error' ? withPosition(d, read.text, `${label}/pipeline-content.json`) : d)));
      if (!parsed.resource) continue;
      const props = isObject(parsed.resource.json?.properties) ? structuredClone(parsed.resource.json!.properties as Record<string, any>) : {};
      const res = resourceWithJson(parsed.resource, { name: item.displayName, properties: props });
      res.nameFromFile = false;
      res.folder = [...f.folder];
      const existing = [...resources.pipeline.values()].find((r) => r.name.toLowerCase() === item.displayName.toLowerCase());
      if (existing) {
        diagnostics.push(diag(file, FabricCodes.duplicateItem, `Duplicate DataPipeline "${item.displayName}": also defined in ${path.relative(abs, path.dirname(existing.file))}. Display names are unique per item type in a workspace; rename one.`));
        continue;
      }
      resources.pipeline.set(item.displayName, res);
      pipelines.push({ item, resource: res, props });
      for (const id of [item.logicalId, f.displayName].filter((x): x is string => !!x)) {
        const prev = info.pipelineIds.get(id.toLowerCase());
        if (prev && prev !== item.displayName && id === item.logicalId) diagnostics.push(diag(path.join(f.dir, '.platform'), FabricCodes.duplicateItem, `Duplicate DataPipeline logicalId "${id}": also used by "${prev}". Each item has its own logicalId; give one of them a new GUID.`));
        else if (!prev) info.pipelineIds.set(id.toLowerCase(), item.displayName);
      }
    } else if (item.type === 'VariableLibrary') {
      const lib = await readVariableLibrary(item, diagnostics);
      const active = opts.activeValueSets?.get(item.displayName.toLowerCase());
      if (lib && active) lib.activeValueSet = active;
      if (lib) info.libraries.push(lib);
    }
  }
  if (opts.valueSet) checkValueSet(opts.valueSet, opts.missingValueSet ?? 'error', info, diagnostics);
  for (const p of pipelines) mapPipeline(p.resource, p.props, resources, info);
  for (const p of pipelines) info.libraryValues.set(p.resource.name, libraryValues(p.props, info));
  const factory: Factory = { root: abs, name: path.basename(abs), resources, diagnostics, ignoredFiles: [], fabric: info };
  return factory;
}

/** Reports the libraries without the value set; with `defaults`, a value set no library has is dropped. */
function checkValueSet(valueSet: string, mode: 'error' | 'defaults', info: FabricWorkspaceInfo, diagnostics: Diagnostic[]): void {
  const lower = valueSet.toLowerCase();
  // A library with its own active value set (the Fabric emulator's) does not take the workspace-wide one.
  const without = info.libraries.filter((lib) => !lib.activeValueSet && !lib.valueSets.some((s) => s.name.toLowerCase() === lower));
  for (const lib of without) {
    const sets = lib.valueSets.map((s) => s.name).join(', ') || 'none';
    const file = path.join(lib.dir, 'variables.json');
    if (mode === 'error') diagnostics.push(diag(file, FabricCodes.unknownValueSet, `Value set "${valueSet}" does not exist in variable library "${lib.name}" (value sets: ${sets}). Add valueSets/${valueSet}.json or choose another value set.`));
    else diagnostics.push(diag(file, FabricCodes.valueSetFallback, `Value set "${valueSet}" is not in variable library "${lib.name}" (${path.join(path.basename(lib.dir), 'valueSets')} has no ${valueSet}.json; value sets: ${sets}): its default values are used. Choose another value set (Select Variable Library Value Set) or restore the file.`));
  }
  if (mode === 'defaults' && without.length === info.libraries.length) {
    info.valueSet = undefined;
    info.missingValueSet = valueSet;
  }
}

async function readJsonFile(file: string, label: string, diagnostics: Diagnostic[]): Promise<{ doc: JsonDocument; value: Record<string, any> } | undefined> {
  const read = await readText(file);
  if (!read) return undefined;
  if ('error' in read) {
    diagnostics.push(diag(file, FabricCodes.badVariableLibrary, `Variable library "${label}": cannot read ${path.basename(file)}: ${read.error}`));
    return undefined;
  }
  const doc = parseJsonDocument(file, read.text);
  if (doc.diagnostics.some((d) => d.severity === 'error') || !isObject(doc.value)) {
    const probs = jsonProblems(doc, `${path.basename(file)} of variable library "${label}"`);
    diagnostics.push(...(probs.length ? probs : [diag(file, FabricCodes.badVariableLibrary, `Variable library "${label}": ${path.basename(file)} must be a JSON object.`)]));
    return undefined;
  }
  return { doc, value: doc.value as Record<string, any> };
}

async function readVariableLibrary(item: FabricItem, diagnostics: Diagnostic[]): Promise<FabricVariableLibrary | undefined> {
  const name = item.displayName;
  const varsFile = path.join(item.dir, 'variables.json');
  const vars = await readJsonFile(varsFile, name, diagnostics);
  if (!vars) {
    if (!(await readText(varsFile))) diagnostics.push(diag(item.platformFile ?? item.dir, FabricCodes.badVariableLibrary, `Variable library "${name}": variables.json is missing. Restore it (Fabric writes {"variables": [{"name", "type", "value"}]}).`));
    return undefined;
  }
  const lib: FabricVariableLibrary = { name, dir: item.dir, variables: [], valueSets: [] };
  const list = vars.value.variables;
  if (!Array.isArray(list)) {
    diagnostics.push(diag(varsFile, FabricCodes.badVariableLibrary, `Variable library "${name}": "variables" must be an array of {"name", "type", "value"}.`, rangeAt(vars.doc, ['variables'])));
    return lib;
  }
  list.forEach((v: unknown, i: number) => {
    const r = rangeAt(vars.doc, ['variables', i]);
    if (!isObject(v) || typeof v.name !== 'string' || !v.name || typeof v.type !== 'string' || !('value' in v)) {
      diagnostics.push(diag(varsFile, FabricCodes.badVariableLibrary, `Variable library "${name}": variables[${i}] needs "name", "type" and "value".`, r));
      return;
    }
    lib.variables.push({ name: v.name, type: v.type, value: v.value, file: varsFile, ...r });
  });
  const setsDir = path.join(item.dir, 'valueSets');
  for (const e of (await listDir(setsDir)).filter((x) => x.isFile() && /\.json$/i.test(x.name)).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const file = path.join(setsDir, e.name);
    const set = await readJsonFile(file, name, diagnostics);
    if (!set) continue;
    const setName = typeof set.value.name === 'string' && set.value.name ? set.value.name : e.name.replace(/\.json$/i, '');
    const overrides: Record<string, unknown> = {};
    const ov = set.value.variableOverrides;
    if (ov !== undefined && !Array.isArray(ov)) diagnostics.push(diag(file, FabricCodes.badVariableLibrary, `Variable library "${name}": value set "${setName}" must have "variableOverrides": [{"name", "value"}].`, rangeAt(set.doc, ['variableOverrides'])));
    (Array.isArray(ov) ? ov : []).forEach((o: unknown, i: number) => {
      if (!isObject(o) || typeof o.name !== 'string' || !('value' in o)) {
        diagnostics.push(diag(file, FabricCodes.badVariableLibrary, `Variable library "${name}": variableOverrides[${i}] of value set "${setName}" needs "name" and "value".`, rangeAt(set.doc, ['variableOverrides', i])));
        return;
      }
      if (!lib.variables.some((v) => v.name.toLowerCase() === (o.name as string).toLowerCase())) {
        diagnostics.push(diag(file, FabricCodes.badVariableLibrary, `Variable library "${name}": value set "${setName}" overrides "${o.name}", which variables.json does not declare.`, rangeAt(set.doc, ['variableOverrides', i, 'name'])));
      }
      overrides[o.name] = o.value;
    });
    const description = typeof set.value.description === 'string' && set.value.description ? set.value.description : undefined;
    lib.valueSets.push({ name: setName, file, overrides, ...(description ? { description } : {}) });
  }
  const settings = await readJsonFile(path.join(item.dir, 'settings.json'), name, diagnostics);
  if (settings && Array.isArray(settings.value.valueSetsOrder)) lib.valueSetsOrder = settings.value.valueSetsOrder.filter((x: unknown): x is string => typeof x === 'string');
  return lib;
}

/** Walks a pipeline's activities (containers included) with their JSON paths. */
function eachActivity(list: unknown, at: (string | number)[], visit: (a: Record<string, any>, p: (string | number)[]) => void): void {
  if (!Array.isArray(list)) return;
  list.forEach((a, i) => {
    if (!isObject(a)) return;
    const p = [...at, i];
    visit(a, p);
    const tp = a.typeProperties;
    if (!isObject(tp)) return;
    for (const k of ['activities', 'ifTrueActivities', 'ifFalseActivities', 'defaultActivities']) eachActivity(tp[k], [...p, 'typeProperties', k], visit);
    if (Array.isArray(tp.cases)) tp.cases.forEach((c: unknown, ci: number) => isObject(c) && eachActivity(c.activities, [...p, 'typeProperties', 'cases', ci, 'activities'], visit));
  });
}

function getAt(obj: unknown, keys: readonly (string | number)[]): unknown {
  let v: any = obj;
  for (const k of keys) v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined;
  return v;
}

/** Rewrites one pipeline's Fabric references into the model's (datasets, linked services, pipeline names). */
function mapPipeline(res: Resource, props: Record<string, any>, resources: Factory['resources'], info: FabricWorkspaceInfo): void {
  const pipeline = res.name;
  eachActivity(props.activities, ['properties', 'activities'], (a, p) => {
    const type = String(a.type ?? '');
    const conn = getAt(a, ['externalReferences', 'connection']);
    // InvokePipeline's connection authorises the call in Fabric; local child runs need none.
    if (typeof conn === 'string' && conn && type.toLowerCase() !== 'invokepipeline') info.connectionUses.push({ connectionId: conn, pipeline, path: [...p, 'externalReferences', 'connection'] });
    for (const site of DATASET_SETTINGS_SITES) {
      if (site.type.toLowerCase() !== type.toLowerCase()) continue;
      const settings = getAt(a, site.settings);
      if (!isObject(settings)) continue;
      const siteName = site.settings[site.settings.length - 2] === 'typeProperties' ? 'dataset' : String(site.settings[site.settings.length - 2]);
      const dsName = `${pipeline}__${a.name}__${siteName}`;
      const settingsPath = [...p, ...site.settings];
      const lsName = linkedServiceFor(settings, pipeline, settingsPath, resources, info, res);
      const { externalReferences: _x, linkedService: _l, ...dsProps } = settings;
      const dsJson = { name: dsName, properties: { ...dsProps, ...(lsName ? { linkedServiceName: { referenceName: lsName, type: 'LinkedServiceReference' } } : {}) } };
      const ds = resourceWithJson(res, dsJson);
      ds.kind = 'dataset';
      ds.type = typeof dsProps.type === 'string' ? dsProps.type : undefined;
      ds.folder = [];
      ds.description = undefined;
      ds.derived = { from: 'datasetSettings', pipeline, path: settingsPath };
      resources.dataset.set(dsName, ds);
      const ref = { referenceName: dsName, type: 'DatasetReference' };
      if (site.reference[0] === 'typeProperties') a.typeProperties.dataset = ref;
      else {
        const list = Array.isArray(a[site.reference[0]]) ? a[site.reference[0]] : (a[site.reference[0]] = []);
        list[site.reference[1]] = ref;
      }
    }
    // Settings that name a store beside the datasets (fault-tolerance redirect, session log, staging) take the
    // connection the same way: the model adds a linkedServiceName to the derived linked service (the
    // Fabric properties stay, so the activity's input is what Fabric shows).
    for (const at of NESTED_CONNECTION_SITES) {
      const settings = getAt(a, at);
      if (!isObject(settings) || settings.linkedServiceName !== undefined) continue;
      const lsName = linkedServiceFor(settings, pipeline, [...p, ...at], resources, info, res);
      if (!lsName) continue;
      settings.linkedServiceName = { referenceName: lsName, type: 'LinkedServiceReference' };
    }
  });
}

const NESTED_CONNECTION_SITES: readonly (readonly string[])[] = [
  ['typeProperties', 'redirectIncompatibleRowSettings'],
  ['typeProperties', 'logSettings', 'logLocationSettings'],
  ['typeProperties', 'logStorageSettings'],
  ['typeProperties', 'stagingSettings'],
];

/** The derived linked service of inline dataset settings: a connection id, or an inline linked service (Lakehouse). */
function linkedServiceFor(settings: Record<string, any>, pipeline: string, at: (string | number)[], resources: Factory['resources'], info: FabricWorkspaceInfo, res: Resource): string | undefined {
  const locationType = getAt(settings, ['typeProperties', 'location', 'type']);
  const guessType = typeof locationType === 'string' ? LOCATION_CONNECTION_TYPES[locationType] : undefined;
  const conn = getAt(settings, ['externalReferences', 'connection']);
  if (typeof conn === 'string' && conn) {
    info.connectionUses.push({ connectionId: conn, pipeline, path: [...at, 'externalReferences', 'connection'] });
    if (!resources.linkedService.has(conn)) {
      const ls = resourceWithJson(res, { name: conn, properties: { type: guessType ?? 'FabricConnection', typeProperties: {} } });
      ls.kind = 'linkedService';
      ls.type = guessType ?? 'FabricConnection';
      ls.folder = [];
      ls.description = undefined;
      ls.derived = { from: 'connection', pipeline, path: [...at, 'externalReferences', 'connection'], connectionId: conn };
      resources.linkedService.set(conn, ls);
    }
    return conn;
  }
  const inline = settings.linkedService;
  if (isObject(inline) && typeof inline.name === 'string' && inline.name) {
    info.connectionUses.push({ connectionId: inline.name, pipeline, path: [...at, 'linkedService', 'name'] });
    if (!resources.linkedService.has(inline.name)) {
      const p = isObject(inline.properties) ? inline.properties : {};
      const ls = resourceWithJson(res, { name: inline.name, properties: { ...p, type: typeof p.type === 'string' ? p.type : (guessType ?? 'FabricConnection'), typeProperties: isObject(p.typeProperties) ? p.typeProperties : {} } });
      ls.kind = 'linkedService';
      ls.type = String(ls.properties.type);
      ls.folder = [];
      ls.description = undefined;
      ls.derived = { from: 'connection', pipeline, path: [...at, 'linkedService'], connectionId: inline.name };
      resources.linkedService.set(inline.name, ls);
    }
    return inline.name;
  }
  return undefined;
}
