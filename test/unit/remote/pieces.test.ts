/** Unit tests for the remote building blocks: endpoints, parameters, normalisation, ordering, run queries, references, plan. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolveCloud, normaliseEndpoint, isLoopbackUrl, typedParameters, tokenFromEnv, toRemoteError } from '../../../src/engine/remote';
import { normaliseProperties, deploymentOrder, computePlan } from '../../../src/engine/publish';
import { queryRuns } from '../../../src/engine/emulator/runQuery';
import { referencesOf } from '../../../src/engine/remote/references';
import { FaultInjector } from '../../../src/engine/emulator/faults';

describe('endpoints and credentials', () => {
  it('resolves sovereign clouds and custom endpoints with their scopes', () => {
    assert.equal(resolveCloud({}).scope, 'https://management.azure.com/.default');
    assert.equal(resolveCloud({ cloud: 'AzureUSGovernment' }).endpoint, 'https://management.usgovcloudapi.net');
    assert.equal(resolveCloud({ cloud: 'AzureChinaCloud' }).scope, 'https://management.chinacloudapi.cn/.default');
    assert.equal(resolveCloud({ endpoint: 'https://arm.contoso.example/' }).scope, 'https://arm.contoso.example/.default');
    assert.equal(resolveCloud({ endpoint: 'https://127.0.0.1:8443' }).scope, 'https://management.azure.com/.default');
    assert.throws(() => resolveCloud({ cloud: 'Moon' }), /Unknown cloud "Moon"/);
    assert.equal(normaliseEndpoint('https://management.azure.com/'), 'https://management.azure.com');
    assert.throws(() => normaliseEndpoint('ftp://x'), /only sent over HTTPS/);
    assert.throws(() => normaliseEndpoint('not a url'), /Invalid ARM endpoint/);
    assert.throws(() => normaliseEndpoint('https://h/?a=1'), /without path or query/);
    assert.equal(isLoopbackUrl(new URL('https://127.0.0.1:1')), true);
    assert.equal(isLoopbackUrl(new URL('https://[::1]:1')), true);
    assert.equal(isLoopbackUrl(new URL('https://127.0.0.1.example.com')), false);
  });

  it('takes --token-env tokens from the environment with clear errors', async () => {
    assert.equal((await tokenFromEnv('T', { T: ' abc ' }).getToken()).token, 'abc');
    assert.throws(() => tokenFromEnv('T', {}), /T \(from --token-env\) is not set or empty/);
    assert.throws(() => tokenFromEnv('1bad', {}), /expects an environment variable name/);
  });

  it('maps ARM statuses to clear messages', () => {
    const err = (statusCode: number, body?: unknown, headers: Record<string, string> = {}) =>
      toRemoteError({ statusCode, details: body, response: { headers: { get: (k: string) => headers[k] } } }, 'Reading X');
    assert.match(err(403, { error: { code: 'AuthorizationFailed', message: 'no' } }).message, /^Reading X: access denied \(403\).*AuthorizationFailed: no.*Data Factory Contributor/);
    assert.equal(err(409).kind, 'Conflict');
    const t = err(429, undefined, { 'retry-after': '7' });
    assert.equal(t.retryAfterSeconds, 7);
    assert.match(t.message, /wait 7 s/);
    assert.equal(err(502).kind, 'ServerError');
    assert.equal(err(400).kind, 'BadRequest');
    assert.equal(toRemoteError(Object.assign(new Error('x'), { name: 'AbortError' }), 'W').kind, 'Cancelled');
    assert.equal(toRemoteError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'W').kind, 'Unreachable');
  });
});

describe('typed run parameters', () => {
  const declared = { n: { type: 'Int' }, f: { type: 'Float' }, b: { type: 'Bool' }, a: { type: 'Array' }, o: { type: 'Object' }, s: { type: 'String' }, sec: { type: 'SecureString' } };
  it('converts CLI strings to declared types, case-insensitively', () => {
    assert.deepEqual(typedParameters(declared, { N: '3', f: '1.5', b: 'TRUE', a: '[1,"x"]', o: '{"k":1}', s: '42', sec: 'p' }, 'P'), { n: 3, f: 1.5, b: true, a: [1, 'x'], o: { k: 1 }, s: '42', sec: 'p' });
  });
  it('rejects values of the wrong type with the parameter named', () => {
    assert.throws(() => typedParameters(declared, { n: '1.5' }, 'P'), /"n" is Int/);
    assert.throws(() => typedParameters(declared, { f: 'abc' }, 'P'), /"f" is Float/);
    assert.throws(() => typedParameters(declared, { b: 'yes' }, 'P'), /"b" is Bool/);
    assert.throws(() => typedParameters(declared, { a: '{"x":1}' }, 'P'), /"a" must be a JSON array/);
    assert.throws(() => typedParameters(declared, { o: '[' }, 'P'), /"o" is Object; its value must be JSON/);
    assert.throws(() => typedParameters({}, { x: '1' }, 'P'), /no parameter "x"\. Declared: \(none\)/);
  });
});

describe('publish building blocks', () => {
  it('normalises key order, empty collections and trigger runtime state', () => {
    const a = normaliseProperties('trigger', { type: 'ScheduleTrigger', runtimeState: 'Started', annotations: [], pipelines: [{ parameters: {}, pipelineReference: { type: 'PipelineReference', referenceName: 'P' } }] });
    const b = normaliseProperties('trigger', { pipelines: [{ pipelineReference: { referenceName: 'P', type: 'PipelineReference' } }], type: 'ScheduleTrigger' });
    assert.deepEqual(a, b);
    assert.equal(JSON.stringify(a), JSON.stringify(b));
    assert.notDeepEqual(normaliseProperties('pipeline', { activities: [{ name: 'a' }, { name: 'b' }] }), normaliseProperties('pipeline', { activities: [{ name: 'b' }, { name: 'a' }] }), 'array order matters');
  });

  it('orders kinds and ExecutePipeline chains, and reports cycles', () => {
    const call = (target: string) => ({ activities: [{ name: 'c', type: 'ExecutePipeline', typeProperties: { pipeline: { referenceName: target, type: 'PipelineReference' } } }] });
    const items = [
      { kind: 'trigger' as const, name: 'T', properties: { pipelines: [{ pipelineReference: { referenceName: 'A', type: 'PipelineReference' } }] } },
      { kind: 'pipeline' as const, name: 'A', properties: call('B') },
      { kind: 'pipeline' as const, name: 'B', properties: call('C') },
      { kind: 'pipeline' as const, name: 'C', properties: {} },
      { kind: 'linkedService' as const, name: 'Sql', properties: { typeProperties: { password: { type: 'AzureKeyVaultSecret', store: { referenceName: 'KV', type: 'LinkedServiceReference' } } } } },
      { kind: 'linkedService' as const, name: 'KV', properties: {} },
      { kind: 'pipeline' as const, name: 'X', properties: call('Y') },
      { kind: 'pipeline' as const, name: 'Y', properties: call('X') },
    ];
    const { order, cycles } = deploymentOrder(items);
    assert.deepEqual(order.map((i) => i.name), ['KV', 'Sql', 'C', 'B', 'A', 'T']);
    assert.deepEqual(cycles.map((i) => i.name).sort(), ['X', 'Y']);
  });

  it('finds static references and skips dynamic ones', () => {
    const refs = referencesOf({ a: { referenceName: 'ds', type: 'DatasetReference' }, b: [{ referenceName: '@pipeline().parameters.x', type: 'DatasetReference' }], c: { referenceName: 'ir', type: 'IntegrationRuntimeReference' } });
    assert.deepEqual(refs, [{ segment: 'datasets', name: 'ds' }, { segment: 'integrationruntimes', name: 'ir' }]);
  });

  it('plans create, update, unchanged and orphan deletes with diffs', () => {
    const empty = { managedVirtualNetwork: [], managedPrivateEndpoint: [], credential: [], integrationRuntime: [], linkedService: [], dataset: [], dataflow: [], pipeline: [], trigger: [] };
    const local = { resources: { ...empty, pipeline: [{ name: 'New', properties: { activities: [] } }, { name: 'Same', properties: { description: 'd' } }, { name: 'Changed', properties: { description: 'new' } }] }, problems: [] };
    const remote = { resources: { ...empty, pipeline: [{ name: 'same', properties: { description: 'd', annotations: [] } }, { name: 'Changed', properties: { description: 'old' } }, { name: 'Gone', properties: {} }] } };
    const plan = computePlan(local, remote, { deleteOrphans: false });
    const by = Object.fromEntries(plan.map((p) => [p.name, p]));
    assert.equal(by.New.action, 'create');
    assert.equal(by.same.action, 'unchanged', 'names compare case-insensitively and keep the remote spelling');
    assert.equal(by.Changed.action, 'update');
    assert.match(by.Changed.diff, /-\s+"description": "old"\n\+\s+"description": "new"/);
    assert.equal(by.Gone.action, 'delete');
    assert.equal(by.Gone.orphanKept, true);
  });
});

describe('emulator run queries and faults', () => {
  const runs = Array.from({ length: 7 }, (_, i) => ({ runId: `r${i}`, pipelineName: i % 2 ? 'A' : 'B', status: i < 3 ? 'Failed' : 'Succeeded', runStart: `2024-01-01T00:0${i}:00Z`, lastUpdated: `2024-01-01T00:0${i}:30Z` }));
  const window = { lastUpdatedAfter: '2024-01-01T00:00:00Z', lastUpdatedBefore: '2024-01-02T00:00:00Z' };
  it('filters, orders and pages with continuation tokens', () => {
    const p1 = queryRuns(runs, { ...window, orderBy: [{ orderBy: 'RunStart', order: 'DESC' }] }, 'pipeline', (r) => r.lastUpdated, 3);
    assert.deepEqual(p1.value.map((r) => r.runId), ['r6', 'r5', 'r4']);
    const p2 = queryRuns(runs, { ...window, orderBy: [{ orderBy: 'RunStart', order: 'DESC' }], continuationToken: p1.continuationToken }, 'pipeline', (r) => r.lastUpdated, 3);
    assert.deepEqual(p2.value.map((r) => r.runId), ['r3', 'r2', 'r1']);
    const p3 = queryRuns(runs, { ...window, orderBy: [{ orderBy: 'RunStart', order: 'DESC' }], continuationToken: p2.continuationToken }, 'pipeline', (r) => r.lastUpdated, 3);
    assert.deepEqual(p3.value.map((r) => r.runId), ['r0']);
    assert.equal(p3.continuationToken, undefined);
    const f = queryRuns(runs, { ...window, filters: [{ operand: 'PipelineName', operator: 'Equals', values: ['a'] }, { operand: 'Status', operator: 'NotIn', values: ['Failed'] }] }, 'pipeline', (r) => r.lastUpdated, 10);
    assert.deepEqual(f.value.map((r) => r.runId), ['r3', 'r5']);
    const w = queryRuns(runs, { lastUpdatedAfter: '2024-01-01T00:02:00Z', lastUpdatedBefore: '2024-01-01T00:04:00Z' }, 'pipeline', (r) => r.lastUpdated, 10);
    assert.deepEqual(w.value.map((r) => r.runId), ['r2', 'r3']);
  });
  it('rejects missing windows, bad tokens and unknown operators', () => {
    assert.throws(() => queryRuns(runs, { lastUpdatedAfter: window.lastUpdatedAfter }, 'pipeline', (r) => r.lastUpdated, 3), /missing the required parameter 'lastUpdatedBefore'/);
    assert.throws(() => queryRuns(runs, { ...window, continuationToken: 'zzz' }, 'pipeline', (r) => r.lastUpdated, 3), /Invalid continuation token/);
    assert.throws(() => queryRuns(runs, { ...window, filters: [{ operand: 'Status', operator: 'Like', values: ['x'] }] }, 'pipeline', (r) => r.lastUpdated, 3), /Unsupported filter operator 'Like'/);
  });
  it('injects a bounded number of faults matching method and path', () => {
    const f = new FaultInjector();
    f.add({ status: 429, count: 2, method: 'PUT', pathContains: '/datasets/' });
    assert.equal(f.take('GET', '/x/datasets/a'), undefined);
    assert.equal(f.take('PUT', '/x/datasets/a')?.status, 429);
    assert.equal(f.take('PUT', '/x/Datasets/b')?.status, 429);
    assert.equal(f.take('PUT', '/x/datasets/a'), undefined);
    assert.throws(() => f.add({ status: 404 }), /429 or 5xx/);
  });
});
