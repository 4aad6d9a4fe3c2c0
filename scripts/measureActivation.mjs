// Measures what activating the extension costs before and inside `activate()`, in plain Node with a stubbed
// `vscode` module (no VS Code needed):
//   load      time to require dist/extension.js (parse + evaluate the bundle), per fresh process
//   activate  time of activate() against the stub (the stub answers every API call; no workspace is open)
//   chunks    dist/chunks/*.js required during load + activate (should be none) and, afterwards, the time each
//             chunk takes on its first use
//   baseline  time to require jsonc-parser in a fresh process, measured in the same run (ratios stay comparable on
//             a busy machine)
// Usage: node scripts/measureActivation.mjs [--bundle dist/extension.js] [--runs 7] [--json] [--chunks]
// Build first: node scripts/build.mjs --production
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const bundle = path.resolve(repo, opt('bundle', 'dist/extension.js'));
const runs = Number(opt('runs', '7'));
const json = argv.includes('--json');
const withChunks = argv.includes('--chunks');

// Runs in the child: a `vscode` stub where every property is a callable, constructible stub returning another stub.
const CHILD = String.raw`
const Module = require('node:module');
const path = require('node:path');
const [mode, target, withChunks] = process.argv.slice(1);
const realStub = (name) => {
  const fn = function () {};
  fn.__kids = {};
  return new Proxy(fn, {
    get(t, k) {
      if (k === 'then') return undefined;
      if (k === Symbol.iterator) return function* () {};
      if (k === Symbol.toPrimitive) return () => name;
      if (k === 'prototype') return t.prototype;
      if (k === 'isTrusted') return true;
      if (!(k in t.__kids)) t.__kids[k] = realStub(name + '.' + String(k));
      return t.__kids[k];
    },
    set(t, k, v) {
      t.__kids[k] = v;
      return true;
    },
    apply: () => realStub(name + '()'),
    construct: () => realStub('new ' + name),
  });
};
// The bundle reads the module through esbuild's __toESM, which copies own properties and keeps the prototype:
// expose the stub's members through the prototype.
const members = realStub('vscode');
const vscode = Object.create(new Proxy({}, { get: (_, k) => (k === 'then' ? undefined : members[k]) }));
const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === 'vscode') return vscode;
  return load.call(this, request, parent, isMain);
};
const chunksLoaded = () => Object.keys(require.cache).filter((f) => f.includes(path.sep + 'chunks' + path.sep)).map((f) => path.basename(f, '.js'));
const out = {};
const t0 = performance.now();
const mod = require(target);
out.loadMs = performance.now() - t0;
if (mode === 'extension') {
  const context = { subscriptions: [], secrets: realStub('secrets'), workspaceState: realStub('workspaceState'), globalState: realStub('globalState'), extensionUri: realStub('uri'), extensionPath: path.dirname(path.dirname(target)), storageUri: undefined, globalStorageUri: realStub('gs'), logUri: realStub('log') };
  const t1 = performance.now();
  try {
    mod.activate(context);
    out.activateMs = performance.now() - t1;
  } catch (e) {
    out.activateError = String(e && e.message || e);
  }
  out.chunksAtActivation = chunksLoaded();
  if (withChunks === '1') {
    out.chunkFirstUseMs = {};
    const dir = path.join(path.dirname(target), 'chunks');
    for (const f of require('node:fs').readdirSync(dir).filter((f) => f.endsWith('.js')).sort()) {
      const t = performance.now();
      require(path.join(dir, f));
      out.chunkFirstUseMs[path.basename(f, '.js')] = performance.now() - t;
    }
  }
}
process.stdout.write(JSON.stringify(out), () => process.exit(0));
`;

function child(mode, target, chunks = false) {
  const r = spawnSync(process.execPath, ['-e', CHILD, mode, target, chunks ? '1' : '0'], { cwd: repo, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`measuring ${target} failed: ${r.stderr.trim().split('\n').slice(-3).join(' ')}`);
  return JSON.parse(r.stdout);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (n) => Math.round(n * 10) / 10;

/** Measures the bundle and the baseline in alternating fresh processes; returns the figures. */
export function measure({ target = bundle, n = runs, chunks = withChunks } = {}) {
  if (!existsSync(target)) throw new Error(`${target} missing: run node scripts/build.mjs --production first`);
  const baselineTarget = path.join(repo, 'node_modules', 'jsonc-parser');
  const loads = [];
  const activates = [];
  const baselines = [];
  let last;
  for (let i = 0; i < n; i++) {
    baselines.push(child('baseline', baselineTarget).loadMs);
    last = child('extension', target, chunks && i === n - 1);
    loads.push(last.loadMs);
    if (last.activateMs !== undefined) activates.push(last.activateMs);
  }
  const dir = path.dirname(target);
  const chunkDir = path.join(dir, 'chunks');
  const chunkBytes = existsSync(chunkDir) ? Object.fromEntries(readdirSync(chunkDir).filter((f) => f.endsWith('.js')).map((f) => [path.basename(f, '.js'), statSync(path.join(chunkDir, f)).size])) : {};
  const figures = {
    bundleBytes: statSync(target).size,
    loadMsMedian: round(median(loads)),
    loadMsMin: round(Math.min(...loads)),
    activateMsMedian: activates.length ? round(median(activates)) : undefined,
    activateError: last.activateError,
    baselineMsMedian: round(median(baselines)),
    loadToBaselineRatio: round(median(loads) / median(baselines)),
    chunksAtActivation: last.chunksAtActivation,
    chunkBytes,
  };
  if (last.chunkFirstUseMs) figures.chunkFirstUseMs = Object.fromEntries(Object.entries(last.chunkFirstUseMs).map(([k, v]) => [k, round(v)]));
  return figures;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const figures = measure();
  if (json) process.stdout.write(JSON.stringify(figures) + '\n');
  else for (const [k, v] of Object.entries(figures)) if (v !== undefined) console.log(`${k.padEnd(22)} ${typeof v === 'object' ? JSON.stringify(v) : v}`);
}
