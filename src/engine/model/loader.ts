/**
 * Factory discovery and loading. Pure Node (fs only); never throws on bad input:
 * every problem becomes a diagnostic on the factory.
 */
import * as path from 'node:path';
import { parseJsonDocument, rangeAt } from '../json';
import { LineIndex } from '../json';
import type { Diagnostic } from '../diagnostics';
import { formatMessage, JsonCodes, SemanticCodes, severityOf } from '../codes';
import { RESOURCE_KINDS, type Factory, type FactoryRef, type Resource, type ResourceKind } from './types';
import { nodeFileHost, type FileHost } from './host';

const KIND_SET = new Set<string>(RESOURCE_KINDS);
/** Kinds whose files are resources only when they have `properties` (factory/global parameter/VNet files may omit it). */
const PROPERTIES_REQUIRED = new Set<ResourceKind>(['pipeline', 'dataset', 'linkedService', 'dataflow', 'trigger', 'integrationRuntime', 'credential']);
const SKIP_DIRS = new Set(['node_modules', '.git', '.adf', 'dist', 'out', '.vscode-test']);

/**
 * Whether a folder's files make it a Microsoft Fabric pipeline item rather than an ADF resource folder: it holds
 * Fabric's `pipeline-content.json` with the item's metadata (`.platform`, or the first format's
 * `item.metadata.json`). Older exports keep such an item in a plain folder, sometimes one named `pipeline/`.
 */
export function isFabricPipelineFolder(fileNames: readonly string[]): boolean {
  return fileNames.includes('pipeline-content.json') && (fileNames.includes('.platform') || fileNames.includes('item.metadata.json'));
}

/** Folders under `dir` (inclusive) that look like ADF factory roots. Bounded depth. */
export async function discoverFactories(dir: string, maxDepth = 8, host: FileHost = nodeFileHost): Promise<FactoryRef[]> {
  const found: FactoryRef[] = [];
  async function walk(d: string, depth: number): Promise<void> {
    let entries: Awaited<ReturnType<FileHost['readDirectory']>>;
    try {
      entries = await host.readDirectory(d);
    } catch {
      return;
    }
    const kinds: ResourceKind[] = [];
    for (const e of entries) {
      if (!e.isDirectory() || !KIND_SET.has(e.name)) continue;
      const files = await host.readDirectory(path.join(d, e.name)).catch(() => []);
      if (!isFabricPipelineFolder(files.filter((f) => !f.isDirectory()).map((f) => f.name))) kinds.push(e.name as ResourceKind);
    }
    if (kinds.length) found.push({ root: d, kinds: RESOURCE_KINDS.filter((k) => kinds.includes(k)) });
    if (depth >= maxDepth) return;
    for (const e of entries) {
      if (!e.isDirectory() || SKIP_DIRS.has(e.name) || KIND_SET.has(e.name) || e.name.startsWith('.')) continue;
      await walk(path.join(d, e.name), depth + 1);
    }
  }
  const abs = path.resolve(dir);
  await walk(abs, 0);
  return found.sort((a, b) => a.root.localeCompare(b.root));
}

function emptyResources(): Factory['resources'] {
  return Object.fromEntries(RESOURCE_KINDS.map((k) => [k, new Map<string, Resource>()])) as Factory['resources'];
}

/** Deepest JSON nesting the loader accepts (objects and arrays). */
export const MAX_JSON_DEPTH = 1000;

/** Offset where nesting first exceeds `max` levels (strings and comments skipped), or -1. */
export function nestingBeyond(text: string, max: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34 || d === 10) break;
      }
    } else if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === 123 || c === 91) {
      if (++depth > max) return i;
    } else if (c === 125 || c === 93) depth--;
  }
  return -1;
}

/** Builds a Resource from a file's text. Returns the resource (if it is one) and its diagnostics. */
export function resourceFromText(kind: ResourceKind, file: string, text: string): { resource?: Resource; diagnostics: Diagnostic[] } {
  const deep = nestingBeyond(text, MAX_JSON_DEPTH);
  if (deep >= 0) {
    // Parsing would exhaust the stack; no real resource comes near this depth.
    const d: Diagnostic = { file, offset: deep, length: 1, severity: severityOf(JsonCodes.tooDeep), code: JsonCodes.tooDeep, source: 'json', message: formatMessage(JsonCodes.tooDeep, { max: MAX_JSON_DEPTH }) };
    const doc: Resource['doc'] = { file, text, root: undefined, value: undefined, diagnostics: [d], lines: new LineIndex(text) };
    return { resource: makeResource(kind, file, doc, undefined, path.basename(file).replace(/\.json!?$/i, ''), true), diagnostics: [d] };
  }
  const doc = parseJsonDocument(file, text);
  const diagnostics = [...doc.diagnostics];
  const v = doc.value;
  const base = path.basename(file).replace(/\.json!?$/i, '');
  if (v === undefined && doc.diagnostics.length) {
    // Still register a resource named after the file so references resolve and the tree shows it.
    return { resource: makeResource(kind, file, doc, undefined, base, true), diagnostics };
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    diagnostics.push({ file, offset: 0, length: Math.max(1, Math.min(text.length, 1)), severity: severityOf(JsonCodes.notResource), code: JsonCodes.notResource, source: 'json', message: formatMessage(JsonCodes.notResource, { reason: 'expected an object like {"name": ..., "properties": {...}}' }) });
    return { diagnostics };
  }
  const obj = v as Record<string, unknown>;
  let name = base;
  let nameFromFile = true;
  if (typeof obj.name === 'string' && obj.name.length) {
    name = obj.name;
    nameFromFile = false;
  } else if (!('properties' in obj) && kind !== 'globalParameters') {
    diagnostics.push({ file, offset: 0, length: 1, severity: severityOf(JsonCodes.notResource), code: JsonCodes.notResource, source: 'json', message: formatMessage(JsonCodes.notResource, { reason: 'no "name" and no "properties"' }) });
    return { diagnostics };
  }
  if (!('properties' in obj) && PROPERTIES_REQUIRED.has(kind)) {
    // e.g. a manifest or settings file that happens to have a "name" (stray JSON in an ADF folder).
    diagnostics.push({ file, offset: 0, length: 1, severity: severityOf(JsonCodes.notResource), code: JsonCodes.notResource, source: 'json', message: formatMessage(JsonCodes.notResource, { kind }, 'noProperties') });
    return { diagnostics };
  }
  if (!nameFromFile && kind !== 'factory' && kind !== 'globalParameters' && name !== base && base.toLowerCase() !== name.toLowerCase()) {
    const r = rangeAt(doc, ['name']);
    diagnostics.push({ file, ...r, severity: severityOf(JsonCodes.nameMismatch), code: JsonCodes.nameMismatch, source: 'json', message: formatMessage(JsonCodes.nameMismatch, { name, file: path.basename(file) }) });
  }
  return { resource: makeResource(kind, file, doc, obj, name, nameFromFile), diagnostics };
}

/** The same resource with another JSON body (a stage applied, a pulled definition): same file and document. */
export function resourceWithJson(r: Resource, json: Record<string, unknown>): Resource {
  const name = typeof json.name === 'string' && json.name ? json.name : r.name;
  return makeResource(r.kind, r.file, r.doc, json, name, r.nameFromFile && typeof json.name !== 'string');
}

function makeResource(kind: ResourceKind, file: string, doc: Resource['doc'], json: Record<string, unknown> | undefined, name: string, nameFromFile: boolean): Resource {
  const props = json && typeof json.properties === 'object' && json.properties !== null && !Array.isArray(json.properties) ? (json.properties as Record<string, any>) : {};
  const folderName = props.folder && typeof props.folder === 'object' && typeof props.folder.name === 'string' ? (props.folder.name as string) : '';
  return {
    kind,
    name,
    nameFromFile,
    file,
    doc,
    json,
    properties: props,
    type: typeof props.type === 'string' ? props.type : undefined,
    folder: folderName ? folderName.split('/').filter(Boolean) : [],
    description: typeof props.description === 'string' ? props.description : undefined,
  };
}

/**
 * One file of a factory as the loader saw it: a JSON file parsed (its resource, if it is one, and its load
 * diagnostics), a file that could not be read, or a non-JSON file (ignored).
 */
export interface FactoryFile {
  kind: ResourceKind;
  file: string;
  /** Parse result of a JSON file. */
  parsed?: { resource?: Resource; diagnostics: Diagnostic[] };
  /** Why a JSON file could not be read. */
  readError?: string;
}

/**
 * The files behind each factory the loader built, so a file can be replaced later and the factory assembled again
 * exactly as a fresh load of the same texts would (first name wins per kind in load order, later ones are ADF2002
 * duplicates). Factories built by hand have none.
 */
const FILES = Symbol.for('adfw.factoryFiles');
// On the factory itself (not in a module-level map), so every copy of this module in a split bundle finds it.
const filesOfFactory = {
  get: (f: Factory): Map<string, FactoryFile> | undefined => (f as unknown as Record<symbol, Map<string, FactoryFile> | undefined>)[FILES],
  set: (f: Factory, table: Map<string, FactoryFile>): void => void Object.defineProperty(f, FILES, { value: table, enumerable: false, configurable: true }),
};

/** Loads every resource of a factory root, reading through `host` (the disk by default). */
export async function loadFactory(root: string, host: FileHost = nodeFileHost): Promise<Factory> {
  const abs = path.resolve(root);
  const factory: Factory = { root: abs, name: path.basename(abs), resources: emptyResources(), diagnostics: [], ignoredFiles: [] };
  // Files are read concurrently (bounded), then added in a stable order (kind, then file name).
  const files: FactoryFile[] = [];
  const jobs: FactoryFile[] = [];
  for (const kind of RESOURCE_KINDS) {
    const dir = path.join(abs, kind);
    let names: string[];
    try {
      names = (await host.readDirectory(dir)).filter((e) => e.isFile()).map((e) => e.name).sort();
    } catch {
      continue;
    }
    for (const n of names) {
      const entry: FactoryFile = { kind, file: path.join(dir, n) };
      files.push(entry);
      if (/\.json!?$/i.test(n)) jobs.push(entry);
    }
  }
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < jobs.length; i = next++) {
      const job = jobs[i];
      try {
        job.parsed = resourceFromText(job.kind, job.file, await host.readFile(job.file));
      } catch (e) {
        job.readError = (e as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, jobs.length) }, worker));
  const table = new Map(files.map((f) => [f.file, f]));
  filesOfFactory.set(factory, table);
  assemble(factory, table);
  return factory;
}

/** How many files loadFactory reads at once. */
const READ_CONCURRENCY = 16;

const KIND_ORDER = new Map(RESOURCE_KINDS.map((k, i) => [k, i]));

/** Load order: kind, then file name (as loadFactory lists them). */
function loadOrder(a: FactoryFile, b: FactoryFile): number {
  return KIND_ORDER.get(a.kind)! - KIND_ORDER.get(b.kind)! || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
}

/** Rebuilds a factory's resources, load diagnostics, ignored files and name from its files, in load order. */
function assemble(factory: Factory, table: Map<string, FactoryFile>): void {
  const files = [...table.values()].sort(loadOrder);
  for (const k of RESOURCE_KINDS) factory.resources[k].clear();
  factory.diagnostics = [];
  // Non-JSON files first (the listing), then JSON files that are not resources (the parse), as a fresh load does.
  factory.ignoredFiles = files.filter((f) => !f.parsed && f.readError === undefined).map((f) => f.file);
  const byLowerName = Object.fromEntries(RESOURCE_KINDS.map((k) => [k, new Map<string, Resource>()])) as Record<ResourceKind, Map<string, Resource>>;
  for (const f of files) {
    if (f.readError !== undefined) {
      factory.diagnostics.push({ file: f.file, offset: 0, length: 0, severity: severityOf(JsonCodes.unreadable), code: JsonCodes.unreadable, source: 'json', message: formatMessage(JsonCodes.unreadable, { reason: f.readError }) });
    } else if (f.parsed) register(factory, f.kind, f.file, f.parsed, byLowerName[f.kind]);
  }
  const fac = [...factory.resources.factory.values()][0];
  factory.name = fac && !fac.nameFromFile ? fac.name : path.basename(factory.root);
}

/**
 * Adds (or replaces) one file's resource in a factory: the incremental path used by watchers and the editor. A
 * factory from loadFactory is assembled again, so the result equals a fresh load of the same texts.
 */
export function addResourceText(factory: Factory, kind: ResourceKind, file: string, text: string): Resource | undefined {
  const table = filesOfFactory.get(factory);
  const parsed = resourceFromText(kind, file, text);
  if (table) {
    table.set(file, { kind, file, parsed });
    assemble(factory, table);
    return parsed.resource;
  }
  removeResourceFile(factory, file);
  return register(factory, kind, file, parsed);
}

/** Registers a parsed file's resource (no removal of a previous version); a later file of the same name is a duplicate. */
function register(factory: Factory, kind: ResourceKind, file: string, parsed: NonNullable<FactoryFile['parsed']>, byLowerName?: Map<string, Resource>): Resource | undefined {
  const { resource, diagnostics } = parsed;
  factory.diagnostics.push(...diagnostics);
  if (!resource) {
    factory.ignoredFiles.push(file);
    return undefined;
  }
  const map = factory.resources[kind];
  const lower = resource.name.toLowerCase();
  const existing = byLowerName ? byLowerName.get(lower) : [...map.values()].find((r) => r.name.toLowerCase() === lower);
  if (existing) {
    const r = rangeAt(resource.doc, ['name']);
    factory.diagnostics.push({ file, ...r, severity: severityOf(SemanticCodes.duplicateResourceName), code: SemanticCodes.duplicateResourceName, source: 'semantic', message: formatMessage(SemanticCodes.duplicateResourceName, { kind, name: resource.name, file: path.basename(existing.file) }) });
    return resource;
  }
  map.set(resource.name, resource);
  byLowerName?.set(lower, resource);
  return resource;
}

/** Removes whatever a file contributed (resource and load diagnostics). */
export function removeResourceFile(factory: Factory, file: string): void {
  const table = filesOfFactory.get(factory);
  if (table) {
    if (table.delete(file)) assemble(factory, table);
    return;
  }
  for (const kind of RESOURCE_KINDS) {
    for (const [name, r] of factory.resources[kind]) if (r.file === file) factory.resources[kind].delete(name);
  }
  factory.diagnostics = factory.diagnostics.filter((d) => d.file !== file);
  factory.ignoredFiles = factory.ignoredFiles.filter((f) => f !== file);
}

/** Every resource a factory's files define, registered or shadowed by an earlier duplicate (files in load order). */
export function resourcesOfFiles(factory: Factory): Resource[] {
  const table = filesOfFactory.get(factory);
  if (!table) return RESOURCE_KINDS.flatMap((k) => [...factory.resources[k].values()]);
  return [...table.values()].sort(loadOrder).flatMap((f) => (f.parsed?.resource ? [f.parsed.resource] : []));
}

/** The resource a file defines in a factory, including one shadowed by an earlier file of the same name. */
export function resourceOfFile(factory: Factory, file: string): Resource | undefined {
  const entry = filesOfFactory.get(factory)?.get(file);
  if (entry) return entry.parsed?.resource;
  for (const k of RESOURCE_KINDS) for (const r of factory.resources[k].values()) if (r.file === file) return r;
  return undefined;
}

/** The kind of a file from its parent folder, when it sits directly in an ADF folder. */
export function kindOfFile(file: string): ResourceKind | undefined {
  const parent = path.basename(path.dirname(file));
  return KIND_SET.has(parent) ? (parent as ResourceKind) : undefined;
}

/** Case-insensitive lookup, as ADF resolves names. */
export function findResource(factory: Factory, kind: ResourceKind, name: string): Resource | undefined {
  const exact = factory.resources[kind].get(name);
  if (exact) return exact;
  const lower = name.toLowerCase();
  for (const r of factory.resources[kind].values()) if (r.name.toLowerCase() === lower) return r;
  return undefined;
}

export function resourceCounts(factory: Factory): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of RESOURCE_KINDS) out[k] = factory.resources[k].size;
  return out;
}
