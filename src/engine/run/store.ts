/**
 * Persistent run store: one JSON file per pipeline run in a folder (by default <factory>/.adf/runs/).
 * Writes are atomic (temporary file + rename), so a crash leaves either the old or the new record, never a
 * torn one; unreadable files are skipped by queries. The store keeps the most recent `keep` runs.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { PipelineRun, RunResult } from '../contracts';

export interface RunQuery {
  /** Runs that started at or after this time (ISO). */
  from?: string;
  /** Runs that started before this time (ISO). */
  to?: string;
  pipelineName?: string;
  status?: string;
  /** Only runs of this group (a run and its reruns). */
  runGroupId?: string;
}

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** The default store folder of a factory. */
export function defaultStoreDir(factoryRoot: string): string {
  return path.join(factoryRoot, '.adf', 'runs');
}

export class RunStore {
  private gitignoreChecked = false;

  constructor(
    readonly dir: string,
    readonly keep = 200,
  ) {}

  private file(runId: string): string {
    if (!RUN_ID.test(runId)) throw new Error(`Invalid run id "${runId}".`);
    return path.join(this.dir, `${runId}.json`);
  }

  /** Saves (or replaces) a run atomically, then prunes the oldest runs beyond the bound. */
  async save(r: RunResult): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    await this.ensureGitignore();
    const target = this.file(r.pipelineRun.runId);
    const tmp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const fh = await fs.open(tmp, 'w');
    try {
      await fh.writeFile(JSON.stringify(r));
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.rename(tmp, target);
    if (r.pipelineRun.status !== 'InProgress') await this.prune();
  }

  /** A run by id, or undefined (also when its file is unreadable). */
  async get(runId: string): Promise<RunResult | undefined> {
    if (!RUN_ID.test(runId)) return undefined;
    return readRun(this.file(runId));
  }

  /** Pipeline runs matching the filter, newest first. */
  async query(filter: RunQuery = {}): Promise<PipelineRun[]> {
    const out: PipelineRun[] = [];
    for (const f of await this.files()) {
      const r = await readRun(path.join(this.dir, f));
      if (!r) continue;
      const p = r.pipelineRun;
      const start = p.runStart ?? p.lastUpdated;
      if (filter.from && start < filter.from) continue;
      if (filter.to && start >= filter.to) continue;
      if (filter.pipelineName && p.pipelineName.toLowerCase() !== filter.pipelineName.toLowerCase()) continue;
      if (filter.status && p.status.toLowerCase() !== filter.status.toLowerCase()) continue;
      if (filter.runGroupId && p.runGroupId !== filter.runGroupId) continue;
      out.push(p);
    }
    return out.sort((a, b) => (b.runStart ?? '').localeCompare(a.runStart ?? ''));
  }

  private async files(): Promise<string[]> {
    try {
      return (await fs.readdir(this.dir)).filter((f) => f.endsWith('.json'));
    } catch {
      return [];
    }
  }

  /** Removes leftovers of interrupted writes and the oldest runs beyond `keep`. */
  private async prune(): Promise<void> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch {
      return;
    }
    const now = Date.now();
    const stats: { f: string; t: number }[] = [];
    for (const f of names) {
      const p = path.join(this.dir, f);
      const st = await fs.stat(p).catch(() => undefined);
      if (!st) continue;
      if (f.endsWith('.tmp')) {
        if (now - st.mtimeMs > 60_000) await fs.rm(p, { force: true });
        continue;
      }
      if (f.endsWith('.json')) stats.push({ f, t: st.mtimeMs });
    }
    if (stats.length <= this.keep) return;
    stats.sort((a, b) => a.t - b.t || a.f.localeCompare(b.f));
    for (const s of stats.slice(0, stats.length - this.keep)) await fs.rm(path.join(this.dir, s.f), { force: true });
  }

  private async ensureGitignore(): Promise<void> {
    if (this.gitignoreChecked) return;
    this.gitignoreChecked = true;
    // Run records are local state: keep them out of git.
    const adfDir = path.dirname(this.dir);
    if (path.basename(adfDir) !== '.adf') return;
    const gi = path.join(adfDir, '.gitignore');
    await fs.writeFile(gi, '*\n', { flag: 'wx' }).catch(() => undefined);
  }
}

async function readRun(file: string): Promise<RunResult | undefined> {
  try {
    const r = JSON.parse(await fs.readFile(file, 'utf8')) as RunResult;
    return r && r.pipelineRun && typeof r.pipelineRun.runId === 'string' && Array.isArray(r.activityRuns) ? r : undefined;
  } catch {
    return undefined;
  }
}
