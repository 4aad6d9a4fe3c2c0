/** ForEach, If Condition, Switch, Until and Filter with ADF's inner-failure rules. */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { act, ex, wait, failAct, runActivities, statuses, runsOf, cleanup } from './helpers';

after(cleanup);

describe('ForEach', () => {
  test('sequential: items in order, item() inside, AppendVariable collects', async () => {
    const r = await runActivities(
      [act('Loop', 'ForEach', { items: ex('@pipeline().parameters.xs'), isSequential: true, activities: [act('Add', 'AppendVariable', { variableName: 'out', value: ex("@concat('v', string(item()))") })] })],
      { declare: { xs: { type: 'Array', defaultValue: [3, 1, 2] } }, variables: { out: { type: 'Array' } } },
    );
    assert.equal(r.pipelineRun.status, 'Succeeded');
    assert.deepEqual(r.pipelineRun['adfw:variables']!.out, ['v3', 'v1', 'v2']);
    const adds = runsOf(r, 'Add');
    assert.equal(adds.length, 3);
    assert.deepEqual(adds.map((a) => a['adfw:parents']), [['Loop'], ['Loop'], ['Loop']]);
    assert.deepEqual(adds.map((a) => a.iterationHash), ['Loop:0', 'Loop:1', 'Loop:2']);
  });
  test('parallel: at most batchCount iterations at once', async () => {
    const r = await runActivities([act('Loop', 'ForEach', { items: ex('@range(0, 6)'), batchCount: 2, activities: [wait('W', {}, 0.2)] })]);
    const ws = runsOf(r, 'W');
    let maxConcurrent = 0;
    for (const w of ws) {
      const t = Date.parse(w.activityRunStart);
      const concurrent = ws.filter((o) => Date.parse(o.activityRunStart) <= t && Date.parse(o.activityRunEnd!) > t).length;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
    }
    assert.equal(maxConcurrent, 2);
  });
  test('a large parallel loop runs each item exactly once', async () => {
    const r = await runActivities([act('Loop', 'ForEach', { items: ex('@range(0, 5000)'), batchCount: 50, activities: [act('Add', 'AppendVariable', { variableName: 'seen', value: ex('@item()') })] })], { variables: { seen: { type: 'Array' } } });
    const seen = r.pipelineRun['adfw:variables']!.seen as number[];
    assert.equal(seen.length, 5000);
    assert.deepEqual([...seen].sort((a, b) => a - b), Array.from({ length: 5000 }, (_, i) => i));
  });
  test('fails when an iteration fails, after running every iteration', async () => {
    const r = await runActivities([
      act('Loop', 'ForEach', {
        items: ex('@createArray(1, 2, 3)'),
        isSequential: true,
        activities: [act('Check', 'IfCondition', { expression: ex('@equals(item(), 2)'), ifTrueActivities: [failAct('Boom', {}, 'item two')] }), act('Count', 'AppendVariable', { variableName: 'seen', value: ex('@item()') })],
      }),
      wait('After', { Loop: 'Succeeded' }),
    ], { variables: { seen: { type: 'Array' } } });
    assert.equal(statuses(r).Loop, 'Failed');
    assert.equal(statuses(r).After, 'Skipped');
    assert.deepEqual(r.pipelineRun['adfw:variables']!.seen, [1, 2, 3], 'every iteration ran');
    const loop = runsOf(r, 'Loop')[0];
    assert.equal(loop.error!.errorCode, 'ActionFailed');
    assert.match(loop.error!.message, /^Activity failed because an inner activity failed; Inner activity name: Check, Error: .*item two/);
    assert.match(r.pipelineRun.message, /^Operation on target Loop failed: Activity failed because an inner activity failed/);
  });
  test('an iteration with a try-catch inside does not fail the ForEach', async () => {
    const r = await runActivities([act('Loop', 'ForEach', { items: ex('@createArray(1, 2)'), activities: [failAct('Try'), wait('Catch', { Try: 'Failed' })] })]);
    assert.equal(statuses(r).Loop, 'Succeeded');
  });
  test('items that are not an array fail with a clear message', async () => {
    const r = await runActivities([act('Loop', 'ForEach', { items: ex("@string('x')"), activities: [] })]);
    assert.deepEqual(runsOf(r, 'Loop')[0].error, { errorCode: 'InvalidTemplate', message: "The execution of template action 'Loop' failed: the result of the evaluation of 'foreach' expression '@string('x')' is of type 'String'. The result must be a valid array.", failureType: 'UserError', target: 'Loop' });
  });
});

describe('If Condition and Switch', () => {
  test('If runs the branch chosen by the expression; an inner failure fails it', async () => {
    const r = await runActivities([act('If', 'IfCondition', { expression: ex('@greater(pipeline().parameters.n, 5)'), ifTrueActivities: [wait('Big')], ifFalseActivities: [wait('Small')] })], { declare: { n: { type: 'Int' } }, parameters: { n: 7 } });
    assert.deepEqual(r.activityRuns.map((a) => a.activityName).sort(), ['Big', 'If']);
    const f = await runActivities([act('If', 'IfCondition', { expression: ex('@true'), ifTrueActivities: [failAct('Inner', {}, 'inner broke', 'X1')] })]);
    assert.equal(f.pipelineRun.status, 'Failed');
    assert.match(runsOf(f, 'If')[0].error!.message, /Inner activity name: Inner, Error: inner broke/);
  });
  test('If expression that is not boolean fails', async () => {
    const r = await runActivities([act('If', 'IfCondition', { expression: ex("@string('yes')"), ifTrueActivities: [] })]);
    assert.match(runsOf(r, 'If')[0].error!.message, /must evaluate to a boolean/);
  });
  test('Switch picks the matching case, else the default', async () => {
    const sw = (on: string) => [act('S', 'Switch', { on: ex(on), cases: [{ value: 'a', activities: [wait('CaseA')] }, { value: 'b', activities: [wait('CaseB')] }], defaultActivities: [wait('Default')] })];
    const a = await runActivities(sw("@string('b')"));
    assert.ok(runsOf(a, 'CaseB').length === 1 && runsOf(a, 'CaseA').length === 0);
    const d = await runActivities(sw("@string('zzz')"));
    assert.equal(runsOf(d, 'Default').length, 1);
  });
});

describe('Until and Filter', () => {
  test('Until repeats its activities until the expression is true', async () => {
    const r = await runActivities([act('U', 'Until', { expression: ex("@greaterOrEquals(length(variables('xs')), 3)"), timeout: '0.00:01:00', activities: [act('Add', 'AppendVariable', { variableName: 'xs', value: 1 })] })], { variables: { xs: { type: 'Array' } } });
    assert.equal(r.pipelineRun.status, 'Succeeded');
    assert.equal(runsOf(r, 'Add').length, 3);
  });
  test('Until fails at its timeout', async () => {
    const r = await runActivities([act('U', 'Until', { expression: ex('@false'), timeout: '0.00:00:01', activities: [wait('Tick', {}, 0.2)] })]);
    const u = runsOf(r, 'U')[0];
    assert.equal(u.status, 'Failed');
    assert.equal(u.error!.errorCode, 'ADF5022');
    assert.match(u.error!.message, /timed out after 0\.00:00:01/);
    assert.ok(u.durationInMs! < 3000);
  });
  test('Until does not stop when an inner activity fails; it loops on and then reports the failure', async () => {
    const r = await runActivities(
      [act('U', 'Until', { expression: ex("@greaterOrEquals(length(variables('xs')), 3)"), activities: [act('Add', 'AppendVariable', { variableName: 'xs', value: 1 }), act('FirstOnly', 'IfCondition', { expression: ex("@equals(length(variables('xs')), 1)"), ifTrueActivities: [failAct('Inner', {}, 'first pass broke')] }, { Add: 'Succeeded' })] })],
      { variables: { xs: { type: 'Array' } } },
    );
    assert.equal(runsOf(r, 'Add').length, 3, 'the loop went on after the failure');
    assert.equal(runsOf(r, 'Inner').length, 1);
    const u = runsOf(r, 'U')[0];
    assert.equal(u.status, 'Failed');
    assert.match(u.error!.message, /Inner activity name: FirstOnly, Error: .*first pass broke/);
  });
  test('Filter output: ItemsCount, FilteredItemsCount, Value', async () => {
    const r = await runActivities([act('F', 'Filter', { items: ex('@range(1, 6)'), condition: ex('@equals(mod(item(), 2), 0)') })]);
    assert.deepEqual(r.activityRuns[0].output, { ItemsCount: 6, FilteredItemsCount: 3, Value: [2, 4, 6] });
  });
});
