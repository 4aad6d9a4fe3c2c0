/**
 * Runs Copy activities on a worker thread (copyWorker.ts), one worker per DataServices, reused by every copy of
 * a run and ended by dispose().
 * - The documents a copy moves live on the worker's heap, not on the caller's (the VS Code extension host or
 *   the CLI), and the caller's thread stays free while a copy runs.
 * - The worker's heap has a hard ceiling (COPY_HEAP_MB). Besides bounding a runaway copy, a V8 heap with a
 *   ceiling under 2 GB grows by a factor of about 1.3–2 after each full collection instead of 4, so the peak
 *   memory of a long copy stays close to that of a short one (`npm run bench`, cosmosCopy, rssRatio100kTo20k).
 * - A worker that dies (out of memory, a crash) fails the copies it was running with a clear message; the next
 *   copy starts a new worker.
 * Where the worker module cannot be found (an unusual packaging), or a request cannot be copied to another thread,
 * copies run on the calling thread.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ActivityIo, CopyRequest, ResolvedLinkedService } from '../contracts';
import { ActivityFailure } from '../contracts';
import { cosmosAccount, type CosmosClientPool } from '../connectors';
import { kindOf } from './endpoints';
import type { RetryPolicy } from '../contracts/retry';
import { linkedServiceResolver, runCopy } from './copyActivity';
import { faultToleranceOf } from './faultTolerance';

/** Old-generation ceiling of the copy worker's heap, in MB. */
const COPY_HEAP_MB = 1024;

export type WorkerRequest =
  | { type: 'copy'; id: number; request: CopyRequest; linkedServices: Record<string, ResolvedLinkedService>; retry: RetryPolicy; copyPath?: 'auto' | 'row'; redirects: Record<string, string>; workDir: string; nowAt: number; clockFixed: boolean }
  | { type: 'abort'; id: number };

export type WorkerReply =
  | { type: 'log'; id: number; level: 'debug' | 'info' | 'warn' | 'error'; message: string }
  | { type: 'progress'; id: number; progress: Record<string, unknown> }
  | { type: 'done'; id: number; output: Record<string, unknown> }
  | { type: 'failed'; id: number; message: string; errorCode?: string; failureType?: 'UserError' | 'SystemError'; output?: Record<string, unknown> };

/** The worker's module next to this one: copyWorker.ts (sources), copyWorker.js (dist/, or dist/ above dist/chunks/). */
export function copyWorkerFile(dir = __dirname): string | undefined {
  const candidates = [path.join(dir, 'copyWorker.ts'), path.join(dir, 'copyWorker.js'), path.join(dir, '..', 'copyWorker.js')];
  return candidates.find((f) => existsSync(f));
}

interface Pending {
  io: ActivityIo;
  resolve(output: Record<string, unknown>): void;
  reject(e: Error): void;
}

export class CopyWorkerHost {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(
    private readonly file: string,
    private readonly pool: CosmosClientPool,
    private readonly retry: RetryPolicy,
    private readonly heapMb = COPY_HEAP_MB,
    private readonly copyPath?: 'auto' | 'row',
  ) {}

  /** The worker thread's id while it runs (undefined before the first copy and after it stopped). */
  get threadId(): number | undefined {
    return this.worker?.threadId;
  }

  async copy(req: CopyRequest, io: ActivityIo): Promise<Record<string, unknown>> {
    // Everything the worker needs is resolved here: it cannot call back into this thread's functions.
    const request: CopyRequest = { activityName: req.activityName, typeProperties: req.typeProperties, source: req.source, sink: req.sink, activityRunId: req.activityRunId };
    const linkedServices = linkedServicesAskedFor(req);
    const redirects = await this.redirectsFor(req);
    const id = this.nextId++;
    const worker = this.ensureWorker();
    return new Promise<Record<string, unknown>>((resolve, reject) => {
      const onAbort = () => worker.postMessage({ type: 'abort', id } satisfies WorkerRequest);
      io.signal.addEventListener('abort', onAbort, { once: true });
      const settle = () => {
        io.signal.removeEventListener('abort', onAbort);
        this.pending.delete(id);
        if (!this.pending.size) this.worker?.unref();
      };
      this.pending.set(id, {
        io,
        resolve: (o) => {
          settle();
          resolve(o);
        },
        reject: (e) => {
          settle();
          reject(e);
        },
      });
      worker.ref();
      const message: WorkerRequest = { type: 'copy', id, request, linkedServices, retry: this.retry, copyPath: this.copyPath, redirects, workDir: io.workDir, nowAt: io.now().getTime(), clockFixed: io.clockFixed === true };
      try {
        worker.postMessage(message);
        if (io.signal.aborted) onAbort();
      } catch (e) {
        // Something in the request cannot cross to the worker (a function, a class instance): run it here instead.
        settle();
        io.log('debug', `Copy '${req.activityName}' runs on the calling thread: ${(e as Error).message}`);
        runCopy(req, io, { pool: this.pool, retry: this.retry, copyPath: this.copyPath }).then(resolve, reject);
      }
    });
  }

  async dispose(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const options = { resourceLimits: { maxOldGenerationSizeMb: this.heapMb } };
    // Sources (tests, benchmarks under tsx): the worker registers the TypeScript loader before the module.
    const w = this.file.endsWith('.ts')
      ? new Worker(`const r = require('node:module').createRequire(${JSON.stringify(this.file)}); r('tsx/cjs'); r(${JSON.stringify(this.file)});`, { ...options, eval: true })
      : new Worker(this.file, options);
    w.unref();
    w.on('message', (m: WorkerReply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      if (m.type === 'log') p.io.log(m.level, m.message);
      else if (m.type === 'progress') p.io.progress(m.progress);
      else if (m.type === 'done') p.resolve(m.output);
      else p.reject(m.errorCode ? new ActivityFailure(m.message, m.errorCode, m.failureType ?? 'UserError', m.output) : new Error(m.message));
    });
    const fail = (why: string) => {
      if (this.worker === w) this.worker = undefined;
      for (const p of [...this.pending.values()]) p.reject(new ActivityFailure(`The copy engine's worker stopped: ${why}. Rows written before it stopped stay in the sink.`, '2200', 'SystemError'));
    };
    w.on('error', (e) => fail((e as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY' ? `it ran out of memory (limit ${this.heapMb} MB)` : (e as Error).message));
    w.on('exit', (code) => fail(`it exited with code ${code}`));
    this.worker = w;
    return w;
  }

  /** Cosmos DB account endpoints served elsewhere (the embedded server), as this thread's pool decides. */
  private async redirectsFor(req: CopyRequest): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const [ds, side] of [
      [req.source, 'Source'],
      [req.sink, 'Sink'],
    ] as const) {
      try {
        if (kindOf(ds, side) !== 'cosmos') continue;
        const { endpoint } = cosmosAccount(ds.linkedService, side);
        const actual = await this.pool.resolveEndpoint(endpoint);
        if (actual !== endpoint) out[endpoint] = actual;
      } catch {
        /* an invalid dataset or linked service: the worker's copy reports it */
      }
    }
    return out;
  }
}

/**
 * The linked services the copy will ask for by name (its redirect / log location), resolved here where
 * resolveLinkedService lives: faultToleranceOf itself is run with a resolver that records what it asks for.
 */
function linkedServicesAskedFor(req: CopyRequest): Record<string, ResolvedLinkedService> {
  const resolve = linkedServiceResolver(req);
  const asked: Record<string, ResolvedLinkedService> = {};
  try {
    faultToleranceOf(req.typeProperties ?? {}, (name) => {
      const ls = resolve(name);
      if (ls) asked[name] = ls;
      return ls;
    });
  } catch {
    /* invalid settings or a missing linked service: the worker's copy reports it */
  }
  return asked;
}
