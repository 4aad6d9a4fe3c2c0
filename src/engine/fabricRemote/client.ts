/**
 * A client of the Fabric REST API (v1): HTTPS only, to one origin (the service or a loopback emulator whose
 * certificate it is given), a bearer token per request from a TokenCredential, bounded retries on 429/5xx and
 * dropped connections honouring Retry-After (the contracts' retry helper), long-running operations followed
 * through Location/Retry-After, lists followed through continuation tokens. Requests that create something
 * (create item, run a job) are retried only on 429, which the service answers before doing anything, so a run is
 * never started twice.
 */
import * as https from 'node:https';
import type { TokenCredential } from '@azure/core-auth';
import { DEFAULT_RETRY, RetryCounter, sleep, withRetry, type RetryPolicy } from '../contracts';
import { isLoopbackUrl } from '../remote';

export const FABRIC_ENDPOINT = 'https://api.fabric.microsoft.com';
export const FABRIC_SCOPE = 'https://api.fabric.microsoft.com/.default';

export type FabricErrorKind = 'Unauthorized' | 'Forbidden' | 'NotFound' | 'Conflict' | 'Throttled' | 'ServerError' | 'BadRequest' | 'Unreachable' | 'ForeignHost' | 'OperationFailed' | 'Cancelled' | 'Unknown';

/** A failed Fabric call, with the service's errorCode and requestId when it gave them, and a message saying what to do. */
export class FabricError extends Error {
  constructor(
    message: string,
    readonly kind: FabricErrorKind,
    readonly statusCode?: number,
    readonly errorCode?: string,
    readonly requestId?: string,
    /** Response headers (lower-case), so the retry helper can read Retry-After. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'FabricError';
  }
}

/** Wraps a failure that must not be retried (a create or run answered 5xx), so the retry helper passes it on. */
class DoNotRetry extends Error {
  constructor(readonly inner: unknown) {
    super('not retried');
  }
}

export interface FabricResponse {
  status: number;
  headers: Record<string, string>;
  body: any;
}

export interface FabricClientOptions {
  credential: TokenCredential;
  /** Origin of the API (default https://api.fabric.microsoft.com). */
  endpoint?: string;
  scope?: string;
  /** PEM certificate to trust; loopback endpoints only. */
  ca?: string;
  retry?: RetryPolicy;
  /** Upper bound of one wait between polls, whatever Retry-After asks (default 60 s). */
  maxPollDelayMs?: number;
  /** Per-request timeout (default 100 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

function describe(status: number, body: any, what: string, retryAfter?: string): { kind: FabricErrorKind; message: string } {
  const detail = body && typeof body === 'object' && (body.errorCode || body.message) ? ` ${body.errorCode ? `${body.errorCode}: ` : ''}${body.message ?? ''}`.trimEnd() : '';
  const rid = body?.requestId ? ` (requestId ${body.requestId})` : '';
  if (status === 401) return { kind: 'Unauthorized', message: `${what}: not authenticated (401).${detail}${rid} Sign in again with the Fabric scope (${FABRIC_SCOPE}), or check the variable given to --token-env.` };
  if (status === 403) return { kind: 'Forbidden', message: `${what}: access denied (403).${detail}${rid} Ask for a workspace role (Contributor or above) on the workspace.` };
  if (status === 404) return { kind: 'NotFound', message: `${what}: not found (404).${detail}${rid} Check the workspace and item.` };
  if (status === 409) return { kind: 'Conflict', message: `${what}: conflict (409).${detail}${rid}` };
  if (status === 429) return { kind: 'Throttled', message: `${what}: throttled by Fabric (429) and still throttled after the retries${retryAfter ? `; the service asks to wait ${retryAfter} s` : ''}.${detail}${rid} Wait and try again.` };
  if (status >= 500) return { kind: 'ServerError', message: `${what}: the service failed (${status}).${detail}${rid} Try again later.` };
  return { kind: 'BadRequest', message: `${what}: rejected (${status}).${detail}${rid}` };
}

/** A Fabric time ("2023-04-22T06:35:00.7812154", UTC without designator) as ISO 8601 with Z. */
export function fabricTimeToIso(t: string | null | undefined): string | undefined {
  if (!t) return undefined;
  const withZone = /(Z|[+-]\d\d:?\d\d)$/i.test(t) ? t : `${t}Z`;
  const ms = Date.parse(withZone);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

export class FabricClient {
  readonly origin: string;
  readonly counter = new RetryCounter();
  /** Waits the client was asked for (Retry-After, ms), newest last: what polling honoured. */
  readonly askedWaitsMs: number[] = [];
  private readonly agent: https.Agent;
  private readonly scope: string;
  private readonly retry: RetryPolicy;
  private readonly maxPollDelayMs: number;
  private readonly timeoutMs: number;
  private readonly signal: AbortSignal;

  constructor(private readonly opts: FabricClientOptions) {
    let url: URL;
    try {
      url = new URL(opts.endpoint ?? FABRIC_ENDPOINT);
    } catch {
      throw new FabricError(`Invalid Fabric endpoint "${opts.endpoint}": expected an https:// URL such as ${FABRIC_ENDPOINT}.`, 'BadRequest');
    }
    if (url.protocol !== 'https:') throw new FabricError(`Refusing Fabric endpoint "${opts.endpoint}": bearer tokens are only sent over HTTPS.`, 'ForeignHost');
    if (url.username || url.password || (url.pathname && url.pathname !== '/') || url.search || url.hash) throw new FabricError(`Invalid Fabric endpoint "${opts.endpoint}": give only the origin (scheme, host, port), without path or query.`, 'BadRequest');
    if (opts.ca && !isLoopbackUrl(url)) throw new FabricError(`A custom certificate (--ca) is only trusted for loopback endpoints (the emulator), not ${url.origin}.`, 'ForeignHost');
    this.origin = url.origin;
    this.agent = new https.Agent({ keepAlive: true, maxSockets: 8, ...(opts.ca ? { ca: opts.ca } : {}) });
    this.scope = opts.scope ?? FABRIC_SCOPE;
    this.retry = opts.retry ?? DEFAULT_RETRY;
    this.maxPollDelayMs = opts.maxPollDelayMs ?? 60_000;
    this.timeoutMs = opts.timeoutMs ?? 100_000;
    this.signal = opts.signal ?? new AbortController().signal;
  }

  close(): void {
    this.agent.destroy();
  }

  /** A path (/v1/...) or an absolute URL the service handed out (Location, continuationUri), checked against the origin. */
  private target(pathOrUrl: string, what: string): URL {
    const url = new URL(pathOrUrl, this.origin);
    if (url.protocol !== 'https:' || url.origin !== this.origin) throw new FabricError(`${what}: refusing to follow ${url.origin}: requests and tokens only go to ${this.origin}.`, 'ForeignHost');
    return url;
  }

  private async once(method: string, url: URL, body: unknown, what: string): Promise<FabricResponse> {
    const token = await this.opts.credential.getToken(this.scope, { abortSignal: this.signal });
    if (!token?.token) throw new FabricError(`${what}: no token for ${this.scope}; sign in first.`, 'Unauthorized');
    const data = body === undefined ? undefined : JSON.stringify(body);
    return new Promise<FabricResponse>((resolve, reject) => {
      const req = https.request(
        url,
        {
          method,
          agent: this.agent,
          signal: this.signal,
          timeout: this.timeoutMs,
          headers: { authorization: `Bearer ${token.token}`, accept: 'application/json', ...(data !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const headers: Record<string, string> = {};
            for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown;
            if (text.trim()) {
              try {
                parsed = JSON.parse(text);
              } catch {
                parsed = { message: text.slice(0, 200) };
              }
            }
            const status = res.statusCode ?? 0;
            if (status >= 300) {
              const d = describe(status, parsed, what, headers['retry-after']);
              const b = parsed as { errorCode?: string; requestId?: string } | undefined;
              reject(new FabricError(d.message, d.kind, status, b?.errorCode, b?.requestId, headers));
            } else resolve({ status, headers, body: parsed });
          });
        },
      );
      req.on('timeout', () => req.destroy(Object.assign(new Error(`Request timed out after ${this.timeoutMs} ms`), { code: 'ETIMEDOUT' })));
      req.on('error', reject);
      if (data !== undefined) req.write(data);
      req.end();
    });
  }

  /**
   * One call with retries. `creates`: the request starts something (a job, an item), so only 429 is retried.
   * Connection failures become FabricError 'Unreachable' naming the endpoint.
   */
  async request(method: string, pathOrUrl: string, body: unknown, what: string, creates = false): Promise<FabricResponse> {
    const url = this.target(pathOrUrl, what);
    try {
      return await withRetry(what, this.retry, this.counter, this.signal, async () => {
        try {
          return await this.once(method, url, body, what);
        } catch (e) {
          if (creates && !(e instanceof FabricError && e.statusCode === 429)) throw new DoNotRetry(e);
          throw e;
        }
      });
    } catch (e) {
      const inner = e instanceof DoNotRetry ? e.inner : e;
      throw this.wrap(inner, what);
    }
  }

  private wrap(e: unknown, what: string): FabricError {
    if (e instanceof FabricError) return e;
    const err = e as { name?: string; code?: string; message?: string; last?: unknown };
    if (err?.name === 'RetriesExhaustedError' && err.last instanceof FabricError) {
      const last = err.last;
      return new FabricError(`${last.message} (${this.counter.retries} retries)`, last.kind, last.statusCode, last.errorCode, last.requestId, last.headers);
    }
    if (err?.name === 'AbortError' || this.signal.aborted) return new FabricError(`${what}: cancelled.`, 'Cancelled');
    if (/certificate|self.signed|CERT_/i.test(String(err?.message))) return new FabricError(`${what}: the certificate of ${this.origin} is not trusted (${err.message}). For the emulator, pass --ca with its certificate or start it on this machine.`, 'Unreachable');
    if (err?.code && /^E[A-Z]+/.test(err.code)) return new FabricError(`${what}: cannot reach ${this.origin} (${err.code}: ${err.message}). Check --endpoint and the network.`, 'Unreachable');
    return new FabricError(`${what}: ${err?.message ?? String(e)}`, 'Unknown');
  }

  /** Waits what Retry-After asks (seconds), within the poll ceiling; 1 s when the service gave none. */
  async waitAsked(headers: Record<string, string>): Promise<void> {
    const raw = Number(headers['retry-after']);
    const asked = Number.isFinite(raw) && raw >= 0 ? raw * 1000 : 1000;
    this.askedWaitsMs.push(asked);
    try {
      await sleep(Math.min(asked, this.maxPollDelayMs), this.signal);
    } catch (e) {
      if (this.signal.aborted) throw new FabricError('Stopped waiting (interrupted).', 'Cancelled');
      throw e;
    }
  }

  /** Every page of a list (`value`, then `continuationUri`/`continuationToken`). */
  async list<T>(path: string, what: string): Promise<T[]> {
    const out: T[] = [];
    let next: string | undefined = path;
    for (let pages = 0; next; pages++) {
      if (pages > 10_000) throw new FabricError(`${what}: the service kept returning continuation tokens (over 10,000 pages).`, 'Unknown');
      const r = await this.request('GET', next, undefined, what);
      out.push(...((r.body?.value ?? []) as T[]));
      const token: string | undefined = r.body?.continuationToken ?? undefined;
      if (r.body?.continuationUri) next = r.body.continuationUri;
      else if (token) {
        const u = new URL(path, this.origin);
        u.searchParams.set('continuationToken', token);
        next = u.pathname + u.search;
      } else next = undefined;
    }
    return out;
  }

  /**
   * A call that may be a long-running operation: 200/201 give the body at once; 202 is followed through Location
   * (operation state) honouring Retry-After, then the result when the finished state points at one.
   */
  async longRunning(method: string, path: string, body: unknown, what: string, creates = false): Promise<unknown> {
    const first = await this.request(method, path, body, what, creates);
    if (first.status !== 202) return first.body;
    let location = first.headers.location;
    const opId = first.headers['x-ms-operation-id'];
    if (!location && opId) location = `/v1/operations/${opId}`;
    if (!location) throw new FabricError(`${what}: the service accepted the request (202) without a Location or x-ms-operation-id to follow.`, 'Unknown');
    let headers = first.headers;
    for (;;) {
      await this.waitAsked(headers);
      const state = await this.request('GET', location, undefined, `${what} (operation state)`);
      headers = state.headers;
      const status = state.body?.status;
      if (status === 'Succeeded') {
        if (state.headers.location && /\/result\/?$/i.test(new URL(state.headers.location, this.origin).pathname)) return (await this.request('GET', state.headers.location, undefined, `${what} (operation result)`)).body;
        return undefined;
      }
      if (status === 'Failed' || status === 'Undefined') {
        const e = state.body?.error ?? {};
        throw new FabricError(`${what}: the operation failed.${e.errorCode ? ` ${e.errorCode}:` : ''}${e.message ? ` ${e.message}` : ''}`, 'OperationFailed', undefined, e.errorCode);
      }
      if (state.headers.location) location = state.headers.location;
    }
  }
}
