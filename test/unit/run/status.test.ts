/** ADF's conditional paths and pipeline status rules, on the pure functions and on real runs. */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { conditionMet, dependenciesMet, scopeOutcome, graphProblems } from '../../../src/engine/run/status';
import { act, wait, failAct, runActivities, statuses, cleanup } from './helpers';

after(cleanup);

describe('dependency conditions', () => {
  test('Succeeded, Failed, Skipped and Completed match ADF', () => {
    assert.equal(conditionMet(['Succeeded'], 'Succeeded'), true);
    assert.equal(conditionMet(['Succeeded'], 'Failed'), false);
    assert.equal(conditionMet(['Failed'], 'Failed'), true);
    assert.equal(conditionMet(['Failed'], 'Skipped'), false);
    assert.equal(conditionMet(['Skipped'], 'Skipped'), true);
    assert.equal(conditionMet(['Skipped'], 'Succeeded'), false);
    assert.equal(conditionMet(['Completed'], 'Succeeded'), true);
    assert.equal(conditionMet(['Completed'], 'Failed'), true);
    assert.equal(conditionMet(['Completed'], 'Skipped'), false, 'Completed means succeeded or failed, not skipped');
    assert.equal(conditionMet(undefined, 'Succeeded'), true, 'no condition means Succeeded');
  });
  test('several conditions on one dependency are OR; several dependencies are AND', () => {
    assert.equal(conditionMet(['Failed', 'Skipped'], 'Skipped'), true);
    assert.equal(conditionMet(['Failed', 'Skipped'], 'Succeeded'), false);
    const st: Record<string, 'Succeeded' | 'Failed'> = { A: 'Succeeded', B: 'Failed' };
    assert.equal(dependenciesMet([{ activity: 'A', dependencyConditions: ['Succeeded'] }, { activity: 'B', dependencyConditions: ['Failed'] }], (n) => st[n]), true);
    assert.equal(dependenciesMet([{ activity: 'A', dependencyConditions: ['Succeeded'] }, { activity: 'B', dependencyConditions: ['Succeeded'] }], (n) => st[n]), false);
  });
  test('graph problems: unknown dependency, cycle, duplicate name, bad condition', () => {
    assert.match(graphProblems([{ name: 'A', dependsOn: [{ activity: 'Nope' }] }], 'P').join(), /depends on 'Nope'/);
    assert.match(graphProblems([{ name: 'A', dependsOn: [{ activity: 'B' }] }, { name: 'B', dependsOn: [{ activity: 'A' }] }], 'P').join(), /cycle A -> B -> A|cycle B -> A -> B/);
    assert.match(graphProblems([{ name: 'A' }, { name: 'A' }], 'P').join(), /two activities are named 'A'/);
    assert.match(graphProblems([{ name: 'A' }, { name: 'B', dependsOn: [{ activity: 'A', dependencyConditions: ['Done'] }] }], 'P').join(), /condition 'Done'/);
  });
  test('leaf rule on the pure function: a skipped leaf defers to its parent', () => {
    const nodes = [{ name: 'A' }, { name: 'B', dependsOn: [{ activity: 'A', dependencyConditions: ['Succeeded'] }] }];
    assert.equal(scopeOutcome(nodes, new Map([['A', 'Failed'], ['B', 'Skipped']])).status, 'Failed');
    assert.deepEqual(scopeOutcome(nodes, new Map([['A', 'Failed'], ['B', 'Skipped']])).failed, ['A']);
    assert.equal(scopeOutcome(nodes, new Map([['A', 'Succeeded'], ['B', 'Skipped']])).status, 'Succeeded');
    assert.equal(scopeOutcome(nodes, new Map([['A', 'Succeeded'], ['B', undefined]])).status, 'Cancelled');
  });
});

describe('conditional paths in real runs', () => {
  test('Upon Success runs after success; Upon Failure is skipped', async () => {
    const r = await runActivities([wait('A'), wait('OnOk', { A: 'Succeeded' }), wait('OnFail', { A: 'Failed' })]);
    assert.deepEqual(statuses(r), { A: 'Succeeded', OnOk: 'Succeeded', OnFail: 'Skipped' });
  });
  test('Upon Failure runs after a failure', async () => {
    const r = await runActivities([failAct('A'), wait('OnFail', { A: 'Failed' }), wait('OnOk', { A: 'Succeeded' })]);
    assert.equal(statuses(r).OnFail, 'Succeeded');
    assert.equal(statuses(r).OnOk, 'Skipped');
  });
  test('Upon Completion runs after success and after failure, not after a skip', async () => {
    const ok = await runActivities([wait('A'), wait('Done', { A: 'Completed' })]);
    assert.equal(statuses(ok).Done, 'Succeeded');
    const bad = await runActivities([failAct('A'), wait('Done', { A: 'Completed' })]);
    assert.equal(statuses(bad).Done, 'Succeeded');
    const skipped = await runActivities([failAct('A'), wait('B', { A: 'Succeeded' }), wait('Done', { B: 'Completed' })]);
    assert.deepEqual(statuses(skipped), { A: 'Failed', B: 'Skipped', Done: 'Skipped' });
  });
  test('Upon Skip runs when the predecessor was skipped, and skips propagate down a chain', async () => {
    const r = await runActivities([failAct('A'), wait('B', { A: 'Succeeded' }), wait('C', { B: 'Succeeded' }), wait('D', { C: 'Skipped' })]);
    assert.deepEqual(statuses(r), { A: 'Failed', B: 'Skipped', C: 'Skipped', D: 'Succeeded' });
  });
  test('two dependencies must both be met (AND)', async () => {
    const r = await runActivities([wait('A'), failAct('B'), wait('Both', { A: 'Succeeded', B: 'Succeeded' }), wait('Mixed', { A: 'Succeeded', B: 'Failed' })]);
    assert.equal(statuses(r).Both, 'Skipped');
    assert.equal(statuses(r).Mixed, 'Succeeded');
  });
  test('independent branches run concurrently', async () => {
    const t0 = Date.now();
    const r = await runActivities([wait('A', {}, 1), wait('B', {}, 1)]);
    assert.equal(r.pipelineRun.status, 'Succeeded');
    const [a, b] = r.activityRuns;
    assert.ok(Date.parse(b.activityRunStart) < Date.parse(a.activityRunEnd!), 'B started before A ended');
    assert.ok(Date.now() - t0 < 1900);
  });
});

describe('failure-handling patterns ("Pipeline failure and error handling")', () => {
  // Try-Catch: only an Upon Failure path.
  const tryCatch = (a: ReturnType<typeof act>) => [a, wait('Catch', { A: 'Failed' })];
  // Do-If-Else: Upon Success and Upon Failure paths.
  const doIfElse = (a: ReturnType<typeof act>) => [a, wait('OnSuccess', { A: 'Succeeded' }), wait('OnFailure', { A: 'Failed' })];
  // Do-If-Skip-Else: as Do-If-Else, with a dummy Upon Skipped activity after the success path.
  const doIfSkipElse = (a: ReturnType<typeof act>) => [...doIfElse(a), wait('Dummy', { OnSuccess: 'Skipped' })];
  // Generic error handling: a chain, and a handler on the last activity with Upon Failure + Upon Skip.
  const generic = (a: ReturnType<typeof act>) => [a, wait('B', { A: 'Succeeded' }), wait('C', { B: 'Succeeded' }), wait('Handler', { C: ['Failed', 'Skipped'] })];

  const cases: [string, (a: ReturnType<typeof act>) => ReturnType<typeof act>[], string, string][] = [
    ['Try-Catch', tryCatch, 'Succeeded', 'Succeeded'],
    ['Do-If-Else', doIfElse, 'Succeeded', 'Failed'],
    ['Do-If-Skip-Else', doIfSkipElse, 'Succeeded', 'Succeeded'],
    ['Generic error handling', generic, 'Succeeded', 'Succeeded'],
  ];
  for (const [name, build, whenOk, whenFails] of cases) {
    test(`${name}: pipeline ${whenOk} when the activity succeeds, ${whenFails} when it fails`, async () => {
      const ok = await runActivities(build(wait('A')));
      assert.equal(ok.pipelineRun.status, whenOk);
      const bad = await runActivities(build(failAct('A')));
      assert.equal(bad.pipelineRun.status, whenFails);
      if (whenFails === 'Failed') assert.equal(bad.pipelineRun.message, 'Operation on target A failed: A failed on purpose');
    });
  }
  test('a failure in the middle of a plain chain fails the pipeline through the skipped leaf', async () => {
    const r = await runActivities([wait('A'), failAct('B', { A: 'Succeeded' }), wait('C', { B: 'Succeeded' })]);
    assert.equal(r.pipelineRun.status, 'Failed');
    assert.match(r.pipelineRun.message, /target B failed/);
  });
  test('Fail activity: errorCode and message as given (expressions evaluated)', async () => {
    const r = await runActivities([act('F', 'Fail', { message: { value: "@concat('bad ', pipeline().parameters.x)", type: 'Expression' }, errorCode: '4711' })], { declare: { x: { type: 'String', defaultValue: 'input' } } });
    const f = r.activityRuns[0];
    assert.deepEqual(f.error, { errorCode: '4711', message: 'bad input', failureType: 'UserError', target: 'F' });
    assert.equal(r.pipelineRun.message, 'Operation on target F failed: bad input');
  });
  test('state Inactive with onInactiveMarkAs Succeeded / Failed / Skipped', async () => {
    const r = await runActivities([
      act('S', 'Fail', { message: 'x', errorCode: '1' }, {}, { state: 'Inactive', onInactiveMarkAs: 'Succeeded' }),
      wait('AfterS', { S: 'Succeeded' }),
      act('K', 'Wait', { waitTimeInSeconds: 0 }, {}, { state: 'Inactive', onInactiveMarkAs: 'Skipped' }),
      wait('AfterK', { K: 'Skipped' }),
    ]);
    assert.deepEqual(statuses(r), { S: 'Inactive', AfterS: 'Succeeded', K: 'Inactive', AfterK: 'Succeeded' });
    assert.equal(r.pipelineRun.status, 'Succeeded');
    const f = await runActivities([act('X', 'Wait', { waitTimeInSeconds: 0 }, {}, { state: 'Inactive', onInactiveMarkAs: 'Failed' }), wait('Y', { X: 'Failed' })]);
    assert.equal(statuses(f).X, 'Inactive');
    assert.equal(f.activityRuns.find((a) => a.activityName === 'X')!['adfw:markedAs'], 'Failed');
    assert.equal(statuses(f).Y, 'Succeeded');
    assert.equal(f.pipelineRun.status, 'Succeeded', 'try-catch over an inactive activity marked Failed');
  });
});
