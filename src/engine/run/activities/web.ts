/** WebActivity and WebHook: real HTTP with fetch (method, headers, body, timeouts). */
import { formatMessage } from '../../codes';
import * as http from 'node:http';
import { ActivityFailure } from '../../contracts';
import type { ActivityContext, ActivityHandler } from '../context';
import { RunErrorCodes } from '../errors';
import { parseTimeSpan } from '../timespan';
import { sleep } from '../../contracts';
import { resolveDataset, resolveLinkedService, type Reference } from '../resolve';

const DEFAULT_HTTP_TIMEOUT = '00:01:00';
const DEFAULT_WEBHOOK_TIMEOUT = '00:10:00';
/** ADF's limits: httpRequestTimeout at most 10 minutes, responses up to 4 MB. */
const MAX_HTTP_TIMEOUT_MS = 10 * 60_000;
const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
/** ADF's error codes (troubleshooting guide, "Common"): 2108 for an error status, 2128 when no response came. */
const WEB_ERROR_STATUS = '2108';
const WEB_NO_RESPONSE = '2128';
const NO_RESPONSE = 'No response from the endpoint. Possible causes: network connectivity, DNS failure, server certificate validation or timeout.';

interface WebRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

/**
 * The URL of a request. ADF's activities carry `url`; Fabric's carry `relativeUrl` and call through a connection
 * (`externalReferences.connection`) whose base URL the local connections file gives: {"<id>": {"url": "…"}}.
 * The two are joined with one "/"; an absolute http(s) relativeUrl is used as it is.
 */
function requestUrl(ctx: ActivityContext, tp: Record<string, any>): unknown {
  if (tp.url !== undefined || tp.relativeUrl === undefined) return tp.url;
  const rel = String(tp.relativeUrl);
  if (/^https?:\/\//i.test(rel)) return rel;
  const conn = ctx.def.externalReferences?.connection;
  const base = typeof conn === 'string' ? ctx.run.shared.connections[conn]?.url : undefined;
  if (typeof base !== 'string' || !base) throw new ActivityFailure(formatMessage(RunErrorCodes.web, { type: ctx.def.type, name: ctx.def.name, connection: typeof conn === 'string' ? conn : '(none)' }, 'connectionUrl'), RunErrorCodes.web);
  return `${base.replace(/\/+$/, '')}/${rel.replace(/^\/+/, '')}`;
}

function buildRequest(ctx: ActivityContext, tp: Record<string, any>): WebRequest {
  const url = requestUrl(ctx, tp);
  if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) throw new ActivityFailure(formatMessage(RunErrorCodes.web, { type: ctx.def.type, name: ctx.def.name, value: JSON.stringify(url) }), RunErrorCodes.web);
  const method = String(tp.method ?? 'GET').toUpperCase();
  if (!['GET', 'POST', 'PUT', 'DELETE', 'PATCH'].includes(method)) throw new ActivityFailure(formatMessage(RunErrorCodes.web, { type: ctx.def.type, name: ctx.def.name, method }, 'method'), RunErrorCodes.web);
  const headers: Record<string, string> = {};
  const rawHeaders = tp.headers;
  if (Array.isArray(rawHeaders)) {
    for (const h of rawHeaders as { name?: string; value?: unknown }[]) if (h?.name) headers[h.name] = String(h.value ?? '');
  } else if (rawHeaders && typeof rawHeaders === 'object') {
    for (const [k, v] of Object.entries(rawHeaders)) headers[k] = String(v);
  }
  for (const [k, v] of Object.entries(headers)) if (/^(authorization|x-functions-key|ocp-apim-subscription-key|api-key|x-api-key)$/i.test(k)) ctx.run.shared.masker.addSecret(v);
  if (tp.authentication && typeof tp.authentication === 'object' && tp.authentication.type && String(tp.authentication.type).toLowerCase() !== 'anonymous') {
    const a = tp.authentication as Record<string, any>;
    if (String(a.type).toLowerCase() === 'basic' && typeof a.username === 'string') {
      const pw = typeof a.password === 'string' ? a.password : a.password?.value;
      ctx.run.shared.masker.addSecret(pw);
      headers.Authorization = 'Basic ' + Buffer.from(`${a.username}:${pw ?? ''}`).toString('base64');
      ctx.run.shared.masker.addSecret(headers.Authorization);
    } else throw new ActivityFailure(formatMessage(RunErrorCodes.notRunnableLocally, { type: ctx.def.type, name: ctx.def.name, authentication: String(a.type) }, 'authentication'), RunErrorCodes.notRunnableLocally);
  }
  let body: string | undefined;
  if (tp.body !== undefined && method !== 'GET' && method !== 'HEAD') {
    body = typeof tp.body === 'string' ? tp.body : JSON.stringify(tp.body);
    if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
  } else if ((method === 'POST' || method === 'PUT' || method === 'PATCH') && tp.body === undefined) {
    throw new ActivityFailure(formatMessage(RunErrorCodes.web, { type: ctx.def.type, name: ctx.def.name, method }, 'body'), RunErrorCodes.web);
  }
  return { url, method, headers, body };
}

async function send(ctx: ActivityContext, req: WebRequest, timeoutMs: number): Promise<Response> {
  const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(timeoutMs)]);
  try {
    return await fetch(req.url, { method: req.method, headers: req.headers, body: req.body, signal, redirect: 'follow' });
  } catch (e) {
    if (ctx.signal.aborted) throw e;
    const err = e as Error & { cause?: { code?: string; message?: string } };
    // ADF's error 2128 ("No response from the endpoint ..."), with what happened here.
    if (err.name === 'TimeoutError' || err.name === 'AbortError') throw new ActivityFailure(`${NO_RESPONSE} ${ctx.def.type} '${ctx.def.name}': no response from ${req.url} within ${timeoutMs / 1000} s (httpRequestTimeout).`, WEB_NO_RESPONSE);
    throw new ActivityFailure(`${NO_RESPONSE} ${ctx.def.type} '${ctx.def.name}': calling ${req.method} ${req.url} failed: ${err.cause?.code ?? err.cause?.message ?? err.message}.`, WEB_NO_RESPONSE);
  }
}

async function responseOutput(ctx: ActivityContext, res: Response): Promise<Record<string, unknown>> {
  const text = await res.text();
  // "The maximum supported output response payload size is 4 MB."
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_RESPONSE_BYTES) throw new ActivityFailure(formatMessage(RunErrorCodes.web, { type: ctx.def.type, name: ctx.def.name, bytes }, 'responseSize'), RunErrorCodes.web);
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => (headers[k] = v));
  let out: Record<string, unknown>;
  try {
    const parsed = text ? JSON.parse(text) : {};
    out = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? { ...parsed } : { Response: parsed };
  } catch {
    out = { Response: text };
  }
  out.ADFWebActivityResponseHeaders = headers;
  return out;
}

/**
 * "Web activity", request payload schema: the datasets and linked services listed in the activity are passed
 * to the endpoint inside the body, as {"datasets": [{name, properties}], "linkedServices": [{name, properties}]},
 * resolved (parameters, connection overrides, Key Vault references) as the activity sees them.
 */
function withReferences(ctx: ActivityContext, tp: Record<string, any>): Record<string, any> {
  const ds = Array.isArray(tp.datasets) ? (tp.datasets as Reference[]) : [];
  const ls = Array.isArray(tp.linkedServices) ? (tp.linkedServices as Reference[]) : [];
  if (!ds.length && !ls.length) return tp;
  const method = String(tp.method ?? 'GET').toUpperCase();
  if (method === 'GET') return tp;
  const parsed = typeof tp.body === 'string' ? safeParse(tp.body) : tp.body ?? {};
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ActivityFailure(formatMessage(RunErrorCodes.web, { name: ctx.def.name }, 'bodyObject'), RunErrorCodes.web);
  const shared = ctx.run.shared;
  const datasets = ds.map((ref) => {
    const d = resolveDataset(shared, ref);
    return { name: d.name, properties: { type: d.type, typeProperties: d.typeProperties, ...(d.schema !== undefined ? { schema: d.schema } : {}), ...(d.structure !== undefined ? { structure: d.structure } : {}), linkedServiceName: { referenceName: d.linkedService.name, type: 'LinkedServiceReference' } } };
  });
  const linkedServices = ls.map((ref) => {
    const l = resolveLinkedService(shared, ref);
    return { name: l.name, properties: { type: l.type, typeProperties: l.typeProperties } };
  });
  return { ...tp, body: { ...(parsed as object), ...(datasets.length ? { datasets } : {}), ...(linkedServices.length ? { linkedServices } : {}) } };
}

export const webActivity: ActivityHandler = async (ctx) => {
  const tp = withReferences(ctx, ctx.evaluate(ctx.def.typeProperties ?? {}) as Record<string, any>);
  const req = buildRequest(ctx, tp);
  ctx.setInput({ method: req.method, url: req.url, headers: req.headers, ...(req.body !== undefined ? { body: tp.body } : {}) });
  const timeoutMs = parseTimeSpan(tp.httpRequestTimeout ?? DEFAULT_HTTP_TIMEOUT, `WebActivity '${ctx.def.name}' httpRequestTimeout`);
  if (timeoutMs > MAX_HTTP_TIMEOUT_MS) throw new ActivityFailure(formatMessage(RunErrorCodes.badValue, { name: ctx.def.name, value: JSON.stringify(tp.httpRequestTimeout) }, 'httpTimeout'), RunErrorCodes.badValue);
  let res = await send(ctx, req, timeoutMs);
  // Asynchronous request-reply: 202 Accepted with a Location header is polled until the operation ends,
  // unless turnOffAsync is set (the activity's own timeout bounds the wait).
  let polls = 0;
  while (res.status === 202 && tp.turnOffAsync !== true && res.headers.get('location')) {
    const location = new URL(res.headers.get('location')!, req.url).toString();
    const retryAfter = Number(res.headers.get('retry-after'));
    await res.text();
    await sleep(Number.isFinite(retryAfter) && retryAfter >= 0 ? Math.min(retryAfter, 600) * 1000 : 1000, ctx.signal);
    ctx.io.log('debug', `WebActivity '${ctx.def.name}': polling ${location} (${++polls}).`);
    res = await send(ctx, { url: location, method: 'GET', headers: req.headers }, timeoutMs);
  }
  const output = await responseOutput(ctx, res);
  if (!res.ok) {
    const detail = typeof output.Response === 'string' ? output.Response : JSON.stringify(Object.fromEntries(Object.entries(output).filter(([k]) => k !== 'ADFWebActivityResponseHeaders')));
    throw new ActivityFailure(`Error calling the endpoint '${req.url}'. Response status code: '${res.status} ${res.statusText}'. Response: ${detail.slice(0, 2000)}`, WEB_ERROR_STATUS, 'UserError', output);
  }
  return { output };
};

/**
 * WebHook: posts the body with a callBackUri on a loopback listener, then waits for the callback
 * (or the activity timeout). With reportStatusOnCallBack, a callback statusCode >= 400 fails the activity.
 */
export const webHookActivity: ActivityHandler = async (ctx) => {
  const tp = ctx.evaluate(ctx.def.typeProperties ?? {}) as Record<string, any>;
  const timeoutMs = parseTimeSpan(tp.timeout ?? DEFAULT_WEBHOOK_TIMEOUT, `WebHook '${ctx.def.name}' timeout`);
  let resolveCallback!: (body: unknown) => void;
  const callback = new Promise<unknown>((r) => (resolveCallback = r));
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : {};
      } catch {
        // keep text
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      resolveCallback(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const port = (server.address() as { port: number }).port;
    const callBackUri = `http://127.0.0.1:${port}/callback/${ctx.activityRunId}`;
    const bodyObj = tp.body === undefined ? {} : typeof tp.body === 'string' ? safeParse(tp.body) : tp.body;
    const body = bodyObj && typeof bodyObj === 'object' && !Array.isArray(bodyObj) ? { ...(bodyObj as object), callBackUri } : { body: bodyObj, callBackUri };
    if (tp.method !== undefined && String(tp.method).toUpperCase() !== 'POST') throw new ActivityFailure(formatMessage(RunErrorCodes.web, { name: ctx.def.name, method: String(tp.method) }, 'webhookMethod'), RunErrorCodes.web);
    const req = buildRequest(ctx, { ...tp, method: 'POST', body });
    ctx.setInput({ method: req.method, url: req.url, headers: req.headers, body });
    const res = await send(ctx, req, Math.min(timeoutMs, 60_000));
    if (!res.ok) throw new ActivityFailure(`Error calling the endpoint '${req.url}'. Response status code: '${res.status} ${res.statusText}'.`, WEB_ERROR_STATUS);
    await res.text();
    ctx.io.log('info', `WebHook '${ctx.def.name}' waits for a callback on ${callBackUri}.`);
    const timer = new Promise<never>((_r, reject) => {
      const t = setTimeout(() => reject(new ActivityFailure(formatMessage(RunErrorCodes.web, { name: ctx.def.name, timeout: String(tp.timeout ?? DEFAULT_WEBHOOK_TIMEOUT) }, 'webhookTimeout'), RunErrorCodes.web)), timeoutMs);
      ctx.signal.addEventListener('abort', () => clearTimeout(t), { once: true });
      void callback.then(() => clearTimeout(t));
    });
    const cb = await Promise.race([callback, timer]);
    const cbObj = (cb && typeof cb === 'object' ? cb : { Response: cb }) as Record<string, any>;
    if (tp.reportStatusOnCallBack === true) {
      // "Webhook activity", Additional notes: the callback body's Output is the activity output; a StatusCode
      // of 400 or more fails the activity with the callback's Error.
      const output = cbObj.Output && typeof cbObj.Output === 'object' ? (cbObj.Output as Record<string, unknown>) : cbObj;
      if (Number(cbObj.StatusCode ?? cbObj.statusCode ?? 200) >= 400) {
        const err = cbObj.Error ?? cbObj.error ?? {};
        throw new ActivityFailure(String(err.Message ?? err.message ?? formatMessage(RunErrorCodes.web, { name: ctx.def.name, status: String(cbObj.StatusCode ?? cbObj.statusCode) }, 'callbackStatus')), String(err.ErrorCode ?? err.errorCode ?? RunErrorCodes.web), 'UserError', output);
      }
      return { output };
    }
    return { output: cbObj };
  } finally {
    server.closeAllConnections();
    server.close();
  }
};

function safeParse(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}
