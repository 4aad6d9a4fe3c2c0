import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { addResourceText, findResource, loadFactory, removeResourceFile } from '../../../src/engine/model';
import { validateResource } from '../../../src/engine/validate';
import { buildReferenceGraph, removeFileReferences, updateResourceReferences } from '../../../src/engine/model/references';
import { FIXTURE } from './helpers';
import { assertPositioned } from '../model/positioned';

const name = fc.oneof(fc.constantFrom('Copy container', 'Notify', 'Check result', 'SourceOrders', 'NotifyDone', 'copied', 'status', 'p'), fc.string({ maxLength: 6 }));
const expr = fc.oneof(
  fc.constantFrom("@pipeline().parameters.containers", "@variables('copied')", "@activity('Notify').output", '@{item()}', "@concat('a',", '@@x', '@', '@{', "@activity('x').output.pipelineReturnValue.k", '@pipeline().globalParameters.environment', "@dataset().container"),
  fc.string({ maxLength: 12 }).map((s) => '@' + s),
);
const value = fc.oneof(expr, fc.jsonValue({ maxDepth: 2 }), expr.map((v) => ({ value: v, type: 'Expression' })));
const activityType = fc.constantFrom('Copy', 'ForEach', 'IfCondition', 'Switch', 'Until', 'SetVariable', 'AppendVariable', 'ExecutePipeline', 'Wait', 'Validation', 'Lookup', 'Fail', 'Wiat', '');
const ref = (type: string) => fc.record({ referenceName: fc.oneof(name, expr), type: fc.constantFrom(type, 'DatasetReference') }, { requiredKeys: [] });

const { activity } = fc.letrec<{ activity: unknown }>((tie) => ({
  activity: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    fc.jsonValue({ maxDepth: 1 }),
    fc.record(
      {
        name,
        type: activityType,
        dependsOn: fc.oneof(fc.array(fc.record({ activity: name, dependencyConditions: fc.array(fc.constantFrom('Succeeded', 'Failed', 'Skipped', 'Completed', 'Done', 7)) }, { requiredKeys: [] }), { maxLength: 3 }), fc.jsonValue({ maxDepth: 1 })),
        policy: fc.record({ timeout: value, retry: value, retryIntervalInSeconds: value }, { requiredKeys: [] }),
        inputs: fc.array(ref('DatasetReference'), { maxLength: 2 }),
        typeProperties: fc.record(
          {
            activities: fc.array(tie('activity'), { maxLength: 3 }),
            ifTrueActivities: fc.array(tie('activity'), { maxLength: 2 }),
            ifFalseActivities: fc.array(tie('activity'), { maxLength: 2 }),
            cases: fc.array(fc.record({ value: fc.string(), activities: fc.array(tie('activity'), { maxLength: 2 }) }), { maxLength: 2 }),
            defaultActivities: fc.array(tie('activity'), { maxLength: 2 }),
            items: value,
            batchCount: fc.oneof(fc.integer({ min: -5, max: 80 }), expr, fc.string({ maxLength: 3 })),
            isSequential: value,
            variableName: name,
            setSystemVariable: fc.boolean(),
            value,
            expression: value,
            pipeline: ref('PipelineReference'),
            parameters: fc.dictionary(name, value, { maxKeys: 3 }),
            waitTimeInSeconds: value,
            source: fc.record({ type: fc.constantFrom('CosmosDbSqlApiSource', 'JsonSource', 'X') }, { requiredKeys: [] }),
            sink: fc.record({ type: fc.constantFrom('CosmosDbSqlApiSink', 'X'), writeBehavior: value }, { requiredKeys: [] }),
          },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    ),
  ),
}));

const pipelineJson = fc.record(
  {
    name: fc.oneof(name, fc.constant('Generated'), fc.jsonValue({ maxDepth: 0 })),
    properties: fc.oneof(
      fc.record(
        {
          activities: fc.oneof(fc.array(activity, { maxLength: 5 }), fc.jsonValue({ maxDepth: 1 })),
          parameters: fc.oneof(fc.dictionary(name, fc.record({ type: fc.constantFrom('string', 'int', 'array', 'bool'), defaultValue: value }, { requiredKeys: [] }), { maxKeys: 3 }), fc.jsonValue({ maxDepth: 1 })),
          variables: fc.oneof(fc.dictionary(name, fc.record({ type: fc.constantFrom('String', 'Array', 'Bool', 'Integer'), defaultValue: value }, { requiredKeys: [] }), { maxKeys: 3 }), fc.jsonValue({ maxDepth: 1 })),
        },
        { requiredKeys: [] },
      ),
      fc.jsonValue({ maxDepth: 1 }),
    ),
  },
  { requiredKeys: [] },
);

/** Serialized pipeline, sometimes with a JSON escape-heavy or broken text. */
const pipelineText = fc.oneof(
  { weight: 6, arbitrary: pipelineJson.map((p) => JSON.stringify(p, null, '\t')) },
  { weight: 1, arbitrary: pipelineJson.map((p) => JSON.stringify(p)) },
  { weight: 1, arbitrary: fc.tuple(pipelineJson, fc.nat()).map(([p, n]) => { const t = JSON.stringify(p, null, 1); return t.slice(0, n % (t.length + 1)); }) },
);

test('property: schema + semantic + expression validation never throws, every diagnostic positioned (10,000 inputs)', async () => {
  const factory = await loadFactory(FIXTURE);
  const file = findResource(factory, 'pipeline', 'CopyOrders')!.file.replace('CopyOrders.json', 'Generated.json');
  const graph = buildReferenceGraph(factory);
  fc.assert(
    fc.property(pipelineText, (text) => {
      // The incremental path an editor uses: replace one file, update its references, validate that resource.
      const r = addResourceText(factory, 'pipeline', file, text);
      if (r) updateResourceReferences(graph, r);
      const ds = [...factory.diagnostics.filter((d) => d.file === file), ...(r ? validateResource(factory, graph, r) : [])];
      removeResourceFile(factory, file);
      removeFileReferences(graph, file);
      assertPositioned(ds, file, text);
      const internal = ds.filter((d) => d.code === 'ADF2999' || d.code === 'ADF1999');
      assert.deepEqual(internal, [], 'no internal validator errors');
    }),
    { numRuns: 10_000 },
  );
});
