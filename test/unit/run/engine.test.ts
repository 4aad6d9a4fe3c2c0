/** Parameters, variables, return values, ExecutePipeline, policies, cancellation, Debug until, determinism, mocks. */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { runPipeline, RunSetupError } from '../../../src/engine/run';
import { act, ex, wait, failAct, runActivities, makeFactory, statuses, runsOf, cleanup } from './helpers';

after(cleanup);

describe('parameters', () => {
  const declare = {
    s: { type: 'String' },
    i: { type: 'Int', defaultValue: 1 },
    f: { type: 'Float', defaultValue: 1.5 },
    b: { type: 'Bool', defaultValue: false },
    a: { type: 'Array', defaultValue: [] },
    o: { type: 'Object', defaultValue: {} },
    secret: { type: 'SecureString', defaultValue: 'not-needed' },
  };
  test('typed values from strings (command line) and defaults', async () => {
    const r = await runActivities([act('Set', 'SetVariable', { variableName: 'v', value: ex("@concat(pipeline().parameters.s, string(add(pipeline().parameters.i, 1)), string(pipeline().parameters.b), string(length(pipeline().parameters.a)), string(pipeline().parameters.o.k))") })], {
      declare,
      variables: { v: { type: 'String' } },
      parameters: { s: 'x', i: '41', b: 'TRUE', a: '[1,2]', o: '{"k":"z"}' },
    });
    assert.equal(r.pipelineRun.status, 'Succeeded', r.pipelineRun.message);
    assert.equal(r.pipelineRun['adfw:variables']!.v, 'x42True2z');
    assert.deepEqual(r.pipelineRun.parameters, { s: 'x', i: '41', f: '1.5', b: 'true', a: '[1,2]', o: '{"k":"z"}', secret: '***' });
  });
  test('type errors, missing required and unknown parameters are setup errors naming each problem', async () => {
    const f = await makeFactory({ pipelines: { p: { activities: [wait('W')], parameters: declare } } });
    await assert.rejects(
      runPipeline({ factory: f, pipelineName: 'p', parameters: { i: '4.5', b: 'yes', a: '{"not":"array"}', o: '[', typo: 1 } }),
      (e: unknown) => {
        assert.ok(e instanceof RunSetupError);
        const m = (e as Error).message;
        assert.match(m, /Unknown parameter 'typo'/);
        assert.match(m, /Missing value for required parameter 's' \(String\)/);
        assert.match(m, /Parameter 'i' \(Int\): the value is invalid: expected an integer, got "4.5"/);
        assert.match(m, /Parameter 'b' \(Bool\).*expected true or false/);
        assert.match(m, /Parameter 'a' \(Array\).*expected an array, got an object/);
        assert.match(m, /Parameter 'o' \(Object\).*not JSON/);
        return true;
      },
    );
  });
  test('unknown pipeline lists the pipelines', async () => {
    const f = await makeFactory({ pipelines: { p: { activities: [] } } });
    await assert.rejects(runPipeline({ factory: f, pipelineName: 'q' }), /Pipeline 'q' was not found .*Pipelines: p/);
  });
});

describe('variables and return value', () => {
  test('SetVariable checks the declared type', async () => {
    const r = await runActivities([act('Set', 'SetVariable', { variableName: 'flag', value: 'text' })], { variables: { flag: { type: 'Boolean', defaultValue: false } } });
    assert.match(r.activityRuns[0].error!.message, /^The variable 'flag' of type 'Boolean' cannot be initialized or updated with value of type 'String'\. The variable 'flag' only supports values of types 'Boolean'\.$/);
    const u = await runActivities([act('Set', 'SetVariable', { variableName: 'nope', value: 'x' })]);
    assert.match(u.activityRuns[0].error!.message, /not declared/);
  });
  test('parallel ForEach shares variables and warns about it', async () => {
    const logs: string[] = [];
    const r = await runActivities([act('Loop', 'ForEach', { items: ex('@range(0, 4)'), batchCount: 4, activities: [act('Set', 'SetVariable', { variableName: 'last', value: ex('@string(item())') })] })], {
      variables: { last: { type: 'String' } },
      onEvent: (e) => e.type === 'log' && e.level === 'warn' && logs.push(e.message),
    });
    assert.ok(['0', '1', '2', '3'].includes(r.pipelineRun['adfw:variables']!.last as string));
    assert.equal(logs.length, 1);
    assert.match(logs[0], /shared by every iteration/);
  });
  test('pipeline return value with typed entries', async () => {
    const r = await runActivities([
      act('Ret', 'SetVariable', {
        variableName: 'pipelineReturnValue',
        setSystemVariable: true,
        value: [
          { key: 's', value: { type: 'String', content: 'text' } },
          { key: 'i', value: { type: 'Int', content: 3 } },
          { key: 'f', value: { type: 'Float', content: 2.5 } },
          { key: 'b', value: { type: 'Boolean', content: true } },
          { key: 'a', value: { type: 'Array', content: [{ type: 'Int', content: 1 }, { type: 'String', content: 'x' }] } },
          { key: 'e', value: { type: 'Expression', content: "@concat('a', 'b')" } },
          { key: 'n', value: { type: 'Null' } },
        ],
      }),
    ]);
    assert.deepEqual(r.pipelineRun['adfw:returnValue'], { s: 'text', i: 3, f: 2.5, b: true, a: [1, 'x'], e: 'ab', n: null });
  });
});

describe('ExecutePipeline', () => {
  test('child run linked to its parent, parameters passed, return value in the output, child records separate', async () => {
    const f = await makeFactory({
      pipelines: {
        parent: { activities: [act('Call', 'ExecutePipeline', { pipeline: { referenceName: 'child', type: 'PipelineReference' }, waitOnCompletion: true, parameters: { x: ex("@concat('from-', pipeline().Pipeline)") } })] },
        child: { parameters: { x: { type: 'String' } }, activities: [act('Ret', 'SetVariable', { variableName: 'pipelineReturnValue', setSystemVariable: true, value: [{ key: 'got', value: { type: 'Expression', content: '@pipeline().parameters.x' } }, { key: 'by', value: { type: 'Expression', content: '@pipeline()?.TriggeredByPipelineName' } }] })] },
      },
    });
    const finished: { runId: string; pipelineName: string; invokedBy: { invokedByType: string; pipelineRunId?: string } }[] = [];
    const r = await runPipeline({ factory: f, pipelineName: 'parent', onEvent: (e) => e.type === 'runFinished' && finished.push(e.run) });
    assert.equal(r.pipelineRun.status, 'Succeeded', r.pipelineRun.message);
    const call = r.activityRuns[0];
    assert.deepEqual(call.output, { pipelineName: 'child', pipelineRunId: call['adfw:childRunId'], pipelineReturnValue: { got: 'from-parent', by: 'parent' } });
    const child = finished.find((x) => x.pipelineName === 'child')!;
    assert.equal(child.runId, call['adfw:childRunId']);
    assert.equal(child.invokedBy.invokedByType, 'PipelineActivity');
    assert.equal(child.invokedBy.pipelineRunId, r.pipelineRun.runId);
    assert.ok(r.activityRuns.every((a) => a.pipelineRunId === r.pipelineRun.runId), 'child activity runs belong to the child run');
  });
  test('nested ForEach via ExecutePipeline, and a child failure fails the ExecutePipeline activity', async () => {
    const f = await makeFactory({
      pipelines: {
        outer: { variables: {}, activities: [act('Rows', 'ForEach', { items: ex('@createArray(1, 2)'), isSequential: true, activities: [act('Inner', 'ExecutePipeline', { pipeline: { referenceName: 'inner' }, waitOnCompletion: true, parameters: { row: ex('@item()') } })] })] },
        inner: { parameters: { row: { type: 'Int' } }, variables: { cells: { type: 'Array' } }, activities: [act('Cols', 'ForEach', { items: ex('@createArray(10, 20)'), isSequential: true, activities: [act('Cell', 'AppendVariable', { variableName: 'cells', value: ex('@add(pipeline().parameters.row, item())') })] }), act('Check', 'IfCondition', { expression: ex('@equals(pipeline().parameters.row, 2)'), ifTrueActivities: [failAct('RowTwo', {}, 'row two is bad')] }, { Cols: 'Succeeded' })] },
      },
    });
    const children: { status: string; vars: unknown }[] = [];
    const r = await runPipeline({ factory: f, pipelineName: 'outer', onEvent: (e) => e.type === 'runFinished' && e.run.pipelineName === 'inner' && children.push({ status: e.run.status, vars: e.run['adfw:variables'] }) });
    assert.deepEqual(children, [{ status: 'Succeeded', vars: { cells: [11, 21] } }, { status: 'Failed', vars: { cells: [12, 22] } }]);
    assert.equal(r.pipelineRun.status, 'Failed');
    const inner = runsOf(r, 'Inner');
    assert.equal(inner[1].status, 'Failed');
    // The ExecutePipeline error is the child run's message, not wrapped again; the pipeline message wraps once per level.
    assert.match(inner[1].error!.message, /^Operation on target Check failed: .*row two is bad/);
    assert.deepEqual(inner[1].output, { pipelineName: 'inner', pipelineRunId: inner[1]['adfw:childRunId'] });
    assert.match(r.pipelineRun.message, /^Operation on target Rows failed: Activity failed because an inner activity failed; Inner activity name: Inner, Error: Operation on target Check failed: Activity failed because an inner activity failed; Inner activity name: RowTwo, Error: row two is bad$/);
    assert.equal((r.pipelineRun.message.match(/Operation on target Inner failed/g) ?? []).length, 0);
  });
  test('a cyclic ExecutePipeline chain stops at the depth bound with a clear error', async () => {
    const f = await makeFactory({
      pipelines: {
        a: { activities: [act('CallB', 'ExecutePipeline', { pipeline: { referenceName: 'b' }, waitOnCompletion: true })] },
        b: { activities: [act('CallA', 'ExecutePipeline', { pipeline: { referenceName: 'a' }, waitOnCompletion: true })] },
      },
    });
    const r = await runPipeline({ factory: f, pipelineName: 'a', maxDepth: 6 });
    assert.equal(r.pipelineRun.status, 'Failed');
    assert.match(r.pipelineRun.message, /nest more than 6 levels deep \(a -> b -> a -> b -> a -> b -> a\)\. The ExecutePipeline chain is cyclic/);
  });
  test('waitOnCompletion false: the activity succeeds at once, the child still runs', async () => {
    const f = await makeFactory({ pipelines: { p: { activities: [act('Fire', 'ExecutePipeline', { pipeline: { referenceName: 'slow' }, waitOnCompletion: false })] }, slow: { activities: [wait('W', {}, 0.3)] } } });
    const ends: string[] = [];
    const r = await runPipeline({ factory: f, pipelineName: 'p', onEvent: (e) => e.type === 'runFinished' && ends.push(e.run.pipelineName) });
    assert.equal(r.pipelineRun.status, 'Succeeded');
    assert.ok(r.activityRuns[0].durationInMs! < 250);
    assert.deepEqual(ends, ['p', 'slow']);
  });
});

describe('policies', () => {
  test('retry with a flaky endpoint: one record per attempt, retryAttempt numbered', async () => {
    let calls = 0;
    const server = http.createServer((_req, res) => {
      calls++;
      if (calls < 3) res.writeHead(503).end('busy');
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/flaky`;
      const r = await runActivities([act('Call', 'WebActivity', { url, method: 'GET' }, {}, { policy: { retry: 3, retryIntervalInSeconds: 0 } })]);
      assert.equal(r.pipelineRun.status, 'Succeeded');
      const attempts = runsOf(r, 'Call');
      assert.deepEqual(attempts.map((a) => [a.status, a.retryAttempt]), [['Failed', null], ['Failed', 1], ['Succeeded', 2]]);
      assert.match(attempts[0].error!.message, /Response status code: '503/);
      assert.equal((attempts[2].output as { ok: boolean }).ok, true);
      const exhausted = await runActivities([act('Call', 'WebActivity', { url: url.replace('flaky', 'x'), method: 'GET' }, {}, { policy: { retry: 1, retryIntervalInSeconds: 0 } })]);
      assert.equal(exhausted.pipelineRun.status, 'Succeeded', 'server recovered after the third call');
    } finally {
      server.close();
    }
  });
  test('timeout d.hh:mm:ss cuts a long activity', async () => {
    const r = await runActivities([act('Slow', 'Wait', { waitTimeInSeconds: 30 }, {}, { policy: { timeout: '0.00:00:01' } })]);
    const a = r.activityRuns[0];
    assert.equal(a.status, 'Failed');
    assert.equal(a.error!.errorCode, 'ADF5021');
    assert.match(a.error!.message, /timed out after 0\.00:00:01/);
    assert.ok(a.durationInMs! < 5000);
    const bad = await runActivities([act('X', 'Wait', { waitTimeInSeconds: 0 }, {}, { policy: { timeout: '1 hour' } })]);
    assert.match(bad.activityRuns[0].error!.message, /time span "d\.hh:mm:ss"/);
  });
  test('secureInput and secureOutput hide values in records and events', async () => {
    const events: string[] = [];
    const r = await runActivities([act('Set', 'SetVariable', { variableName: 'v', value: 'hunter2-secret' }, {}, { policy: { secureInput: true, secureOutput: true } }), act('Echo', 'SetVariable', { variableName: 'w', value: ex("@variables('v')") }, { Set: 'Succeeded' })], {
      variables: { v: { type: 'String' }, w: { type: 'String' } },
      onEvent: (e) => events.push(JSON.stringify(e)),
    });
    assert.equal(r.pipelineRun.status, 'Succeeded');
    const text = JSON.stringify(r) + events.join('\n');
    assert.ok(!text.includes('hunter2-secret'), 'the secure value appears nowhere');
    assert.equal(r.activityRuns[0].input, '***');
    assert.equal(r.activityRuns[0].output, '***');
  });
});

describe('cancellation, Debug until, determinism', () => {
  test('cancellation mid-ForEach: activities in flight and the run are Cancelled, nothing new starts', async () => {
    const ac = new AbortController();
    let started = 0;
    const p = runActivities([act('Loop', 'ForEach', { items: ex('@range(0, 20)'), isSequential: true, activities: [wait('W', {}, 0.1)] }), wait('After', { Loop: 'Completed' })], {
      signal: ac.signal,
      onEvent: (e) => {
        if (e.type === 'activityStarted' && e.activityRun.activityName === 'W' && ++started === 3) ac.abort();
      },
    });
    const r = await p;
    assert.equal(r.pipelineRun.status, 'Cancelled');
    assert.equal(runsOf(r, 'W').length, 3);
    assert.equal(runsOf(r, 'W')[2].status, 'Cancelled');
    assert.equal(runsOf(r, 'Loop')[0].status, 'Cancelled');
    assert.equal(runsOf(r, 'After').length, 0);
  });
  test('--until runs the activity and its predecessors only', async () => {
    const r = await runActivities([wait('A'), wait('B', { A: 'Succeeded' }), wait('C', { B: 'Succeeded' }), wait('Side')], { until: 'B' });
    assert.deepEqual(statuses(r), { A: 'Succeeded', B: 'Succeeded' });
    await assert.rejects(runActivities([wait('A')], { until: 'Nope' }), /no top-level activity 'Nope'/);
  });
  test('--now and --seed make utcNow(), guid(), rand() and ids reproducible, and are recorded', async () => {
    const acts = [act('Set', 'SetVariable', { variableName: 'v', value: ex("@concat(utcNow(), '|', guid(), '|', string(rand(0, 1000000)))") })];
    const one = await runActivities(acts, { variables: { v: { type: 'String' } }, now: '2024-02-29T12:00:00Z', seed: 7 });
    const two = await runActivities(acts, { variables: { v: { type: 'String' } }, now: '2024-02-29T12:00:00Z', seed: 7 });
    const three = await runActivities(acts, { variables: { v: { type: 'String' } }, now: '2024-02-29T12:00:00Z', seed: 8 });
    assert.equal(one.pipelineRun['adfw:variables']!.v, two.pipelineRun['adfw:variables']!.v);
    assert.notEqual(one.pipelineRun['adfw:variables']!.v, three.pipelineRun['adfw:variables']!.v);
    assert.match(one.pipelineRun['adfw:variables']!.v as string, /^2024-02-29T12:00:00/);
    assert.equal(one.pipelineRun.runId, two.pipelineRun.runId);
    assert.equal(one.pipelineRun['adfw:now'], '2024-02-29T12:00:00Z');
    assert.equal(one.pipelineRun['adfw:seed'], 7);
  });
});

describe('mocks and activities that cannot run here', () => {
  test('without a mock: a failure that says how to provide one (never a silent success)', async () => {
    const r = await runActivities([act('Nb', 'DatabricksNotebook', { notebookPath: '/x' })]);
    assert.equal(r.pipelineRun.status, 'Failed');
    assert.match(r.activityRuns[0].error!.message, /cannot run on the local engine.*--mock Nb=output\.json.*--mock type:DatabricksNotebook=output\.json/);
  });
  test('mock by name, by type, per iteration, and a mocked failure', async () => {
    const r = await runActivities(
      [
        act('Nb', 'DatabricksNotebook', {}),
        act('Fn', 'AzureFunctionActivity', {}),
        act('Loop', 'ForEach', { items: ex('@range(0, 3)'), isSequential: true, activities: [act('Sp', 'SqlServerStoredProcedure', {})] }),
        act('Use', 'SetVariable', { variableName: 'v', value: ex("@string(activity('Nb').output.runOutput)") }, { Nb: 'Succeeded' }),
      ],
      {
        variables: { v: { type: 'String' } },
        mocks: [
          { activityName: 'Nb', output: { runOutput: 42 } },
          { activityType: 'AzureFunctionActivity', output: { Response: 'ok' } },
          { activityType: 'SqlServerStoredProcedure', output: {} },
          { activityName: 'Sp', iteration: 1, error: { errorCode: 'SqlFailed', message: 'deadlock' } },
        ],
      },
    );
    assert.equal(r.pipelineRun['adfw:variables']!.v, '42');
    assert.deepEqual(runsOf(r, 'Fn')[0].output, { Response: 'ok' });
    assert.deepEqual(runsOf(r, 'Sp').map((a) => a.status), ['Succeeded', 'Failed', 'Succeeded']);
    assert.equal(runsOf(r, 'Sp')[1].error!.errorCode, 'SqlFailed');
    assert.equal(statuses(r).Loop, 'Failed');
  });
});

describe('cancellation through ExecutePipeline and the event stream', () => {
  test('cancelling the parent cancels the child run it waits on', async () => {
    const f = await makeFactory({ pipelines: { parent: { activities: [act('Call', 'ExecutePipeline', { pipeline: { referenceName: 'child' }, waitOnCompletion: true })] }, child: { activities: [wait('Long', {}, 30)] } } });
    const ac = new AbortController();
    const finished: { name: string; status: string }[] = [];
    const r = await runPipeline({
      factory: f,
      pipelineName: 'parent',
      signal: ac.signal,
      onEvent: (e) => {
        if (e.type === 'activityStarted' && e.activityRun.activityName === 'Long') setTimeout(() => ac.abort(), 50);
        if (e.type === 'runFinished') finished.push({ name: e.run.pipelineName, status: e.run.status });
      },
    });
    assert.equal(r.pipelineRun.status, 'Cancelled');
    assert.equal(r.activityRuns[0].status, 'Cancelled');
    assert.deepEqual(finished.find((x) => x.name === 'child'), { name: 'child', status: 'Cancelled' });
  });
  test('events: runStarted first, one started/finished pair per activity, runFinished last with the records', async () => {
    const events: string[] = [];
    const r = await runActivities([wait('A'), wait('B', { A: 'Succeeded' }), wait('C', { A: 'Failed' })], { onEvent: (e) => events.push(e.type === 'activityStarted' || e.type === 'activityFinished' ? `${e.type}:${e.activityRun.activityName}` : e.type) });
    assert.deepEqual(events, ['runStarted', 'activityStarted:A', 'activityFinished:A', 'activityStarted:B', 'activityFinished:C', 'activityFinished:B', 'runFinished']);
    assert.equal(r.activityRuns.length, 3);
  });
});
