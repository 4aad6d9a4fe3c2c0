/** A deliberately broken factory for the diagnostic catalogue's tests. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/**
 * A factory with many problems per file (cycles, duplicates, unknown types, bad expressions, broken JSON, a file
 * named unlike its resource, a bad trigger and data flow), written to a new temporary folder the caller removes.
 * The codes' tests use it for the problems the fixtures do not have, so that more templates are exercised.
 */
export function brokenFactory(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'adfw-codes-'));
  const put = (kind: string, name: string, text: string) => {
    mkdirSync(path.join(dir, kind), { recursive: true });
    writeFileSync(path.join(dir, kind, `${name}.json`), text);
  };
  const w = (name: string, extra: object = {}) => ({ name, type: 'Wait', typeProperties: { waitTimeInSeconds: 1 }, ...extra });
  const activities = [
    w('A', { dependsOn: [{ activity: 'B', dependencyConditions: ['succeeded'] }] }),
    w('B', { dependsOn: [{ activity: 'A', dependencyConditions: ['Completed', 'Failed'] }, { activity: 'Nope' }] }),
    w('A'),
    w('Bad/Name'),
    { name: 'Loop', type: 'ForEach', typeProperties: { items: { value: "@pipeline().parameters.missing", type: 'Expression' }, batchCount: 80, activities: [{ name: 'Inner', type: 'Until', typeProperties: { expression: { value: "@equals(variables('nope'), 1)", type: 'Expression' }, activities: [] } }] } },
    { name: 'Odd', type: 'Waitt', typeProperties: {} },
    { name: 'Set', type: 'SetVariable', typeProperties: { variableName: 'v', value: "@concat(variables('v'), 'x')" } },
    { name: 'Exp', type: 'SetVariable', typeProperties: { variableName: 'w', value: "@concat('a' 'b')" } },
    { name: 'Fn', type: 'SetVariable', typeProperties: { variableName: 'w', value: "@nosuch(1)" } },
    { name: 'Copy1', type: 'Copy', typeProperties: { source: { type: 'JsonSource' }, sink: { type: 'JsonSink' } }, inputs: [{ referenceName: 'Missing', type: 'DatasetReference' }], outputs: [] },
    { name: 'Run', type: 'ExecutePipeline', typeProperties: { pipeline: { referenceName: 'Child', type: 'PipelineReference' } } },
  ];
  put('pipeline', 'Broken', JSON.stringify({ name: 'Broken', properties: { activities, variables: { v: { type: 'Integer', defaultValue: 'x' }, w: { type: 'String' } } } }));
  put('pipeline', 'Child', JSON.stringify({ name: 'Child', properties: { activities: [w('W')], parameters: { p: { type: 'String' } } } }));
  put('pipeline', 'Bad JSON', '{"name": "Bad JSON", "properties": {');
  put('pipeline', 'stray', '{"version": 1}');
  put('pipeline', 'Renamed', JSON.stringify({ name: 'Other', properties: { activities: [] } }));
  put('dataflow', 'my-flow', JSON.stringify({ name: 'my-flow', properties: { type: 'MappingDataFlow', typeProperties: { scriptLines: ['source(output(a as string)) ~> src', 'src filter(nosuch(a)) ~> f', 'f sink() ~> out'], sources: [{ name: 'src' }], sinks: [] } } }));
  put('trigger', 'T', JSON.stringify({ name: 'T', properties: { type: 'ScheduleTrigger', pipelines: [], typeProperties: { recurrence: { frequency: 'Minute', interval: 1, startTime: '2024-01-01T00:00:00', timeZone: 'UTC', schedule: { hours: [25] } } } } }));
  put('trigger', 'Z', JSON.stringify({ name: 'Z', properties: { type: 'ScheduleTrigger', pipelines: [{ pipelineReference: { referenceName: 'Child', type: 'PipelineReference' }, parameters: { nope: 1 } }], typeProperties: { recurrence: { frequency: 'Hour', interval: 1, startTime: '2024-01-01T00:00:00Z', endTime: '2023-01-01T00:00:00Z', timeZone: 'Mars Standard Time' } } } }));
  return dir;
}
