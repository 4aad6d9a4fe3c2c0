/**
 * The embedded Cosmos DB: @vercel/cosmosdb-server in this process on a free loopback port (HTTPS with its
 * self-signed certificate, trusted by our clients because the host is loopback). Data lives in memory.
 */
import { createRequire } from 'node:module';
import type * as https from 'node:https';
import type * as net from 'node:net';

/** The emulator's well-known key; the embedded server accepts any key. */
export const LOCAL_COSMOS_KEY = 'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==';

export interface LocalCosmos {
  endpoint: string;
  key: string;
  stop(): Promise<void>;
}

/** Starts the embedded Cosmos DB server; `stop()` closes it and its connections. */
export async function startLocalCosmos(): Promise<LocalCosmos> {
  // Loaded at run time from node_modules: the package reads its certificate next to its own files.
  const load = createRequire(__filename);
  let create: (opts?: https.ServerOptions) => https.Server;
  try {
    create = load('@vercel/cosmosdb-server').default;
  } catch (e) {
    throw new Error(`The embedded Cosmos DB needs the package @vercel/cosmosdb-server (run npm ci): ${(e as Error).message}`);
  }
  const server = create();
  const sockets = new Set<net.Socket>();
  server.on('secureConnection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  let stopped = false;
  return {
    endpoint: `https://127.0.0.1:${port}`,
    key: LOCAL_COSMOS_KEY,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      const closed = new Promise<void>((r) => server.close(() => r()));
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}
