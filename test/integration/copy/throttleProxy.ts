/**
 * A loopback HTTPS proxy in front of a local Cosmos DB server that answers 429 (with x-ms-retry-after-ms) to a
 * share of requests, deterministically (every n-th request), for a period or for ever. Uses the local server's
 * own self-signed certificate.
 */
import * as https from 'node:https';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';

export interface ThrottleProxy {
  endpoint: string;
  /** Requests answered 429 so far. */
  throttled: number;
  forwarded: number;
  /** Throttle `share` (0..1) of requests until `untilMs` from now (Infinity = for ever) or `limit` 429s were sent. */
  storm(share: number, untilMs: number, limit?: number): void;
  stop(): Promise<void>;
}

export async function startThrottleProxy(targetPort: number, retryAfterMs = 15): Promise<ThrottleProxy> {
  const req = createRequire(__filename);
  const dir = path.dirname(req.resolve('@vercel/cosmosdb-server/package.json'));
  const agent = new https.Agent({ keepAlive: true, rejectUnauthorized: false, maxSockets: 64 });
  let share = 0;
  let until = 0;
  let rnd = 0x2545f491; // xorshift state: a fixed, repeatable pseudo-random sequence
  let limit = Infinity;
  const state = { throttled: 0, forwarded: 0 };
  const server = https.createServer({ cert: readFileSync(path.join(dir, 'cert.pem')), key: readFileSync(path.join(dir, 'key.pem')) }, (inReq, inRes) => {
    const stormOn = Date.now() < until && share > 0 && state.throttled < limit;
    rnd ^= rnd << 13;
    rnd ^= rnd >>> 17;
    rnd ^= rnd << 5;
    const draw = (rnd >>> 0) / 4294967296;
    if (stormOn && draw < share) {
      state.throttled++;
      inReq.resume();
      inRes.writeHead(429, { 'content-type': 'application/json', 'x-ms-retry-after-ms': String(retryAfterMs), 'x-ms-substatus': '3200', 'x-ms-request-charge': '0' });
      inRes.end(JSON.stringify({ code: 'TooManyRequests', message: 'Request rate is large. More Request Units may be needed, so no changes were made. Please retry this request later.' }));
      return;
    }
    state.forwarded++;
    const out = https.request({ host: '127.0.0.1', port: targetPort, method: inReq.method, path: inReq.url, headers: { ...inReq.headers, host: `127.0.0.1:${targetPort}` }, agent }, (res) => {
      inRes.writeHead(res.statusCode ?? 502, res.headers);
      res.pipe(inRes);
    });
    out.on('error', () => inRes.destroy());
    inReq.pipe(out);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `https://127.0.0.1:${port}`,
    get throttled() {
      return state.throttled;
    },
    get forwarded() {
      return state.forwarded;
    },
    storm(s, ms, max = Infinity) {
      share = s;
      limit = state.throttled + max;
      until = ms === Infinity ? Number.MAX_SAFE_INTEGER : Date.now() + ms;
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      agent.destroy();
    },
  } as ThrottleProxy;
}
