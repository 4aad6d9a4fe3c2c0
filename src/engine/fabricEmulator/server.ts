/**
 * The Fabric REST emulator: the Fabric REST API (v1) on loopback HTTPS, from in-memory state (optionally kept in
 * a state folder), accepting one bearer token, running DataPipeline jobs on the local engine. The HTTPS plumbing
 * (certificate, bearer check, bounded bodies, injected faults) is the ARM emulator's (emulator/loopbackServer.ts).
 */
import { randomUUID } from 'node:crypto';
import { FaultInjector, localEngineExecutor, startLoopbackServer, type FaultSpec, type LoopbackCertificate, type PipelineExecutor, type RequestRecord } from '../emulator';
import { FabricState } from './state';
import { JobRunner } from './runner';
import { fabricError, route } from './routes';

export interface FabricEmulatorOptions {
  /** The only bearer token accepted. */
  token: string;
  /** TCP port (0 picks a free one). */
  port?: number;
  host?: '127.0.0.1' | '::1';
  /** Folder that keeps workspaces, items and job instances across restarts. */
  stateDir?: string;
  /** Entries per page of lists (continuationToken beyond). Default 100. */
  pageSize?: number;
  /** Retry-After (seconds) of 202 answers and running operations. Default 1. */
  retryAfterSeconds?: number;
  /** How long a long-running operation (create with definition, getDefinition, updateDefinition) stays Running. Default 300 ms. */
  operationMs?: number;
  /** Workspaces created at start when absent (by display name). */
  workspaces?: string[];
  /**
   * Fabric connections by id → the local connector's settings (`loadConnections`' shape, `${env:…}` already
   * substituted), as `adfw run --connections` takes them for a workspace folder.
   */
  connections?: Record<string, Record<string, unknown>>;
  /** The value set of the workspaces' variable libraries (applied to every library that has it); default values when absent. */
  valueSet?: string;
  /** Runs pipelines; defaults to the local engine. */
  execute?: PipelineExecutor;
  certificate?: LoopbackCertificate;
  maxBodyBytes?: number;
}

export interface FabricEmulator {
  /** https://127.0.0.1:PORT (the API is under /v1). */
  url: string;
  port: number;
  /** PEM certificate to trust for this loopback endpoint only. */
  ca: string;
  state: FabricState;
  requests: RequestRecord[];
  injectFault(f: FaultSpec): void;
  clearFaults(): void;
  /** Stops accepting requests, cancels running jobs and writes the state. */
  stop(): Promise<void>;
}

export async function startFabricEmulator(opts: FabricEmulatorOptions): Promise<FabricEmulator> {
  if (!opts.token) throw new Error('The Fabric emulator needs a bearer token to accept (empty token given).');
  const state = new FabricState(opts.stateDir);
  await state.load();
  for (const name of opts.workspaces ?? []) {
    if (![...state.workspaces.values()].some((w) => w.displayName.toLowerCase() === name.toLowerCase())) {
      const id = randomUUID();
      state.workspaces.set(id, { id, displayName: name, description: '' });
    }
  }
  await state.persist();
  const faults = new FaultInjector();
  let executorPromise: Promise<PipelineExecutor> | undefined;
  const jobs = new JobRunner(state, () => (opts.execute ? Promise.resolve(opts.execute) : (executorPromise ??= localEngineExecutor())), { connections: opts.connections, valueSet: opts.valueSet });
  const ctx = { state, jobs, pageSize: opts.pageSize ?? 100, retryAfterSeconds: opts.retryAfterSeconds ?? 1, operationMs: opts.operationMs ?? 300, valueSet: opts.valueSet };
  const server = await startLoopbackServer({
    token: opts.token,
    port: opts.port,
    host: opts.host,
    certificate: opts.certificate,
    maxBodyBytes: opts.maxBodyBytes,
    faults,
    commonHeaders: () => ({ requestid: randomUUID(), 'x-content-type-options': 'nosniff' }),
    shapes: {
      unauthorized: (hadToken) => fabricError(401, hadToken ? 'TokenExpired' : 'Unauthorized', hadToken ? 'The access token is invalid or expired.' : "The request is missing the 'Authorization: Bearer <token>' header.", { 'www-authenticate': 'Bearer' }),
      fault: (f) => {
        const wait = f.retryAfterSeconds ?? 1;
        if (f.status === 429) return fabricError(429, 'RequestBlocked', `Request is blocked by the upstream service until: ${new Date(Date.now() + wait * 1000).toISOString()} (UTC)`, { 'retry-after': String(wait) });
        return fabricError(f.status, f.status === 503 ? 'ServiceUnavailable' : 'InternalServerError', `Injected server error ${f.status}.`, f.retryAfterSeconds !== undefined ? { 'retry-after': String(wait) } : {});
      },
      tooLarge: (max) => fabricError(413, 'RequestBodyTooLarge', `The request body exceeds ${max} bytes.`),
      badJson: (detail) => fabricError(400, 'InvalidInput', `The request body is not valid JSON: ${detail}`),
      badPath: () => fabricError(400, 'InvalidInput', 'The request path is not valid percent-encoding.'),
      internal: (detail) => fabricError(500, 'UnknownError', `The emulator failed: ${detail}`),
    },
    route: (req) => route(ctx, req),
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
      await jobs.stopAll();
      await state.persist();
    },
  };
}
