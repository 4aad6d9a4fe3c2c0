// Bundles the extension, the CLI and the webviews with esbuild.
// Types are checked separately by `npm run typecheck` (tsc --noEmit).
//
// The extension is split so that loading dist/extension.js stays cheap: code that only runs on demand (the local
// run engine with the copy engine, connectors and data flow glue; pipeline tests; the Azure SDKs; the precompiled
// schema validators and the validator itself) is built into its own CommonJS chunk in dist/chunks/ and required on
// first use. See CHUNKS below and chunkPlugin().
//
//   node scripts/build.mjs                 development build (source maps)
//   node scripts/build.mjs --production    minified, and stages the native DuckDB packages under dist/node_modules
//   node scripts/build.mjs --production --package   also packages dist/adf-workbench.vsix for this platform
//   node scripts/build.mjs --metafile      writes dist/meta/<bundle>.json (esbuild metafiles, for size analysis)
//   --extension-only   only dist/extension.js and its chunks;  --no-chunks   the extension as one file (for comparison)
//   --outdir DIR       write to DIR instead of dist (benchmarks build into a temporary folder)
import * as esbuild from 'esbuild';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const packageVsix = process.argv.includes('--package');
const metafile = process.argv.includes('--metafile');
const extensionOnly = process.argv.includes('--extension-only');
const noChunks = process.argv.includes('--no-chunks');
const outIndex = process.argv.indexOf('--outdir');
const out = outIndex > 0 ? path.resolve(process.argv[outIndex + 1]) : path.join(repo, 'dist');

// Native or data-heavy packages stay outside the bundle and load from node_modules (dist/node_modules in the VSIX).
// snappy and lz4-napi (compression codecs) load a prebuilt native binding of this platform.
const nativeCodecPackages = ['snappy', 'lz4-napi'];
const nodeExternals = ['@duckdb/node-api', '@duckdb/node-bindings', ...nativeCodecPackages, 'azurite', 'fsevents', 'playwright-core', 'mocha'];

// ESM packages bundled into CommonJS read import.meta.url (e.g. @azure/storage-common's crc64, `open` used by
// @azure/identity); esbuild leaves it undefined in CJS, which makes createRequire() throw when they load.
const IMPORT_META_URL = 'var __adfwImportMetaUrl = require("node:url").pathToFileURL(__filename).href;';
const nodeCjs = { define: { 'import.meta.url': '__adfwImportMetaUrl' }, banner: { js: IMPORT_META_URL } };

const common = {
  absWorkingDir: repo,
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
  // jsonc-parser's "main" is a UMD build whose dynamic require('./impl/...') esbuild cannot follow; use its ESM build.
  mainFields: ['module', 'main'],
};

/**
 * The extension's on-demand chunks. A chunk is either one source module (`entry`) or a group of packages built
 * together (`group`: export key -> package) so that packages sharing dependencies (the Azure SDKs share
 * @azure/core-*) keep one copy of them, and `instanceof` checks between them keep working.
 *
 * Every import of a chunk's module, from the extension or from another chunk, becomes a require of the chunk file,
 * so each chunk's code exists exactly once at run time. Dynamic `import()` and function-level `require()` load the
 * chunk on first use; a static top-level import would load it eagerly (scripts/measureActivation.mjs reports the
 * chunks loaded at activation, which should be none).
 */
const CHUNKS = [
  // The local run engine: control flow, expression evaluation, copy engine, connectors, data flow execution.
  { name: 'run', entry: 'src/engine/run/index.ts' },
  // Pipeline tests (*.adftest.json): the test file format, runner and reporters; the run engine chunk loads when a test runs.
  { name: 'testing', entry: 'src/engine/testing/index.ts' },
  // The pipeline debug adapter (DAP, debug type `adf`), loaded when a debug session starts.
  { name: 'debugAdapter', entry: 'src/vscode/debug/adapter.ts' },
  // The validator (schema + semantic + expression checks) with the generated schemas; loaded when the workspace's
  // factories are first validated, after activation.
  { name: 'validate', entry: 'src/engine/validate/index.ts' },
  // The linter (rules, .adfwlint.json, SARIF) and impact analysis (references, unused resources, factory graph);
  // loaded after the factories were first loaded.
  { name: 'lint', entry: 'src/engine/lint/index.ts' },
  { name: 'impact', entry: 'src/engine/impact/index.ts' },
  // Test coverage (collector, LCOV, HTML), loaded by a coverage run of the Testing view.
  { name: 'coverage', entry: 'src/engine/coverage/index.ts' },
  // The Fabric REST client (workspaces, runs, definitions), loaded when the Fabric view or a Fabric command needs it.
  { name: 'fabricRemote', entry: 'src/engine/fabricRemote/index.ts' },
  // Azure SDKs used for remote factories (ARM, sign-in, subscriptions, HTTP pipeline).
  {
    name: 'azureRemote',
    group: {
      armDatafactory: '@azure/arm-datafactory',
      armSubscriptions: '@azure/arm-resources-subscriptions',
      identity: '@azure/identity',
      coreRestPipeline: '@azure/core-rest-pipeline',
    },
  },
  // Azure SDKs of the data stores (Cosmos DB, Blob storage).
  { name: 'azureData', group: { cosmos: '@azure/cosmos', storageBlob: '@azure/storage-blob' } },
  // File format libraries (Parquet, CSV) used by the file connectors.
  { name: 'formats', group: { hyparquet: 'hyparquet', hyparquetWriter: 'hyparquet-writer', csvParse: 'csv-parse', csvStringifySync: 'csv-stringify/sync' } },
  // Precompiled ajv validators, one per resource kind (megabytes of generated code; a factory loads only the kinds it has).
  ...['pipeline', 'dataset', 'linkedService', 'trigger', 'dataflow', 'integrationRuntime', 'credential', 'managedVirtualNetwork', 'factory', 'globalParameters'].map((kind) => ({
    name: `schema-${kind}`,
    entry: `src/engine/schema/generated/${kind}.js`,
  })),
];

const CHUNK_NS = 'adfw-chunk';

/** Maps an absolute module path or a package name to the chunk (and export key) that provides it. */
function chunkIndex() {
  const byFile = new Map();
  const byPackage = new Map();
  for (const c of CHUNKS) {
    if (c.entry) byFile.set(path.join(repo, c.entry), { chunk: c.name });
    for (const [key, pkg] of Object.entries(c.group ?? {})) byPackage.set(pkg, { chunk: c.name, key });
  }
  return { byFile, byPackage };
}

/**
 * esbuild plugin: imports of a chunk's module become `require('<prefix><chunk>.js')` (external), through a small
 * virtual module so dynamic `import()` keeps its promise semantics. `self` is the chunk being built (its own
 * modules are bundled, not redirected); `prefix` is the chunk directory relative to the output file.
 */
function chunkPlugin({ self, prefix }) {
  const { byFile, byPackage } = chunkIndex();
  return {
    name: 'adfw-chunks',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.path.startsWith('adfw-chunk:')) return { path: prefix + args.path.slice('adfw-chunk:'.length) + '.js', external: true };
        if (args.kind === 'entry-point' || args.namespace === CHUNK_NS || args.pluginData?.adfwChunk) return undefined;
        // Packages import their own dependencies directly: only our sources' imports are redirected.
        if (/[\\/]node_modules[\\/]/.test(args.importer)) return undefined;
        let target = byPackage.get(args.path);
        if (!target && (args.path.startsWith('.') || path.isAbsolute(args.path))) {
          const r = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: { adfwChunk: true } });
          if (r.errors.length) return undefined;
          target = byFile.get(r.path);
        }
        if (!target || target.chunk === self) return undefined;
        // A top-level import in the extension itself would load the chunk during activation: say so.
        const warnings = self === undefined && args.kind === 'import-statement' ? [{ text: `${path.relative(repo, args.importer)} imports "${args.path}" statically: chunk "${target.chunk}" will load at activation (use a dynamic import())` }] : [];
        return { path: `${target.chunk}${target.key ? '#' + target.key : ''}`, namespace: CHUNK_NS, warnings };
      });
      build.onLoad({ filter: /.*/, namespace: CHUNK_NS }, (args) => {
        const [chunk, key] = args.path.split('#');
        return { contents: `module.exports = require(${JSON.stringify('adfw-chunk:' + chunk)})${key ? `[${JSON.stringify(key)}]` : ''};`, loader: 'js', resolveDir: repo };
      });
    },
  };
}

/** The build options of one chunk (dist/chunks/<name>.js). */
function chunkBuild(c) {
  const opts = {
    ...common,
    outfile: path.join(out, 'chunks', `${c.name}.js`),
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    ...nodeCjs,
    external: ['vscode', ...nodeExternals],
    plugins: [chunkPlugin({ self: c.name, prefix: './' })],
    metafile,
  };
  if (c.entry) return { ...opts, entryPoints: [c.entry] };
  const source = Object.entries(c.group)
    .map(([key, pkg]) => `export * as ${key} from ${JSON.stringify(pkg)};`)
    .join('\n');
  return { ...opts, stdin: { contents: source, resolveDir: repo, sourcefile: `${c.name}-chunk.js`, loader: 'js' } };
}

/** A top-level bundle in dist/ that loads the chunks on demand; `self` names it for the chunk plugin. */
function chunkedEntry(name, entry, self) {
  return {
    ...common,
    entryPoints: { [name]: entry },
    outdir: out,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    ...nodeCjs,
    external: ['vscode', ...nodeExternals],
    plugins: noChunks ? [] : [chunkPlugin({ self, prefix: './chunks/' })],
    metafile,
  };
}

const builds = [
  chunkedEntry('extension', 'src/vscode/extension.ts', undefined),
  ...(noChunks ? [] : CHUNKS.map(chunkBuild)),
  // The copy engine's worker thread (src/engine/copy/isolatedCopy.ts starts it from dist/copyWorker.js); the
  // Azure SDKs and file format libraries come from the shared chunks.
  chunkedEntry('copyWorker', 'src/engine/copy/copyWorker.ts', 'copyWorker'),
];
if (!extensionOnly) builds.push(
  {
    ...common,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: out,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: nodeExternals,
    define: nodeCjs.define,
    banner: { js: `#!/usr/bin/env node\n${IMPORT_META_URL}` },
    metafile,
  },
);

if (!extensionOnly) builds.push(
  // The same debug adapter over stdio for any DAP client: `node dist/debugAdapter.js`.
  { ...common, entryPoints: { debugAdapter: 'src/vscode/debug/main.ts' }, outdir: out, platform: 'node', format: 'cjs', target: 'node20', external: nodeExternals, define: nodeCjs.define, banner: { js: IMPORT_META_URL }, metafile },
);
for (const name of extensionOnly ? [] : ['monitor', 'graph', 'preview']) {
  const entry = `src/webview/${name}/main.ts`;
  if (existsSync(entry)) {
    builds.push({ ...common, entryPoints: { [name]: entry }, outdir: path.join(out, 'webview'), platform: 'browser', format: 'iife', target: 'es2022' });
  }
}
for (const extra of extensionOnly ? [] : ['src/engine/testing/index.ts']) {
  if (existsSync(extra)) {
    builds.push({ ...common, ...nodeCjs, entryPoints: { testing: extra }, outdir: out, platform: 'node', format: 'cjs', target: 'node20', external: nodeExternals });
  }
}

/**
 * Copies the packages the extension requires at run time but does not bundle (DuckDB's node API, its bindings
 * loader, the snappy and lz4 codecs, and the native bindings of this platform) to dist/node_modules, where require() from dist/extension.js and
 * dist/chunks/*.js finds them inside an installed VSIX. Skipped when the staged copy is already current.
 */
function stageRuntimePackages() {
  // A package's folder as require() would find it from `from` (some packages do not export their package.json).
  const dir = (name, from) => {
    for (const base of createRequire(from).resolve.paths(name) ?? []) if (existsSync(path.join(base, name, 'package.json'))) return path.join(base, name);
    throw new Error(`${name} is not installed`);
  };
  const api = dir('@duckdb/node-api', path.join(repo, 'package.json'));
  const bindings = dir('@duckdb/node-bindings', path.join(api, 'package.json'));
  const bindingsPkg = JSON.parse(readFileSync(path.join(bindings, 'package.json'), 'utf8'));
  const packages = [api, bindings];
  // The native binding packages installed for this machine (npm installs only the matching optional dependency).
  for (const name of Object.keys(bindingsPkg.optionalDependencies ?? {})) {
    try {
      packages.push(dir(name, path.join(bindings, 'package.json')));
    } catch {
      /* not for this platform */
    }
  }
  if (packages.length < 3) throw new Error(`no native DuckDB binding installed for ${process.platform}-${process.arch}: run npm ci on the target platform`);
  for (const name of Object.keys(bindingsPkg.dependencies ?? {})) packages.push(dir(name, path.join(bindings, 'package.json')));
  // The codec packages with the native binding npm installed for this platform.
  for (const name of nativeCodecPackages) {
    const root = dir(name, path.join(repo, 'package.json'));
    packages.push(root);
    const rootPkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    let native = 0;
    for (const opt of Object.keys(rootPkg.optionalDependencies ?? {})) {
      try {
        packages.push(dir(opt, path.join(root, 'package.json')));
        native++;
      } catch {
        /* not for this platform */
      }
    }
    if (!native) throw new Error(`no native ${name} binding installed for ${process.platform}-${process.arch}: run npm ci on the target platform`);
  }
  const staged = [];
  for (const src of packages) {
    const pkg = JSON.parse(readFileSync(path.join(src, 'package.json'), 'utf8'));
    const dest = path.join(out, 'node_modules', pkg.name);
    const current = existsSync(path.join(dest, 'package.json')) && JSON.parse(readFileSync(path.join(dest, 'package.json'), 'utf8')).version === pkg.version;
    if (!current) {
      rmSync(dest, { recursive: true, force: true });
      cpSync(src, dest, { recursive: true, filter: (f) => !/[\\/](node_modules|\.github|test)$|\.d\.ts$|\.map$/.test(f) });
    }
    staged.push(`${pkg.name}@${pkg.version}`);
  }
  return staged;
}

/** The vsce target of this machine (e.g. linux-x64, alpine-x64, darwin-arm64, win32-x64). */
function vsceTarget() {
  let musl = false;
  if (process.platform === 'linux') {
    const report = process.report?.getReport?.();
    musl = !report?.header?.glibcVersionRuntime;
  }
  return `${musl ? 'alpine' : process.platform}-${process.arch}`;
}

if (watch) {
  for (const b of builds) (await esbuild.context(b)).watch();
} else {
  const results = await Promise.all(builds.map((b) => esbuild.build(b)));
  if (metafile) {
    mkdirSync(path.join(out, 'meta'), { recursive: true });
    results.forEach((r, i) => {
      if (!r.metafile) return;
      const b = builds[i];
      const name = b.outfile ? path.basename(b.outfile, '.js') : Object.keys(b.entryPoints)[0];
      writeFileSync(path.join(out, 'meta', `${name}.json`), JSON.stringify(r.metafile));
    });
  }
  if ((production && !extensionOnly) || packageVsix) {
    const staged = stageRuntimePackages();
    console.log(`staged in ${path.relative(repo, path.join(out, 'node_modules'))}: ${staged.join(', ')}`);
  }
  if (packageVsix) {
    const target = vsceTarget();
    const vsce = path.join(repo, 'node_modules', '.bin', process.platform === 'win32' ? 'vsce.cmd' : 'vsce');
    const r = spawnSync(vsce, ['package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--target', target, '-o', path.join(out, 'adf-workbench.vsix')], { cwd: repo, stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}
