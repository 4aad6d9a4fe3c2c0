/**
 * One container walker (model/activities): which properties of a container hold its inner activities, with ADF's
 * case rule (type and property names matched ignoring case). Every caller — validator, run engine, graph, test
 * runner, editor outline and references — sees the same inner activities.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { containerKind, containerLists, innerActivityLists, isActivityPath, pipelineActivities, findResource } from '../../../src/engine/model';
import { pipelineGraph } from '../../../src/engine/graph/pipeline';
import { documentOutline } from '../../../src/engine/language/outline';
import { activityNameNodes } from '../../../src/engine/language/references';
import { activityNames } from '../../../src/engine/testing/runner';
import { runPipeline } from '../../../src/engine/run';
import { makeFactory, cleanup, act, wait } from '../run/helpers';

after(cleanup);

test('container kinds and property names are matched ignoring case, exact keys first', () => {
  assert.equal(containerKind('forEach'), 'ForEach');
  assert.equal(containerKind('IFCONDITION'), 'IfCondition');
  assert.equal(containerKind('Wait'), undefined);
  assert.equal(containerKind(undefined), undefined);
  const lists = innerActivityLists({ type: 'ifcondition', TypeProperties: { IfTrueActivities: [{ name: 'a' }], ifFalseActivities: [] } });
  assert.deepEqual(lists.map((l) => [l.kind, l.path]), [
    ['ifTrueActivities', ['TypeProperties', 'IfTrueActivities']],
    ['ifFalseActivities', ['TypeProperties', 'ifFalseActivities']],
  ]);
  const exact = innerActivityLists({ type: 'ForEach', typeProperties: { Activities: [1], activities: [2] } });
  assert.deepEqual(exact.map((l) => l.list), [[2]]);
  const sw = containerLists({ type: 'Switch', typeProperties: { cases: [{ value: 'x', Activities: [] }, null], defaultActivities: [] } });
  assert.deepEqual(sw.map((l) => [l.branch, l.caseValue]), [['cases[0].activities', 'x'], ['defaultActivities', undefined]]);
  assert.deepEqual(containerLists({ type: 'Wait', typeProperties: { activities: [] } }), []);
});

test('activity paths: top level, container lists and Switch cases', () => {
  assert.ok(isActivityPath(['properties', 'activities', 0]));
  assert.ok(isActivityPath(['properties', 'activities', 0, 'typeProperties', 'IfTrueActivities', 1]));
  assert.ok(isActivityPath(['properties', 'activities', 0, 'typeProperties', 'cases', 2, 'activities', 0]));
  assert.ok(!isActivityPath(['properties', 'parameters', 0]));
  assert.ok(!isActivityPath(['properties', 'activities', 0, 'typeProperties', 'items', 0]));
  assert.ok(!isActivityPath(['properties', 'activities']));
});

test('every caller sees the inner activities of a container written in another case', async () => {
  const pipeline = {
    activities: [
      {
        name: 'Branch',
        type: 'ifCondition',
        typeProperties: { expression: { value: '@true', type: 'Expression' }, IfTrueActivities: [wait('InTrue')], IfFalseActivities: [wait('InFalse')] },
      },
      { name: 'Pick', type: 'switch', typeProperties: { on: 'b', Cases: [{ value: 'b', Activities: [wait('InCase')] }], DefaultActivities: [wait('InDefault')] } },
      act('Loop', 'foreach', { items: { value: '@createArray(1)', type: 'Expression' }, Activities: [wait('InLoop')] }),
    ],
  };
  const factory = await makeFactory({ pipelines: { p: pipeline } });
  const res = findResource(factory, 'pipeline', 'p')!;
  const inner = ['InTrue', 'InFalse', 'InCase', 'InDefault', 'InLoop'];
  // Model (validator's view)
  assert.deepEqual(pipelineActivities(res).map((a) => a.name).filter((n) => inner.includes(n)), inner);
  // Test runner (mockable names)
  assert.deepEqual([...activityNames(factory, 'p').keys()].filter((n) => inner.includes(n)), inner);
  // Graph
  const labels = pipelineGraph(res).nodes.map((n) => n.label);
  for (const n of [...inner, 'True', 'False', 'Case b', 'Default']) assert.ok(labels.includes(n), `graph has ${n}`);
  // Editor: outline and activity names
  const flat = (s: ReturnType<typeof documentOutline>): string[] => s.flatMap((x) => [x.name, ...flat(x.children)]);
  for (const n of [...inner, 'If true', 'If false', 'Case b', 'Default']) assert.ok(flat(documentOutline(res.doc)).includes(n), `outline has ${n}`);
  assert.deepEqual(activityNameNodes(res.doc).map((a) => a.name).filter((n) => inner.includes(n)), inner);
  // Run engine: the chosen branches run
  const r = await runPipeline({ factory, pipelineName: 'p' });
  assert.equal(r.pipelineRun.status, 'Succeeded');
  const ran = r.activityRuns.map((a) => a.activityName);
  for (const n of ['InTrue', 'InCase', 'InLoop']) assert.ok(ran.includes(n), `ran ${n}`);
  for (const n of ['InFalse', 'InDefault']) assert.ok(!ran.includes(n), `did not run ${n}`);
});
