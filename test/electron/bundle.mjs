// Bundles the extension-host suites (TypeScript) into one CommonJS file that mocha runs inside VS Code.
// Usage: import { bundleSuites } from './bundle.mjs'; const file = await bundleSuites(outDir)
import * as esbuild from 'esbuild';
import { mkdirSync, cpSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../..');

export async function bundleSuites(outDir = path.join(repoRoot, '.tmp', 'electron')) {
  mkdirSync(outDir, { recursive: true });
  const outfile = path.join(outDir, 'index.js');
  await esbuild.build({
    entryPoints: [path.join(here, 'suite', 'index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    // The suites share the extension's modules by import; the extension itself is the installed one,
    // so the monitor panel singleton is read through the extension's exports where it matters.
    logLevel: 'warning',
  });
  return outfile;
}

/** A fresh test workspace: a copy of the fixture factory under <dir>/demo-factory (not "factory": that is an ADF folder name). */
export function makeWorkspace(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(path.join(repoRoot, 'test', 'fixtures', 'vscode', 'factory'), path.join(dir, 'demo-factory'), { recursive: true });
  return dir;
}
