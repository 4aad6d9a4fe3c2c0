/**
 * Temporary local files for the push-down of a data flow run whose sources or sinks are on Blob storage or ADLS Gen2
 * (DuckDB reads and writes local files here): a source's listed files are streamed to a folder of the run before
 * DuckDB scans them, and a sink DuckDB writes locally is streamed to the store afterwards. One folder per run, under
 * its work folder, removed when the run ends (succeeded, failed or cancelled). Previews do not stage: they read such
 * sources through the connector, which stops at the row limit instead of downloading whole files.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { FileEntry, FileStore } from '../connectors';
import { loadConnectors } from './io';

export class DataFlowStaging {
  private dir: Promise<string> | undefined;
  private next = 0;
  constructor(
    private readonly parent: string,
    private readonly signal: AbortSignal,
  ) {}

  private folder(): Promise<string> {
    this.dir ??= fs.mkdir(this.parent, { recursive: true }).then(() => fs.mkdtemp(path.join(this.parent, 'staging-')));
    return this.dir;
  }

  /** Streams `entries` of `store` to local files (numbered, in a fresh folder); their paths in order. */
  async sourceFiles(store: FileStore, entries: FileEntry[]): Promise<string[]> {
    const { downloadToFile, stagedExtension } = await loadConnectors();
    const folder = path.join(await this.folder(), `source-${this.next++}`);
    const out: string[] = [];
    for (const [i, e] of entries.entries()) {
      const file = path.join(folder, `${i}${stagedExtension(e.path)}`);
      await downloadToFile(store, e.path, file, this.signal);
      out.push(file);
    }
    return out;
  }

  /** A local path for a sink file named `name` (uploaded by the caller once DuckDB has written it). */
  async sinkPath(name: string): Promise<string> {
    const { stagedExtension } = await loadConnectors();
    return path.join(await this.folder(), `sink-${this.next++}${stagedExtension(name)}`);
  }

  /** Removes the run's temporary files. */
  async release(): Promise<void> {
    const dir = await this.dir?.catch(() => undefined);
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  }
}
