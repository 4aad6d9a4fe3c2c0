/**
 * Local stand-ins for Azure services, for tests: @vercel/cosmosdb-server (Cosmos DB NoSQL, HTTPS self-signed)
 * in-process and azurite (Blob) as a child process, both on free loopback ports. Every start has a stop; tests
 * call it in `after()` so no server outlives its suite.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { startCosmosServerThread } from '../../src/engine/connectors/cosmos/serverHost';
import { BulkOperationType, type Container, type OperationInput } from '@azure/cosmos';

const req = createRequire(__filename);

/** The Cosmos DB emulator's well-known key (any base64 key is accepted by the local server). */
export const LOCAL_COSMOS_KEY = 'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==';

/** Azurite's well-known development account. */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface CosmosServerHandle {
  /** `https://127.0.0.1:PORT` */
  endpoint: string;
  key: string;
  port: number;
  /** `AccountEndpoint=...;AccountKey=...;` */
  connectionString: string;
  /** Stops listening and drops open connections; the in-memory data is kept so `restart()` can resume. */
  pause(): Promise<void>;
  /** Listens again on the same port with the same data (a restarted server). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts @vercel/cosmosdb-server on a worker thread (its own core) on a free loopback port, or `port`.
 * `pause()` drops every connection and stops listening (a crashed/restarting server); `restart()` listens again
 * on the same port with the same data; `stop()` ends the worker (all data gone).
 */
export async function startCosmosServer(port = 0): Promise<CosmosServerHandle> {
  const host = await startCosmosServerThread(port);
  // Without its speed fixes the server is quadratic in container size: a silent fallback would only show as timeouts.
  if (!host.patched) {
    await host.stop();
    throw new Error('The embedded Cosmos DB server started without the speed fixes of serverPatch.ts (has @zeit/cosmosdb-query changed its layout?).');
  }
  let listening = true;
  return {
    endpoint: host.endpoint,
    key: LOCAL_COSMOS_KEY,
    port: host.port,
    connectionString: `AccountEndpoint=${host.endpoint}/;AccountKey=${LOCAL_COSMOS_KEY};`,
    pause: async () => {
      if (!listening) return;
      listening = false;
      await host.pause();
    },
    restart: async () => {
      if (listening) return;
      await host.resume();
      listening = true;
    },
    stop: () => host.stop(),
  };
}

export interface AzuriteHandle {
  /** `http://127.0.0.1:PORT/devstoreaccount1` */
  blobEndpoint: string;
  port: number;
  account: string;
  accountKey: string;
  connectionString: string;
  stop(): Promise<void>;
}

/** Starts azurite's Blob service (in memory, no telemetry) as a child process on a free loopback port. */
export async function startAzurite(): Promise<AzuriteHandle> {
  const bin = path.join(path.dirname(req.resolve('azurite/package.json')), 'dist', 'src', 'blob', 'main.js');
  const child: ChildProcess = spawn(
    process.execPath,
    [bin, '--blobHost', '127.0.0.1', '--blobPort', '0', '--inMemoryPersistence', '--extentMemoryLimit', '512', '--skipApiVersionCheck', '--disableTelemetry', '--loose'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`azurite did not start: ${out}`)), 30_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /listens on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`azurite exited with ${code}: ${out}`));
    });
  });
  child.stdout!.resume();
  child.stderr!.resume();
  // Never outlive the test process, even when it dies without calling stop().
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const blobEndpoint = `http://127.0.0.1:${port}/${AZURITE_ACCOUNT}`;
  return {
    blobEndpoint,
    port,
    account: AZURITE_ACCOUNT,
    accountKey: AZURITE_KEY,
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};BlobEndpoint=${blobEndpoint};`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        process.off('exit', killOnExit);
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

/** Creates `docs` in `container` with the bulk API, 100 per request and at most 6 requests in flight. */
export async function bulkCreate(container: Container, docs: Record<string, unknown>[]): Promise<void> {
  const inflight: Promise<unknown>[] = [];
  for (let i = 0; i < docs.length; i += 100) {
    inflight.push(container.items.bulk(docs.slice(i, i + 100).map((d) => ({ operationType: BulkOperationType.Create, resourceBody: d }) as OperationInput)));
    if (inflight.length >= 6) await Promise.all(inflight.splice(0));
  }
  await Promise.all(inflight);
}
