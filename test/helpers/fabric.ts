/** The Fabric REST emulator in tests: raw HTTPS requests, and the fixture workspace's items as definition parts. */
import * as https from 'node:https';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import type { FabricEmulator } from '../../src/engine/fabricEmulator';

export const FABRIC_TOKEN = 'fabric-test-token';
export const FABRIC_FIXTURE = path.join(__dirname, '..', 'fixtures', 'fabric-remote', 'workspace');

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/** One request to the emulator; `token: null` sends none. */
export function fabricRequest(em: FabricEmulator, method: string, p: string, body?: unknown, token: string | null = FABRIC_TOKEN): Promise<RawResponse> {
  const url = new URL(p.startsWith('https:') ? p : `${em.url}${p}`);
  const data = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string | number> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (data) Object.assign(headers, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) });
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method, ca: em.ca, headers }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

/** The definition parts of a fixture item folder (`<name>.DataPipeline`), bytes as they are on disk. */
export function fixtureParts(name: string): { path: string; payload: string; payloadType: 'InlineBase64' }[] {
  const dir = path.join(FABRIC_FIXTURE, `${name}.DataPipeline`);
  return readdirSync(dir)
    .sort()
    .map((f) => ({ path: f, payload: readFileSync(path.join(dir, f)).toString('base64'), payloadType: 'InlineBase64' as const }));
}

/** Polls a long-running operation's Location until it is no longer Running; returns the last answer. */
export async function settleOperation(em: FabricEmulator, location: string): Promise<RawResponse> {
  for (let i = 0; i < 200; i++) {
    const r = await fabricRequest(em, 'GET', location);
    if (r.body?.status !== 'Running' && r.body?.status !== 'NotStarted') return r;
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error(`the operation at ${location} did not finish`);
}
