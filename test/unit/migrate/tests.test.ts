import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { adaptTestFile, type InputChange } from '../../../src/engine/migrate';

const root = path.join(path.sep, 'repo', 'factory');
const out = path.join(path.sep, 'repo', 'fabric');
const changes = new Map<string, Map<string, InputChange[]>>([
  [
    'Main',
    new Map([
      ['Call', [{ from: 'pipeline.referenceName', to: 'pipelineId', values: { Child: 'id-child' }, type: 'InvokePipeline' }, { from: 'pipeline', to: undefined }]],
      ['Read', [{ from: 'dataset', to: undefined }]],
    ]),
  ],
]);
const ctx = (extra: Partial<Parameters<typeof adaptTestFile>[1]> = {}) => ({
  sourceFile: path.join(root, 'tests', 'main.adftest.json'),
  targetFile: path.join(out, 'tests', 'main.adftest.json'),
  factoryRoot: root,
  outRoot: out,
  converted: ['Main'],
  connectionIds: { Files: { id: 'id-files', type: 'FileServer' } },
  inputChanges: changes,
  ...extra,
});

describe('pipeline tests adapted to the converted items', () => {
  it('rewrites connections, ${factoryDir}, mocks by type and expected inputs; drops what no longer exists, with notes', () => {
    const text = JSON.stringify({
      $schema: '../../schemas/adftest.schema.json', // /repo/schemas from /repo/factory/tests
      pipeline: 'main',
      connections: { files: { host: '${factoryDir}/data' }, Unknown: { x: 1 } },
      mocks: [{ type: 'ExecutePipeline', output: {} }, { activity: 'Read', output: { count: 1 } }],
      tests: [
        {
          name: 't1',
          expect: {
            activities: {
              Call: [{ runs: 1 }, { run: 0, input: { 'pipeline.referenceName': 'Child', 'parameters.a': 1, 'pipeline.type': 'PipelineReference' } }],
              Read: { input: { 'dataset.referenceName': 'Orders', firstRowOnly: true } },
              Other: { status: 'Succeeded' },
            },
          },
        },
        { name: 't2', pipeline: 'Skipped', expect: { status: 'Succeeded' } },
      ],
    });
    const r = adaptTestFile(text, ctx());
    const doc = JSON.parse(r.text!);
    assert.equal(doc.$schema, '../../schemas/adftest.schema.json', 'the same schema file, relative to the new place');
    assert.deepEqual(doc.connections, { 'id-files': { type: 'FileServer', host: '${factoryDir}/../factory/data' }, Unknown: { x: 1 } });
    assert.deepEqual(doc.mocks, [{ type: 'InvokePipeline', output: {} }, { activity: 'Read', output: { count: 1 } }]);
    const acts = doc.tests[0].expect.activities;
    assert.deepEqual(acts.Call, [{ runs: 1 }, { run: 0, input: { pipelineId: 'id-child', 'parameters.a': 1 } }]);
    assert.deepEqual(acts.Read, { input: { firstRowOnly: true } });
    assert.deepEqual(acts.Other, { status: 'Succeeded' });
    assert.equal(r.tests, 1);
    assert.deepEqual(r.dropped, [{ test: 't2', reason: 'pipeline "Skipped" does not convert' }]);
    assert.equal(r.notes.length, 3, r.notes.join('\n'));
    assert.ok(r.notes.some((n) => /connections\.Unknown/.test(n)));
    assert.ok(r.notes.some((n) => /"dataset\.referenceName" dropped.*written inline/.test(n)));
    assert.ok(r.notes.some((n) => /"pipeline\.type" dropped/.test(n)));
  });

  it('a file none of whose tests applies gives no file; invalid JSON is an error naming the file', () => {
    const r = adaptTestFile(JSON.stringify({ pipeline: 'Skipped', tests: [{ name: 'x', expect: {} }] }), ctx());
    assert.equal(r.text, undefined);
    assert.deepEqual(r.dropped, [{ test: 'x', reason: 'pipeline "Skipped" does not convert' }]);
    assert.throws(() => adaptTestFile('{"tests": [', ctx()), (e: Error) => e instanceof SyntaxError && e.message.includes('main.adftest.json') && /not valid JSON/.test(e.message));
  });
});
