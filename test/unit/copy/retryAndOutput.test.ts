import { describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { delayFor, DEFAULT_RETRY, isTransient, retryAfterMs, RetryCounter, statusOf, withRetry } from '../../../src/engine/contracts/retry';
import { copyOutput } from '../../../src/engine/copy/output';
import { connectionPolicyFor, isEmulatorEndpoint } from '../../../src/engine/connectors/cosmos/client';
import { isLoopbackHost, parseConnectionString } from '../../../src/engine/connectors/values';
import { wildcardRegExp } from '../../../src/engine/connectors/fileDataset';

describe('retries', () => {
  it('classifies throttling, transient and permanent failures, including rewrapped bulk errors', () => {
    assert.equal(isTransient({ code: 429 }), true);
    assert.equal(isTransient({ statusCode: 503 }), true);
    assert.equal(isTransient({ code: 409 }), false);
    assert.equal(isTransient(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })), true);
    assert.equal(statusOf(new Error('Bulk request errored with: Request rate is large. More Request Units may be needed')), 429);
    assert.equal(isTransient(new Error('Bulk request errored with: ')), true);
    assert.equal(isTransient(new Error('Bulk request errored with: Entity with the specified id already exists')), false);
  });
  it('honours retry-after within the ceiling, else backs off exponentially', () => {
    assert.equal(retryAfterMs({ retryAfterInMs: 120 }), 120);
    assert.equal(retryAfterMs({ headers: { 'x-ms-retry-after-ms': '80' } }), 80);
    assert.equal(retryAfterMs({ headers: { 'retry-after': '2' } }), 2000);
    assert.equal(delayFor(DEFAULT_RETRY, 0, 120), 120);
    assert.equal(delayFor(DEFAULT_RETRY, 0, 60_000), DEFAULT_RETRY.maxDelayMs);
    assert.equal(delayFor({ ...DEFAULT_RETRY, baseDelayMs: 10 }, 3), 80);
  });
  it('retries within the budget, counts the retries, then gives up saying so', async () => {
    const counter = new RetryCounter();
    let calls = 0;
    const v = await withRetry('op', { maxRetries: 3, maxDelayMs: 1, baseDelayMs: 1 }, counter, new AbortController().signal, async () => {
      if (++calls < 3) throw { code: 429, retryAfterInMs: 1 };
      return 'ok';
    });
    assert.equal(v, 'ok');
    assert.equal(counter.retries, 2);
    assert.equal(counter.throttled, 2);
    await assert.rejects(withRetry('Writing', { maxRetries: 2, maxDelayMs: 1, baseDelayMs: 1 }, counter, new AbortController().signal, async () => Promise.reject({ code: 429, message: 'Request rate is large' })), /Writing failed after 3 attempts \(the retry budget\): the service kept answering 429/);
    await assert.rejects(withRetry('x', DEFAULT_RETRY, counter, new AbortController().signal, async () => Promise.reject({ code: 400, message: 'bad' })), (e: unknown) => (e as { code: number }).code === 400);
  });
});

describe("the retry budget `adfw run` and the extension use (DEFAULT_RETRY)", () => {
  it('is 10 attempts per request (9 retries), waits doubling from 100 ms to at most 10 s: 32.7 s in all', async () => {
    mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
    try {
      let attempts = 0;
      const failing = withRetry('Writing to container', DEFAULT_RETRY, new RetryCounter(), new AbortController().signal, async () => {
        attempts++;
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
      });
      let error: Error | undefined;
      failing.catch((e: Error) => (error = e));
      while (!error) {
        for (let i = 0; i < 10; i++) await Promise.resolve();
        if (!error) mock.timers.tick(100);
      }
      assert.equal(attempts, 10);
      assert.equal(DEFAULT_RETRY.maxRetries + 1, 10);
      assert.match(error.message, /^Writing to container failed after 10 attempts \(the retry budget\): the connection kept failing/);
      assert.equal(Date.now(), 32_700, 'the waits: 0.1 + 0.2 + 0.4 + 0.8 + 1.6 + 3.2 + 6.4 + 10 + 10 s');
    } finally {
      mock.timers.reset();
    }
  });
});

describe('copy output', () => {
  it("has ADF's keys, seconds and KB/s", () => {
    const start = new Date('2025-01-01T00:00:00Z');
    const out = copyOutput({ sourceType: 'CosmosDbSqlApi', sinkType: 'CosmosDbSqlApi', start, firstByte: new Date(start.getTime() + 1000), end: new Date(start.getTime() + 4000), dataRead: 4096 * 4, dataWritten: 4000, rowsRead: 10, rowsCopied: 8, rowsSkipped: 2, faultTolerant: true, status: 'Succeeded', sinkConnections: 1, retries: 0, throttled: 0, readingMs: 1000, writingMs: 2000, logFilePath: 'logs/x.csv', errors: [], fileBased: false });
    assert.deepEqual(Object.keys(out).slice(0, 9), ['dataRead', 'dataWritten', 'sourcePeakConnections', 'sinkPeakConnections', 'rowsRead', 'rowsCopied', 'rowsSkipped', 'copyDuration', 'throughput']);
    assert.equal(out.copyDuration, 4);
    assert.equal(out.throughput, 4);
    assert.equal(out.logFilePath, 'logs/x.csv');
    const ed = (out.executionDetails as any[])[0];
    assert.equal(ed.start, '2025-01-01T00:00:00.000Z');
    assert.deepEqual(ed.detailedDurations, { queuingDuration: 0, timeToFirstByte: 1, transferDuration: 3 });
    assert.equal(ed.profile.transfer.details.readingFromSource.type, 'CosmosDbSqlApi');
    for (const k of ['errors', 'effectiveIntegrationRuntime', 'usedParallelCopies', 'usedDataIntegrationUnits']) assert.ok(k in out, k);
  });
});

describe('connection helpers', () => {
  it('parses connection strings and recognises loopback and the emulator address', () => {
    assert.deepEqual(parseConnectionString('AccountEndpoint=https://x:8081/;AccountKey=ab==;Database=db'), { accountendpoint: 'https://x:8081/', accountkey: 'ab==', database: 'db' });
    for (const h of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.5.0.2']) assert.equal(isLoopbackHost(h), true, h);
    for (const h of ['10.0.0.1', 'example.documents.azure.com', 'localhost.evil.com']) assert.equal(isLoopbackHost(h), false, h);
    assert.equal(isEmulatorEndpoint('https://localhost:8081/'), true);
    assert.equal(isEmulatorEndpoint('https://acct.documents.azure.com:443/'), false);
  });
  it('reads from preferredRegions on real accounts only, with region discovery on for them', () => {
    const real = connectionPolicyFor('https://acct.documents.azure.com:443/', ['West Europe', '', 'North Europe']);
    assert.equal(real.enableEndpointDiscovery, true);
    assert.deepEqual(real.preferredLocations, ['West Europe', 'North Europe']);
    for (const p of [connectionPolicyFor('https://acct.documents.azure.com:443/'), connectionPolicyFor('https://127.0.0.1:8081/', ['West Europe'])]) {
      assert.equal(p.enableEndpointDiscovery, false);
      assert.equal('preferredLocations' in p, false);
    }
    assert.equal(real.retryOptions.maxRetryAttemptCount, 0, 'throttling is retried by the copy engine, not the client');
  });
  it('turns ADF wildcards into anchored expressions', () => {
    assert.equal(wildcardRegExp('*.csv').test('a.csv'), true);
    assert.equal(wildcardRegExp('*.csv').test('a.csv.gz'), false);
    assert.equal(wildcardRegExp('file-??.json').test('file-01.json'), true);
    assert.equal(wildcardRegExp('a^*b').test('a*b'), true);
    assert.equal(wildcardRegExp('a^*b').test('axb'), false);
  });
});
