import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadFabricWorkspace, workspaceValueSets } from '../../../src/engine/fabric';
import { FabricCodes } from '../../../src/engine/codes';
import { runTestFile } from '../../../src/engine/testing';

async function workspace(files: Record<string, unknown>): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-valueset-'));
  for (const [rel, v] of Object.entries(files)) {
    const p = path.join(dir, rel);
    await fs.mkdir(path.dirname(p), { recursive: true });
    await fs.writeFile(p, typeof v === 'string' ? v : JSON.stringify(v, null, 2));
  }
  return dir;
}

const platform = (displayName: string, type: string, logicalId: string) => ({ metadata: { type, displayName }, config: { version: '2.0', logicalId } });

/** Two libraries: Config (Test, Prod; settings order Prod, Test) and Paths (Test only). */
const files = {
  'Show.DataPipeline/.platform': platform('Show', 'DataPipeline', '0a1b2c3d-0000-4000-8000-000000000101'),
  'Show.DataPipeline/pipeline-content.json': {
    properties: {
      variables: { out: { type: 'String' } },
      libraryVariables: { env: { type: 'String', libraryName: 'Config', variableName: 'env' }, root: { type: 'String', libraryName: 'Paths', variableName: 'root' } },
      activities: [{ name: 'Keep', type: 'SetVariable', dependsOn: [], typeProperties: { variableName: 'out', value: "@concat(pipeline().libraryVariables.env, ':', pipeline().libraryVariables.root)" } }],
    },
  },
  'Config.VariableLibrary/.platform': platform('Config', 'VariableLibrary', '0a1b2c3d-0000-4000-8000-000000000102'),
  'Config.VariableLibrary/variables.json': { variables: [{ name: 'env', type: 'String', value: 'dev' }, { name: 'size', type: 'Integer', value: 1 }] },
  'Config.VariableLibrary/valueSets/Test.json': { name: 'Test', description: 'The test stage', variableOverrides: [{ name: 'env', value: 'test' }] },
  'Config.VariableLibrary/valueSets/Prod.json': { name: 'Prod', variableOverrides: [{ name: 'env', value: 'prod' }, { name: 'size', value: 9 }] },
  'Config.VariableLibrary/settings.json': { valueSetsOrder: ['Prod', 'Test'] },
  'Paths.VariableLibrary/.platform': platform('Paths', 'VariableLibrary', '0a1b2c3d-0000-4000-8000-000000000103'),
  'Paths.VariableLibrary/variables.json': { variables: [{ name: 'root', type: 'String', value: '/dev' }] },
  'Paths.VariableLibrary/valueSets/test.json': { name: 'test', variableOverrides: [{ name: 'root', value: '/test' }] },
};

test('workspace value sets: merged by name across libraries (case ignored), in valueSetsOrder, with descriptions and override counts', async () => {
  const f = await loadFabricWorkspace(await workspace(files));
  const sets = workspaceValueSets(f.fabric!);
  assert.deepEqual(sets.map((s) => s.name), ['Prod', 'Test']);
  assert.equal(sets[1].description, 'The test stage');
  assert.equal(sets[0].description, undefined);
  assert.deepEqual(sets[1].libraries.map((l) => [l.library, l.overrides, path.basename(l.file)]), [['Config', 1, 'Test.json'], ['Paths', 1, 'test.json']]);
  assert.deepEqual(sets[0].libraries.map((l) => [l.library, l.overrides]), [['Config', 2]]);
  // Without settings.json order: by name.
  const { 'Config.VariableLibrary/settings.json': _order, ...unordered } = files;
  assert.deepEqual(workspaceValueSets((await loadFabricWorkspace(await workspace(unordered))).fabric!).map((s) => s.name), ['Prod', 'Test']);
  const noLib = await loadFabricWorkspace(await workspace({ 'Show.DataPipeline/.platform': files['Show.DataPipeline/.platform'], 'Show.DataPipeline/pipeline-content.json': files['Show.DataPipeline/pipeline-content.json'] }));
  assert.deepEqual(workspaceValueSets(noLib.fabric!), []);
});

test("missingValueSet 'defaults': a library without the value set warns (naming its file) and keeps its defaults; a set no library has is dropped", async () => {
  const dir = await workspace(files);
  // Prod is in Config only: Paths falls back to its default, with a warning on Paths' variables.json.
  const prod = await loadFabricWorkspace(dir, { valueSet: 'Prod', missingValueSet: 'defaults' });
  assert.equal(prod.fabric!.valueSet, 'Prod');
  assert.equal(prod.fabric!.missingValueSet, undefined);
  assert.deepEqual(prod.fabric!.libraryValues.get('Show'), { env: 'prod', root: '/dev' });
  const warn = prod.diagnostics.filter((d) => d.code === FabricCodes.valueSetFallback);
  assert.equal(warn.length, 1);
  assert.equal(warn[0].severity, 'warning');
  assert.equal(warn[0].file, path.join(dir, 'Paths.VariableLibrary', 'variables.json'));
  assert.match(warn[0].message, /Value set "Prod" is not in variable library "Paths" \(Paths.VariableLibrary[\\/]valueSets has no Prod\.json; value sets: test\): its default values are used/);
  assert.ok(!prod.diagnostics.some((d) => d.code === FabricCodes.unknownValueSet));
  // The same request from the CLI (default mode) is an error.
  const strict = await loadFabricWorkspace(dir, { valueSet: 'Prod' });
  assert.equal(strict.diagnostics.filter((d) => d.code === FabricCodes.unknownValueSet && d.severity === 'error').length, 1);
  // A value set that no library has any more: dropped, reported, defaults everywhere.
  const gone = await loadFabricWorkspace(dir, { valueSet: 'Staging', missingValueSet: 'defaults' });
  assert.equal(gone.fabric!.valueSet, undefined);
  assert.equal(gone.fabric!.missingValueSet, 'Staging');
  assert.deepEqual(gone.fabric!.libraryValues.get('Show'), { env: 'dev', root: '/dev' });
  assert.deepEqual(gone.diagnostics.filter((d) => d.code === FabricCodes.valueSetFallback).map((d) => path.basename(path.dirname(d.file))).sort(), ['Config.VariableLibrary', 'Paths.VariableLibrary']);
  // Names compare ignoring case, as Fabric does.
  const test1 = await loadFabricWorkspace(dir, { valueSet: 'TEST', missingValueSet: 'defaults' });
  assert.deepEqual(test1.fabric!.libraryValues.get('Show'), { env: 'test', root: '/test' });
  assert.ok(!test1.diagnostics.some((d) => d.code === FabricCodes.valueSetFallback));
});

test('pipeline tests: an editor default value set applies to files that name none; a file\'s own valueSet wins', async () => {
  const dir = await workspace({
    ...files,
    'tests/none.adftest.json': { pipeline: 'Show', tests: [{ name: 'out', expect: { status: 'Succeeded', variables: { out: 'test:/test' } } }] },
    'tests/own.adftest.json': { pipeline: 'Show', valueSet: 'Prod', tests: [{ name: 'out', expect: { status: 'Succeeded', variables: { out: 'prod:/dev' } } }] },
  });
  const roots: string[] = [];
  const opts = { defaultValueSet: (root: string) => (roots.push(root), 'Test') };
  const none = await runTestFile(path.join(dir, 'tests', 'none.adftest.json'), opts);
  assert.deepEqual(none.map((r) => [r.status, r.failures.map((f) => f.message)]), [['passed', []]]);
  assert.deepEqual(roots, [dir]);
  const own = await runTestFile(path.join(dir, 'tests', 'own.adftest.json'), opts);
  assert.deepEqual(own.map((r) => [r.status, r.failures.map((f) => f.message)]), [['passed', []]]);
  // Without the option, the defaults.
  const plain = await runTestFile(path.join(dir, 'tests', 'none.adftest.json'));
  assert.equal(plain[0].status, 'failed');
  assert.equal(plain[0].failures[0].actual, 'dev:/dev');
  // A stale editor choice: the defaults, no error.
  const stale = await runTestFile(path.join(dir, 'tests', 'none.adftest.json'), { defaultValueSet: () => 'Gone' });
  assert.equal(stale[0].status, 'failed');
  assert.equal(stale[0].failures[0].actual, 'dev:/dev');
});
