// The lint configuration (eslint.config.mjs) run through ESLint's Node API on a small temporary tree laid out like
// src/: each layer rule must fire on a deliberate violation and stay quiet on what the rules allow; and knip with
// knip.jsonc on a tree with an unused export.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { ESLint } from 'eslint';

const repo = path.resolve(__dirname, '../../..');
let dir: string;
let results: Map<string, { ruleId: string | null; message: string; line: number }[]>;

const files: Record<string, string> = {
  'src/engine/alpha/index.ts': "export { a, type Shape } from './internal';\n",
  'src/engine/alpha/internal.ts': 'export const a = 1;\nexport interface Shape {\n  x: number;\n}\n',
  'src/engine/contract.ts': 'export const engineLevel = 2;\n',
  // engine importing vscode, and a file of the extension
  'src/engine/beta/usesVscode.ts': "import * as vscode from 'vscode';\nexport const x = vscode;\n",
  'src/engine/beta/usesExtension.ts': "import { ui } from '../../vscode/ui';\nexport const x = ui;\n",
  'src/vscode/ui.ts': 'export const ui = 3;\n',
  // the extension loading engine code on demand anywhere but in its one lazy-loading point
  'src/vscode/lazy.ts': "export async function x(): Promise<number> {\n  return (await import('../engine/alpha')).a;\n}\n",
  'src/vscode/engineModules.ts': "export async function loadAlpha(): Promise<typeof import('../engine/alpha')> {\n  return import('../engine/alpha');\n}\n",
  // an area reaching into another area's internals, statically and lazily
  'src/engine/beta/reachesIn.ts': "import { a } from '../alpha/internal';\nexport const x = a;\n",
  'src/engine/beta/lazyReach.ts': "export async function x(): Promise<number> {\n  return (await import('../alpha/internal')).a;\n}\n",
  // allowed: entry point, engine-level module, type-only imports, own area, a visible exception with a reason
  'src/engine/beta/fine.ts': [
    "import { a } from '../alpha';",
    "import { engineLevel } from '../contract';",
    "import type { Shape } from '../alpha/internal';",
    "import { type Shape as S2 } from '../alpha/internal';",
    "import { own } from './own';",
    'export const x: Shape = { x: a + engineLevel + own };',
    'export type Y = S2;',
  ].join('\n') + '\n',
  'src/engine/beta/own.ts': 'export const own = 4;\n',
  'src/engine/beta/excepted.ts': "// eslint-disable-next-line adfw/boundaries -- measured: this path must not load the alpha entry\nimport { a } from '../alpha/internal';\nexport const x = a;\n",
  // the CLI reaching past an entry point
  'src/cli/command.ts': "import { a } from '../engine/alpha/internal';\nexport const x = a;\n",
  'src/cli/fine.ts': "import { a } from '../engine/alpha';\nimport type { Shape } from '../engine/alpha/internal';\nexport const x: Shape = { x: a };\n",
  // a value cycle, and a cycle made only of type imports (allowed)
  'src/engine/gamma/one.ts': "import { two } from './two';\nexport const one = (): number => two() + 1;\n",
  'src/engine/gamma/two.ts': "import { one } from './one';\nexport const two = (): number => (Math.random() > 2 ? one() : 0);\n",
  'src/engine/delta/one.ts': "import type { Two } from './two';\nexport interface One {\n  two?: Two;\n}\n",
  'src/engine/delta/two.ts': "import type { One } from './one';\nexport interface Two {\n  one?: One;\n}\n",
};

before(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'adfw-lint-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: path.join(repo, 'eslint.config.mjs'),
    // The temporary tree has no tsconfig: the type-aware rules of src/vscode cannot run there.
    overrideConfig: {
      files: ['src/vscode/**/*.ts'],
      languageOptions: { parserOptions: { projectService: false } },
      rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off' },
    },
  });
  const out = await eslint.lintFiles(Object.keys(files).filter((f) => f !== 'src/vscode/ui.ts'));
  results = new Map(out.map((r) => [path.relative(dir, r.filePath).split(path.sep).join('/'), r.messages.map((m) => ({ ruleId: m.ruleId, message: m.message, line: m.line }))]));
});

after(() => rmSync(dir, { recursive: true, force: true }));

const rules = (file: string) => {
  const r = results.get(file);
  assert.ok(r, `${file} was linted`);
  return r.map((m) => m.ruleId);
};

test('the engine never imports vscode', () => {
  assert.deepEqual(rules('src/engine/beta/usesVscode.ts'), ['adfw/boundaries']);
  assert.match(results.get('src/engine/beta/usesVscode.ts')![0].message, /never imports 'vscode'/);
});

test('the engine never imports a file of the extension', () => {
  assert.deepEqual(rules('src/engine/beta/usesExtension.ts'), ['adfw/boundaries']);
  assert.match(results.get('src/engine/beta/usesExtension.ts')![0].message, /src\/vscode/);
});

test("an engine area reaching into another area's internals is reported, static or lazy", () => {
  assert.deepEqual(rules('src/engine/beta/reachesIn.ts'), ['adfw/boundaries']);
  assert.match(results.get('src/engine/beta/reachesIn.ts')![0].message, /src\/engine\/alpha\/index\.ts/);
  assert.deepEqual(rules('src/engine/beta/lazyReach.ts'), ['adfw/boundaries']);
});

test('the CLI importing an engine internal is reported; through the entry point it is not', () => {
  assert.deepEqual(rules('src/cli/command.ts'), ['adfw/boundaries']);
  assert.deepEqual(rules('src/cli/fine.ts'), []);
});

test('entry points, engine-level modules, own-area and type-only imports pass', () => {
  assert.deepEqual(results.get('src/engine/beta/fine.ts'), []);
});

test('a deliberate exception is a visible disable comment with a reason', () => {
  assert.deepEqual(rules('src/engine/beta/excepted.ts'), []);
  assert.match(files['src/engine/beta/excepted.ts'], /eslint-disable-next-line adfw\/boundaries -- \S/);
});

test('the extension loads engine code on demand only in engineModules.ts', () => {
  assert.deepEqual(rules('src/vscode/lazy.ts'), ['no-restricted-syntax']);
  assert.match(results.get('src/vscode/lazy.ts')![0].message, /engineModules\.ts/);
  assert.deepEqual(rules('src/vscode/engineModules.ts'), []);
});

test('an import cycle is reported on both modules; a cycle of type-only imports is not', () => {
  assert.deepEqual(rules('src/engine/gamma/one.ts'), ['import-x/no-cycle']);
  assert.deepEqual(rules('src/engine/gamma/two.ts'), ['import-x/no-cycle']);
  assert.deepEqual(rules('src/engine/delta/one.ts'), []);
  assert.deepEqual(rules('src/engine/delta/two.ts'), []);
});

test('an unused export fails the lint (knip with the repository config); used ones, the area API and tests pass', () => {
  const tree = mkdtempSync(path.join(os.tmpdir(), 'adfw-knip-'));
  try {
    const put = (rel: string, text: string) => {
      mkdirSync(path.dirname(path.join(tree, rel)), { recursive: true });
      writeFileSync(path.join(tree, rel), text);
    };
    put('package.json', JSON.stringify({ name: 'knip-probe', private: true }));
    put('knip.jsonc', readFileSync(path.join(repo, 'knip.jsonc'), 'utf8'));
    put('src/cli/main.ts', "import { used } from '../engine/alpha';\nconsole.log(used());\n");
    // The area's entry point is its public API: `api` is exported there though nothing imports it.
    put('src/engine/alpha/index.ts', "export { used, api } from './internal';\n");
    put(
      'src/engine/alpha/internal.ts',
      [
        'export function used(): number {',
        '  return helper() + 1;',
        '}',
        'export const api = 2;',
        'export function forTests(): number {',
        '  return 3;',
        '}',
        '// exported, used only in this module: a value must not be exported',
        'export function helper(): number {',
        '  return 4;',
        '}',
        'export const deadExport = 5;',
      ].join('\n') + '\n',
    );
    put('test/unit/alpha.test.ts', "import { forTests } from '../../src/engine/alpha/internal';\nconsole.log(forTests());\n");
    const r = spawnSync(process.execPath, [path.join(repo, 'node_modules', 'knip', 'bin', 'knip.js'), '--reporter', 'json', '--no-progress'], { cwd: tree, encoding: 'utf8' });
    assert.equal(r.status, 1, `knip fails on an unused export: ${r.stdout}${r.stderr}`);
    const report = JSON.parse(r.stdout) as { issues: { file: string; exports?: { name: string }[] }[] };
    const unused = report.issues.flatMap((i) => (i.exports ?? []).map((e) => `${i.file}:${e.name}`)).sort();
    assert.deepEqual(unused, ['src/engine/alpha/internal.ts:deadExport', 'src/engine/alpha/internal.ts:helper']);
  } finally {
    rmSync(tree, { recursive: true, force: true });
  }
});
