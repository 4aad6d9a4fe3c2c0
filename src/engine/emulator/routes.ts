/**
 * The Data Factory REST endpoints (api-version 2018-06-01) the emulator implements, as a pure
 * function from a parsed request to a response. Paths are matched case-insensitively, as ARM does.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { CHILD_SEGMENTS, type ChildSegment, type EmulatorState, type StoredFactory, type StoredResource, newEtag, newChildEtag } from './state';
import { childBody, errorBody, factoryBody, factoryId, privateEndpointBody } from './shapes';
import { missingReference, referrersOf } from '../remote';
import { QueryError, queryRuns, type RunFilterParameters } from './runQuery';
import { toRestActivityRun, toRestPipelineRun } from '../contracts';
import type { RunManager } from './runner';
import { declaredParameterName } from '../model';

export const DATA_FACTORY_API_VERSION = '2018-06-01';

export interface ApiRequest {
  method: string;
  /** Path segments as sent (URL-decoded). */
  segments: string[];
  query: URLSearchParams;
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
  /** scheme://host:port, for nextLink. */
  origin: string;
}

export type { ApiResponse } from './loopbackServer';
import type { ApiResponse } from './loopbackServer';

export interface RouteContext {
  state: EmulatorState;
  runs: RunManager;
  pageSize: number;
  runPageSize: number;
}

const ok = (body: unknown, status = 200): ApiResponse => ({ status, body });
const fail = (status: number, code: string, message: string): ApiResponse => ({ status, body: errorBody(code, message) });
const notFound = (what: string): ApiResponse => fail(404, 'ResourceNotFound', `${what} was not found.`);

function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A page of a list with ARM's `nextLink` (absolute, same origin, `$skipToken`). */
function page<T>(req: ApiRequest, items: T[], size: number): ApiResponse {
  const raw = req.query.get('$skipToken') ?? req.query.get('$skiptoken');
  const start = raw ? Number(raw) : 0;
  if (!Number.isInteger(start) || start < 0) return fail(400, 'InvalidSkipToken', `Invalid $skipToken "${raw}".`);
  const value = items.slice(start, start + size);
  const body: Record<string, unknown> = { value };
  if (start + size < items.length) {
    const path = '/' + req.segments.map(encodeURIComponent).join('/');
    body.nextLink = `${req.origin}${path}?api-version=${encodeURIComponent(req.query.get('api-version') ?? '')}&$skipToken=${start + size}`;
  }
  return ok(body);
}

/** Routes one authenticated request. */
export function route(ctx: RouteContext, req: ApiRequest): ApiResponse {
  const s = req.segments.map((x) => x.toLowerCase());
  if (s[0] !== 'subscriptions') return notFound(`The path /${req.segments.join('/')}`);
  if (s.length === 1) {
    if (req.method !== 'GET') return fail(405, 'MethodNotAllowed', `${req.method} is not allowed on subscriptions.`);
    const subs = [...ctx.state.subscriptions].sort();
    return page(req, subs.map((id) => ({ id: `/subscriptions/${id}`, subscriptionId: id, displayName: `Subscription ${id}`, state: 'Enabled', tenantId: '00000000-0000-0000-0000-000000000000', subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' }, authorizationSource: 'RoleBased' })), ctx.pageSize);
  }
  const apiVersion = req.query.get('api-version');
  if (!apiVersion) return fail(400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests.");
  if (apiVersion !== DATA_FACTORY_API_VERSION) return fail(400, 'InvalidApiVersionParameter', `The api-version '${apiVersion}' is invalid. The supported version is '${DATA_FACTORY_API_VERSION}'.`);
  const sub = req.segments[1];
  // /subscriptions/{s}/providers/Microsoft.DataFactory/factories
  if (s.length === 4 && s[2] === 'providers' && s[3] === 'microsoft.datafactory') return notFound('The resource type');
  if (s.length === 5 && s[2] === 'providers' && s[3] === 'microsoft.datafactory' && s[4] === 'factories') {
    if (req.method !== 'GET') return fail(405, 'MethodNotAllowed', `${req.method} is not allowed here.`);
    const list = [...ctx.state.factories.values()].filter((f) => f.subscriptionId.toLowerCase() === s[1]).sort((a, b) => a.name.localeCompare(b.name));
    return page(req, list.map(factoryBody), ctx.pageSize);
  }
  if (s[2] !== 'resourcegroups' || s[4] !== 'providers' || s[5] !== 'microsoft.datafactory' || s[6] !== 'factories') return notFound(`The path /${req.segments.join('/')}`);
  const rg = req.segments[3];
  if (s.length === 7) {
    if (req.method !== 'GET') return fail(405, 'MethodNotAllowed', `${req.method} is not allowed here.`);
    const list = [...ctx.state.factories.values()].filter((f) => f.subscriptionId.toLowerCase() === s[1] && f.resourceGroup.toLowerCase() === s[3]).sort((a, b) => a.name.localeCompare(b.name));
    return page(req, list.map(factoryBody), ctx.pageSize);
  }
  const factoryName = req.segments[7];
  if (s.length === 8) return factoryRoute(ctx, req, sub, rg, factoryName);
  const factory = ctx.state.getFactory(sub, rg, factoryName);
  if (!factory) return fail(404, 'ResourceNotFound', `The Resource 'Microsoft.DataFactory/factories/${factoryName}' under resource group '${rg}' was not found.`);
  const seg = s[8];
  if (seg === 'querypipelineruns' && s.length === 9) {
    if (req.method !== 'POST') return fail(405, 'MethodNotAllowed', 'queryPipelineRuns takes POST.');
    const key = `${factory.subscriptionId}/${factory.resourceGroup}/${factory.name}`.toLowerCase();
    const runs = [...ctx.state.runs.values()].filter((r) => r.factoryKey === key).map((r) => toRestPipelineRun(r.run));
    return runQueryRoute(() => queryRuns(runs, (req.body ?? {}) as RunFilterParameters, 'pipeline', (r) => r.lastUpdated, ctx.runPageSize));
  }
  if (seg === 'pipelineruns' && s.length >= 10) return pipelineRunRoute(ctx, req, factory, req.segments[9], s.slice(10));
  if (!(seg in CHILD_SEGMENTS)) return notFound(`The resource type '${req.segments[8]}'`);
  const segment = seg as ChildSegment;
  const items = factory.children[segment];
  if (s.length === 9) {
    if (req.method !== 'GET') return fail(405, 'MethodNotAllowed', `${req.method} is not allowed on a collection.`);
    const list = Object.values(items).sort((a, b) => a.name.localeCompare(b.name));
    return page(req, list.map((r) => childBody(factory, segment, r)), ctx.pageSize);
  }
  const name = req.segments[9];
  if (segment === 'managedvirtualnetworks' && s[10] === 'managedprivateendpoints' && (s.length === 11 || s.length === 12)) return privateEndpointRoute(ctx, req, factory, name, req.segments[11]);
  if (s.length === 10) return childRoute(ctx, req, factory, segment, name);
  if (s.length === 11) {
    const action = s[10];
    const existing = items[name.toLowerCase()];
    if (req.method !== 'POST') return fail(405, 'MethodNotAllowed', `${action} takes POST.`);
    if (!existing) return notFound(`${CHILD_SEGMENTS[segment]} '${name}'`);
    if (segment === 'pipelines' && action === 'createrun') return createRunRoute(ctx, req, factory, existing.name);
    if (segment === 'triggers' && (action === 'start' || action === 'stop')) {
      if (action === 'start') {
        const missing = missingReference(factory, existing.properties);
        if (missing) return fail(400, 'BadRequest', `The trigger '${existing.name}' cannot start because it references '${missing.name}', which does not exist.`);
      }
      existing.properties = { ...existing.properties, runtimeState: action === 'start' ? 'Started' : 'Stopped' };
      existing.etag = newChildEtag();
      void ctx.state.persist();
      return ok(undefined);
    }
    const more = childAction(ctx, req, factory, segment, existing, action);
    if (more) return more;
    return notFound(`The action '${req.segments[10]}'`);
  }
  return notFound(`The path /${req.segments.join('/')}`);
}

/** Trigger event subscriptions and integration runtime operations (shapes of the REST specification's examples). */
function childAction(ctx: RouteContext, req: ApiRequest, factory: StoredFactory, segment: ChildSegment, existing: StoredResource, action: string): ApiResponse | undefined {
  if (segment === 'triggers') {
    const status = () => ok({ triggerName: existing.name, status: existing.server?.eventSubscription ?? 'Unknown' });
    if (action === 'subscribetoevents' || action === 'unsubscribefromevents') {
      if (existing.properties.type !== 'BlobEventsTrigger' && existing.properties.type !== 'CustomEventsTrigger') return fail(400, 'BadRequest', `The trigger '${existing.name}' is a ${existing.properties.type}; only event triggers subscribe to events.`);
      existing.server = { ...existing.server, eventSubscription: action === 'subscribetoevents' ? 'Enabled' : 'Disabled' };
      void ctx.state.persist();
      return status();
    }
    if (action === 'geteventsubscriptionstatus') return status();
    return undefined;
  }
  if (segment === 'integrationruntimes') {
    const type = String(existing.properties.type ?? '');
    if (action === 'getstatus') {
      const linked = !!existing.properties.typeProperties?.linkedInfo;
      const state = type === 'Managed' ? (existing.server?.state ?? 'Initial') : linked ? 'Online' : 'NeedRegistration';
      const typeProperties = type === 'SelfHosted' ? { autoUpdate: existing.server?.autoUpdate ?? 'On', nodes: [], links: [] } : {};
      return ok({ name: existing.name, properties: { state, type, dataFactoryName: factory.name, dataFactoryLocation: factory.location, resourceUri: `${factoryId(factory)}/integrationruntimes/${existing.name}`, typeProperties } });
    }
    if (action === 'listauthkeys' || action === 'regenerateauthkey') {
      if (type !== 'SelfHosted' || existing.properties.typeProperties?.linkedInfo) return fail(400, 'BadRequest', `The integration runtime '${existing.name}' has no authentication keys (only a self-hosted, not linked, integration runtime has).`);
      const key = () => `IR@${randomUUID()}@${factory.name}@ServiceEndpoint=${factory.name}.${factory.location}.datafactory.azure.net@${randomBytes(24).toString('base64')}`;
      const keys = existing.server?.authKeys ?? { authKey1: key(), authKey2: key() };
      if (action === 'regenerateauthkey') {
        const which = (req.body as { keyName?: string } | undefined)?.keyName;
        if (which !== 'authKey1' && which !== 'authKey2') return fail(400, 'BadRequest', "regenerateAuthKey takes {\"keyName\": \"authKey1\" | \"authKey2\"}.");
        keys[which] = key();
      }
      existing.server = { ...existing.server, authKeys: keys };
      void ctx.state.persist();
      return ok(action === 'listauthkeys' ? keys : { [String((req.body as { keyName?: string }).keyName)]: keys[(req.body as { keyName: 'authKey1' | 'authKey2' }).keyName] });
    }
    return undefined;
  }
  return undefined;
}

/** Global parameter types as the service returns them (GlobalParameters_Create: "int" comes back "Int"). */
const GP_TYPES: Record<string, string> = { string: 'String', int: 'Int', float: 'Float', bool: 'Bool', array: 'Array', object: 'Object' };

/** Managed private endpoints: /managedVirtualNetworks/{vnet}/managedPrivateEndpoints[/{name}]. */
function privateEndpointRoute(ctx: RouteContext, req: ApiRequest, factory: StoredFactory, vnetName: string, name: string | undefined): ApiResponse {
  const vnet = factory.children.managedvirtualnetworks[vnetName.toLowerCase()];
  if (!vnet) return notFound(`The managed virtual network '${vnetName}'`);
  const all = (factory.privateEndpoints ??= {});
  const items = (all[vnetName.toLowerCase()] ??= {});
  if (name === undefined) {
    if (req.method !== 'GET') return fail(405, 'MethodNotAllowed', `${req.method} is not allowed on a collection.`);
    return page(req, Object.values(items).sort((a, b) => a.name.localeCompare(b.name)).map((r) => privateEndpointBody(factory, vnet.name, r)), ctx.pageSize);
  }
  const existing = items[name.toLowerCase()];
  switch (req.method) {
    case 'GET':
      return existing ? ok(privateEndpointBody(factory, vnet.name, existing)) : notFound(`The managed private endpoint '${name}'`);
    case 'PUT': {
      if (!NAME_RE.test(name)) return fail(400, 'InvalidResourceName', `Invalid managed private endpoint name '${name}'.`);
      if (!isObject(req.body) || !isObject(req.body.properties)) return fail(400, 'InvalidRequestContent', `The request body must be {"properties": {...}} for managed private endpoint '${name}'.`);
      const props = { ...(req.body.properties as Record<string, any>) };
      for (const k of ['provisioningState', 'connectionState', 'isReserved']) delete props[k];
      if (typeof props.privateLinkResourceId !== 'string' || !props.privateLinkResourceId.startsWith('/subscriptions/')) return fail(400, 'BadRequest', `The managed private endpoint '${name}' needs a privateLinkResourceId (an ARM resource id).`);
      if (typeof props.groupId !== 'string' || !props.groupId) return fail(400, 'BadRequest', `The managed private endpoint '${name}' needs a groupId (blob, dfs, sqlServer, vault, …).`);
      // An endpoint's target cannot change: the service refuses, the endpoint must be deleted and created again.
      if (existing && (existing.properties.privateLinkResourceId !== props.privateLinkResourceId || existing.properties.groupId !== props.groupId)) return fail(400, 'BadRequest', `The managed private endpoint '${name}' already targets ${existing.properties.privateLinkResourceId} (${existing.properties.groupId}); delete it to point it elsewhere.`);
      const stored: StoredResource = { name: existing?.name ?? name, properties: props, etag: newChildEtag(), server: existing?.server };
      items[name.toLowerCase()] = stored;
      void ctx.state.persist();
      return ok(privateEndpointBody(factory, vnet.name, stored));
    }
    case 'DELETE':
      if (!existing) return { status: 204 };
      delete items[name.toLowerCase()];
      void ctx.state.persist();
      return ok(undefined);
    default:
      return fail(405, 'MethodNotAllowed', `${req.method} is not allowed on managed private endpoint '${name}'.`);
  }
}

/** Drops the workbench's own `adfw:` extension keys so clients see the REST shape only. */
function runQueryRoute(run: () => unknown): ApiResponse {
  try {
    return ok(run());
  } catch (e) {
    if (e instanceof QueryError) return fail(400, 'BadRequest', e.message);
    throw e;
  }
}

function factoryRoute(ctx: RouteContext, req: ApiRequest, sub: string, rg: string, name: string): ApiResponse {
  if (!/^[A-Za-z0-9]([A-Za-z0-9-]{1,61})[A-Za-z0-9]$/.test(name) || name.includes('--')) {
    return fail(400, 'InvalidResourceName', `Invalid factory name '${name}': 3-63 letters, digits and single hyphens, starting and ending with a letter or digit.`);
  }
  const f = ctx.state.getFactory(sub, rg, name);
  switch (req.method) {
    case 'GET':
      return f ? ok(factoryBody(f)) : fail(404, 'ResourceNotFound', `The Resource 'Microsoft.DataFactory/factories/${name}' under resource group '${rg}' was not found.`);
    case 'PUT': {
      if (!isObject(req.body)) return fail(400, 'InvalidRequestContent', 'The request body must be a factory object.');
      const ifMatch = req.headers['if-match'];
      if (f && typeof ifMatch === 'string' && ifMatch !== '*' && ifMatch !== f.etag) return fail(412, 'PreconditionFailed', `The factory was changed (eTag ${f.etag}, If-Match ${ifMatch}).`);
      const body = req.body;
      if (body.properties !== undefined && !isObject(body.properties)) return fail(400, 'InvalidRequestContent', "'properties' must be an object.");
      const { factory, created } = ctx.state.putFactory(sub, rg, name, { location: body.location, tags: body.tags, identity: body.identity, properties: body.properties });
      return ok(factoryBody(factory), created ? 200 : 200);
    }
    case 'PATCH': {
      if (!f) return notFound(`The factory '${name}'`);
      const body = isObject(req.body) ? req.body : {};
      if (body.tags) f.tags = body.tags;
      if (body.identity) f.identity = body.identity;
      f.etag = newEtag();
      void ctx.state.persist();
      return ok(factoryBody(f));
    }
    case 'DELETE':
      return ok(undefined, ctx.state.deleteFactory(sub, rg, name) ? 200 : 204);
    default:
      return fail(405, 'MethodNotAllowed', `${req.method} is not allowed on a factory.`);
  }
}

const NAME_RE = /^[A-Za-z0-9_][^<>*#.%&:\\+?/]*$/;

function childRoute(ctx: RouteContext, req: ApiRequest, factory: StoredFactory, segment: ChildSegment, name: string): ApiResponse {
  const items = factory.children[segment];
  const lower = name.toLowerCase();
  const existing = items[lower];
  const label = CHILD_SEGMENTS[segment];
  switch (req.method) {
    case 'GET': {
      if (!existing) return notFound(`${label} '${name}'`);
      const inm = req.headers['if-none-match'];
      if (typeof inm === 'string' && inm === existing.etag) return { status: 304 };
      return ok(childBody(factory, segment, existing));
    }
    case 'PUT': {
      if (!NAME_RE.test(name) || name.length > 260) return fail(400, 'InvalidResourceName', `Invalid ${label} name '${name}': it must start with a letter, digit or underscore and must not contain <>*#.%&:\\+?/.`);
      if (!isObject(req.body) || !isObject(req.body.properties)) return fail(400, 'InvalidRequestContent', `The request body must be {"properties": {...}} for ${label} '${name}'.`);
      const ifMatch = req.headers['if-match'];
      if (existing && typeof ifMatch === 'string' && ifMatch !== '*' && ifMatch !== existing.etag) return fail(412, 'PreconditionFailed', `The ${label} '${name}' was changed (etag ${existing.etag}, If-Match ${ifMatch}).`);
      const properties = { ...(req.body.properties as Record<string, any>) };
      if (segment === 'triggers') {
        if (existing?.properties.runtimeState === 'Started') {
          return fail(400, 'TriggerEnabledCannotUpdate', `Cannot update enabled Trigger '${existing.name}'; stop the trigger before updating it.`);
        }
        properties.runtimeState = 'Stopped';
      }
      if (segment === 'managedvirtualnetworks') for (const k of ['vNetId', 'alias']) delete properties[k];
      if (segment === 'integrationruntimes') delete properties.state;
      if (segment === 'globalparameters') {
        for (const [k, v] of Object.entries(properties)) {
          if (!isObject(v) || typeof v.type !== 'string' || !GP_TYPES[v.type.toLowerCase()]) return fail(400, 'BadRequest', `The global parameter '${k}' needs {"type": String|Int|Float|Bool|Array|Object, "value": ...}.`);
          properties[k] = { ...v, type: GP_TYPES[v.type.toLowerCase()] };
        }
      }
      if (segment !== 'globalparameters' && segment !== 'managedvirtualnetworks' && typeof properties.type !== 'string' && segment !== 'pipelines') {
        return fail(400, 'InvalidRequestContent', `The ${label} '${name}' has no 'properties.type'.`);
      }
      const missing = missingReference(factory, properties);
      if (missing) return fail(400, 'BadRequest', `The document creation or update failed because of invalid reference '${missing.name}'.`);
      const server = segment === 'managedvirtualnetworks' ? { vNetId: existing?.server?.vNetId ?? randomUUID(), ...existing?.server } : existing?.server;
      const stored: StoredResource = { name: existing?.name ?? name, properties, etag: newChildEtag(), ...(server ? { server } : {}) };
      items[lower] = stored;
      void ctx.state.persist();
      return ok(childBody(factory, segment, stored));
    }
    case 'PATCH': {
      // IntegrationRuntimes_Update: auto-update settings of a self-hosted integration runtime.
      if (segment !== 'integrationruntimes') return fail(405, 'MethodNotAllowed', `PATCH is not allowed on ${label} '${name}'.`);
      if (!existing) return notFound(`${label} '${name}'`);
      const body = isObject(req.body) ? req.body : {};
      if (body.autoUpdate !== undefined && body.autoUpdate !== 'On' && body.autoUpdate !== 'Off') return fail(400, 'BadRequest', `autoUpdate is On or Off, not '${String(body.autoUpdate)}'.`);
      existing.server = { ...existing.server, ...(body.autoUpdate !== undefined ? { autoUpdate: body.autoUpdate } : {}), ...(body.updateDelayOffset !== undefined ? { updateDelayOffset: body.updateDelayOffset } : {}) };
      existing.etag = newChildEtag();
      void ctx.state.persist();
      return ok(childBody(factory, segment, existing));
    }
    case 'DELETE': {
      if (!existing) return { status: 204 };
      if (segment === 'managedvirtualnetworks') return fail(405, 'MethodNotAllowed', 'A managed virtual network cannot be deleted (the service has no such operation).');
      if (segment === 'triggers' && existing.properties.runtimeState === 'Started') {
        return fail(400, 'TriggerEnabledCannotUpdate', `Cannot delete enabled Trigger '${existing.name}'; stop the trigger first.`);
      }
      const referrers = referrersOf(factory, segment, existing.name);
      if (referrers.length) return fail(400, 'BadRequest', `The document cannot be deleted since it is referenced by ${referrers.join(', ')}.`);
      delete items[lower];
      void ctx.state.persist();
      return ok(undefined);
    }
    default:
      return fail(405, 'MethodNotAllowed', `${req.method} is not allowed on ${label} '${name}'.`);
  }
}

function createRunRoute(ctx: RouteContext, req: ApiRequest, factory: StoredFactory, pipelineName: string): ApiResponse {
  const params = req.body === undefined || req.body === null ? {} : req.body;
  if (!isObject(params)) return fail(400, 'InvalidRequestContent', 'The createRun body must be an object of parameter values.');
  const ref = req.query.get('referencePipelineRunId') ?? undefined;
  if (ref && !ctx.state.runs.get(ref)) return notFound(`Pipeline run '${ref}'`);
  const bool = (k: string) => {
    const v = req.query.get(k);
    return v === null ? undefined : v.toLowerCase() === 'true';
  };
  const pipeline = factory.children.pipelines[pipelineName.toLowerCase()];
  const declared = (pipeline?.properties.parameters ?? {}) as Record<string, { type?: string; defaultValue?: unknown }>;
  for (const k of Object.keys(params)) {
    if (declaredParameterName(declared, k) === undefined) {
      return fail(400, 'BadRequest', `The pipeline '${pipelineName}' has no parameter '${k}'. Declared: ${Object.keys(declared).join(', ') || '(none)'}.`);
    }
  }
  for (const [k, d] of Object.entries(declared)) {
    if (d && d.defaultValue === undefined && !Object.keys(params).some((g) => declaredParameterName(declared, g) === k)) return fail(400, 'BadRequest', `Missing value for the required parameter '${k}' of pipeline '${pipelineName}'.`);
  }
  const runId = ctx.runs.createRun({
    factory,
    pipelineName,
    parameters: params,
    referencePipelineRunId: ref,
    isRecovery: bool('isRecovery'),
    startActivityName: req.query.get('startActivityName') ?? undefined,
    startFromFailure: bool('startFromFailure'),
  });
  return ok({ runId });
}

function pipelineRunRoute(ctx: RouteContext, req: ApiRequest, factory: StoredFactory, runId: string, rest: string[]): ApiResponse {
  const rec = ctx.state.runs.get(runId);
  const key = `${factory.subscriptionId}/${factory.resourceGroup}/${factory.name}`.toLowerCase();
  if (!rec || rec.factoryKey !== key) return fail(404, 'PipelineRunNotFound', `Pipeline run '${runId}' was not found in factory '${factory.name}'.`);
  if (rest.length === 0) {
    if (req.method !== 'GET') return fail(405, 'MethodNotAllowed', `${req.method} is not allowed on a pipeline run.`);
    return ok(toRestPipelineRun(rec.run));
  }
  if (rest.length === 1 && rest[0] === 'cancel') {
    if (req.method !== 'POST') return fail(405, 'MethodNotAllowed', 'cancel takes POST.');
    ctx.runs.cancel(runId, (req.query.get('isRecursive') ?? '').toLowerCase() === 'true');
    return ok(undefined);
  }
  if (rest.length === 1 && rest[0] === 'queryactivityruns') {
    if (req.method !== 'POST') return fail(405, 'MethodNotAllowed', 'queryActivityruns takes POST.');
    return runQueryRoute(() => queryRuns(rec.activityRuns.map(toRestActivityRun), (req.body ?? {}) as RunFilterParameters, 'activity', (a) => a.activityRunStart, ctx.runPageSize));
  }
  return notFound(`The path /${req.segments.join('/')}`);
}
