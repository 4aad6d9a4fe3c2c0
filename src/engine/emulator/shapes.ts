/** Builds the JSON bodies the Data Factory REST API (2018-06-01) returns, from the emulator's state. */
import { CHILD_SEGMENTS, type ChildSegment, type StoredFactory, type StoredResource } from './state';

export function factoryId(f: Pick<StoredFactory, 'subscriptionId' | 'resourceGroup' | 'name'>): string {
  return `/subscriptions/${f.subscriptionId}/resourceGroups/${f.resourceGroup}/providers/Microsoft.DataFactory/factories/${f.name}`;
}

/** A factory as GET returns it. */
export function factoryBody(f: StoredFactory): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: factoryId(f),
    name: f.name,
    type: 'Microsoft.DataFactory/factories',
    location: f.location,
    properties: { ...f.properties, provisioningState: 'Succeeded', createTime: f.createTime, version: '2018-06-01' },
    eTag: f.etag,
    tags: f.tags ?? {},
  };
  if (f.identity) body.identity = f.identity;
  return body;
}

/** Members the service generates into a child's properties (REST specification examples), by segment. */
function serverProperties(f: StoredFactory, segment: ChildSegment, r: StoredResource): Record<string, unknown> {
  switch (segment) {
    case 'managedvirtualnetworks':
      return { vNetId: r.server?.vNetId, alias: `${f.name}` };
    case 'integrationruntimes':
      return r.properties.type === 'Managed' ? { state: r.server?.state ?? 'Initial' } : {};
    default:
      return {};
  }
}

/** A child resource (pipeline, dataset, ...) as GET returns it. */
export function childBody(f: StoredFactory, segment: ChildSegment, r: StoredResource): Record<string, unknown> {
  const seg = CHILD_SEGMENTS[segment];
  return {
    id: `${factoryId(f)}/${seg}/${r.name}`,
    name: r.name,
    type: `Microsoft.DataFactory/factories/${seg}`,
    properties: { ...r.properties, ...serverProperties(f, segment, r) },
    etag: r.etag,
  };
}

/** A managed private endpoint as GET returns it: provisioned, its connection Pending until the target's owner approves. */
export function privateEndpointBody(f: StoredFactory, vnet: string, r: StoredResource): Record<string, unknown> {
  return {
    id: `${factoryId(f)}/managedVirtualNetworks/${vnet}/managedPrivateEndpoints/${r.name}`,
    name: r.name,
    type: 'Microsoft.DataFactory/factories/managedVirtualNetworks/managedPrivateEndpoints',
    properties: { fqdns: [], ...r.properties, provisioningState: 'Succeeded', connectionState: r.server?.connectionState ?? { status: 'Pending', description: '', actionsRequired: 'None' } },
    etag: r.etag,
  };
}

/** ARM's error body. */
export function errorBody(code: string, message: string, target?: string): Record<string, unknown> {
  return { error: { code, message, ...(target ? { target } : {}), details: [] } };
}
