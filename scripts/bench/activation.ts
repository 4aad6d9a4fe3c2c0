/**
 * Benchmark `activation`: what loading the extension costs before `activate()` runs, and `activate()` itself,
 * in plain Node with a stubbed `vscode` module (scripts/measureActivation.mjs does the measuring in fresh processes).
 * Two production builds of the same sources go to a temporary folder: the shipped layout (dist/extension.js plus
 * on-demand chunks) and the same extension as one file. Figures:
 *   loadMs / baselineMs          load of the split extension vs requiring jsonc-parser, fresh processes, same run
 *   singleFileLoadMs             load of the one-file build; splitToSingleFileRatio = loadMs / singleFileLoadMs
 *   activateMs                   activate() against the stub (no workspace)
 *   chunksAtActivation           chunks required while loading and activating (expected: none)
 *   chunkFirstUseMs              cost of each chunk on its first use (run engine, validator, SDKs, schema validators)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

export const name = 'activation';

const repo = path.resolve(__dirname, '..', '..');

interface Figures {
  bundleBytes: number;
  loadMsMedian: number;
  loadMsMin: number;
  activateMsMedian?: number;
  activateError?: string;
  baselineMsMedian: number;
  loadToBaselineRatio: number;
  chunksAtActivation: string[];
  chunkBytes: Record<string, number>;
  chunkFirstUseMs?: Record<string, number>;
}

function build(outdir: string, extra: string[]): void {
  const r = spawnSync(process.execPath, [path.join(repo, 'scripts', 'build.mjs'), '--production', '--extension-only', '--outdir', outdir, ...extra], { cwd: repo, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed: ${r.stderr}`);
}

export async function run(): Promise<Record<string, unknown>> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'adfw-bench-activation-'));
  try {
    const split = path.join(tmp, 'split');
    const single = path.join(tmp, 'single');
    build(split, []);
    build(single, ['--no-chunks']);
    const { measure } = (await import(pathToFileURL(path.join(repo, 'scripts', 'measureActivation.mjs')).href)) as { measure(o: { target: string; n: number; chunks: boolean }): Figures };
    const s = measure({ target: path.join(split, 'extension.js'), n: 7, chunks: true });
    const one = measure({ target: path.join(single, 'extension.js'), n: 5, chunks: false });
    return {
      bundleBytes: s.bundleBytes,
      singleFileBytes: one.bundleBytes,
      loadMs: s.loadMsMedian,
      loadMsMin: s.loadMsMin,
      baselineMs: s.baselineMsMedian,
      loadToBaselineRatio: s.loadToBaselineRatio,
      singleFileLoadMs: one.loadMsMedian,
      singleFileToBaselineRatio: one.loadToBaselineRatio,
      splitToSingleFileRatio: Math.round((s.loadMsMedian / one.loadMsMedian) * 1000) / 1000,
      activateMs: s.activateMsMedian ?? s.activateError,
      chunksAtActivation: s.chunksAtActivation,
      chunkFirstUseMs: s.chunkFirstUseMs,
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
