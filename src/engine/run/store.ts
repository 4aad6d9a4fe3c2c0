/**
 * Persistent run store: one JSON file per pipeline run in a folder (by default <factory>/.adf/runs/).
 * Writes are atomic (temporary file + rename), so a crash leaves either the old or the new record, never a
 * torn one; unreadable files are skipped by queries. The store keeps the most recent `keep` runs.
 *
 * Interrupted runs: every read (get, query) checks the owner of a record still in progress (owner.ts). A record
 * whose process has ended is returned as interrupted (Failed), and the first reader that sees it rewrites the
 * file by compare-and-swap: under the record's lock (recordLock.ts, `<runId>.json.lock`, also taken by every
 * save), the file is read again and replaced only when it is still in progress with the same `lastUpdated` as the
 * record the decision was made on. A concurrent reader then finds it settled; an owner that was only slow and
 * saved in between keeps its record; an owner that saves afterwards replaces the interrupted record with its own.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { PipelineRun, RunResult } from '../contracts';
import { interruptedRecord, isUnfinished, localProbe, ownerGone, type HostProbe } from './owner';
import { withRecordLock } from './recordLock';

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

export interface RunStoreOptions {
  /** How the store tells whether the owner of a record in progress is still running (tests give their own). */
  probe?: HostProbe;
  /** The clock of the interrupted-run check (tests). */
  now?: () => number;
}

export class RunStore {
  private gitignoreChecked = false;
  private readonly probe: HostProbe;
  private readonly now: () => number;

  constructor(
    readonly dir: string,
    readonly keep = 200,
    opts: RunStoreOptions = {},
  ) {
    this.probe = opts.probe ?? localProbe();
    this.now = opts.now ?? Date.now;
  }

  private file(runId: string): string {
    if (!RUN_ID.test(runId)) throw new Error(`Invalid run id "${runId}".`);
    return path.join(this.dir, `${runId}.json`);
  }

  /** Saves (or replaces) a run atomically, then prunes the oldest runs beyond the bound. */
  async save(r: RunResult): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    await this.ensureGitignore();
    const target = this.file(r.pipelineRun.runId);
    const tmp = await writeTemp(target, r);
    try {
      await withRecordLock(target, SAVE_ATTEMPTS, () => fs.rename(tmp, target));
    } catch (e) {
      await fs.rm(tmp, { force: true });
      throw e;
    }
    if (!isUnfinished(r)) await this.prune();
  }

  /** A run by id, or undefined (also when its file is unreadable). A run whose process ended reads as interrupted. */
  async get(runId: string): Promise<RunResult | undefined> {
    if (!RUN_ID.test(runId)) return undefined;
    const r = await readRun(this.file(runId));
    return r && this.settle(r);
  }

  /**
   * Read-modify-write of a stored run under its lock (`change` gets the current record and returns the new one, or
   * undefined to leave it). False when the run is not in the store.
   */
  async update(runId: string, change: (r: RunResult) => RunResult | undefined): Promise<boolean> {
    const target = this.file(runId);
    return withRecordLock(target, SAVE_ATTEMPTS, async () => {
      const cur = await readRun(target);
      if (!cur) return false;
      const next = change(cur);
      if (next) await fs.rename(await writeTemp(target, next), target);
      return true;
    });
  }

  /**
   * Compare-and-swap of an interrupted run: rewrites the record as interrupted only if the file still holds a run
   * in progress with the same `lastUpdated` as `seen`. True when this call rewrote it.
   */
  async markInterrupted(seen: RunResult): Promise<boolean> {
    const target = this.file(seen.pipelineRun.runId);
    try {
      return await withRecordLock(target, READER_ATTEMPTS, async () => {
        const cur = await readRun(target);
        if (!cur || !isUnfinished(cur) || cur.pipelineRun.lastUpdated !== seen.pipelineRun.lastUpdated) return false;
        await fs.rename(await writeTemp(target, interruptedRecord(cur, new Date(this.now()))), target);
        return true;
      });
    } catch {
      // Busy or read-only store: this reader reports the run as interrupted without writing it; a later one will.
      return false;
    }
  }

  /** The record as readers must see it: interrupted (and written so, once) when its process has ended. */
  private async settle(r: RunResult): Promise<RunResult> {
    if (!isUnfinished(r) || !ownerGone(r.pipelineRun['adfw:owner'], r.pipelineRun.lastUpdated, this.now(), this.probe)) return r;
    await this.markInterrupted(r);
    const now = await readRun(this.file(r.pipelineRun.runId));
    // Normally the record just written (or by a concurrent reader); an owner that came back keeps its own.
    if (now && (!isUnfinished(now) || now.pipelineRun.lastUpdated !== r.pipelineRun.lastUpdated)) return now;
    return interruptedRecord(r, new Date(this.now()));
  }

  /** Pipeline runs matching the filter, newest first. */
  async query(filter: RunQuery = {}): Promise<PipelineRun[]> {
    const out: PipelineRun[] = [];
    for (const f of await this.files()) {
      const read = await readRun(path.join(this.dir, f));
      if (!read) continue;
      const r = await this.settle(read);
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
      if (f.endsWith('.tmp') || f.endsWith('.lock')) {
        // Leftovers of a process that died while writing (temporary file) or holding a record's lock.
        if (now - st.mtimeMs > 60_000) await fs.rm(p, { force: true, recursive: true });
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

/** Waits for a record's lock: a save waits out a stale lock (LOCK_STALE_MS); a reader gives up soon and writes nothing. */
const SAVE_ATTEMPTS = 40;
const READER_ATTEMPTS = 3;

/** Writes the record to a new temporary file beside `target` (flushed to disk) and returns its path. */
async function writeTemp(target: string, r: RunResult): Promise<string> {
  const tmp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fh = await fs.open(tmp, 'w');
  try {
    await fh.writeFile(JSON.stringify(r));
    await fh.sync();
  } finally {
    await fh.close();
  }
  return tmp;
}

async function readRun(file: string): Promise<RunResult | undefined> {
  try {
    const r = JSON.parse(await fs.readFile(file, 'utf8')) as RunResult;
    return r && r.pipelineRun && typeof r.pipelineRun.runId === 'string' && Array.isArray(r.activityRuns) ? r : undefined;
  } catch {
    return undefined;
  }
}
