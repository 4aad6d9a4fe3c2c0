/** Shared set-up for the remote suites: an emulator on a free loopback port and a session trusting only it. */
import * as path from 'node:path';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../../src/engine/emulator';
import { RemoteSession, StaticTokenCredential } from '../../../src/engine/remote';

export const FIXTURE = path.join(__dirname, '..', '..', 'fixtures', 'remote', 'factory1');
export const TOKEN = 'test-token-' + Math.random().toString(36).slice(2);
export const SUB = '11111111-2222-3333-4444-555555555555';
export const RG = 'rg-workbench';

export async function emulator(opts: Partial<EmulatorOptions> = {}): Promise<Emulator> {
  return startEmulator({ token: TOKEN, pageSize: 2, runPageSize: 3, ...opts });
}

/** A session against the emulator with fast retries (so throttling tests stay short). */
export async function session(em: Emulator, token = TOKEN, maxRetries = 2): Promise<RemoteSession> {
  return RemoteSession.create({ credential: new StaticTokenCredential(token), endpoint: em.url, ca: em.ca, maxRetries, maxRetryDelayMs: 200 });
}

/** Creates an empty factory in the emulator through the SDK. */
export async function createFactory(s: RemoteSession, name: string, rg = RG): Promise<void> {
  const client = await s.dataFactory(SUB);
  await client.factories.createOrUpdate(rg, name, { location: 'westeurope' });
}
