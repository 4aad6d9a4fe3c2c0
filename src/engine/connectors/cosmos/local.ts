/**
 * The embedded Cosmos DB: @vercel/cosmosdb-server on a worker thread, on a free loopback port (HTTPS with its
 * self-signed certificate, trusted by our clients because the host is loopback). Data lives in memory.
 */
import { startCosmosServerThread } from './serverHost';

/** The emulator's well-known key; the embedded server accepts any key. */
export const LOCAL_COSMOS_KEY = 'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==';

export interface LocalCosmos {
  endpoint: string;
  key: string;
  stop(): Promise<void>;
}

/** Starts the embedded Cosmos DB server; `stop()` ends it (its data is discarded). */
export async function startLocalCosmos(): Promise<LocalCosmos> {
  const host = await startCosmosServerThread(0);
  return { endpoint: host.endpoint, key: LOCAL_COSMOS_KEY, stop: () => host.stop() };
}
