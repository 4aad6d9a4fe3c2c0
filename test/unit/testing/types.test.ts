import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';

const root = path.resolve(__dirname, '..', '..', '..');

/** Compiles `code` as a consumer module in `dir` and returns the error messages (code: text). */
function compile(dir: string, code: string, moduleResolution: 'node10' | 'node16'): string[] {
  const file = path.join(dir, 'consumer.ts');
  ts.sys.writeFile(file, code);
  const options: ts.CompilerOptions = {
    strict: true, noEmit: true, skipLibCheck: false, types: ['node'], typeRoots: [path.join(root, 'node_modules', '@types')],
    target: ts.ScriptTarget.ES2022, lib: ['lib.es2022.d.ts'], esModuleInterop: true,
    ...(moduleResolution === 'node16'
      ? { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 }
      : { module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10 }),
  };
  const program = ts.createProgram([file], options);
  return ts.getPreEmitDiagnostics(program).map((d) => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
}

test('scripts/buildTypes.mjs emits dist-style declarations that match the library and resolve through package.json', async (t) => {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-types-test-'));
  t.after(() => fs.rm(tmp, { recursive: true, force: true }));
  // An installed copy of the package: its package.json (exports/typesVersions) and the generated declarations.
  const pkg = path.join(tmp, 'node_modules', 'adf-workbench');
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(root, 'scripts', 'buildTypes.mjs'), '--out', path.join(pkg, 'dist')], { cwd: root });
  assert.match(stdout, /testing\.d\.ts \(\d+ declaration files\)/);
  const manifest = JSON.parse(await fs.readFile(path.join(root, 'package.json'), 'utf8'));
  assert.deepEqual(manifest.exports['./testing'], { types: './dist/testing.d.ts', default: './dist/testing.js' });
  await fs.writeFile(path.join(pkg, 'package.json'), JSON.stringify({ name: manifest.name, version: manifest.version, exports: manifest.exports, typesVersions: manifest.typesVersions }));
  await fs.symlink(path.join(root, 'node_modules'), path.join(pkg, 'node_modules'), 'dir');

  // Every runtime export of the library is declared (types may add more names, never fewer).
  const runtime = Object.keys(await import('../../../src/engine/testing/index')).filter((k) => k !== 'default' && k !== '__esModule');
  const program = ts.createProgram([path.join(pkg, 'dist', 'testing.d.ts')], { types: ['node'], typeRoots: [path.join(root, 'node_modules', '@types')], skipLibCheck: true });
  const checker = program.getTypeChecker();
  const entry = program.getSourceFile(path.join(pkg, 'dist', 'testing.d.ts'))!;
  const declared = new Set(checker.getExportsOfModule(checker.getSymbolAtLocation(entry)!).map((s) => s.name));
  assert.ok(runtime.length > 20, `runtime exports: ${runtime.join(', ')}`);
  assert.deepEqual(runtime.filter((k) => !declared.has(k)), [], 'runtime exports without a declaration');
  for (const name of ['PipelineTestRun', 'PipelineTestOptions', 'MockDef', 'Expectations']) assert.ok(declared.has(name), name);

  // A consumer type-checks with either module resolution, and the types are real (a wrong use is an error).
  const good = `import { loadFactory, runPipeline, assertStatus, type PipelineTestRun } from 'adf-workbench/testing';
export async function check(): Promise<string> {
  const factory = await loadFactory('./factory');
  const run: PipelineTestRun = await runPipeline(factory, 'CopyOrders', { parameters: { since: '2024-01-01' }, now: '2024-01-02T00:00:00Z', seed: 1 });
  assertStatus(run, 'Succeeded');
  return run.pipelineRun.runId + String(run.variable('x'));
}
`;
  for (const mode of ['node16', 'node10'] as const) assert.deepEqual(compile(tmp, good, mode), [], mode);
  const bad = `import { runPipeline } from 'adf-workbench/testing';
export async function check(): Promise<number> {
  const run = await runPipeline('./factory', 'P', { seed: 'one' });
  return run.status;
}
`;
  const errors = compile(tmp, bad, 'node16');
  assert.equal(errors.length, 2, errors.join('\n'));
  assert.ok(errors.every((e) => e.startsWith('TS2322')), errors.join('\n'));
});
