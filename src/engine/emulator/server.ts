/**
 * The ARM emulator: an HTTPS server on loopback that serves the Data Factory REST API from
 * in-memory state (optionally persisted), requires a bearer token, and runs pipelines on the
 * local engine.
 */
import * as https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual, createHash, randomUUID } from 'node:crypto';
import { makeLoopbackCertificate, type LoopbackCertificate } from './cert';
import { EmulatorState } from './state';
import { FaultInjector, type FaultSpec } from './faults';
import { RunManager, localEngineExecutor, type PipelineExecutor } from './runner';
import { route, type ApiResponse } from './routes';
import { errorBody } from './shapes';

export interface EmulatorOptions {
  /** The only bearer token accepted. */
  token: string;
  /** TCP port (0 picks a free one). */
  port?: number;
  /** Loopback address to bind: 127.0.0.1 (default) or ::1. */
  host?: '127.0.0.1' | '::1';
  /** Folder that keeps factories and runs across restarts. */
  stateDir?: string;
  /** Items per page of list responses (nextLink beyond). Default 50. */
  pageSize?: number;
  /** Runs per page of run queries (continuationToken beyond). Default 100. */
  runPageSize?: number;
  /** Subscriptions listed even while they hold no factory. */
  subscriptions?: string[];
  /** Runs pipelines; defaults to the local engine. */
  execute?: PipelineExecutor;
  /** Use this certificate instead of making one. */
  certificate?: LoopbackCertificate;
  /** Largest accepted request body in bytes (default 32 MB). */
  maxBodyBytes?: number;
}

export interface RequestRecord {
  method: string;
  path: string;
  status: number;
  authorized: boolean;
}

export interface Emulator {
  /** https://127.0.0.1:PORT */
  url: string;
  port: number;
  /** PEM certificate to trust (only for this loopback endpoint). */
  ca: string;
  state: EmulatorState;
  /** Requests served, newest last (bounded to the last 1000). */
  requests: RequestRecord[];
  injectFault(f: FaultSpec): void;
  clearFaults(): void;
  /** Stops accepting requests, cancels runs in progress and flushes state. */
  stop(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1']);

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/** Starts the emulator. Rejects non-loopback hosts and empty tokens. */
export async function startEmulator(opts: EmulatorOptions): Promise<Emulator> {
  const host = opts.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) throw new Error(`The emulator only listens on loopback (127.0.0.1 or ::1), not "${host}".`);
  if (!opts.token) throw new Error('The emulator needs a bearer token to accept (empty token given).');
  const expected = digest(opts.token);
  const state = new EmulatorState(opts.stateDir);
  await state.load();
  for (const s of opts.subscriptions ?? []) state.subscriptions.add(s);
  const certificate = opts.certificate ?? (await makeLoopbackCertificate());
  const faults = new FaultInjector();
  let executorPromise: Promise<PipelineExecutor> | undefined;
  const runs = new RunManager(state, () => (opts.execute ? Promise.resolve(opts.execute) : (executorPromise ??= localEngineExecutor())));
  const requests: RequestRecord[] = [];
  const maxBody = opts.maxBodyBytes ?? 32 * 1024 * 1024;
  let origin = '';

  const send = (res: ServerResponse, r: ApiResponse, record: RequestRecord, correlation?: string) => {
    record.status = r.status;
    requests.push(record);
    if (requests.length > 1000) requests.splice(0, requests.length - 1000);
    // The headers every ARM response carries (the REST specification's examples): a request id, the same id as the
    // correlation id (none was sent), nosniff, and the remaining-requests counter of the subscription.
    const id = randomUUID();
    const quota: Record<string, string> = record.method === 'GET' ? { 'x-ms-ratelimit-remaining-subscription-reads': '11999' } : { 'x-ms-ratelimit-remaining-subscription-writes': '1199' };
    const headers: Record<string, string> = { 'x-ms-request-id': id, 'x-ms-correlation-request-id': correlation ?? id, 'x-content-type-options': 'nosniff', ...quota, ...(r.headers ?? {}) };
    if (r.body === undefined) {
      res.writeHead(r.status, headers);
      res.end();
      return;
    }
    const text = JSON.stringify(r.body);
    res.writeHead(r.status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) });
    res.end(text);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', origin);
    const method = (req.method ?? 'GET').toUpperCase();
    const auth = req.headers.authorization;
    const m = typeof auth === 'string' ? /^Bearer\s+(.+)$/i.exec(auth.trim()) : null;
    const authorized = !!m && timingSafeEqual(digest(m[1]), expected);
    const record: RequestRecord = { method, path: url.pathname, status: 0, authorized };
    // Read (and bound) the body before answering so the connection stays usable.
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    for await (const c of req) {
      size += (c as Buffer).length;
      if (size > maxBody) tooBig = true;
      else chunks.push(c as Buffer);
    }
    if (!authorized) {
      const message = m ? 'The access token is invalid.' : "The request is missing the 'Authorization: Bearer <token>' header.";
      return send(res, { status: 401, body: errorBody(m ? 'InvalidAuthenticationToken' : 'AuthenticationFailed', message), headers: { 'www-authenticate': 'Bearer error="invalid_token"' } }, record);
    }
    const fault = faults.take(method, url.pathname);
    if (fault) {
      const headers: Record<string, string> = {};
      if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
      const code = fault.status === 429 ? 'TooManyRequests' : fault.status === 503 ? 'ServiceUnavailable' : 'InternalServerError';
      const msg = fault.status === 429 ? 'Too many requests; retry later.' : `Injected server error ${fault.status}.`;
      return send(res, { status: fault.status, body: errorBody(code, msg), headers }, record);
    }
    if (tooBig) return send(res, { status: 413, body: errorBody('RequestEntityTooLarge', `The request body exceeds ${maxBody} bytes.`) }, record);
    let body: unknown;
    const text = Buffer.concat(chunks).toString('utf8');
    if (text.trim()) {
      try {
        body = JSON.parse(text);
      } catch (e) {
        return send(res, { status: 400, body: errorBody('InvalidRequestContent', `The request body is not valid JSON: ${(e as Error).message}`) }, record);
      }
    }
    let segments: string[];
    try {
      segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    } catch {
      return send(res, { status: 400, body: errorBody('InvalidRequestUri', 'The request path is not valid percent-encoding.') }, record);
    }
    let r: ApiResponse;
    try {
      r = route({ state, runs, pageSize: opts.pageSize ?? 50, runPageSize: opts.runPageSize ?? 100 }, { method, segments, query: url.searchParams, body, headers: req.headers, origin });
    } catch (e) {
      r = { status: 500, body: errorBody('InternalServerError', `The emulator failed: ${(e as Error).message}`) };
    }
    const corr = req.headers['x-ms-client-request-id'] ?? req.headers['x-ms-correlation-request-id'];
    send(res, r, record, typeof corr === 'string' ? corr : undefined);
  };

  const server = https.createServer({ cert: certificate.cert, key: certificate.key }, (req, res) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify(errorBody('InternalServerError', String((e as Error)?.message ?? e))));
      } else res.destroy();
    });
  });
  server.keepAliveTimeout = 2000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  origin = host === '::1' ? `https://[::1]:${port}` : `https://${host}:${port}`;
  return {
    url: origin,
    port,
    ca: certificate.cert,
    state,
    requests,
    injectFault: (f) => faults.add(f),
    clearFaults: () => faults.clear(),
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await runs.stopAll();
      await state.persist();
      await state.flush();
    },
  };
}
