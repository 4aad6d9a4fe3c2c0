/**
 * Benchmark `editor`: one edit in a generated 1,000-pipeline factory (scripts/bench/factoryGen.ts), as the editor
 * handles it: the edited pipeline's new text goes to the IncrementalValidator, which re-validates that file and its
 * dependants, and the edited file's fresh diagnostics are read. Baseline, in the same run: a full load and validate
 * of the same factory (what the editor did at every save before). Goal: edit ≤ 0.05× full.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadFactory } from '../../src/engine/model';
import { IncrementalValidator, validateFactory } from '../../src/engine/validate';
import { writeGeneratedFactory } from './factoryGen';

export const name = 'editor';

const PIPELINES = 1000;
const EDITS = 30;

function ms(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export async function run(): Promise<Record<string, unknown>> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'adfw-bench-editor-'));
  try {
    const files = await writeGeneratedFactory(dir, { pipelines: PIPELINES });
    // Full load + validate, twice (the first pays module and schema warm-up); the faster counts.
    const full: number[] = [];
    for (let i = 0; i < 2; i++) {
      const t0 = process.hrtime.bigint();
      const diags = validateFactory(await loadFactory(dir));
      full.push(ms(t0));
      if (diags.some((d) => d.severity === 'error')) throw new Error('the generated factory is not clean');
    }
    const fullMs = Math.min(...full);

    const v = new IncrementalValidator(await loadFactory(dir));
    const edits: number[] = [];
    let revalidated = 0;
    let reported = 0;
    for (let i = 0; i < EDITS; i++) {
      // Type a dependsOn on an unknown activity into one pipeline (a different one each time), then read its diagnostics.
      const file = path.join(dir, 'pipeline', `Pipeline_${(i * 37) % PIPELINES}.json`);
      const text = await fs.readFile(file, 'utf8');
      const edited = text.replace('"activity": "Lookup config"', '"activity": "Lookup confg"');
      const t0 = process.hrtime.bigint();
      const touched = v.update('pipeline', file, edited);
      const fresh = touched.map((f) => v.diagnosticsOf(f));
      edits.push(ms(t0));
      revalidated += touched.length;
      reported += fresh.flat().filter((d) => d.file === file && d.code === 'ADF2020').length;
    }
    if (reported !== EDITS) throw new Error(`expected the unknown dependsOn reported after each of ${EDITS} edits, got ${reported}`);
    const editMs = median(edits);
    return {
      pipelines: PIPELINES,
      files,
      'full load+validate ms': Math.round(fullMs),
      'edit → fresh diagnostics ms (median)': +editMs.toFixed(2),
      'edit ms (max)': +Math.max(...edits).toFixed(2),
      'files re-validated per edit': +(revalidated / EDITS).toFixed(1),
      'ratio edit / full (goal ≤ 0.05)': +(editMs / fullMs).toFixed(4),
      'load average (1 min)': +os.loadavg()[0].toFixed(1),
    };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
