/**
 * Authentication, throttling, server errors and token safety: the emulator answers 401 without or
 * with a wrong token; the client retries 429/5xx within a bound and then says so; tokens never go
 * over plain HTTP or to a host other than the configured ARM endpoint; state survives a restart.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as https from 'node:https';
import * as http from 'node:http';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import * as remote from '../../../src/engine/remote';
import { makeLoopbackCertificate, type Emulator } from '../../../src/engine/emulator';
import { emulator, session, createFactory, SUB, RG, TOKEN } from './setup';

function rawRequest(em: Emulator, p: string, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = https.request(`${em.url}${p}`, { ca: em.ca, headers }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : undefined, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** An HTTPS server that records every request it gets (to prove nothing reached it). */
async function recorder(cert: { cert: string; key: string }, handler?: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  const seen: { url: string; authorization?: string }[] = [];
  const server = https.createServer({ cert: cert.cert, key: cert.key }, (req, res) => {
    seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
    if (handler) handler(req, res);
    else {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"value":[]}');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return { seen, port, url: `https://127.0.0.1:${port}`, close: () => new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); }) };
}

describe('emulator authentication and client token safety', () => {
  let em: Emulator;
  const ref = { subscriptionId: SUB, resourceGroup: RG, factory: 'secfactory' };

  before(async () => {
    em = await emulator();
    await createFactory(await session(em), ref.factory);
  });
  after(async () => em?.stop());

  it('answers 401 without a token, with a wrong token and with a non-bearer scheme', async () => {
    const p = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.DataFactory/factories/${ref.factory}?api-version=2018-06-01`;
    const none = await rawRequest(em, p);
    assert.equal(none.status, 401);
    assert.equal(none.body.error.code, 'AuthenticationFailed');
    const wrong = await rawRequest(em, p, { authorization: 'Bearer not-the-token' });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.error.code, 'InvalidAuthenticationToken');
    const basic = await rawRequest(em, p, { authorization: `Basic ${Buffer.from('a:' + TOKEN).toString('base64')}` });
    assert.equal(basic.status, 401);
    const good = await rawRequest(em, p, { authorization: `Bearer ${TOKEN}` });
    assert.equal(good.status, 200);
    assert.equal(good.body.name, ref.factory);
    assert.equal(good.body.type, 'Microsoft.DataFactory/factories');
  });

  it('the SDK client reports a rejected token as a clear 401 message', async () => {
    const s = await session(em, 'wrong-token');
    await assert.rejects(remote.listFactories(s, SUB), (e: remote.RemoteError) => e.kind === 'Unauthorized' && e.status === 401 && /not authenticated \(401\).*--token-env/.test(e.message));
  });

  it('answers 404 for unknown factories and resources, and 400 for a missing api-version', async () => {
    const s = await session(em);
    await assert.rejects(remote.listResources(s, { ...ref, factory: 'ghost' }, 'pipeline'), (e: remote.RemoteError) => e.kind === 'NotFound' && /not found \(404\)\. ResourceNotFound/.test(e.message));
    assert.equal(await remote.getResource(s, ref, 'trigger', 'ghost'), undefined);
    const noVersion = await rawRequest(em, `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.DataFactory/factories/${ref.factory}`, { authorization: `Bearer ${TOKEN}` });
    assert.equal(noVersion.status, 400);
    assert.equal(noVersion.body.error.code, 'MissingApiVersionParameter');
  });

  it('retries 429 with Retry-After and succeeds; reports throttling when it persists', async () => {
    const s = await session(em, TOKEN, 2);
    em.injectFault({ status: 429, count: 2, retryAfterSeconds: 0, pathContains: '/pipelines' });
    assert.deepEqual(await remote.listResources(s, ref, 'pipeline'), []);
    const throttled = em.requests.filter((r) => r.status === 429).length;
    assert.equal(throttled, 2);
    em.injectFault({ status: 429, count: 50, retryAfterSeconds: 0, pathContains: '/pipelines' });
    await assert.rejects(remote.listResources(s, ref, 'pipeline'), (e: remote.RemoteError) => e.kind === 'Throttled' && e.status === 429 && /throttled.*\(429\).*after the retries/.test(e.message));
    em.clearFaults();
  });

  it('retries 5xx and reports a persistent server error clearly; nothing hangs', async () => {
    const s = await session(em, TOKEN, 1);
    em.injectFault({ status: 503, count: 1, retryAfterSeconds: 0, pathContains: '/datasets' });
    assert.deepEqual(await remote.listResources(s, ref, 'dataset'), []);
    em.injectFault({ status: 500, count: 50, pathContains: '/datasets' });
    await assert.rejects(remote.listResources(s, ref, 'dataset'), (e: remote.RemoteError) => e.kind === 'ServerError' && e.status === 500 && /Try again later/.test(e.message));
    em.clearFaults();
  });

  it('reports an unreachable endpoint instead of hanging', async () => {
    const cert = await makeLoopbackCertificate();
    const r = await recorder(cert);
    await r.close();
    const s = await remote.RemoteSession.create({ credential: new remote.StaticTokenCredential(TOKEN), endpoint: r.url, ca: cert.cert, maxRetries: 1, maxRetryDelayMs: 50 });
    await assert.rejects(remote.listFactories(s, SUB), (e: remote.RemoteError) => e.kind === 'Unreachable' && /cannot reach the ARM endpoint/.test(e.message));
  });

  it('refuses plain-HTTP endpoints before any request is made', async () => {
    await assert.rejects(remote.RemoteSession.create({ credential: new remote.StaticTokenCredential(TOKEN), endpoint: em.url.replace('https:', 'http:') }), /only sent over HTTPS/);
    await assert.rejects(remote.connect({ endpoint: 'http://127.0.0.1:1', tokenEnv: 'X', env: { X: 'secret' } }), /only sent over HTTPS/);
    assert.throws(() => remote.normaliseEndpoint('https://user:pw@management.azure.com'), /user name or password/);
    assert.throws(() => remote.normaliseEndpoint('https://management.azure.com/some/path'), /without path/);
  });

  it('never sends the token to another host: a nextLink to a foreign origin (https or http) is refused unsent', async () => {
    const cert = await makeLoopbackCertificate();
    const foreign = await recorder(cert);
    const plain = http.createServer((req, res) => {
      plainSeen.push(req.headers.authorization ?? '');
      res.end('{"value":[]}');
    });
    const plainSeen: string[] = [];
    await new Promise<void>((r) => plain.listen(0, '127.0.0.1', () => r()));
    const plainPort = (plain.address() as AddressInfo).port;
    let next = `${foreign.url}/subscriptions/${SUB}/providers/Microsoft.DataFactory/factories?api-version=2018-06-01&page=2`;
    const hostile = await recorder(cert, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ value: [{ id: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.DataFactory/factories/f1`, name: 'f1' }], nextLink: next }));
    });
    try {
      const s = await remote.RemoteSession.create({ credential: new remote.StaticTokenCredential(TOKEN), endpoint: hostile.url, ca: cert.cert, maxRetries: 0 });
      await assert.rejects(remote.listFactories(s, SUB), (e: remote.RemoteError) => e.kind === 'ForeignHost' && /Refusing to send a request to https:\/\/127\.0\.0\.1:\d+/.test(e.message));
      next = `http://127.0.0.1:${plainPort}/subscriptions/${SUB}/providers/Microsoft.DataFactory/factories?api-version=2018-06-01`;
      await assert.rejects(remote.listFactories(s, SUB), (e: remote.RemoteError) => e.kind === 'ForeignHost' && /over (plain )?http/i.test(e.message));
      next = `https://localhost:${hostile.port}/subscriptions/${SUB}/providers/Microsoft.DataFactory/factories?api-version=2018-06-01`;
      await assert.rejects(remote.listFactories(s, SUB), (e: remote.RemoteError) => e.kind === 'ForeignHost');
      assert.equal(hostile.seen.length, 3, 'only the first pages reached the configured endpoint');
      assert.ok(hostile.seen.every((x) => x.authorization === `Bearer ${TOKEN}`));
      assert.deepEqual(foreign.seen, [], 'the foreign host received nothing');
      assert.deepEqual(plainSeen, [], 'the plain-HTTP host received nothing');
    } finally {
      await hostile.close();
      await foreign.close();
      await new Promise<void>((r) => { plain.close(() => r()); plain.closeAllConnections(); });
    }
  });

  it('does not follow a redirect to another host with the token', async () => {
    const cert = await makeLoopbackCertificate();
    const foreign = await recorder(cert);
    const hostile = await recorder(cert, (_req, res) => {
      res.writeHead(307, { location: `${foreign.url}/steal` });
      res.end();
    });
    try {
      const s = await remote.RemoteSession.create({ credential: new remote.StaticTokenCredential(TOKEN), endpoint: hostile.url, ca: cert.cert, maxRetries: 0 });
      await assert.rejects(remote.listFactories(s, SUB), (e: remote.RemoteError) => e.kind === 'ForeignHost' && /redirect \(307\).*not followed/.test(e.message));
      assert.deepEqual(foreign.seen, []);
    } finally {
      await hostile.close();
      await foreign.close();
    }
  });

  it('trusts a custom certificate only for loopback endpoints, and the default trust store rejects the emulator', async () => {
    await assert.rejects(remote.RemoteSession.create({ credential: new remote.StaticTokenCredential(TOKEN), endpoint: 'https://management.azure.com', ca: em.ca }), /only trusted for loopback/);
    const s = await remote.RemoteSession.create({ credential: new remote.StaticTokenCredential(TOKEN), endpoint: em.url, maxRetries: 0 });
    await assert.rejects(remote.listFactories(s, SUB), (e: remote.RemoteError) => e.kind === 'Unreachable');
  });

  it('keeps factories, resources and runs in --state-dir across restarts', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-emu-state-'));
    try {
      const first = await emulator({ stateDir: dir });
      const s1 = await session(first);
      await createFactory(s1, 'kept');
      await remote.putResource(s1, { ...ref, factory: 'kept' }, 'pipeline', 'P', { activities: [{ name: 'W', type: 'Wait', typeProperties: { waitTimeInSeconds: 0 } }] });
      const runId = await remote.createRun(s1, { ...ref, factory: 'kept' }, 'P');
      await remote.waitForRun(s1, { ...ref, factory: 'kept' }, runId, { initialIntervalMs: 20 });
      await first.stop();
      const second = await emulator({ stateDir: dir });
      try {
        const s2 = await session(second);
        assert.deepEqual((await remote.listResources(s2, { ...ref, factory: 'kept' }, 'pipeline')).map((p) => p.name), ['P']);
        assert.equal((await remote.getRun(s2, { ...ref, factory: 'kept' }, runId)).status, 'Succeeded');
      } finally {
        await second.stop();
      }
      await fs.writeFile(path.join(dir, 'emulator-state.json'), '{broken');
      await assert.rejects(emulator({ stateDir: dir }), /emulator-state\.json: the emulator state is not valid JSON/);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
