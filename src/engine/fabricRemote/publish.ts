/**
 * Publishing a Fabric git-layout workspace folder: every `<Name>.DataPipeline/` folder (at any depth) gives its
 * `pipeline-content.json` and `.platform` as definition parts (bytes as they are on disk, base64, InlineBase64).
 * Each is compared with the workspace's item of the same display name (getDefinition): equal JSON content and
 * metadata → unchanged; different → updateDefinition (updateMetadata=true); absent → create item with the
 * definition. Failures are reported per item and the others go on.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parseJsonDocument } from '../json';
import { decodeText } from '../text';
import { FabricError, type FabricClient } from './client';
import { listPipelines, type FabricItem, type FabricWorkspace } from './operations';

export const PIPELINE_CONTENT_FILE = 'pipeline-content.json';
export const PLATFORM_FILE = '.platform';
const SUFFIX = '.DataPipeline';

export interface DefinitionPart {
  path: string;
  payload: string;
  payloadType: 'InlineBase64';
}

export interface LocalPipelineItem {
  /** Display name (from .platform, else the folder name). */
  name: string;
  description?: string;
  /** The item folder. */
  folder: string;
  parts: DefinitionPart[];
  /** Parsed pipeline-content.json. */
  content: unknown;
}

/** A problem with a local file: where, and what to do. */
export interface LocalProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

async function findItemFolders(dir: string, out: string[], depth = 0): Promise<void> {
  if (depth > 8) return;
  const entries = await fs.readdir(dir, { withFileTypes: true });
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (!e.isDirectory() || e.name === 'node_modules' || e.name === '.git') continue;
    const full = path.join(dir, e.name);
    if (e.name.endsWith(SUFFIX)) out.push(full);
    else await findItemFolders(full, out, depth + 1);
  }
}

function parse(file: string, bytes: Buffer, problems: LocalProblem[]): unknown {
  const doc = parseJsonDocument(file, decodeText(bytes));
  if (doc.diagnostics.length) {
    const d = doc.diagnostics[0];
    const p = doc.lines.position(d.offset);
    problems.push({ file, line: p.line, column: p.column, message: `${d.message} Fix the JSON (UTF-8, or UTF-16 with its byte order mark).` });
    return undefined;
  }
  // jsonc-parser builds objects without a prototype; plain ones compare with what the service returns.
  return JSON.parse(JSON.stringify(doc.value ?? null));
}

/** Reads every DataPipeline item folder under `dir`; problems name the file and position. */
export async function readLocalPipelines(dir: string): Promise<{ items: LocalPipelineItem[]; problems: LocalProblem[] }> {
  const folders: string[] = [];
  await findItemFolders(dir, folders);
  const items: LocalPipelineItem[] = [];
  const problems: LocalProblem[] = [];
  for (const folder of folders) {
    const contentFile = path.join(folder, PIPELINE_CONTENT_FILE);
    const platformFile = path.join(folder, PLATFORM_FILE);
    let contentBytes: Buffer;
    try {
      contentBytes = await fs.readFile(contentFile);
    } catch {
      problems.push({ file: contentFile, line: 1, column: 1, message: `The item folder has no ${PIPELINE_CONTENT_FILE}; a DataPipeline item needs one ({"properties": {"activities": [...]}}).` });
      continue;
    }
    const content = parse(contentFile, contentBytes, problems);
    if (content === undefined) continue;
    const props = (content as { properties?: unknown })?.properties;
    if (!props || typeof props !== 'object' || Array.isArray(props)) {
      problems.push({ file: contentFile, line: 1, column: 1, message: 'The pipeline content has no "properties" object; Fabric expects {"properties": {"activities": [...], ...}}.' });
      continue;
    }
    const parts: DefinitionPart[] = [{ path: PIPELINE_CONTENT_FILE, payload: contentBytes.toString('base64'), payloadType: 'InlineBase64' }];
    let name = path.basename(folder).slice(0, -SUFFIX.length);
    let description: string | undefined;
    let platformBytes: Buffer | undefined;
    try {
      platformBytes = await fs.readFile(platformFile);
    } catch {
      platformBytes = undefined;
    }
    if (platformBytes) {
      const platform = parse(platformFile, platformBytes, problems) as { metadata?: { type?: unknown; displayName?: unknown; description?: unknown } } | undefined;
      if (platform === undefined) continue;
      const meta = platform?.metadata;
      if (meta?.type !== undefined && meta.type !== 'DataPipeline') {
        problems.push({ file: platformFile, line: 1, column: 1, message: `metadata.type is ${JSON.stringify(meta.type)}, but the folder is a ${SUFFIX} item; set it to "DataPipeline".` });
        continue;
      }
      if (typeof meta?.displayName === 'string' && meta.displayName.trim()) name = meta.displayName;
      if (typeof meta?.description === 'string') description = meta.description;
      parts.push({ path: PLATFORM_FILE, payload: platformBytes.toString('base64'), payloadType: 'InlineBase64' });
    }
    if (!name.trim()) {
      problems.push({ file: folder, line: 1, column: 1, message: 'The item has no display name: give .platform a metadata.displayName or the folder a name before ".DataPipeline".' });
      continue;
    }
    const twin = items.find((i) => i.name.toLowerCase() === name.toLowerCase());
    if (twin) {
      problems.push({ file: folder, line: 1, column: 1, message: `Two items are named "${name}" (also ${twin.folder}); Fabric display names are unique in a workspace: rename one.` });
      continue;
    }
    items.push({ name, description, folder, parts, content });
  }
  return { items, problems };
}

export type PublishAction = 'create' | 'update' | 'unchanged';

export interface PublishChange {
  name: string;
  folder: string;
  action: PublishAction;
  itemId?: string;
  status: 'planned' | 'created' | 'updated' | 'unchanged' | 'failed';
  error?: string;
}

function partJson(parts: DefinitionPart[] | undefined, p: string): any {
  const part = parts?.find((x) => x.path === p);
  if (!part) return undefined;
  try {
    return JSON.parse(decodeText(Buffer.from(part.payload, 'base64')).replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
}

/** The definition of an item (getDefinition, a long-running operation). */
export async function getDefinition(client: FabricClient, workspaceId: string, itemId: string): Promise<DefinitionPart[]> {
  const r = (await client.longRunning('POST', `/v1/workspaces/${encodeURIComponent(workspaceId)}/items/${encodeURIComponent(itemId)}/getDefinition`, undefined, `Get the definition of item ${itemId}`)) as { definition?: { parts?: DefinitionPart[] } } | undefined;
  return r?.definition?.parts ?? [];
}

export async function updateDefinition(client: FabricClient, workspaceId: string, itemId: string, parts: DefinitionPart[]): Promise<void> {
  await client.longRunning('POST', `/v1/workspaces/${encodeURIComponent(workspaceId)}/items/${encodeURIComponent(itemId)}/updateDefinition?updateMetadata=true`, { definition: { parts } }, `Update the definition of item ${itemId}`);
}

export async function createItem(client: FabricClient, workspaceId: string, item: { displayName: string; description?: string; type: string; parts: DefinitionPart[] }): Promise<FabricItem> {
  const body = { displayName: item.displayName, type: item.type, ...(item.description ? { description: item.description } : {}), definition: { parts: item.parts } };
  const created = (await client.longRunning('POST', `/v1/workspaces/${encodeURIComponent(workspaceId)}/items`, body, `Create the ${item.type} "${item.displayName}"`, true)) as FabricItem | undefined;
  if (created?.id) return created;
  // An operation without a result: find the item by name.
  const again = (await listPipelines(client, workspaceId)).find((i) => i.displayName.toLowerCase() === item.displayName.toLowerCase());
  if (!again) throw new FabricError(`Create the ${item.type} "${item.displayName}": the operation succeeded but the item is not listed.`, 'Unknown');
  return again;
}

/** Same content and metadata as the remote definition? */
function sameAsRemote(local: LocalPipelineItem, remote: FabricItem, parts: DefinitionPart[]): boolean {
  if (!isDeepStrictEqual(partJson(parts, PIPELINE_CONTENT_FILE), local.content)) return false;
  if (remote.displayName !== local.name) return false;
  if (local.description !== undefined && (remote.description ?? '') !== local.description) return false;
  return true;
}

/**
 * Plans (and unless `dryRun`, applies) the publish of `items` to the workspace. `onChange` sees each change when
 * it is decided and again when it is done.
 */
export async function publishPipelines(client: FabricClient, workspace: FabricWorkspace, items: LocalPipelineItem[], opts: { dryRun?: boolean; onChange?: (c: PublishChange) => void } = {}): Promise<PublishChange[]> {
  const remote = await listPipelines(client, workspace.id);
  const changes: PublishChange[] = [];
  for (const item of items) {
    const existing = remote.find((r) => r.displayName.toLowerCase() === item.name.toLowerCase());
    const change: PublishChange = { name: item.name, folder: item.folder, action: 'create', status: 'planned', ...(existing ? { itemId: existing.id } : {}) };
    changes.push(change);
    try {
      if (existing) {
        const parts = await getDefinition(client, workspace.id, existing.id);
        change.action = sameAsRemote(item, existing, parts) ? 'unchanged' : 'update';
      }
      if (change.action === 'unchanged') change.status = 'unchanged';
      opts.onChange?.({ ...change });
      if (opts.dryRun || change.action === 'unchanged') continue;
      if (change.action === 'update') {
        await updateDefinition(client, workspace.id, existing!.id, item.parts);
        change.status = 'updated';
      } else {
        const created = await createItem(client, workspace.id, { displayName: item.name, description: item.description, type: 'DataPipeline', parts: item.parts });
        change.itemId = created.id;
        change.status = 'created';
      }
    } catch (e) {
      change.status = 'failed';
      change.error = (e as Error).message;
    }
    opts.onChange?.({ ...change });
  }
  return changes;
}

/** The parsed pipeline-content.json of a definition (undefined when absent or not JSON). */
export function pipelineContentOf(parts: DefinitionPart[]): { properties?: { parameters?: Record<string, { type?: string }> } } | undefined {
  return partJson(parts, PIPELINE_CONTENT_FILE);
}
