/**
 * The copy worker's main module: runs Copy activities sent by isolatedCopy.ts on this thread and answers with
 * their output or failure. Logs and progress are forwarded as they happen; `abort` cancels one copy.
 */
import { parentPort } from 'node:worker_threads';
import type { ActivityIo } from '../contracts';
import { ActivityFailure } from '../contracts';
import { CosmosClientPool } from '../connectors';
import { runCopy } from './copyActivity';
import type { WorkerReply, WorkerRequest } from './isolatedCopy';

const port = parentPort;
if (!port) throw new Error('copyWorker.ts runs only as a worker thread (see isolatedCopy.ts).');

// Embedded or local endpoints chosen by the main thread, per account endpoint.
const redirects = new Map<string, string>();
const pool = new CosmosClientPool(async (endpoint) => redirects.get(endpoint));
const running = new Map<number, AbortController>();
const send = (m: WorkerReply) => port.postMessage(m);

port.on('message', (m: WorkerRequest) => {
  if (m.type === 'abort') {
    running.get(m.id)?.abort(new Error('The copy was cancelled.'));
    return;
  }
  if (m.type !== 'copy') return;
  const { id } = m;
  for (const [from, to] of Object.entries(m.redirects)) redirects.set(from, to);
  const controller = new AbortController();
  running.set(id, controller);
  const wallAt = Date.now();
  const io: ActivityIo = {
    signal: controller.signal,
    log: (level, message) => send({ type: 'log', id, level, message }),
    progress: (p) => send({ type: 'progress', id, progress: p }),
    workDir: m.workDir,
    now: () => new Date(m.clockFixed ? m.nowAt : m.nowAt + (Date.now() - wallAt)),
    clockFixed: m.clockFixed,
  };
  runCopy(m.request, io, { pool, retry: m.retry, copyPath: m.copyPath, resolveLinkedService: (name) => m.linkedServices[name] })
    .then(
      (output) => send({ type: 'done', id, output }),
      (e) => {
        const f = e instanceof ActivityFailure ? e : undefined;
        send({ type: 'failed', id, message: (e as Error)?.message ?? String(e), errorCode: f?.errorCode, failureType: f?.failureType, output: f?.output });
      },
    )
    .finally(() => running.delete(id));
});
