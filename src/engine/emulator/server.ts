/**
 * The ARM emulator: an HTTPS server on loopback that serves the Data Factory REST API from
 * in-memory state (optionally persisted), requires a bearer token, and runs pipelines on the
 * local engine.
 */
import { randomUUID } from 'node:crypto';
import type { LoopbackCertificate } from './cert';
import { EmulatorState } from './state';
import { FaultInjector, type FaultSpec } from './faults';
import { RunManager, localEngineExecutor, type PipelineExecutor } from './runner';
import { route } from './routes';
import { startLoopbackServer, type RequestRecord } from './loopbackServer';
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

export type { RequestRecord };

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

/** Starts the emulator. Rejects non-loopback hosts and empty tokens. */
export async function startEmulator(opts: EmulatorOptions): Promise<Emulator> {
  if (!opts.token) throw new Error('The emulator needs a bearer token to accept (empty token given).');
  const state = new EmulatorState(opts.stateDir);
  await state.load();
  for (const s of opts.subscriptions ?? []) state.subscriptions.add(s);
  const faults = new FaultInjector();
  let executorPromise: Promise<PipelineExecutor> | undefined;
  const runs = new RunManager(state, () => (opts.execute ? Promise.resolve(opts.execute) : (executorPromise ??= localEngineExecutor())));
  const server = await startLoopbackServer({
    token: opts.token,
    port: opts.port,
    host: opts.host,
    certificate: opts.certificate,
    maxBodyBytes: opts.maxBodyBytes,
    faults,
    // The headers every ARM response carries (the REST specification's examples): a request id, the client's
    // request id as correlation id (else the same id), nosniff, and the remaining-requests counter of the subscription.
    commonHeaders: ({ method, headers }) => {
      const id = randomUUID();
      const sent = headers['x-ms-client-request-id'] ?? headers['x-ms-correlation-request-id'];
      const quota: Record<string, string> = method === 'GET' ? { 'x-ms-ratelimit-remaining-subscription-reads': '11999' } : { 'x-ms-ratelimit-remaining-subscription-writes': '1199' };
      return { 'x-ms-request-id': id, 'x-ms-correlation-request-id': typeof sent === 'string' ? sent : id, 'x-content-type-options': 'nosniff', ...quota };
    },
    shapes: {
      unauthorized: (hadToken) => ({
        status: 401,
        body: errorBody(hadToken ? 'InvalidAuthenticationToken' : 'AuthenticationFailed', hadToken ? 'The access token is invalid.' : "The request is missing the 'Authorization: Bearer <token>' header."),
        headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
      }),
      fault: (fault) => {
        const headers: Record<string, string> = {};
        if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
        const code = fault.status === 429 ? 'TooManyRequests' : fault.status === 503 ? 'ServiceUnavailable' : 'InternalServerError';
        const msg = fault.status === 429 ? 'Too many requests; retry later.' : `Injected server error ${fault.status}.`;
        return { status: fault.status, body: errorBody(code, msg), headers };
      },
      tooLarge: (max) => ({ status: 413, body: errorBody('RequestEntityTooLarge', `The request body exceeds ${max} bytes.`) }),
      badJson: (detail) => ({ status: 400, body: errorBody('InvalidRequestContent', `The request body is not valid JSON: ${detail}`) }),
      badPath: () => ({ status: 400, body: errorBody('InvalidRequestUri', 'The request path is not valid percent-encoding.') }),
      internal: (detail) => ({ status: 500, body: errorBody('InternalServerError', `The emulator failed: ${detail}`) }),
    },
    route: (req) => route({ state, runs, pageSize: opts.pageSize ?? 50, runPageSize: opts.runPageSize ?? 100 }, { method: req.method, segments: req.segments, query: req.url.searchParams, body: req.body, headers: req.headers, origin: req.origin }),
  });
  return {
    url: server.url,
    port: server.port,
    ca: server.ca,
    state,
    requests: server.requests,
    injectFault: (f) => faults.add(f),
    clearFaults: () => faults.clear(),
    async stop() {
      await server.close();
      await runs.stopAll();
      await state.persist();
      await state.flush();
    },
  };
}
