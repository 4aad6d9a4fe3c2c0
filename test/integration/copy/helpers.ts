/** Shared builders for copy tests: resolved datasets/linked services and an ActivityIo. */
import * as os from 'node:os';
import * as path from 'node:path';
import { mkdtempSync } from 'node:fs';
import type { ActivityIo, ResolvedDataset, ResolvedLinkedService } from '../../../src/engine/contracts/types';

export function cosmosLs(endpoint: string, key: string, database: string, name = 'CosmosLs'): ResolvedLinkedService {
  return { name, type: 'CosmosDb', typeProperties: { connectionString: `AccountEndpoint=${endpoint}/;AccountKey=${key};Database=${database}` }, secrets: [key] };
}

export function cosmosDs(ls: ResolvedLinkedService, collectionName: string, name = `ds_${collectionName}`): ResolvedDataset {
  return { name, type: 'CosmosDbSqlApiCollection', typeProperties: { collectionName }, parameters: {}, linkedService: ls };
}

export function blobLs(connectionString: string, name = 'BlobLs'): ResolvedLinkedService {
  return { name, type: 'AzureBlobStorage', typeProperties: { connectionString }, secrets: [] };
}

export function fileLs(host: string, name = 'FilesLs'): ResolvedLinkedService {
  return { name, type: 'FileServer', typeProperties: { host }, secrets: [] };
}

export function fileDs(ls: ResolvedLinkedService, type: string, location: Record<string, unknown>, extra: Record<string, unknown> = {}, name = 'fileDs'): ResolvedDataset {
  const locType = ls.type === 'FileServer' ? 'FileServerLocation' : ls.type === 'AzureBlobFS' ? 'AzureBlobFSLocation' : 'AzureBlobStorageLocation';
  return { name, type, typeProperties: { location: { type: locType, ...location }, ...extra }, parameters: {}, linkedService: ls };
}

export interface TestIo extends ActivityIo {
  logs: { level: string; message: string }[];
  progressEvents: Record<string, unknown>[];
  controller: AbortController;
}

export function testIo(workDir = mkdtempSync(path.join(os.tmpdir(), 'adfw-copy-'))): TestIo {
  const controller = new AbortController();
  const logs: TestIo['logs'] = [];
  const progressEvents: Record<string, unknown>[] = [];
  return {
    signal: controller.signal,
    controller,
    logs,
    progressEvents,
    log: (level, message) => logs.push({ level, message }),
    progress: (p) => progressEvents.push(p),
    workDir,
    now: () => new Date(),
  };
}

/** Realistic order documents with a partition key. */
export function orders(n: number, from = 0): Record<string, unknown>[] {
  const cities = ['Lisbon', 'Oslo', 'Nairobi', 'Osaka', 'Lima', 'Quebec'];
  return Array.from({ length: n }, (_, k) => {
    const i = from + k;
    return {
      id: `order-${String(i).padStart(6, '0')}`,
      customerId: `cust-${i % 97}`,
      city: cities[i % cities.length],
      total: Math.round(((i * 37) % 10_000) * 1.13) / 100,
      lines: [{ sku: `SKU-${i % 50}`, qty: 1 + (i % 4) }],
      placedAt: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
    };
  });
}
