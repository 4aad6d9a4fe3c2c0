/**
 * Cosmos DB (NoSQL) clients from linked services: connection string or accountEndpoint + accountKey + database.
 * Self-signed certificates are accepted only for loopback endpoints (the local emulator / embedded server).
 * Clients are pooled per endpoint+key for the life of the DataServices that owns the pool.
 */
import * as https from 'node:https';
import type { Container, CosmosClient } from '@azure/cosmos';
import type { ResolvedDataset, ResolvedLinkedService } from '../../contracts';
import { ConnectorError, CONNECTOR_CODES, type Side } from '../../contracts';
import { isLoopbackHost, parseConnectionString, str } from '../values';

export interface CosmosAccount {
  endpoint: string;
  key: string;
  database: string;
}

/** Reads endpoint, key and database from a CosmosDb / CosmosDbSqlApi linked service. */
export function cosmosAccount(ls: ResolvedLinkedService, side: Side): CosmosAccount {
  const tp = ls.typeProperties ?? {};
  const cs = str(tp.connectionString);
  const parts = cs ? parseConnectionString(cs) : {};
  const endpoint = str(tp.accountEndpoint) ?? parts['accountendpoint'];
  const key = str(tp.accountKey) ?? parts['accountkey'];
  const database = str(tp.database) ?? parts['database'];
  const missing = [!endpoint && 'accountEndpoint (or AccountEndpoint= in connectionString)', !key && 'accountKey (or AccountKey= in connectionString)', !database && 'database (or Database= in connectionString)'].filter(Boolean);
  if (missing.length) {
    throw new ConnectorError(`Linked service '${ls.name}' (${ls.type}) is missing ${missing.join(', ')}. Set it in the linked service or in the run's connection overrides.`, side, CONNECTOR_CODES.cosmos);
  }
  return { endpoint: endpoint!, key: key!, database: database! };
}

/** Container name of a CosmosDbSqlApiCollection / DocumentDbCollection dataset. */
export function containerName(ds: ResolvedDataset, side: Side): string {
  const name = str(ds.typeProperties?.collectionName) ?? str(ds.typeProperties?.containerName);
  if (!name) throw new ConnectorError(`Dataset '${ds.name}' has no collectionName: set typeProperties.collectionName to the container to copy ${side === 'Source' ? 'from' : 'to'}.`, side, CONNECTOR_CODES.cosmos);
  return name;
}

/** The Cosmos DB emulator's default address: a linked service pointing here can run on the embedded server. */
export function isEmulatorEndpoint(endpoint: string): boolean {
  try {
    const u = new URL(endpoint);
    return isLoopbackHost(u.hostname) && (u.port === '8081' || u.port === '');
  } catch {
    return false;
  }
}

/**
 * The client's connection policy. Region discovery is off (the emulator and the embedded server have no regions)
 * unless the source names `preferredRegions` for an account that is not on loopback: then the client discovers the
 * account's regions and reads from the first available one in that order, as ADF does.
 */
export function connectionPolicyFor(endpoint: string, preferredRegions: unknown[] = []) {
  let loopback = false;
  try {
    loopback = isLoopbackHost(new URL(endpoint).hostname);
  } catch {
    /* not a URL: the client reports it */
  }
  const regions = loopback ? [] : preferredRegions.filter((r): r is string => typeof r === 'string' && r.trim() !== '');
  return {
    enableEndpointDiscovery: regions.length > 0,
    ...(regions.length ? { preferredLocations: regions } : {}),
    requestTimeout: 30_000,
    // Throttling is retried by the copy engine so retries are bounded and counted.
    retryOptions: { maxRetryAttemptCount: 0, fixedRetryIntervalInMilliseconds: 0, maxWaitTimeInSeconds: 0 },
  };
}

/** Pool of CosmosClient instances keyed by endpoint, key and preferred regions. */
export class CosmosClientPool {
  private clients = new Map<string, CosmosClient>();
  private agents: https.Agent[] = [];

  constructor(private readonly redirect?: (endpoint: string) => Promise<string | undefined>) {}

  /** The endpoint actually used (the embedded server's when the linked service points at the emulator). */
  async resolveEndpoint(endpoint: string): Promise<string> {
    return (await this.redirect?.(endpoint)) ?? endpoint;
  }

  /** A pooled client; `preferredRegions` (the source's setting) gets a client of its own that reads from them first. */
  async client(account: CosmosAccount, preferredRegions: unknown[] = []): Promise<CosmosClient> {
    const endpoint = await this.resolveEndpoint(account.endpoint);
    const connectionPolicy = connectionPolicyFor(endpoint, preferredRegions);
    const id = `${endpoint}\u0000${account.key}\u0000${connectionPolicy.preferredLocations?.join(',') ?? ''}`;
    let c = this.clients.get(id);
    if (c) return c;
    const { CosmosClient } = await import('@azure/cosmos');
    const host = new URL(endpoint).hostname;
    const agent = new https.Agent({ keepAlive: true, maxSockets: 64, rejectUnauthorized: !isLoopbackHost(host) });
    this.agents.push(agent);
    c = new CosmosClient({ endpoint, key: account.key, agent, connectionPolicy });
    this.clients.set(id, c);
    return c;
  }

  async container(account: CosmosAccount, name: string, preferredRegions?: unknown[]): Promise<Container> {
    return (await this.client(account, preferredRegions)).database(account.database).container(name);
  }

  dispose(): void {
    for (const c of this.clients.values()) c.dispose();
    for (const a of this.agents) a.destroy();
    this.clients.clear();
    this.agents = [];
  }
}

/** Cosmos system properties the service owns; stripped before writing a document to another container. */
export const SYSTEM_PROPERTIES = ['_rid', '_self', '_etag', '_attachments', '_ts', '_lsn'];

/** The partition key value of `doc` for a path like `/a/b`, or undefined when absent. */
export function partitionKeyValue(doc: Record<string, unknown>, path: string): unknown {
  let v: unknown = doc;
  for (const seg of path.split('/').filter(Boolean)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[seg.replace(/^"|"$/g, '')];
  }
  return v;
}
