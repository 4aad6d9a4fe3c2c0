/** One dependency-condition table: the run engine and the validator accept and refuse the same spellings. */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { conditionMet, dependencyCondition, dependencyConditionHint, DEPENDENCY_CONDITIONS, findResource, pipelineActivities } from '../../../src/engine/model';
import { graphProblems } from '../../../src/engine/run/status';
import { checkDependsOn } from '../../../src/engine/validate/activities';
import type { Diagnostic } from '../../../src/engine/diagnostics';
import { makeFactory, cleanup, wait, runActivities } from '../run/helpers';
import { RunSetupError } from '../../../src/engine/run/errors';

after(cleanup);

test('the table: Completed is Succeeded or Failed, never Skipped', () => {
  assert.deepEqual(DEPENDENCY_CONDITIONS, ['Succeeded', 'Failed', 'Skipped', 'Completed']);
  assert.equal(conditionMet(['Completed'], 'Skipped'), false);
  assert.equal(conditionMet(['Completed'], 'Failed'), true);
  assert.equal(dependencyCondition('Skipped'), 'Skipped');
  assert.equal(dependencyCondition('skipped'), undefined);
  assert.equal(dependencyConditionHint('skipped'), 'Skipped');
  assert.equal(dependencyConditionHint('Succeded'), 'Succeeded');
  assert.equal(dependencyConditionHint('Whatever'), undefined);
});

test('validator and run engine refuse the same spelling with the same hint', async () => {
  for (const [cond, ok] of [['Succeeded', true], ['succeeded', false], ['Done', false]] as const) {
    const acts = [wait('A'), wait('B', { A: cond })];
    const factory = await makeFactory({ pipelines: { p: { activities: acts } } });
    const pipe = findResource(factory, 'pipeline', 'p')!;
    const diags: Diagnostic[] = [];
    checkDependsOn(pipe, pipelineActivities(pipe), (d) => diags.push(d));
    const problems = graphProblems(acts as never, 'P');
    assert.equal(diags.length === 0, ok, `validator on ${cond}`);
    assert.equal(problems.length === 0, ok, `engine on ${cond}`);
    if (!ok) {
      const hint = dependencyConditionHint(cond);
      assert.equal(diags[0].data?.suggestion, hint);
      if (hint) assert.match(problems[0], new RegExp(`did you mean '${hint}'`));
      await assert.rejects(runActivities(acts), (e: unknown) => e instanceof RunSetupError);
    } else assert.equal((await runActivities(acts)).pipelineRun.status, 'Succeeded');
  }
});
