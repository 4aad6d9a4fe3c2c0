/**
 * The Fabric REST API (v1) endpoints the emulator serves, in the shapes of the API's documentation:
 * Core Workspaces (list, get, create), Items (list with `type`, get, create, delete, getDefinition,
 * updateDefinition), Long Running Operations (state, result), Job Scheduler (run on demand, get, list, cancel)
 * and the data pipeline's queryactivityruns. Lists page with `continuationToken`/`continuationUri`; errors are
 * `{requestId, errorCode, message}` with the same id in the `requestid` header.
 */
import { randomUUID } from 'node:crypto';
import { toRestActivityRun } from '../contracts';
import { queryRuns, QueryError, type ApiResponse, type ParsedRequest, type RunFilterParameters } from '../emulator';
import { fabricTime, type DefinitionPart, type FabricState, type StoredItem, type StoredJob, type StoredOperation, type StoredWorkspace } from './state';
import { PIPELINE_CONTENT, valueSetNames, type JobRunner } from './runner';
import { decodeText } from '../text';

const partText = (bytes: Buffer): string => decodeText(bytes).replace(/^\uFEFF/, '');

export interface FabricRouteContext {
  state: FabricState;
  jobs: JobRunner;
  pageSize: number;
  /** Seconds a 202 asks the client to wait (Retry-After). */
  retryAfterSeconds: number;
  /** How long a long-running operation stays Running. */
  operationMs: number;
  /** The value set the emulator was started with (libraries without their own active one). */
  valueSet?: string;
}

/** The Fabric error body, and the `requestid` header carrying the same id. */
export function fabricError(status: number, errorCode: string, message: string, headers: Record<string, string> = {}): ApiResponse {
  const requestId = randomUUID();
  return { status, body: { requestId, errorCode, message }, headers: { requestid: requestId, ...headers } };
}

const ok = (body: unknown, status = 200, headers?: Record<string, string>): ApiResponse => ({ status, body, headers });

function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function workspaceBody(w: StoredWorkspace): Record<string, unknown> {
  return { id: w.id, displayName: w.displayName, description: w.description, type: 'Workspace', ...(w.capacityId ? { capacityId: w.capacityId } : {}) };
}

function itemBody(i: StoredItem): Record<string, unknown> {
  return { id: i.id, type: i.type, displayName: i.displayName, description: i.description, workspaceId: i.workspaceId };
}

function jobBody(j: StoredJob): Record<string, unknown> {
  return { id: j.id, itemId: j.itemId, jobType: j.jobType, invokeType: j.invokeType, status: j.status, rootActivityId: j.rootActivityId, startTimeUtc: j.startTimeUtc, endTimeUtc: j.endTimeUtc, failureReason: j.failureReason };
}

/** One page of a list: `continuationToken` (opaque) and `continuationUri` (the same request with the token) beyond. */
function page<T>(req: ParsedRequest, items: T[], size: number, body: (t: T) => unknown): ApiResponse {
  const raw = req.url.searchParams.get('continuationToken');
  let start = 0;
  if (raw) {
    const m = /^offset:(\d+)$/.exec(Buffer.from(raw, 'base64url').toString('utf8'));
    if (!m) return fabricError(400, 'InvalidContinuationToken', `The continuation token "${raw}" is not one this service issued.`);
    start = Number(m[1]);
  }
  const out: Record<string, unknown> = { value: items.slice(start, start + size).map(body) };
  if (start + size < items.length) {
    const token = Buffer.from(`offset:${start + size}`, 'utf8').toString('base64url');
    const next = new URL(req.url.pathname, req.origin);
    for (const [k, v] of req.url.searchParams) if (k !== 'continuationToken') next.searchParams.append(k, v);
    next.searchParams.set('continuationToken', token);
    out.continuationToken = token;
    out.continuationUri = next.toString();
  }
  return ok(out);
}

/** Checks definition parts: `{path, payload, payloadType: "InlineBase64"}`, a DataPipeline's content parsing as JSON. */
function checkParts(definition: unknown, itemType: string): { parts: DefinitionPart[] } | { error: ApiResponse } {
  const bad = (m: string) => ({ error: fabricError(400, 'InvalidDefinitionParts', m) });
  if (!isObject(definition) || !Array.isArray(definition.parts)) return bad('The request needs "definition": {"parts": [...]}.');
  const parts: DefinitionPart[] = [];
  const seen = new Set<string>();
  for (const [i, p] of (definition.parts as unknown[]).entries()) {
    if (!isObject(p) || typeof p.path !== 'string' || !p.path) return bad(`definition.parts[${i}] needs a "path".`);
    if (p.payloadType !== 'InlineBase64') return bad(`definition.parts[${i}] ("${p.path}"): payloadType must be "InlineBase64", got ${JSON.stringify(p.payloadType)}.`);
    if (typeof p.payload !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(p.payload) || p.payload.length % 4 !== 0) return bad(`definition.parts[${i}] ("${p.path}"): payload is not base64.`);
    if (seen.has(p.path.toLowerCase())) return bad(`definition.parts has "${p.path}" twice.`);
    seen.add(p.path.toLowerCase());
    parts.push({ path: p.path, payload: p.payload, payloadType: 'InlineBase64' });
  }
  if (itemType === 'DataPipeline') {
    const content = parts.find((p) => p.path === PIPELINE_CONTENT);
    if (!content) return bad(`A DataPipeline definition needs the part "${PIPELINE_CONTENT}".`);
    try {
      const json = JSON.parse(partText(Buffer.from(content.payload, 'base64')));
      if (!isObject(json) || !isObject(json.properties)) return bad(`${PIPELINE_CONTENT} needs a "properties" object.`);
    } catch (e) {
      return bad(`${PIPELINE_CONTENT} is not valid JSON: ${(e as Error).message}`);
    }
  }
  return { parts };
}

/** The `.platform` part's metadata (displayName, description), when the part is there and readable. */
function platformMetadata(parts: DefinitionPart[]): { displayName?: string; description?: string } {
  const p = parts.find((x) => x.path === '.platform');
  if (!p) return {};
  try {
    const m = JSON.parse(partText(Buffer.from(p.payload, 'base64')))?.metadata;
    return { displayName: typeof m?.displayName === 'string' ? m.displayName : undefined, description: typeof m?.description === 'string' ? m.description : undefined };
  } catch {
    return {};
  }
}

function operationUrl(req: ParsedRequest, id: string, result = false): string {
  return `${req.origin}/v1/operations/${id}${result ? '/result' : ''}`;
}

/** Starts a long-running operation: 202 with Location, x-ms-operation-id and Retry-After, an empty body. */
function startOperation(ctx: FabricRouteContext, req: ParsedRequest, apply: () => unknown): ApiResponse {
  const id = randomUUID();
  const now = fabricTime(new Date());
  const op: StoredOperation = { id, status: 'Running', createdTimeUtc: now, lastUpdatedTimeUtc: now, percentComplete: 0, dueAt: Date.now() + ctx.operationMs, apply };
  ctx.state.operations.set(id, op);
  return { status: 202, headers: { location: operationUrl(req, id), 'x-ms-operation-id': id, 'retry-after': String(ctx.retryAfterSeconds) } };
}

/** Completes an operation whose time has come: applies its change, keeping the result or the error. */
function advance(ctx: FabricRouteContext, op: StoredOperation): void {
  if (op.status !== 'Running' && op.status !== 'NotStarted') return;
  const now = Date.now();
  if (now < op.dueAt) {
    const total = Math.max(1, ctx.operationMs);
    op.percentComplete = Math.min(99, Math.floor(((total - (op.dueAt - now)) / total) * 100));
    op.lastUpdatedTimeUtc = fabricTime(new Date());
    return;
  }
  try {
    op.result = op.apply?.();
    op.status = 'Succeeded';
  } catch (e) {
    const err = e as { errorCode?: string; message?: string };
    op.status = 'Failed';
    op.error = { errorCode: err.errorCode ?? 'OperationFailed', message: err.message ?? String(e) };
  }
  op.apply = undefined;
  op.percentComplete = 100;
  op.lastUpdatedTimeUtc = fabricTime(new Date());
  void ctx.state.persist();
}

function findWorkspace(ctx: FabricRouteContext, id: string): StoredWorkspace | undefined {
  return ctx.state.workspaces.get(id.toLowerCase());
}

/** The name Fabric gives a variable library's default values as a value set. */
const DEFAULT_VALUE_SET = 'Default value set';

function variableLibraryBody(i: StoredItem, valueSet: string | undefined): Record<string, unknown> {
  return { ...itemBody(i), properties: { activeValueSetName: i.activeValueSetName ?? valueSet ?? DEFAULT_VALUE_SET } };
}

/**
 * Get and Update Variable Library (`/v1/workspaces/{id}/VariableLibraries/{id}`): the library's active value set
 * (`properties.activeValueSetName`), which jobs of the workspace then read; display name and description as
 * Update Item changes them.
 */
async function variableLibrary(ctx: FabricRouteContext, req: ParsedRequest, ws: StoredWorkspace): Promise<ApiResponse> {
  const item = ctx.state.items.get(req.segments[4].toLowerCase());
  if (!item || item.workspaceId !== ws.id || item.type !== 'VariableLibrary') return fabricError(404, 'ItemNotFound', `The variable library ${req.segments[4]} was not found in the workspace "${ws.displayName}".`);
  if (req.method === 'GET') return ok(variableLibraryBody(item, ctx.valueSet));
  const b = req.body;
  if (!isObject(b)) return fabricError(400, 'InvalidRequest', 'The request needs a body: {"displayName"?, "description"?, "properties"?: {"activeValueSetName": "…"}}.');
  if (b.displayName !== undefined && (typeof b.displayName !== 'string' || !b.displayName.trim())) return fabricError(400, 'InvalidRequest', '"displayName" must be a non-empty string.');
  if (b.description !== undefined && typeof b.description !== 'string') return fabricError(400, 'InvalidRequest', '"description" must be a string.');
  const name = b.properties?.activeValueSetName;
  if (b.properties !== undefined && (!isObject(b.properties) || (name !== undefined && typeof name !== 'string'))) return fabricError(400, 'InvalidRequest', '"properties" must be {"activeValueSetName": "<value set name>"}.');
  let active: string | undefined;
  if (typeof name === 'string') {
    const sets = await valueSetNames(item);
    const found = sets.find((s) => s.toLowerCase() === name.toLowerCase());
    if (!found && name.toLowerCase() !== DEFAULT_VALUE_SET.toLowerCase()) return fabricError(400, 'InvalidRequest', `The variable library "${item.displayName}" has no value set "${name}" (value sets: ${[DEFAULT_VALUE_SET, ...sets].join(', ')}).`);
    // The default name matches no value set of the definition, so the loader reads the default values.
    active = found ?? DEFAULT_VALUE_SET;
  }
  if (typeof b.displayName === 'string' && b.displayName.toLowerCase() !== item.displayName.toLowerCase() && ctx.state.itemsOf(ws.id).some((i) => i.type === item.type && i.displayName.toLowerCase() === String(b.displayName).toLowerCase())) {
    return fabricError(409, 'ItemDisplayNameAlreadyInUse', `The workspace already holds a ${item.type} named "${b.displayName}".`);
  }
  if (typeof b.displayName === 'string') item.displayName = b.displayName;
  if (typeof b.description === 'string') item.description = b.description;
  if (active !== undefined) item.activeValueSetName = active;
  await ctx.state.persist();
  return ok(variableLibraryBody(item, ctx.valueSet));
}

export async function route(ctx: FabricRouteContext, req: ParsedRequest): Promise<ApiResponse> {
  const seg = req.segments;
  const lower = seg.map((s) => s.toLowerCase());
  const m = req.method;
  if (lower[0] !== 'v1') return fabricError(404, 'EntityNotFound', `No API at ${req.url.pathname}; the Fabric REST API lives under /v1.`);

  // Long-running operations.
  if (lower[1] === 'operations' && seg.length >= 3 && m === 'GET') {
    const op = ctx.state.operations.get(lower[2]);
    if (!op) return fabricError(404, 'OperationNotFound', `The operation ${seg[2]} was not found.`);
    advance(ctx, op);
    if (seg.length === 3) {
      const body: Record<string, unknown> = { status: op.status, createdTimeUtc: op.createdTimeUtc, lastUpdatedTimeUtc: op.lastUpdatedTimeUtc, percentComplete: op.percentComplete, error: op.error ?? null };
      const headers: Record<string, string> = { 'x-ms-operation-id': op.id };
      if (op.status === 'Running' || op.status === 'NotStarted') {
        headers.location = operationUrl(req, op.id);
        headers['retry-after'] = String(ctx.retryAfterSeconds);
      } else if (op.status === 'Succeeded' && op.result !== undefined) headers.location = operationUrl(req, op.id, true);
      return ok(body, 200, headers);
    }
    if (seg.length === 4 && lower[3] === 'result') {
      if (op.status !== 'Succeeded') return fabricError(400, 'OperationNotSucceeded', `The operation ${op.id} is ${op.status}; its result is available once it has Succeeded.`);
      if (op.result === undefined) return fabricError(404, 'OperationHasNoResultResponse', `The operation ${op.id} has no result.`);
      return ok(op.result);
    }
  }

  if (lower[1] !== 'workspaces') return fabricError(404, 'EntityNotFound', `No API at ${req.url.pathname}.`);

  // Workspaces.
  if (seg.length === 2) {
    if (m === 'GET') return page(req, [...ctx.state.workspaces.values()].sort((a, b) => a.displayName.localeCompare(b.displayName)), ctx.pageSize, workspaceBody);
    if (m === 'POST') {
      const b = req.body;
      if (!isObject(b) || typeof b.displayName !== 'string' || !b.displayName.trim()) return fabricError(400, 'InvalidInput', 'A workspace needs a "displayName".');
      if ([...ctx.state.workspaces.values()].some((w) => w.displayName.toLowerCase() === b.displayName.toLowerCase())) return fabricError(409, 'WorkspaceNameAlreadyExists', `A workspace named "${b.displayName}" already exists.`);
      const w: StoredWorkspace = { id: randomUUID(), displayName: b.displayName, description: typeof b.description === 'string' ? b.description : '', ...(typeof b.capacityId === 'string' ? { capacityId: b.capacityId } : {}) };
      ctx.state.workspaces.set(w.id, w);
      await ctx.state.persist();
      return ok(workspaceBody(w), 201, { location: `${req.origin}/v1/workspaces/${w.id}` });
    }
  }
  const ws = findWorkspace(ctx, seg[2] ?? '');
  if (!ws) return fabricError(404, 'WorkspaceNotFound', `The workspace ${seg[2]} was not found (or the caller has no access to it).`);
  if (seg.length === 3 && m === 'GET') return ok(workspaceBody(ws));

  // Data pipeline activity runs.
  if (lower[3] === 'datapipelines' && lower[4] === 'pipelineruns' && seg.length === 7 && lower[6] === 'queryactivityruns' && m === 'POST') {
    const job = ctx.state.jobs.get(lower[5]);
    if (!job || job.workspaceId !== ws.id) return fabricError(404, 'EntityNotFound', `The pipeline run ${seg[5]} was not found in the workspace.`);
    if (!isObject(req.body)) return fabricError(400, 'InvalidInput', 'The request needs a body: {"filters": [], "orderBy": [], "lastUpdatedAfter": "…", "lastUpdatedBefore": "…"}.');
    try {
      const r = queryRuns(job.activityRuns, req.body as RunFilterParameters, 'activity', (a) => a.activityRunStart, ctx.pageSize);
      return ok({ value: r.value.map(toRestActivityRun), ...(r.continuationToken ? { continuationToken: r.continuationToken } : {}) });
    } catch (e) {
      if (e instanceof QueryError) return fabricError(400, 'InvalidInput', e.message);
      throw e;
    }
  }

  if (lower[3] === 'variablelibraries' && seg.length === 5 && (m === 'GET' || m === 'PATCH')) return variableLibrary(ctx, req, ws);
  if (lower[3] !== 'items') return fabricError(404, 'EntityNotFound', `No API at ${req.url.pathname}.`);

  // Items.
  if (seg.length === 4) {
    if (m === 'GET') {
      const type = req.url.searchParams.get('type');
      const items = ctx.state.itemsOf(ws.id).filter((i) => !type || i.type.toLowerCase() === type.toLowerCase());
      return page(req, items.sort((a, b) => a.displayName.localeCompare(b.displayName)), ctx.pageSize, itemBody);
    }
    if (m === 'POST') {
      const b = req.body;
      if (!isObject(b) || typeof b.displayName !== 'string' || !b.displayName.trim() || typeof b.type !== 'string' || !b.type) return fabricError(400, 'InvalidInput', 'An item needs "displayName" and "type".');
      const taken = () => ctx.state.itemsOf(ws.id).some((i) => i.type.toLowerCase() === String(b.type).toLowerCase() && i.displayName.toLowerCase() === String(b.displayName).toLowerCase());
      if (taken()) return fabricError(409, 'ItemDisplayNameAlreadyInUse', `The workspace already holds a ${b.type} named "${b.displayName}".`);
      const make = (parts: DefinitionPart[]): StoredItem => ({ id: randomUUID(), workspaceId: ws.id, type: b.type, displayName: b.displayName, description: typeof b.description === 'string' ? b.description : '', parts });
      if (b.definition === undefined) {
        const item = make([]);
        ctx.state.items.set(item.id, item);
        await ctx.state.persist();
        return ok(itemBody(item), 201);
      }
      const checked = checkParts(b.definition, b.type);
      if ('error' in checked) return checked.error;
      return startOperation(ctx, req, () => {
        if (taken()) throw { errorCode: 'ItemDisplayNameAlreadyInUse', message: `The workspace already holds a ${b.type} named "${b.displayName}".` };
        const item = make(checked.parts);
        ctx.state.items.set(item.id, item);
        return itemBody(item);
      });
    }
  }
  const item = ctx.state.items.get((seg[4] ?? '').toLowerCase());
  if (!item || item.workspaceId !== ws.id) return fabricError(404, 'ItemNotFound', `The item ${seg[4]} was not found in the workspace "${ws.displayName}".`);
  if (seg.length === 5) {
    if (m === 'GET') return ok(itemBody(item));
    if (m === 'DELETE') {
      ctx.state.items.delete(item.id);
      await ctx.state.persist();
      return ok(undefined);
    }
  }
  if (seg.length === 6 && m === 'POST' && lower[5] === 'getdefinition') {
    return startOperation(ctx, req, () => {
      const current = ctx.state.items.get(item.id);
      if (!current) throw { errorCode: 'ItemNotFound', message: `The item ${item.id} was deleted.` };
      return { definition: { parts: current.parts.map((p) => ({ ...p })) } };
    });
  }
  if (seg.length === 6 && m === 'POST' && lower[5] === 'updatedefinition') {
    const checked = checkParts(isObject(req.body) ? req.body.definition : undefined, item.type);
    if ('error' in checked) return checked.error;
    const updateMetadata = (req.url.searchParams.get('updateMetadata') ?? '').toLowerCase() === 'true';
    return startOperation(ctx, req, () => {
      const current = ctx.state.items.get(item.id);
      if (!current) throw { errorCode: 'ItemNotFound', message: `The item ${item.id} was deleted.` };
      const parts = checked.parts.some((p) => p.path === '.platform') ? checked.parts : [...checked.parts, ...current.parts.filter((p) => p.path === '.platform')];
      current.parts = parts;
      if (updateMetadata) {
        const meta = platformMetadata(checked.parts);
        if (meta.displayName) current.displayName = meta.displayName;
        if (meta.description !== undefined) current.description = meta.description;
      }
      return undefined;
    });
  }

  // Job Scheduler.
  if (lower[5] === 'jobs' && lower[6] === 'instances') {
    if (seg.length === 7 && m === 'POST') {
      const jobType = req.url.searchParams.get('jobType');
      if (!jobType) return fabricError(400, 'InvalidJobType', 'The request needs the query parameter jobType (Pipeline for a DataPipeline item).');
      if (item.type !== 'DataPipeline' || jobType.toLowerCase() !== 'pipeline') return fabricError(400, 'InvalidJobType', `The job type "${jobType}" is not available for the ${item.type} item "${item.displayName}"; a DataPipeline runs jobType=Pipeline.`);
      const b = req.body;
      if (b !== undefined && !isObject(b)) return fabricError(400, 'InvalidInput', 'The request body must be an object: {"executionData": {"parameters": {...}}}.');
      const params = b?.executionData?.parameters;
      if (params !== undefined && !isObject(params)) return fabricError(400, 'InvalidInput', 'executionData.parameters must be an object of parameter names to values.');
      const job = ctx.jobs.start(item, 'Pipeline', params ?? {});
      return { status: 202, headers: { location: `${req.origin}/v1/workspaces/${ws.id}/items/${item.id}/jobs/instances/${job.id}`, 'retry-after': String(ctx.retryAfterSeconds) } };
    }
    if (seg.length === 7 && m === 'GET') {
      const jobs = [...ctx.state.jobs.values()].filter((j) => j.itemId === item.id).sort((a, b) => (b.startTimeUtc ?? '').localeCompare(a.startTimeUtc ?? ''));
      return page(req, jobs, ctx.pageSize, jobBody);
    }
    const job = ctx.state.jobs.get((seg[7] ?? '').toLowerCase());
    if (!job || job.itemId !== item.id) return fabricError(404, 'EntityNotFound', `The job instance ${seg[7]} was not found for the item "${item.displayName}".`);
    if (seg.length === 8 && m === 'GET') return ok(jobBody(job));
    if (seg.length === 9 && m === 'POST' && lower[8] === 'cancel') {
      if (job.parentJobId && (job.status === 'NotStarted' || job.status === 'InProgress')) {
        return fabricError(400, 'JobCannotBeCancelled', `The job instance ${job.id} was started by the InvokePipeline of the job instance ${job.parentJobId}; the emulator cancels it with that job (cancel ${job.parentJobId}).`);
      }
      ctx.jobs.cancel(job);
      return { status: 202, headers: { location: `${req.origin}/v1/workspaces/${ws.id}/items/${item.id}/jobs/instances/${job.id}`, 'retry-after': String(ctx.retryAfterSeconds) } };
    }
  }
  return fabricError(404, 'EntityNotFound', `No API for ${m} ${req.url.pathname}.`);
}
