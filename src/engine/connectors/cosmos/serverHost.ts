/**
 * Hosts @vercel/cosmosdb-server on a worker thread so the server and the copy engine use separate cores.
 * The worker listens on a loopback port, drops open connections on `pause`, listens again on the same port
 * (same in-memory data) on `resume`, and its query engine gets the speed fixes of serverPatch.ts.
 */
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { installServerPatches } from './serverPatch';

export interface CosmosServerHost {
  port: number;
  endpoint: string;
  /** The query engine got the speed fixes of serverPatch.ts (false: another package layout, run as it is). */
  patched: boolean;
  /** Stops listening and destroys open connections; data is kept. */
  pause(): Promise<void>;
  /** Listens again on the same port. */
  resume(): Promise<void>;
  /** Ends the worker (the server and its data are gone). */
  stop(): Promise<void>;
}

// Runs inside the worker (CommonJS eval). Receives the server package path and the rewrite function source.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { createRequire } = require('node:module');
const load = createRequire(workerData.serverPath);
// Speed fixes that keep results and order (see serverPatch.ts); another package layout runs unpatched.
// (__name: the helper transpilers may insert into the function's text to keep names.)
const __name = (f) => f;
let patched = false;
try { patched = eval('(' + workerData.patches + ')')(load); } catch (e) { /* reported below */ }
const server = require(workerData.serverPath).default({ keepAlive: true });
// Idle connections stay open until the client closes them: a server that closed them after a timeout could do so
// just as the client reuses one, and the request would fail as a dropped connection.
server.keepAliveTimeout = 0;
const sockets = new Set();
// A client that dies mid-request (killed process, dropped connection) must not take the server down.
process.on('uncaughtException', (e) => parentPort.postMessage({ type: 'warning', message: String(e && e.message || e) }));
server.on('clientError', (_e, s) => s.destroy());
server.on('tlsClientError', () => {});
server.on('secureConnection', (s) => { sockets.add(s); s.on('error', () => {}); s.on('close', () => sockets.delete(s)); });
let port = workerData.port;
let first = true;
function listen() {
  server.listen(port, '127.0.0.1', () => {
    port = server.address().port;
    // The package creates a fresh (empty) account on every 'listening': keep the first one across restarts.
    if (first) { first = false; server.removeAllListeners('listening'); }
    parentPort.postMessage({ type: 'listening', port, patched });
  });
}
server.on('error', (e) => parentPort.postMessage({ type: 'error', message: String(e && e.message || e) }));
parentPort.on('message', (m) => {
  if (m === 'pause') { server.close(() => parentPort.postMessage({ type: 'paused' })); for (const s of sockets) s.destroy(); }
  else if (m === 'resume') listen();
});
listen();
`;

/** Starts the server on a worker thread on `port` (0 = free port). */
export async function startCosmosServerThread(port = 0): Promise<CosmosServerHost> {
  const load = createRequire(__filename);
  let serverPath: string;
  try {
    serverPath = load.resolve('@vercel/cosmosdb-server');
  } catch (e) {
    throw new Error(`The embedded Cosmos DB needs the package @vercel/cosmosdb-server (run npm ci): ${(e as Error).message}`);
  }
  const worker = new Worker(WORKER, { eval: true, workerData: { serverPath, port, patches: installServerPatches.toString() } });
  worker.unref();
  const next = (type: string) =>
    new Promise<{ port?: number; patched?: boolean }>((resolve, reject) => {
      const onMsg = (m: { type: string; port?: number; patched?: boolean; message?: string }) => {
        if (m.type === type) {
          worker.off('message', onMsg);
          resolve(m);
        } else if (m.type === 'error') {
          worker.off('message', onMsg);
          reject(new Error(`Cosmos DB server: ${m.message}`));
        }
      };
      worker.on('message', onMsg);
      worker.once('error', reject);
    });
  const first = await next('listening');
  const actual = first.port!;
  let stopped = false;
  return {
    port: actual,
    patched: first.patched === true,
    endpoint: `https://127.0.0.1:${actual}`,
    pause: async () => {
      const p = next('paused');
      worker.postMessage('pause');
      await p;
    },
    resume: async () => {
      const p = next('listening');
      worker.postMessage('resume');
      await p;
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await worker.terminate();
    },
  };
}
