/**
 * Remote operations on factories through the real SDK clients, returning REST-shaped JSON
 * (captured from the raw response, so nothing is lost to model mapping). Every failure becomes a
 * RemoteError with a clear message; every call has a timeout and honours an AbortSignal.
 */
import type { RemoteSession } from './session';
import { RemoteError, toRemoteError } from './errors';
import { operationsFor, toSdkModel, type RemoteKind } from './kinds';

export interface CallOptions {
  signal?: AbortSignal;
}

export interface RawResource {
  name: string;
  id?: string;
  type?: string;
  etag?: string;
  properties: Record<string, any>;
}

export interface FactorySummary {
  name: string;
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  location?: string;
  properties?: Record<string, any>;
}

export interface SubscriptionSummary {
  subscriptionId: string;
  displayName: string;
  tenantId?: string;
  state?: string;
}

/** The response body exactly as the service sent it (the SDK's parsedBody is already mapped to its models). */
function rawBody(raw: { bodyAsText?: string | null; parsedBody?: unknown }): any {
  if (typeof raw.bodyAsText === 'string' && raw.bodyAsText) {
    try {
      return JSON.parse(raw.bodyAsText);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** SDK operation options for a call: its abort signal, the session's request timeout and, when given, a hook receiving the raw response body. */
export function callOptions(session: RemoteSession, o: CallOptions | undefined, onResponse?: (raw: any) => void): Record<string, unknown> {
  return {
    abortSignal: o?.signal,
    requestOptions: { timeout: session.requestTimeoutMs },
    ...(onResponse ? { onResponse: (raw: { bodyAsText?: string | null; parsedBody?: unknown }) => onResponse(rawBody(raw)) } : {}),
  };
}

/** The resource group named in an ARM id. */
export function resourceGroupOf(id: string): string {
  const m = /\/resourceGroups\/([^/]+)/i.exec(id);
  return m ? m[1] : '';
}

/** Subscriptions the credential can see. */
export async function listSubscriptions(session: RemoteSession, o?: CallOptions): Promise<SubscriptionSummary[]> {
  try {
    const client = await session.subscriptions();
    const out: SubscriptionSummary[] = [];
    for await (const s of client.subscriptions.list(callOptions(session, o) as any)) {
      out.push({ subscriptionId: s.subscriptionId ?? '', displayName: s.displayName ?? s.subscriptionId ?? '', tenantId: s.tenantId, state: s.state });
    }
    return out;
  } catch (e) {
    throw toRemoteError(e, 'Listing subscriptions');
  }
}

/** One page of factories at a time (lazy paging), optionally within a resource group. */
export async function* factoryPages(session: RemoteSession, subscriptionId: string, resourceGroup?: string, o?: CallOptions): AsyncGenerator<FactorySummary[]> {
  const what = resourceGroup ? `Listing factories in ${subscriptionId}/${resourceGroup}` : `Listing factories in subscription ${subscriptionId}`;
  try {
    const client = await session.dataFactory(subscriptionId);
    const pages: unknown[][] = [];
    const iter = resourceGroup ? client.factories.listByResourceGroup(resourceGroup, callOptions(session, o, (b) => pages.push(b?.value ?? [])) as any) : client.factories.list(callOptions(session, o, (b) => pages.push(b?.value ?? [])) as any);
    for await (const _page of iter.byPage()) {
      const raw = (pages.shift() ?? []) as any[];
      yield raw.map((f) => ({ name: f.name, id: f.id, subscriptionId, resourceGroup: resourceGroupOf(f.id ?? ''), location: f.location, properties: f.properties }));
    }
  } catch (e) {
    throw toRemoteError(e, what);
  }
}

/** All factories of a subscription. */
export async function listFactories(session: RemoteSession, subscriptionId: string, resourceGroup?: string, o?: CallOptions): Promise<FactorySummary[]> {
  const out: FactorySummary[] = [];
  for await (const p of factoryPages(session, subscriptionId, resourceGroup, o)) out.push(...p);
  return out;
}

export interface FactoryRef {
  subscriptionId: string;
  resourceGroup: string;
  factory: string;
}

const label = (f: FactoryRef) => `factory ${f.factory} (resource group ${f.resourceGroup}, subscription ${f.subscriptionId})`;

/** The factory itself (REST shape), or undefined when it does not exist. */
export async function getFactory(session: RemoteSession, f: FactoryRef, o?: CallOptions): Promise<Record<string, any> | undefined> {
  let raw: any;
  try {
    const client = await session.dataFactory(f.subscriptionId);
    await client.factories.get(f.resourceGroup, f.factory, callOptions(session, o, (b) => (raw = b)) as any);
    return raw;
  } catch (e) {
    const err = toRemoteError(e, `Reading ${label(f)}`);
    if (err.kind === 'NotFound') return undefined;
    throw err;
  }
}

/** Creates or updates the factory (used for global parameters). */
export async function putFactory(session: RemoteSession, f: FactoryRef, body: Record<string, any>, o?: CallOptions): Promise<void> {
  try {
    const client = await session.dataFactory(f.subscriptionId);
    const model = { location: body.location, tags: body.tags, identity: body.identity, ...(body.properties ?? {}) };
    await client.factories.createOrUpdate(f.resourceGroup, f.factory, model as any, callOptions(session, o) as any);
  } catch (e) {
    throw toRemoteError(e, `Updating ${label(f)}`);
  }
}

/** `<network>/<endpoint>` → its two parts; an error naming the form otherwise. */
function splitEndpointName(name: string): [string, string] {
  const i = name.indexOf('/');
  if (i <= 0 || i === name.length - 1) throw new RemoteError(`A managed private endpoint is named "<managed virtual network>/<endpoint>", not "${name}".`, 'BadRequest');
  return [name.slice(0, i), name.slice(i + 1)];
}

/** One page of a kind's resources at a time (lazy paging). */
export async function* resourcePages(session: RemoteSession, f: FactoryRef, kind: RemoteKind, o?: CallOptions): AsyncGenerator<RawResource[]> {
  if (kind === 'managedPrivateEndpoint') {
    // Nested under each managed virtual network; named `<network>/<endpoint>` here.
    for (const vnet of await listResources(session, f, 'managedVirtualNetwork', o)) {
      try {
        const client = await session.dataFactory(f.subscriptionId);
        const pages: unknown[][] = [];
        const iter = client.managedPrivateEndpoints.listByFactory(f.resourceGroup, f.factory, vnet.name, callOptions(session, o, (b) => pages.push(b?.value ?? [])) as any);
        for await (const _page of iter.byPage()) yield ((pages.shift() ?? []) as RawResource[]).map((r) => ({ ...r, name: `${vnet.name}/${r.name}` }));
      } catch (e) {
        throw toRemoteError(e, `Listing the managed private endpoints of ${vnet.name} in ${label(f)}`);
      }
    }
    return;
  }
  try {
    const client = await session.dataFactory(f.subscriptionId);
    const pages: unknown[][] = [];
    const iter = operationsFor(client, kind).listByFactory(f.resourceGroup, f.factory, callOptions(session, o, (b) => pages.push(b?.value ?? [])));
    for await (const _page of iter.byPage()) yield (pages.shift() ?? []) as RawResource[];
  } catch (e) {
    throw toRemoteError(e, `Listing ${kind} resources of ${label(f)}`);
  }
}

/** All resources of a kind. */
export async function listResources(session: RemoteSession, f: FactoryRef, kind: RemoteKind, o?: CallOptions): Promise<RawResource[]> {
  const out: RawResource[] = [];
  for await (const p of resourcePages(session, f, kind, o)) out.push(...p);
  return out;
}

/** One resource (REST shape), or undefined when it does not exist. */
export async function getResource(session: RemoteSession, f: FactoryRef, kind: RemoteKind, name: string, o?: CallOptions): Promise<RawResource | undefined> {
  let raw: any;
  try {
    const client = await session.dataFactory(f.subscriptionId);
    if (kind === 'managedPrivateEndpoint') {
      const [vnet, pe] = splitEndpointName(name);
      await client.managedPrivateEndpoints.get(f.resourceGroup, f.factory, vnet, pe, callOptions(session, o, (b) => (raw = b)) as any);
      return raw ? { ...raw, name } : raw;
    }
    await operationsFor(client, kind).get(f.resourceGroup, f.factory, name, callOptions(session, o, (b) => (raw = b)));
    return raw;
  } catch (e) {
    const err = toRemoteError(e, `Reading ${kind} "${name}" of ${label(f)}`);
    if (err.kind === 'NotFound') return undefined;
    throw err;
  }
}

/** Creates or updates a resource from its REST `properties`. */
export async function putResource(session: RemoteSession, f: FactoryRef, kind: RemoteKind, name: string, properties: Record<string, unknown>, o?: CallOptions): Promise<void> {
  try {
    const client = await session.dataFactory(f.subscriptionId);
    if (kind === 'managedPrivateEndpoint') {
      const [vnet, pe] = splitEndpointName(name);
      await client.managedPrivateEndpoints.createOrUpdate(f.resourceGroup, f.factory, vnet, pe, { properties } as any, callOptions(session, o) as any);
      return;
    }
    await operationsFor(client, kind).createOrUpdate(f.resourceGroup, f.factory, name, toSdkModel(kind, properties), callOptions(session, o));
  } catch (e) {
    throw toRemoteError(e, `Saving ${kind} "${name}" to ${label(f)}`);
  }
}

/** Deletes a resource (no error when it is already gone). */
export async function deleteResource(session: RemoteSession, f: FactoryRef, kind: RemoteKind, name: string, o?: CallOptions): Promise<void> {
  try {
    const client = await session.dataFactory(f.subscriptionId);
    if (kind === 'managedVirtualNetwork') throw new RemoteError(`The managed virtual network "${name}" cannot be deleted: the Data Factory API has no such operation (delete the factory, or keep it).`, 'BadRequest');
    if (kind === 'managedPrivateEndpoint') {
      const [vnet, pe] = splitEndpointName(name);
      await client.managedPrivateEndpoints.delete(f.resourceGroup, f.factory, vnet, pe, callOptions(session, o) as any);
      return;
    }
    await operationsFor(client, kind).delete(f.resourceGroup, f.factory, name, callOptions(session, o));
  } catch (e) {
    throw toRemoteError(e, `Deleting ${kind} "${name}" from ${label(f)}`);
  }
}

/** Starts or stops a trigger and waits for the operation to finish. */
export async function setTriggerState(session: RemoteSession, f: FactoryRef, name: string, start: boolean, o?: CallOptions): Promise<void> {
  try {
    const client = await session.dataFactory(f.subscriptionId);
    const options = { ...callOptions(session, o), updateIntervalInMs: 1000 };
    if (start) await client.triggers.beginStartAndWait(f.resourceGroup, f.factory, name, options as any);
    else await client.triggers.beginStopAndWait(f.resourceGroup, f.factory, name, options as any);
  } catch (e) {
    throw toRemoteError(e, `${start ? 'Starting' : 'Stopping'} trigger "${name}" of ${label(f)}`);
  }
}

/** A page of results and the token (the service's nextLink) for the next one, when there is one. */
export interface Page<T> {
  items: T[];
  continuationToken?: string;
}

/** One page of factories (first page without a token). */
export async function factoryPage(session: RemoteSession, subscriptionId: string, continuationToken?: string, o?: CallOptions): Promise<Page<FactorySummary>> {
  try {
    const client = await session.dataFactory(subscriptionId);
    let raw: any;
    const iter = client.factories.list(callOptions(session, o, (b) => (raw = b)) as any).byPage({ continuationToken });
    await iter.next();
    const items = ((raw?.value ?? []) as any[]).map((f) => ({ name: f.name, id: f.id, subscriptionId, resourceGroup: resourceGroupOf(f.id ?? ''), location: f.location, properties: f.properties }));
    return { items, continuationToken: raw?.nextLink ?? undefined };
  } catch (e) {
    throw toRemoteError(e, `Listing factories in subscription ${subscriptionId}`);
  }
}

/** One page of a kind's resources (first page without a token). */
export async function resourcePage(session: RemoteSession, f: FactoryRef, kind: RemoteKind, continuationToken?: string, o?: CallOptions): Promise<Page<RawResource>> {
  if (kind === 'managedPrivateEndpoint') return { items: await listResources(session, f, kind, o) };
  try {
    const client = await session.dataFactory(f.subscriptionId);
    let raw: any;
    const iter = operationsFor(client, kind).listByFactory(f.resourceGroup, f.factory, callOptions(session, o, (b) => (raw = b))) as unknown as { byPage(s?: { continuationToken?: string }): AsyncIterator<unknown> };
    await iter.byPage({ continuationToken }).next();
    return { items: (raw?.value ?? []) as RawResource[], continuationToken: raw?.nextLink ?? undefined };
  } catch (e) {
    throw toRemoteError(e, `Listing ${kind} resources of ${label(f)}`);
  }
}
