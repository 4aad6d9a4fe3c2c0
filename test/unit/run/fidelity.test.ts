/**
 * Behaviours taken from ADF's documentation pages, one test each; the page is named in the describe/test title.
 * Each test fails if the engine departs from what the page says.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { act, ex, wait, failAct, runActivities, statuses, runsOf, listenOnLoopback, stopServerAndCleanup } from './helpers';

let server: http.Server;
let base: string;
before(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url === '/big') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ blob: 'x'.repeat(4 * 1024 * 1024 + 10) }));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ method: req.method }));
    });
  });
  base = await listenOnLoopback(server);
});
after(() => stopServerAndCleanup(server));

describe('"Execute a Fail activity": the error code table', () => {
  const failWith = async (typeProperties: Record<string, unknown>) => {
    const r = await runActivities([act('MyFail', 'Fail', typeProperties)]);
    assert.equal(r.pipelineRun.status, 'Failed');
    const a = r.activityRuns[0];
    assert.equal(a.status, 'Failed');
    return a.error!;
  };
  test('message and errorCode interpreted: the user values', async () => {
    const e = await failWith({ message: ex("@concat('custom ', 'message')"), errorCode: ex("@string(500)") });
    assert.deepEqual(e, { errorCode: '500', message: 'custom message', failureType: 'UserError', target: 'MyFail' });
  });
  test('message resolves to null, empty or blank: "Failed to interpret <name> fail message or error code" and the user code', async () => {
    for (const message of [ex('@null'), '', '   ']) {
      const e = await failWith({ message, errorCode: 'E1' });
      assert.equal(e.message, 'Failed to interpret MyFail fail message or error code');
      assert.equal(e.errorCode, 'E1');
    }
  });
  test('message that is not a string: "<name> fail message parameter couldn\'t be interpreted as a string"', async () => {
    const e = await failWith({ message: ex("@createArray('a')"), errorCode: 'E2' });
    assert.equal(e.message, "MyFail fail message parameter couldn't be interpreted as a string");
    assert.equal(e.errorCode, 'E2');
  });
  test('errorCode null, blank or not a string: the user message and ErrorCodeNotString', async () => {
    for (const errorCode of [ex('@null'), '  ', ex("@json('{}')")]) {
      const e = await failWith({ message: 'my message', errorCode });
      assert.equal(e.message, 'my message');
      assert.equal(e.errorCode, 'ErrorCodeNotString');
    }
  });
  test('neither can be interpreted: "Failed to interpret ..." and ErrorCodeNotString', async () => {
    const e = await failWith({ message: ex("@createArray('a')"), errorCode: ex("@json('{}')") });
    assert.equal(e.message, 'Failed to interpret MyFail fail message or error code');
    assert.equal(e.errorCode, 'ErrorCodeNotString');
  });
  test('message missing: "Fail message wasn\'t provided"; errorCode missing: ErrorCodeNotString', async () => {
    const m = await failWith({ errorCode: 'E3' });
    assert.equal(m.message, "Fail message wasn't provided");
    assert.equal(m.errorCode, 'E3');
    const c = await failWith({ message: 'only a message' });
    assert.equal(c.message, 'only a message');
    assert.equal(c.errorCode, 'ErrorCodeNotString');
  });
  test('a literal that is not string-able: "Invalid value for property ..."', async () => {
    const e = await failWith({ message: { not: 'text' }, errorCode: 'E4' });
    assert.match(e.message, /^Invalid value for property 'message'/);
  });
  test('the Fail activity fails its container; the pipeline message wraps it once per level', async () => {
    const r = await runActivities([act('Loop', 'ForEach', { items: ex('@createArray(1)'), activities: [failAct('Inner', {}, 'inner says no', 'X9')] })]);
    const loop = runsOf(r, 'Loop')[0];
    assert.deepEqual(loop.error, { errorCode: 'ActionFailed', message: 'Activity failed because an inner activity failed; Inner activity name: Inner, Error: inner says no', failureType: 'UserError', target: 'Loop' });
    assert.equal(r.pipelineRun.message, 'Operation on target Loop failed: Activity failed because an inner activity failed; Inner activity name: Inner, Error: inner says no');
    assert.equal(runsOf(r, 'Inner')[0].error!.errorCode, 'X9');
  });
});

describe('"Deactivate an activity"', () => {
  test('the activity does not run: a placeholder record with the reserved status Inactive, no error, no output', async () => {
    const r = await runActivities([act('Off', 'Fail', { message: 'must not run', errorCode: 'E' }, {}, { state: 'Inactive', onInactiveMarkAs: 'Failed' }), wait('OnFail', { Off: 'Failed' })]);
    const off = runsOf(r, 'Off')[0];
    assert.equal(off.status, 'Inactive');
    assert.equal(off['adfw:markedAs'], 'Failed');
    assert.equal(off.error, null);
    assert.equal(off.output, null);
    assert.equal(statuses(r).OnFail, 'Succeeded', 'marked Failed: the Upon Failure branch runs');
  });
  test('branching follows "Mark activity as": Succeeded → Upon Success and Upon Completion; Skipped → Upon Skip', async () => {
    const ok = await runActivities([act('Off', 'Wait', { waitTimeInSeconds: 0 }, {}, { state: 'Inactive' }), wait('OnOk', { Off: 'Succeeded' }), wait('OnDone', { Off: 'Completed' }), wait('OnSkip', { Off: 'Skipped' })]);
    assert.deepEqual(statuses(ok), { Off: 'Inactive', OnOk: 'Succeeded', OnDone: 'Succeeded', OnSkip: 'Skipped' });
    assert.equal(runsOf(ok, 'Off')[0]['adfw:markedAs'], 'Succeeded', 'Succeeded is the default');
    const sk = await runActivities([act('Off', 'Wait', { waitTimeInSeconds: 0 }, {}, { state: 'Inactive', onInactiveMarkAs: 'Skipped' }), wait('OnOk', { Off: 'Succeeded' }), wait('OnDone', { Off: 'Completed' }), wait('OnSkip', { Off: 'Skipped' })]);
    assert.deepEqual(statuses(sk), { Off: 'Inactive', OnOk: 'Skipped', OnDone: 'Skipped', OnSkip: 'Succeeded' });
  });
  test('an inactive leaf marked Failed fails the pipeline with a message naming it', async () => {
    const r = await runActivities([act('Off', 'Wait', { waitTimeInSeconds: 0 }, {}, { state: 'Inactive', onInactiveMarkAs: 'Failed' })]);
    assert.equal(r.pipelineRun.status, 'Failed');
    assert.match(r.pipelineRun.message, /^Operation on target Off failed: /);
  });
  test('an inactive activity is not evaluated: a broken expression in it does not matter', async () => {
    const r = await runActivities([act('Off', 'SetVariable', { variableName: 'nope', value: ex('@undefinedFunction(') }, {}, { state: 'Inactive' })]);
    assert.equal(r.pipelineRun.status, 'Succeeded');
  });
});

describe('"Pipeline failure and error handling": conditional execution patterns', () => {
  test('Try-Catch-Proceed: the next activity runs whether the first succeeds or fails', async () => {
    // First; Handler on its Upon Failure; Next after Handler succeeded (it handled the error) or was skipped (nothing to handle).
    const build = (first: ReturnType<typeof act>) => [first, wait('Handler', { First: 'Failed' }), wait('Next', { Handler: ['Succeeded', 'Skipped'] })];
    const ok = await runActivities(build(wait('First')));
    assert.deepEqual(statuses(ok), { First: 'Succeeded', Handler: 'Skipped', Next: 'Succeeded' });
    assert.equal(ok.pipelineRun.status, 'Succeeded');
    const bad = await runActivities(build(failAct('First')));
    assert.deepEqual(statuses(bad), { First: 'Failed', Handler: 'Succeeded', Next: 'Succeeded' });
    assert.equal(bad.pipelineRun.status, 'Succeeded');
  });
  test('Generic error handling: the handler runs only when one of the sequential activities failed', async () => {
    const build = (middle: ReturnType<typeof act>) => [wait('A'), middle, wait('C', { B: 'Succeeded' }), wait('Handler', { C: ['Failed', 'Skipped'] })];
    const ok = await runActivities(build(wait('B', { A: 'Succeeded' })));
    assert.equal(statuses(ok).Handler, 'Skipped');
    const bad = await runActivities(build(failAct('B', { A: 'Succeeded' })));
    assert.deepEqual(statuses(bad), { A: 'Succeeded', B: 'Failed', C: 'Skipped', Handler: 'Succeeded' });
  });
  test('Or: a shared error step behind Upon Completion reads activity().Status ("Succeeded" or "Failed")', async () => {
    const r = await runActivities([
      failAct('ActivityFailed'),
      wait('ActivitySucceeded'),
      act('AnyFailed', 'IfCondition', { expression: ex("@or(equals(activity('ActivityFailed').Status, 'Failed'), equals(activity('ActivitySucceeded').Status, 'Failed'))"), ifTrueActivities: [act('Log', 'SetVariable', { variableName: 'v', value: ex("@activity('ActivitySucceeded').Status") })] }, { ActivityFailed: 'Completed', ActivitySucceeded: 'Completed' }),
    ], { variables: { v: { type: 'String' } } });
    assert.equal(statuses(r).AnyFailed, 'Succeeded');
    assert.equal(r.pipelineRun['adfw:variables']!.v, 'Succeeded');
    assert.equal(r.pipelineRun.status, 'Succeeded', 'both leaves (the If) succeeded');
  });
});

describe('"ForEach activity"', () => {
  test('isSequential written as the string "true" (as in the page\'s examples) runs one iteration at a time', async () => {
    const r = await runActivities([act('Loop', 'ForEach', { isSequential: 'true', items: ex('@createArray(1, 2, 3)'), activities: [wait('W', {}, 0.05)] })]);
    assert.equal((runsOf(r, 'Loop')[0].input as { isSequential: boolean }).isSequential, true);
    const ws = runsOf(r, 'W').sort((a, b) => a.activityRunStart.localeCompare(b.activityRunStart));
    for (let i = 1; i < ws.length; i++) assert.ok(ws[i].activityRunStart >= ws[i - 1].activityRunEnd!, 'iterations do not overlap');
  });
});

describe('"Web activity"', () => {
  test('httpRequestTimeout above the 00:10:00 maximum fails', async () => {
    const r = await runActivities([act('W', 'WebActivity', { url: `${base}/ok`, method: 'GET', httpRequestTimeout: '00:10:01' })]);
    assert.match(r.activityRuns[0].error!.message, /maximum of 00:10:00/);
  });
  test('body is required for PATCH as for POST and PUT', async () => {
    const r = await runActivities([act('W', 'WebActivity', { url: `${base}/ok`, method: 'PATCH' })]);
    assert.match(r.activityRuns[0].error!.message, /method PATCH needs a body/);
  });
  test('a response above 4 MB fails (the maximum output payload)', async () => {
    const r = await runActivities([act('W', 'WebActivity', { url: `${base}/big`, method: 'GET' })]);
    assert.equal(r.activityRuns[0].status, 'Failed');
    assert.match(r.activityRuns[0].error!.message, /above the 4 MB/);
  });
});

describe('"Set Pipeline Return Value"', () => {
  test('Object values are lists of typed key/value pairs; Expression values may interpolate; Null is null', async () => {
    const { makeFactory } = await import('./helpers');
    const { runPipeline } = await import('../../../src/engine/run');
    const f = await makeFactory({
      pipelines: {
        parent: { activities: [act('Call', 'ExecutePipeline', { pipeline: { referenceName: 'child', type: 'PipelineReference' }, waitOnCompletion: true }), act('Use', 'SetVariable', { variableName: 'v', value: ex("@activity('Call').output.pipelineReturnValue.obj.inner") }, { Call: 'Succeeded' })], variables: { v: { type: 'String' } } },
        child: {
          activities: [
            act('Ret', 'SetVariable', {
              variableName: 'pipelineReturnValue',
              setSystemVariable: true,
              value: [
                { key: 'obj', value: { type: 'Object', content: [{ key: 'inner', value: { type: 'String', content: 'hello world' } }, { key: 'n', value: { type: 'Int', content: 42 } }] } },
                { key: 'text', value: { type: 'Expression', content: 'The pipeline is @{pipeline().Pipeline}' } },
                { key: 'nothing', value: { type: 'Null' } },
                { key: 'list', value: { type: 'Array', content: ['a', 'b'] } },
              ],
            }),
          ],
        },
      },
    });
    const r = await runPipeline({ factory: f, pipelineName: 'parent' });
    assert.equal(r.pipelineRun.status, 'Succeeded', r.pipelineRun.message);
    const call = runsOf(r, 'Call')[0];
    assert.deepEqual((call.output as { pipelineReturnValue: unknown }).pipelineReturnValue, { obj: { inner: 'hello world', n: 42 }, text: 'The pipeline is child', nothing: null, list: ['a', 'b'] });
    assert.equal(r.pipelineRun['adfw:variables']!.v, 'hello world');
  });
});

describe('"Validation activity"', () => {
  test('the default timeout is 12 hours (0.12:00:00)', async () => {
    const { DEFAULT_VALIDATION_TIMEOUT } = await import('../../../src/engine/run/activities/data');
    const { parseTimeSpan } = await import('../../../src/engine/run/timespan');
    assert.equal(parseTimeSpan(DEFAULT_VALIDATION_TIMEOUT, 'timeout'), 12 * 3600_000);
  });
});

describe('"Switch activity"', () => {
  test('the switch value may be given as "expression" (the page\'s JSON) as well as "on" (the REST API)', async () => {
    const r = await runActivities([act('S', 'Switch', { expression: ex("@concat('b', '')"), cases: [{ value: 'a', activities: [wait('CaseA')] }, { value: 'b', activities: [wait('CaseB')] }], defaultActivities: [wait('Default')] })]);
    assert.deepEqual(runsOf(r, 'CaseB').map((a) => a.status), ['Succeeded']);
    assert.equal(runsOf(r, 'Default').length, 0);
  });
});

describe('"Webhook activity"', () => {
  let hookServer: http.Server;
  let hookBase: string;
  before(async () => {
    hookServer = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const { callBackUri } = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
        res.writeHead(202).end();
        const payload = req.url === '/ok' ? { Output: { testProp: 'testPropValue' }, StatusCode: '200' } : { Output: { partial: true }, Error: { ErrorCode: 'testErrorCode', Message: 'error message to show in activity error' }, StatusCode: '403' };
        setTimeout(() => void fetch(callBackUri, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) }), 20);
      });
    });
    await new Promise<void>((r) => hookServer.listen(0, '127.0.0.1', r));
    hookBase = `http://127.0.0.1:${(hookServer.address() as { port: number }).port}`;
  });
  after(() => {
    hookServer.closeAllConnections();
    hookServer.close();
  });
  test('with reportStatusOnCallBack, the callback\'s Output is the activity output; StatusCode "403" fails it with the callback\'s Error', async () => {
    const ok = await runActivities([act('Hook', 'WebHook', { url: `${hookBase}/ok`, method: 'POST', headers: { 'Content-Type': 'application/json' }, body: { job: 1 }, timeout: '00:00:10', reportStatusOnCallBack: true })]);
    assert.equal(ok.pipelineRun.status, 'Succeeded', ok.pipelineRun.message);
    assert.deepEqual(ok.activityRuns[0].output, { testProp: 'testPropValue' });
    const bad = await runActivities([act('Hook', 'WebHook', { url: `${hookBase}/bad`, method: 'POST', headers: { 'Content-Type': 'application/json' }, body: { job: 1 }, timeout: '00:00:10', reportStatusOnCallBack: true })]);
    const a = bad.activityRuns[0];
    assert.equal(a.status, 'Failed');
    assert.deepEqual([a.error!.errorCode, a.error!.message], ['testErrorCode', 'error message to show in activity error']);
    assert.deepEqual(a.output, { partial: true });
  });
  test('POST is the only supported method', async () => {
    const r = await runActivities([act('Hook', 'WebHook', { url: `${hookBase}/ok`, method: 'GET', body: {}, timeout: '00:00:05' })]);
    assert.match(r.activityRuns[0].error!.message, /method must be POST/);
  });
});

describe('"Filter activity"', () => {
  test('items that are not an array fail with ADF\'s template message', async () => {
    const r = await runActivities([act('F', 'Filter', { items: ex("@string('x')"), condition: ex('@true') })]);
    assert.match(r.activityRuns[0].error!.message, /^The execution of template action 'F' failed: the result of the evaluation of 'filter' expression '@string\('x'\)' is of type 'String'\. The result must be a valid array\.$/);
  });
});

describe('"Activity policy" and limits', () => {
  test('a policy timeout below the 10-minute minimum applies locally, with one warning per activity', async () => {
    const logs: string[] = [];
    const r = await runActivities([act('Loop', 'ForEach', { items: ex('@createArray(1, 2, 3)'), activities: [act('Short', 'Wait', { waitTimeInSeconds: 5 }, {}, { policy: { timeout: '00:00:01' } })] })], { onEvent: (e) => e.type === 'log' && logs.push(e.message) });
    assert.equal(r.pipelineRun.status, 'Failed');
    assert.equal(runsOf(r, 'Short')[0].error!.errorCode, 'ADF5021');
    assert.equal(logs.filter((l) => /below ADF's minimum of 10 minutes/.test(l)).length, 1);
  });
  test('retry: one record per attempt, retryAttempt numbered from 1 after the first; an interval outside 30..86400 s warns', async () => {
    const logs: string[] = [];
    const r = await runActivities([act('F', 'Fail', { message: 'always', errorCode: 'E' }, {}, { policy: { retry: 2, retryIntervalInSeconds: 0 } })], { onEvent: (e) => e.type === 'log' && logs.push(e.message) });
    assert.deepEqual(runsOf(r, 'F').map((a) => [a.status, a.retryAttempt]), [['Failed', null], ['Failed', 1], ['Failed', 2]]);
    assert.equal(logs.filter((l) => /outside ADF's range of 30 to 86400 seconds/.test(l)).length, 1);
  });
  test('Until: a timeout above 90 days fails', async () => {
    const r = await runActivities([act('U', 'Until', { expression: ex('@true'), timeout: '91.00:00:00', activities: [wait('W')] })]);
    assert.match(r.activityRuns[0].error!.message, /maximum of 90 days/);
  });
  test('ExecutePipeline without waitOnCompletion says so in the log', async () => {
    const { makeFactory } = await import('./helpers');
    const { runPipeline } = await import('../../../src/engine/run');
    const f = await makeFactory({ pipelines: { p: { activities: [act('Call', 'ExecutePipeline', { pipeline: { referenceName: 'c', type: 'PipelineReference' } })] }, c: { activities: [wait('W')] } } });
    const logs: string[] = [];
    const r = await runPipeline({ factory: f, pipelineName: 'p', onEvent: (e) => e.type === 'log' && logs.push(e.message) });
    assert.equal(r.pipelineRun.status, 'Succeeded');
    assert.ok(logs.some((l) => /does not set waitOnCompletion/.test(l)));
  });
});

describe('"ForEach activity" limits', () => {
  test('batchCount above 50 fails (no silent clamp); more than 100,000 items fails', async () => {
    const big = await runActivities([act('Loop', 'ForEach', { items: ex('@createArray(1)'), batchCount: 51, activities: [wait('W')] })]);
    assert.match(big.activityRuns[0].error!.message, /batchCount must be a positive integer up to 50, got 51/);
    const many = await runActivities([act('Loop', 'ForEach', { items: ex('@pipeline().parameters.items'), activities: [wait('W')] })], { declare: { items: { type: 'Array' } }, parameters: { items: Array.from({ length: 100_001 }, (_, i) => i) } });
    assert.match(many.activityRuns[0].error!.message, /100001 items is above ADF's maximum of 100000/);
    assert.equal(runsOf(many, 'W').length, 0);
  });
});

describe('ADF error codes of the Web activity (troubleshooting guide, "Common")', () => {
  test('an error status is 2108 "Error calling the endpoint ..."; no response is 2128 "No response from the endpoint ..."', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as { port: number }).port;
    await new Promise((r) => closed.close(r));
    const missing = http.createServer((_req, res) => res.writeHead(404).end('gone'));
    await new Promise<void>((r) => missing.listen(0, '127.0.0.1', r));
    const url404 = `http://127.0.0.1:${(missing.address() as { port: number }).port}/x`;
    try {
      const r = await runActivities([act('NotFound', 'WebActivity', { url: url404, method: 'GET' }), act('Refused', 'WebActivity', { url: `http://127.0.0.1:${port}/`, method: 'GET' })]);
      const nf = runsOf(r, 'NotFound')[0].error!;
      assert.equal(nf.errorCode, '2108');
      assert.match(nf.message, new RegExp(`^Error calling the endpoint '${url404}'\\. Response status code: '404 Not Found'`));
      const rf = runsOf(r, 'Refused')[0].error!;
      assert.equal(rf.errorCode, '2128');
      assert.match(rf.message, /^No response from the endpoint\. Possible causes: network connectivity, DNS failure, server certificate validation or timeout\. .*ECONNREFUSED/);
    } finally {
      missing.close();
    }
  });
});

describe('"Lookup activity"', () => {
  test('the longest a Lookup runs before it times out is 24 hours, whatever the policy', async () => {
    const { effectiveTimeoutMs } = await import('../../../src/engine/run/activityPolicy');
    assert.equal(effectiveTimeoutMs('Lookup', 7 * 24 * 3600_000), 24 * 3600_000);
    assert.equal(effectiveTimeoutMs('Lookup', 600_000), 600_000);
    assert.equal(effectiveTimeoutMs('Copy', 7 * 24 * 3600_000), 7 * 24 * 3600_000);
  });
});

describe('"Filter activity": the page\'s example pipeline', () => {
  test('type "filter", condition @greater(item(),3), ForEach over output.value with isSequential "false" and batchCount 1', async () => {
    const r = await runActivities(
      [
        { name: 'MyFilterActivity', type: 'filter', typeProperties: { condition: '@greater(item(),3)', items: '@pipeline().parameters.inputs' } },
        {
          name: 'MyForEach',
          type: 'ForEach',
          dependsOn: [{ activity: 'MyFilterActivity', dependencyConditions: ['Succeeded'] }],
          userProperties: [],
          typeProperties: {
            items: { value: "@activity('MyFilterActivity').output.value", type: 'Expression' },
            isSequential: 'false',
            batchCount: 1,
            activities: [{ name: 'Set Variable1', type: 'SetVariable', dependsOn: [], userProperties: [], typeProperties: { variableName: 'test', value: { value: '@string(item())', type: 'Expression' } } }],
          },
        },
      ],
      { declare: { inputs: { type: 'Array', defaultValue: [1, 2, 3, 4, 5, 6] } }, variables: { test: { type: 'String' } } },
    );
    assert.equal(r.pipelineRun.status, 'Succeeded', r.pipelineRun.message);
    assert.deepEqual(runsOf(r, 'MyFilterActivity')[0].output, { ItemsCount: 6, FilteredItemsCount: 3, Value: [4, 5, 6] });
    assert.deepEqual(runsOf(r, 'Set Variable1').map((a) => (a.output as { value: string }).value), ['4', '5', '6']);
    assert.equal(r.pipelineRun['adfw:variables']!.test, '6');
  });
});

describe('"Web activity": request payload schema', () => {
  test('datasets and linkedServices of the activity reach the endpoint inside the body, resolved', async () => {
    let received: any;
    const echo = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ got: received }));
      });
    });
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(echo.address() as { port: number }).port}/execute`;
    try {
      const { makeFactory } = await import('./helpers');
      const { runPipeline } = await import('../../../src/engine/run');
      const f = await makeFactory({
        linkedServices: { SqlLinkedService: { type: 'AzureSqlDatabase', typeProperties: { connectionString: 'Server=tcp:example;Database=db' } } },
        datasets: { MySQLDataset: { type: 'AzureSqlTable', linkedServiceName: { referenceName: 'SqlLinkedService', type: 'LinkedServiceReference' }, parameters: { SqlTableName: { type: 'String' } }, typeProperties: { tableName: { value: '@dataset().SqlTableName', type: 'Expression' } } } },
        pipelines: {
          p: {
            parameters: { sqlTableName: { type: 'String', defaultValue: 'department' } },
            activities: [
              act('MyWebActivity', 'WebActivity', {
                method: 'Post',
                url,
                headers: { 'Content-Type': 'application/json' },
                body: { myMessage: 'Sample' },
                datasets: [{ referenceName: 'MySQLDataset', type: 'DatasetReference', parameters: { SqlTableName: '@pipeline().parameters.sqlTableName' } }],
                linkedServices: [{ referenceName: 'SqlLinkedService', type: 'LinkedServiceReference' }],
              }),
            ],
          },
        },
      });
      const r = await runPipeline({ factory: f, pipelineName: 'p' });
      assert.equal(r.pipelineRun.status, 'Succeeded', r.pipelineRun.message);
      const got = (r.activityRuns[0].output as { got: any }).got;
      assert.equal(got.myMessage, 'Sample');
      assert.equal(got.datasets[0].name, 'MySQLDataset');
      assert.equal(got.datasets[0].properties.typeProperties.tableName, 'department');
      assert.equal(got.linkedServices[0].name, 'SqlLinkedService');
      assert.equal(received.linkedServices[0].properties.typeProperties.connectionString, 'Server=tcp:example;Database=db', 'the endpoint gets the real value');
      assert.equal(got.linkedServices[0].properties.typeProperties.connectionString, '***', 'records mask it');
      assert.doesNotMatch(JSON.stringify(r.activityRuns[0].input), /tcp:example/);
    } finally {
      echo.close();
    }
  });
});
