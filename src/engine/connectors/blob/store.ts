/**
 * AzureBlobStorage and AzureBlobFS (ADLS Gen2, through its Blob endpoint) as a FileStore over one container.
 * Credentials: connectionString, sasUri, or serviceEndpoint/url + accountKey. Folders are virtual ('/' prefixes).
 */
import { Readable } from 'node:stream';
import type { ContainerClient } from '@azure/storage-blob';
import type { ResolvedLinkedService } from '../../contracts';
import type { FileEntry, FileStore } from '../types';
import { parseConnectionString, str } from '../values';
import { countingStream } from '../countingStream';
import { ConnectorError, CONNECTOR_CODES, type Side } from '../../contracts';

/** Builds a ContainerClient for `container` from a Blob / ADLS Gen2 linked service. */
export async function blobContainerClient(ls: ResolvedLinkedService, container: string, side: Side): Promise<ContainerClient> {
  return (await blobServiceClient(ls, side)).getContainerClient(container);
}

/** The account-level client of a Blob / ADLS Gen2 linked service. */
export async function blobServiceClient(ls: ResolvedLinkedService, side: Side): Promise<import('@azure/storage-blob').BlobServiceClient> {
  const sb = await import('@azure/storage-blob');
  const tp = ls.typeProperties ?? {};
  const cs = str(tp.connectionString);
  const sas = str(tp.sasUri);
  const endpoint = str(tp.serviceEndpoint) ?? str(tp.url);
  const key = str(tp.accountKey);
  let service: import('@azure/storage-blob').BlobServiceClient;
  if (cs) {
    const parts = parseConnectionString(cs);
    if (parts['usedevelopmentstorage'] === 'true') {
      throw new ConnectorError(`Linked service '${ls.name}' uses UseDevelopmentStorage=true: override connectionString with the local storage endpoint in the run's connections.`, side, CONNECTOR_CODES.blob);
    }
    service = sb.BlobServiceClient.fromConnectionString(cs);
  } else if (sas) {
    service = new sb.BlobServiceClient(sas);
  } else if (endpoint && key) {
    const url = endpoint.replace('.dfs.', '.blob.');
    const account = str(tp.accountName) ?? accountFromUrl(url);
    service = new sb.BlobServiceClient(url, new sb.StorageSharedKeyCredential(account, key));
  } else {
    throw new ConnectorError(`Linked service '${ls.name}' (${ls.type}) needs connectionString, sasUri, or ${ls.type === 'AzureBlobFS' ? 'url' : 'serviceEndpoint'} with accountKey.`, side, CONNECTOR_CODES.blob);
  }
  return service;
}

function accountFromUrl(url: string): string {
  const u = new URL(url);
  // Local emulators put the account in the path (http://127.0.0.1:10000/devstoreaccount1).
  const first = u.pathname.split('/').filter(Boolean)[0];
  return /^\d+\.\d+\.\d+\.\d+$|^localhost$/.test(u.hostname) && first ? first : u.hostname.split('.')[0];
}

/** A FileStore over one Blob container. */
export function blobStore(client: ContainerClient): FileStore {
  const toEntry = (name: string, props: { contentLength?: number; lastModified?: Date; contentMD5?: Uint8Array }): FileEntry => ({
    path: name,
    name: name.split('/').pop() ?? name,
    isFolder: false,
    size: props.contentLength ?? 0,
    lastModified: props.lastModified ?? new Date(0),
    contentMD5: props.contentMD5 ? Buffer.from(props.contentMD5).toString('base64') : undefined,
  });
  const prefixOf = (folder: string) => {
    const f = folder.replace(/^\/+|\/+$/g, '');
    return f ? f + '/' : '';
  };
  return {
    label: `container '${client.containerName}'`,
    async *listFiles(folder, recursive) {
      const prefix = prefixOf(folder);
      if (recursive) {
        for await (const b of client.listBlobsFlat({ prefix })) if (!b.name.endsWith('/')) yield toEntry(b.name, b.properties);
      } else {
        for await (const it of client.listBlobsByHierarchy('/', { prefix })) {
          if (it.kind === 'blob' && !it.name.endsWith('/')) yield toEntry(it.name, it.properties);
        }
      }
    },
    async listChildren(folder) {
      const prefix = prefixOf(folder);
      const out: FileEntry[] = [];
      for await (const it of client.listBlobsByHierarchy('/', { prefix })) {
        if (it.kind === 'prefix') {
          const p = it.name.replace(/\/$/, '');
          out.push({ path: p, name: p.split('/').pop() ?? p, isFolder: true, size: 0, lastModified: new Date(0) });
        } else if (!it.name.endsWith('/')) out.push(toEntry(it.name, it.properties));
      }
      return out;
    },
    async stat(p) {
      const asFolder = p.endsWith('/');
      const name = p.replace(/^\/+|\/+$/g, '');
      if (name === '') {
        const exists = await client.exists();
        return exists ? { path: '', name: client.containerName, isFolder: true, size: 0, lastModified: new Date(0) } : undefined;
      }
      if (!asFolder) {
        try {
          const props = await client.getBlobClient(name).getProperties();
          return toEntry(name, props);
        } catch (e) {
          if ((e as { statusCode?: number }).statusCode !== 404) throw e;
        }
      }
      // A virtual folder exists when something lives under it.
      try {
        for await (const _ of client.listBlobsFlat({ prefix: name + '/' })) {
          return { path: name, name: name.split('/').pop() ?? name, isFolder: true, size: 0, lastModified: new Date(0) };
        }
      } catch (e) {
        if ((e as { statusCode?: number }).statusCode !== 404) throw e;
      }
      return undefined;
    },
    async openRead(p) {
      const res = await client.getBlobClient(p).download();
      return res.readableStreamBody as unknown as Readable;
    },
    async write(p, data) {
      await client.createIfNotExists();
      const blob = client.getBlockBlobClient(p.replace(/^\/+/, ''));
      if (Buffer.isBuffer(data)) {
        await blob.uploadData(data);
        return data.length;
      }
      const counter = countingStream();
      data.on('error', (e) => counter.destroy(e));
      await blob.uploadStream(data.pipe(counter), 4 * 1024 * 1024, 4);
      return counter.bytes;
    },
    async deleteFile(p) {
      await client.getBlobClient(p).deleteIfExists();
    },
  };
}
