/**
 * Testing a linked service's connection from the local engine: Cosmos DB (the database is read), Blob
 * Storage / ADLS Gen2 (one page of containers is listed) and file servers (the folder is read), with the same
 * resolution as a local run (parameter defaults, connection overrides with ${env:…}, Key Vault secrets from
 * the connections file). The Data Factory SDK has no test-connectivity operation (ADF Studio's "Test
 * connection" calls an undocumented endpoint), so for any other connector the result says it cannot be tested
 * here. Error messages are masked: no secret of the linked service appears in them.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Factory } from '../model/types';
import { findResource } from '../model';
import type { SharedRun } from './context';
import { Masker } from './secrets';
import { resolveLinkedService } from './resolve';

export const LOCALLY_TESTED_TYPES = ['CosmosDb', 'AzureBlobStorage', 'AzureBlobFS', 'FileServer'] as const;

export interface ConnectionTestResult {
  linkedService: string;
  type: string;
  /** True when a connection was attempted. */
  tested: boolean;
  ok: boolean;
  message: string;
  durationMs: number;
}

export interface ConnectionTestOptions {
  connections?: Record<string, Record<string, unknown>>;
  /** Bound on the attempt (default 30 s). */
  timeoutMs?: number;
}

function sharedFor(factory: Factory, connections: Record<string, Record<string, unknown>>): SharedRun {
  let n = 0;
  return {
    factory,
    masker: new Masker(),
    newId: () => `test-connection-${++n}`,
    random: Math.random,
    readClock: () => undefined,
    mocks: [],
    connections,
    dataServices: () => undefined,
    workDir: path.join(os.tmpdir(), 'adfw-work'),
    maxDepth: 1,
    maxActivityRuns: 1,
    heartbeatMs: 60_000,
    detached: [],
    startChild: () => Promise.reject(new Error('A connection test starts no pipeline.')),
  };
}

/** Tests the connection of linked service `name`. Never throws for connection failures: they are the result. */
export async function testConnection(factory: Factory, name: string, opts: ConnectionTestOptions = {}): Promise<ConnectionTestResult> {
  const res = findResource(factory, 'linkedService', name);
  const started = performance.now();
  const done = (r: Omit<ConnectionTestResult, 'durationMs'>): ConnectionTestResult => ({ ...r, durationMs: Math.round(performance.now() - started) });
  if (!res) throw new Error(`Linked service "${name}" does not exist in ${factory.root} (linkedService/ has ${[...factory.resources.linkedService.keys()].join(', ') || 'none'}).`);
  const type = typeof res.properties.type === 'string' ? res.properties.type : '';
  if (!(LOCALLY_TESTED_TYPES as readonly string[]).includes(type)) {
    return done({ linkedService: res.name, type, tested: false, ok: false, message: `${type || 'This'} linked services cannot be tested from here: the local engine connects to ${LOCALLY_TESTED_TYPES.join(', ')}, and the Data Factory SDK has no test-connectivity operation. Use "Test connection" in ADF Studio, or run a pipeline that uses it.` });
  }
  const shared = sharedFor(factory, opts.connections ?? {});
  const timeoutMs = opts.timeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    const ls = resolveLinkedService(shared, { referenceName: res.name });
    const attempt = probe(ls);
    const timeout = new Promise<never>((_r, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
    });
    const message = await Promise.race([attempt, timeout]);
    return done({ linkedService: res.name, type, tested: true, ok: true, message });
  } catch (e) {
    return done({ linkedService: res.name, type, tested: true, ok: false, message: shared.masker.maskText((e as Error)?.message ?? String(e)) });
  } finally {
    if (timer) clearTimeout(timer);
  }
}

async function probe(ls: ReturnType<typeof resolveLinkedService>): Promise<string> {
  switch (ls.type) {
    case 'CosmosDb': {
      const { cosmosAccount, CosmosClientPool } = await import('../connectors');
      const account = cosmosAccount(ls, 'Source');
      const pool = new CosmosClientPool();
      try {
        const client = await pool.client(account);
        const { resource } = await client.database(account.database).read();
        if (!resource) throw new Error(`the account answered but has no database "${account.database}"`);
        return `connected to ${new URL(account.endpoint).host}, database "${account.database}" exists`;
      } finally {
        pool.dispose();
      }
    }
    case 'AzureBlobStorage':
    case 'AzureBlobFS': {
      const { blobServiceClient } = await import('../connectors');
      const service = await blobServiceClient(ls, 'Source');
      const page = await service.listContainers().byPage({ maxPageSize: 5 }).next();
      const names = (page.value?.containerItems ?? []).map((c: { name: string }) => c.name);
      return `connected to ${new URL(service.url).host}${names.length ? `, containers include ${names.join(', ')}` : ', no containers yet'}`;
    }
    default: {
      const { fileServerStore } = await import('../connectors');
      const store = fileServerStore(ls, 'Source');
      const host = String(ls.typeProperties.host);
      const st = await fs.stat(path.resolve(host)).catch(() => undefined);
      if (!st?.isDirectory()) throw new Error(`the folder ${host} does not exist or is not a folder`);
      const children = await store.listChildren('');
      return `${store.label} is readable (${children.length} entr${children.length === 1 ? 'y' : 'ies'})`;
    }
  }
}
