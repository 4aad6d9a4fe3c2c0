// Bundles the extension, the CLI and the webviews with esbuild.
// Types are checked separately by `npm run typecheck` (tsc --noEmit).
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

// Native or data-heavy packages stay outside the bundle and load from node_modules.
const nodeExternals = ['@duckdb/node-api', '@duckdb/node-bindings', 'azurite', 'fsevents', 'playwright-core', 'mocha'];

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
  // jsonc-parser's "main" is a UMD build whose dynamic require('./impl/...') esbuild cannot follow; use its ESM build.
  mainFields: ['module', 'main'],
};

const builds = [
  {
    ...common,
    entryPoints: { extension: 'src/vscode/extension.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', ...nodeExternals],
  },
  {
    ...common,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: nodeExternals,
    banner: { js: '#!/usr/bin/env node' },
  },
];

for (const name of ['monitor', 'graph', 'preview']) {
  const entry = `src/webview/${name}/main.ts`;
  if (existsSync(entry)) {
    builds.push({ ...common, entryPoints: { [name]: entry }, outdir: 'dist/webview', platform: 'browser', format: 'iife', target: 'es2022' });
  }
}
for (const extra of ['src/engine/testing/index.ts']) {
  if (existsSync(extra)) {
    builds.push({ ...common, entryPoints: { testing: extra }, outdir: 'dist', platform: 'node', format: 'cjs', target: 'node20', external: nodeExternals });
  }
}

if (watch) {
  for (const b of builds) (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
