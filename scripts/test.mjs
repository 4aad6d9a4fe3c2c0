// The README's test command. Runs, in order:
//   1. every test/**/*.test.ts except the VS Code suites, with node's test runner (TypeScript through tsx);
//   2. the type check of the extension, engine, CLI, tests and webviews (tsc --noEmit, strict);
//   3. the lint (eslint src: layer boundaries, import cycles, floating promises; eslint.config.mjs), then knip
//      (no unused exports; knip.json);
//   4. the VS Code suites in a real VS Code (scripts/e2e.mjs: extension host + UI tests in code-server/Chromium),
//      unless ADFW_SKIP_E2E=1.
// and ends with one line `N passed, N failed` counting all four. Needs nothing outside the repository.
// Usage: node scripts/test.mjs [subfolder-or-substring ...]   (with filters: only the matching node tests)
//
// With --corpus (`npm run test:corpus`): the conformance suite over real factories instead (test/corpus, read in
// place from ADFW_CORPUS, default ../shared/corpus/adf beside the repository). A missing corpus is a failure with a
// message saying where it was looked for, never a skip. Also ends with `N passed, N failed`.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';

const argv = process.argv.slice(2);
const corpusMode = argv.includes('--corpus');
const filters = argv.filter((a) => a !== '--corpus');
const skipDirs = new Set(['e2e', 'electron', 'fixtures', 'node_modules', 'corpus']);
function collect(dir, out) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (!skipDirs.has(name)) collect(p, out);
    } else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

/** Runs a command, streaming its output, and returns {code, text}. */
function run(cmd, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '', ...env } });
    let text = '';
    child.stdout.on('data', (b) => {
      text += b;
      process.stdout.write(b);
    });
    child.stderr.on('data', (b) => {
      text += b;
      process.stderr.write(b);
    });
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), text }));
  });
}

function lastNumber(text, re) {
  const all = [...text.matchAll(re)];
  return all.length ? Number(all[all.length - 1][1]) : undefined;
}

let files = [];
if (corpusMode) {
  const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const corpus = resolve(repo, process.env.ADFW_CORPUS || join('..', 'shared', 'corpus', 'adf'));
  if (!existsSync(corpus)) {
    console.error(`✖ corpus suite: the real-factory corpus is missing at ${corpus}`);
    console.error('  Set ADFW_CORPUS to the folder of ADF factories (default ../shared/corpus/adf beside the repository).');
    console.log('\n0 passed, 1 failed');
    process.exit(1);
  }
  console.log(`# corpus suite over ${corpus}`);
  for (const name of readdirSync('test/corpus').sort()) if (name.endsWith('.test.ts')) files.push(join('test', 'corpus', name));
} else files = collect('test', []);
if (filters.length) files = files.filter((f) => filters.some((x) => f.includes(x)));
if (!files.length) {
  console.error('no test files matched');
  process.exit(1);
}

let passed = 0;
let failed = 0;

const node = await run(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files]);
const nodePass = lastNumber(node.text, /^ℹ pass (\d+)/gm);
const nodeFail = lastNumber(node.text, /^ℹ fail (\d+)/gm);
if (nodePass === undefined) failed += 1; // the runner itself failed to report
else {
  passed += nodePass;
  failed += nodeFail ?? 0;
  if (node.code !== 0 && !nodeFail) failed += 1;
  // Every test runs: a skipped or todo test is a failure (no machine-dependent skip guards).
  const notRun = (lastNumber(node.text, /^ℹ skipped (\d+)/gm) ?? 0) + (lastNumber(node.text, /^ℹ todo (\d+)/gm) ?? 0);
  if (notRun) {
    failed += 1;
    console.log(`✖ ${notRun} test(s) skipped or todo: every test must run`);
  }
}

if (!filters.length && !corpusMode) {
  console.log('\n# type check (tsc --noEmit)');
  for (const project of ['.', 'src/webview']) {
    const tsc = await run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', project, '--noEmit']);
    if (tsc.code === 0) {
      passed += 1;
      console.log(`✔ tsc -p ${project}`);
    } else {
      failed += 1;
      console.log(`✖ tsc -p ${project}`);
    }
  }
  console.log('\n# lint (eslint src)');
  const lint = await run(process.execPath, ['node_modules/eslint/bin/eslint.js', 'src']);
  if (lint.code === 0) {
    passed += 1;
    console.log('✔ eslint src');
  } else {
    failed += 1;
    console.log('✖ eslint src');
  }
  console.log('\n# unused exports (knip)');
  const knip = await run(process.execPath, ['node_modules/knip/bin/knip.js']);
  if (knip.code === 0) {
    passed += 1;
    console.log('✔ knip');
  } else {
    failed += 1;
    console.log('✖ knip');
  }
  if (process.env.ADFW_SKIP_E2E === '1') {
    console.log('\n# VS Code suites skipped (ADFW_SKIP_E2E=1)');
  } else {
    console.log('\n# VS Code suites (code-server + Chromium)');
    const e2e = await run(process.execPath, ['scripts/e2e.mjs']);
    const m = [...e2e.text.matchAll(/^(\d+) passed, (\d+) failed$/gm)].pop();
    if (m) {
      passed += Number(m[1]);
      failed += Number(m[2]);
      if (e2e.code !== 0 && Number(m[2]) === 0) failed += 1;
    } else failed += 1;
  }
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
