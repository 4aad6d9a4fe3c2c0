/**
 * GetMetadata for file datasets (Blob, ADLS Gen2, local files) and Cosmos DB containers (exists).
 * Fields: itemName, itemType, size, created, lastModified, childItems, exists, columnCount, structure, contentMD5
 * (each where the page's connector table has it).
 */
import type { ActivityIo, GetMetadataRequest } from '../contracts/types';
import { ActivityFailure } from '../contracts';
import { datasetLocation, fileRows, FILE_FORMATS } from '../connectors';
import { containerName, cosmosAccount } from '../connectors';
import { COSMOS_DATASETS, type EndpointContext } from './endpoints';
import { statusOf } from '../contracts';
import { toActivityFailure } from '../contracts';

const FIELDS = new Set(['itemName', 'itemType', 'size', 'lastModified', 'childItems', 'exists', 'columnCount', 'structure', 'contentMD5', 'created']);

const isoSeconds = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Metadata the Get Metadata page's connector table marks as not available (x), per linked service type of the
 * file stores the engine reads: `created` is kept only by File system (and Azure Files), `contentMD5` only by
 * Blob storage and ADLS Gen2.
 */
const NOT_AVAILABLE: Record<string, { fields: string[]; label: string }> = {
  AzureBlobStorage: { fields: ['created'], label: 'Azure Blob storage' },
  AzureStorage: { fields: ['created'], label: 'Azure Blob storage' },
  AzureBlobFS: { fields: ['created'], label: 'Azure Data Lake Storage Gen2' },
  FileServer: { fields: ['contentMD5'], label: 'File system' },
};

export async function runGetMetadata(req: GetMetadataRequest, _io: ActivityIo, ctx: EndpointContext): Promise<Record<string, unknown>> {
  const unknown = req.fieldList.filter((f) => !FIELDS.has(f));
  if (unknown.length) throw new ActivityFailure(`GetMetadata: field(s) ${unknown.map((f) => `'${f}'`).join(', ')} are not supported. Supported: ${[...FIELDS].join(', ')}.`, '2001', 'UserError');
  const ds = req.dataset;
  try {
    if (COSMOS_DATASETS.has(ds.type)) {
      const account = cosmosAccount(ds.linkedService, 'Source');
      const name = containerName(ds, 'Source');
      const container = await ctx.pool.container(account, name);
      let exists = true;
      try {
        await container.read();
      } catch (e) {
        if (statusOf(e) !== 404) throw e;
        exists = false;
      }
      const out: Record<string, unknown> = {};
      for (const f of req.fieldList) {
        if (f === 'exists') out.exists = exists;
        else if (f === 'itemName') out.itemName = name;
        else throw new ActivityFailure(`GetMetadata: field '${f}' is not available for a Cosmos DB dataset (only exists and itemName).`, '2001', 'UserError');
      }
      if (!exists && !req.fieldList.includes('exists')) throw new ActivityFailure(`Container '${name}' does not exist.`, '2001', 'UserError');
      return out;
    }
    if (!FILE_FORMATS.has(ds.type)) throw new ActivityFailure(`GetMetadata does not support dataset type '${ds.type}' in the local engine.`, '2001', 'UserError');
    const na = NOT_AVAILABLE[ds.linkedService.type];
    const unavailable = na ? req.fieldList.filter((f) => na.fields.includes(f)) : [];
    if (unavailable.length) {
      throw new ActivityFailure(`GetMetadata: ${unavailable.map((f) => `'${f}'`).join(', ')} ${unavailable.length === 1 ? 'is' : 'are'} not available for ${na.label} (dataset '${ds.name}'); remove ${unavailable.length === 1 ? 'it' : 'them'} from fieldList.`, '2001', 'UserError');
    }
    const loc = await datasetLocation(ds, 'Source');
    const target = loc.fileName ? (loc.folderPath ? `${loc.folderPath}/${loc.fileName}` : loc.fileName) : loc.folderPath;
    const contentMD5 = req.fieldList.includes('contentMD5');
    const entry = await loc.store.stat(loc.fileName ? target : target + '/', { contentMD5 });
    const folderEntry = !loc.fileName && !entry ? await loc.store.stat(target, { contentMD5 }) : entry;
    const item = folderEntry;
    const out: Record<string, unknown> = {};
    if (!item) {
      if (req.fieldList.includes('exists')) {
        out.exists = false;
        return out;
      }
      throw new ActivityFailure(`The required ${loc.fileName ? 'file' : 'folder'} '${target || '/'}' is missing in ${loc.store.label}. Add 'exists' to fieldList to test for it instead of failing.`, '2001', 'UserError');
    }
    for (const f of req.fieldList) {
      switch (f) {
        case 'exists':
          out.exists = true;
          break;
        case 'itemName':
          out.itemName = loc.fileName ?? (target.split('/').filter(Boolean).pop() ?? '');
          break;
        case 'itemType':
          out.itemType = item.isFolder ? 'Folder' : 'File';
          break;
        case 'size':
          if (!item.isFolder) out.size = item.size;
          break;
        case 'lastModified':
          if (!item.isFolder || item.lastModified.getTime() > 0) out.lastModified = isoSeconds(item.lastModified);
          break;
        case 'created':
          if (item.created) out.created = isoSeconds(item.created);
          break;
        case 'contentMD5':
          if (!item.isFolder) out.contentMD5 = item.contentMD5 ?? null;
          break;
        case 'childItems': {
          if (!item.isFolder) throw new ActivityFailure(`childItems is only available for a folder; dataset '${ds.name}' points at a file.`, '2001', 'UserError');
          const kids = await loc.store.listChildren(target);
          out.childItems = kids.map((k) => ({ name: k.name, type: k.isFolder ? 'Folder' : 'File' }));
          break;
        }
        case 'columnCount':
        case 'structure': {
          if (item.isFolder) throw new ActivityFailure(`${f} is only available for a file; dataset '${ds.name}' points at a folder.`, '2001', 'UserError');
          const cols = await columnsOf(loc, ds, item);
          if (f === 'columnCount') out.columnCount = cols.length;
          else out.structure = cols;
          break;
        }
      }
    }
    return out;
  } catch (e) {
    throw toActivityFailure(e);
  }
}

async function columnsOf(loc: Awaited<ReturnType<typeof datasetLocation>>, ds: GetMetadataRequest['dataset'], item: import('../connectors').FileEntry): Promise<{ name: string; type: string }[]> {
  let cols: string[] | undefined;
  let first: Record<string, unknown> | undefined;
  for await (const batch of fileRows(loc, ds, item, (c) => (cols = c))) {
    first = batch[0];
    break;
  }
  const names = cols ?? Object.keys(first ?? {});
  return names.map((name) => ({ name, type: typeName(first?.[name], ds.type) }));
}

function typeName(v: unknown, fmt: string): string {
  if (fmt === 'DelimitedText') return 'String';
  if (typeof v === 'number') return Number.isInteger(v) ? 'Int64' : 'Double';
  if (typeof v === 'boolean') return 'Boolean';
  if (v !== null && typeof v === 'object') return 'Object';
  return 'String';
}
