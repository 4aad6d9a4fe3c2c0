/**
 * The real @azure/arm-datafactory client against the ARM emulator: list and get with paging,
 * createRun executed by the local engine, polling to completion, rerun from failure, cancel,
 * run history with continuation tokens.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loadFactory } from '../../../src/engine/model';
import { publishFactory } from '../../../src/engine/publish';
import * as remote from '../../../src/engine/remote';
import type { Emulator } from '../../../src/engine/emulator';
import { emulator, session, createFactory, FIXTURE, SUB, RG } from './setup';

describe('remote runs on the emulator', () => {
  let em: Emulator;
  let s: remote.RemoteSession;
  const ref = { subscriptionId: SUB, resourceGroup: RG, factory: 'runsfactory' };

  before(async () => {
    em = await emulator();
    s = await session(em);
    await createFactory(s, ref.factory);
    await createFactory(s, 'otherfactory', 'rg-other');
    const res = await publishFactory(s, ref, await loadFactory(FIXTURE));
    assert.equal(res.ok, true, JSON.stringify(res.changes.filter((c) => c.error)));
  });
  after(async () => em?.stop());

  it('lists subscriptions, factories across pages, and resources of each kind', async () => {
    const subs = await remote.listSubscriptions(s);
    assert.deepEqual(subs.map((x) => x.subscriptionId), [SUB]);
    const all = await remote.listFactories(s, SUB);
    assert.deepEqual(all.map((f) => `${f.resourceGroup}/${f.name}`).sort(), [`rg-other/otherfactory`, `${RG}/runsfactory`]);
    const inRg = await remote.listFactories(s, SUB, RG);
    assert.deepEqual(inRg.map((f) => f.name), ['runsfactory']);
    // 4 pipelines with a page size of 2: the SDK must follow nextLink.
    const pipelines = await remote.listResources(s, ref, 'pipeline');
    assert.deepEqual(pipelines.map((p) => p.name), ['Child', 'Flaky', 'Parent', 'Slow']);
    const pages: string[][] = [];
    for await (const p of remote.resourcePages(s, ref, 'pipeline')) pages.push(p.map((x) => x.name));
    assert.deepEqual(pages, [['Child', 'Flaky'], ['Parent', 'Slow']]);
    const ds = await remote.getResource(s, ref, 'dataset', 'inputfiles');
    assert.equal(ds?.name, 'InputFiles');
    assert.equal(ds?.properties.typeProperties.location.container, 'input');
    assert.equal(await remote.getResource(s, ref, 'dataset', 'Nope'), undefined);
  });

  it('runs a pipeline on the local engine with typed parameters and polls it to completion', async () => {
    const def = await remote.getResource(s, ref, 'pipeline', 'Parent');
    const params = remote.typedParameters(def!.properties.parameters, { count: '4', flag: 'true' }, 'Parent');
    assert.deepEqual(params, { count: 4, flag: true });
    const runId = await remote.createRun(s, ref, 'Parent', { parameters: params });
    const updates: string[] = [];
    const result = await remote.waitForRun(s, ref, runId, { initialIntervalMs: 50, onUpdate: (r) => updates.push(r.pipelineRun.status) });
    assert.equal(result.pipelineRun.status, 'Succeeded');
    assert.equal(result.pipelineRun.runId, runId);
    assert.deepEqual(result.pipelineRun.parameters, { count: '4', flag: 'true' });
    assert.equal(updates.at(-1), 'Succeeded');
    const call = result.activityRuns.find((a) => a.activityName === 'CallChild')!;
    assert.equal(call.status, 'Succeeded');
    assert.deepEqual((call.input as any).parameters, { label: '5' });
    const childRunId = (call.output as any).pipelineRunId as string;
    const child = await remote.getRun(s, ref, childRunId);
    assert.equal(child.pipelineName, 'Child');
    assert.equal(child.status, 'Succeeded');
  });

  it('rejects unknown and badly typed parameters before starting a run', async () => {
    const def = await remote.getResource(s, ref, 'pipeline', 'Parent');
    assert.throws(() => remote.typedParameters(def!.properties.parameters, { cnt: '1' }, 'Parent'), /has no parameter "cnt"\. Declared: count, flag/);
    assert.throws(() => remote.typedParameters(def!.properties.parameters, { count: 'x' }, 'Parent'), /Int; "x" is not an integer/);
    await assert.rejects(remote.createRun(s, ref, 'Parent', { parameters: { nope: 1 } }), (e: remote.RemoteError) => e.kind === 'BadRequest' && /no parameter 'nope'/.test(e.message));
    await assert.rejects(remote.createRun(s, ref, 'Missing'), (e: remote.RemoteError) => e.kind === 'NotFound' && e.status === 404);
  });

  it('reports a failed run with its activity error, then reruns from the failed activity', async () => {
    const runId = await remote.createRun(s, ref, 'Flaky');
    const failed = await remote.waitForRun(s, ref, runId, { initialIntervalMs: 50 });
    assert.equal(failed.pipelineRun.status, 'Failed');
    assert.match(failed.pipelineRun.message, /planned failure/);
    const boom = failed.activityRuns.find((a) => a.activityName === 'Boom');
    assert.equal(boom?.status, 'Failed');
    assert.equal(boom?.error?.message, 'planned failure');
    const rerunId = await remote.createRun(s, ref, 'Flaky', { referencePipelineRunId: runId, isRecovery: true, startFromFailure: true, parameters: { fail: false } });
    const rerun = await remote.waitForRun(s, ref, rerunId, { initialIntervalMs: 50 });
    assert.equal(rerun.pipelineRun.status, 'Succeeded');
    assert.equal(rerun.pipelineRun.runGroupId, failed.pipelineRun.runGroupId);
    const original = await remote.getRun(s, ref, runId);
    assert.equal(original.isLatest, false);
  });

  it('cancels a running pipeline (recursively) and sees Cancelled', async () => {
    const runId = await remote.createRun(s, ref, 'Slow');
    let seen = '';
    for (let i = 0; i < 500 && seen !== 'InProgress'; i++) {
      seen = (await remote.getRun(s, ref, runId)).status;
      if (seen !== 'InProgress') await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal(seen, 'InProgress');
    await remote.cancelRun(s, ref, runId, true);
    const done = await remote.waitForRun(s, ref, runId, { initialIntervalMs: 50 });
    assert.equal(done.pipelineRun.status, 'Cancelled');
  });

  it('cancels the remote run when the waiting client is aborted', async () => {
    const runId = await remote.createRun(s, ref, 'Slow');
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    const done = await remote.waitForRun(s, ref, runId, { initialIntervalMs: 50, signal: ac.signal });
    assert.equal(done.pipelineRun.status, 'Cancelled');
  });

  it('queries run history with filters, ordering and continuation tokens', async () => {
    const window = { lastUpdatedAfter: new Date(Date.now() - 3600_000), lastUpdatedBefore: new Date(Date.now() + 60_000) };
    const first = await remote.queryRuns(s, ref, { ...window, orderBy: [{ orderBy: 'RunStart', order: 'ASC' }] });
    assert.equal(first.value.length, 3, 'page size 3');
    assert.ok(first.continuationToken);
    const all = await remote.queryAllRuns(s, ref, { ...window, orderBy: [{ orderBy: 'RunStart', order: 'ASC' }] });
    assert.equal(all.length, 6, `all runs: ${all.map((r) => r.pipelineName + "/" + r.status + "/" + r.lastUpdated).join(", ")}`);
    assert.equal(new Set(all.map((r) => r.runId)).size, all.length, 'no duplicates across pages');
    const sorted = [...all].sort((a, b) => (a.runStart! < b.runStart! ? -1 : 1));
    assert.deepEqual(all.map((r) => r.runId), sorted.map((r) => r.runId));
    const flaky = await remote.queryAllRuns(s, ref, { ...window, filters: [{ operand: 'PipelineName', operator: 'Equals', values: ['Flaky'] }, { operand: 'Status', operator: 'In', values: ['Failed'] }] });
    assert.equal(flaky.length, 1);
    const none = await remote.queryAllRuns(s, ref, { lastUpdatedAfter: '2000-01-01T00:00:00Z', lastUpdatedBefore: '2000-01-02T00:00:00Z' });
    assert.deepEqual(none, []);
    await assert.rejects(remote.queryRuns(s, ref, { ...window, filters: [{ operand: 'Colour', operator: 'Equals', values: ['x'] }] }), /Unsupported filter operand 'Colour'/);
  });
});
