/**
 * The emulator's router under hostile input: any method, path, query and body gives a well-formed
 * response (2xx-5xx with an ARM error body on failure) and never throws; plus the REST shapes of
 * the main endpoints.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { route, type ApiRequest } from '../../../src/engine/emulator/routes';
import { EmulatorState } from '../../../src/engine/emulator/state';
import { RunManager } from '../../../src/engine/emulator/runner';

function context() {
  const state = new EmulatorState();
  const runs = new RunManager(state, async () => async () => {
    throw new Error('no engine in this test');
  });
  return { state, runs, pageSize: 2, runPageSize: 2 };
}

const FACTORY = ['subscriptions', 's1', 'resourceGroups', 'rg', 'providers', 'Microsoft.DataFactory', 'factories', 'fac1'];

function req(method: string, segments: string[], body?: unknown, query = 'api-version=2018-06-01'): ApiRequest {
  return { method, segments, query: new URLSearchParams(query), body, headers: {}, origin: 'https://127.0.0.1:1' };
}

describe('emulator routes', () => {
  it('built-in resources exist in every factory: references to AutoResolveIntegrationRuntime and the managed VNet "default" are accepted, others are not', () => {
    const ctx = context();
    route(ctx, req('PUT', FACTORY, { location: 'westeurope', properties: {} }));
    const auto = { referenceName: 'autoResolveIntegrationRuntime', type: 'IntegrationRuntimeReference' };
    assert.equal(route(ctx, req('PUT', [...FACTORY, 'linkedservices', 'ls'], { properties: { type: 'AzureBlobStorage', typeProperties: {}, connectVia: auto } })).status, 200);
    const managed = (vnet: string) => ({ properties: { type: 'Managed', typeProperties: { computeProperties: { location: 'AutoResolve' } }, managedVirtualNetwork: { referenceName: vnet, type: 'ManagedVirtualNetworkReference' } } });
    assert.equal(route(ctx, req('PUT', [...FACTORY, 'integrationruntimes', 'vnetIR'], managed('default'))).status, 200);
    const other = route(ctx, req('PUT', [...FACTORY, 'integrationruntimes', 'otherIR'], managed('corpnet')));
    assert.equal(other.status, 400);
    assert.match((other.body as any).error.message, /corpnet/);
    const missingIr = route(ctx, req('PUT', [...FACTORY, 'linkedservices', 'ls2'], { properties: { type: 'AzureBlobStorage', typeProperties: {}, connectVia: { referenceName: 'NoSuchIR', type: 'IntegrationRuntimeReference' } } }));
    assert.equal(missingIr.status, 400);
  });

  it('serves factories and child resources in REST shape, with 404s, reference checks and trigger rules', () => {
    const ctx = context();
    assert.equal(route(ctx, req('GET', FACTORY)).status, 404);
    const put = route(ctx, req('PUT', FACTORY, { location: 'westeurope', properties: {} }));
    assert.equal(put.status, 200);
    assert.deepEqual(Object.keys(put.body as object).sort(), ['eTag', 'id', 'location', 'name', 'properties', 'tags', 'type'], 'Factories_CreateOrUpdate: tags ({} when none) is part of the body');
    assert.equal((put.body as any).properties.provisioningState, 'Succeeded');
    const ds = route(ctx, req('PUT', [...FACTORY, 'datasets', 'd1'], { properties: { type: 'Json', linkedServiceName: { referenceName: 'missing', type: 'LinkedServiceReference' } } }));
    assert.equal(ds.status, 400);
    assert.match((ds.body as any).error.message, /invalid reference 'missing'/);
    assert.equal(route(ctx, req('PUT', [...FACTORY, 'linkedservices', 'missing'], { properties: { type: 'AzureBlobStorage', typeProperties: {} } })).status, 200);
    assert.equal(route(ctx, req('PUT', [...FACTORY, 'datasets', 'd1'], { properties: { type: 'Json', linkedServiceName: { referenceName: 'missing', type: 'LinkedServiceReference' } } })).status, 200);
    const del = route(ctx, req('DELETE', [...FACTORY, 'linkedServices', 'MISSING']));
    assert.equal(del.status, 400, 'referenced resources cannot be deleted');
    assert.match((del.body as any).error.message, /referenced by datasets\/d1/);
    const got = route(ctx, req('GET', [...FACTORY, 'datasets', 'D1']));
    assert.equal((got.body as any).id, '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.DataFactory/factories/fac1/datasets/d1');
    assert.equal((got.body as any).type, 'Microsoft.DataFactory/factories/datasets');
    route(ctx, req('PUT', [...FACTORY, 'pipelines', 'p'], { properties: { activities: [] } }));
    assert.equal(route(ctx, req('PUT', [...FACTORY, 'triggers', 't'], { properties: { type: 'ScheduleTrigger', pipelines: [{ pipelineReference: { referenceName: 'p', type: 'PipelineReference' } }] } })).status, 200);
    assert.equal(route(ctx, req('POST', [...FACTORY, 'triggers', 't', 'start'])).status, 200);
    const upd = route(ctx, req('PUT', [...FACTORY, 'triggers', 't'], { properties: { type: 'ScheduleTrigger' } }));
    assert.equal(upd.status, 400);
    assert.equal((upd.body as any).error.code, 'TriggerEnabledCannotUpdate');
    assert.equal(route(ctx, req('DELETE', [...FACTORY, 'pipelines', 'p'])).status, 400, 'the started trigger references it');
    assert.equal(route(ctx, req('DELETE', [...FACTORY, 'pipelines', 'nope'])).status, 204);
    const list = route(ctx, req('GET', [...FACTORY, 'linkedservices']));
    assert.deepEqual((list.body as any).value.map((x: any) => x.name), ['missing']);
    assert.equal(route(ctx, req('GET', [...FACTORY, 'pipelines'], undefined, 'api-version=2017-01-01')).status, 400);
    const run = route(ctx, req('POST', [...FACTORY, 'pipelines', 'p', 'createRun'], {}));
    assert.equal(run.status, 200);
    assert.match((run.body as any).runId, /^[0-9a-f-]{36}$/);
    assert.equal(route(ctx, req('GET', [...FACTORY, 'pipelineruns', 'nope'])).status, 404);
  });

  it('never throws and always answers a well-formed status for arbitrary requests', () => {
    const ctx = context();
    route(ctx, req('PUT', FACTORY, { location: 'x' }));
    const seg = fc.oneof(fc.constantFrom('subscriptions', 's1', 'resourceGroups', 'rg', 'providers', 'Microsoft.DataFactory', 'factories', 'fac1', 'pipelines', 'datasets', 'triggers', 'createRun', 'start', 'pipelineruns', 'queryPipelineRuns', 'queryActivityruns', 'cancel', 'globalParameters'), fc.string({ maxLength: 12 }));
    const body = fc.oneof(fc.constant(undefined), fc.jsonValue(), fc.record({ properties: fc.jsonValue() }), fc.record({ lastUpdatedAfter: fc.string(), lastUpdatedBefore: fc.string(), continuationToken: fc.string(), filters: fc.jsonValue() }));
    fc.assert(
      fc.property(fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'HEAD'), fc.array(seg, { maxLength: 13 }), body, fc.constantFrom('api-version=2018-06-01', '', 'api-version=x', 'api-version=2018-06-01&$skipToken=-1', 'api-version=2018-06-01&isRecursive=true&referencePipelineRunId=zz'), (method, segments, b, q) => {
        const r = route(ctx, req(method, segments, b, q));
        assert.ok(r.status >= 200 && r.status <= 599, `status ${r.status}`);
        if (r.status >= 400) assert.equal(typeof (r.body as any)?.error?.message, 'string');
      }),
      { numRuns: 3000 },
    );
  });
});
