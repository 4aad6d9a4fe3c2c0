/**
 * Fault tolerance for row copies: `enableSkipIncompatibleRow` skips rows the sink refuses (existing id on
 * insert, too large, invalid, type conversion failures); `redirectIncompatibleRowSettings` (or
 * `logSettings.logLocationSettings`) logs each skipped row as CSV with the columns
 * Timestamp, Level, OperationName, OperationItem, Message, under
 * `<path>/copyactivity-logs/<activity name>/<activity run id>/` on the given Blob/ADLS/file linked service.
 */
import { createWriteStream, promises as fs, type WriteStream } from 'node:fs';
import * as path from 'node:path';
import { createReadStream } from 'node:fs';
import type { ResolvedLinkedService } from '../contracts';
import type { Row } from '../connectors/types';
import { bool, str } from '../connectors';
import { openStore, splitContainerPath } from '../connectors';
import { ConnectorError, CONNECTOR_CODES } from '../contracts';

export interface FaultToleranceSettings {
  skip: boolean;
  redirect?: { linkedService: ResolvedLinkedService; path: string };
}

/** Reads the copy's fault tolerance settings; a redirect needs a resolvable linked service. */
export function faultToleranceOf(tp: Record<string, any>, resolveLinkedService: (name: string) => ResolvedLinkedService | undefined): FaultToleranceSettings {
  const skip = bool(tp?.enableSkipIncompatibleRow, false);
  const r = (tp?.redirectIncompatibleRowSettings ?? (tp?.logSettings?.enableCopyActivityLog ? tp?.logSettings?.logLocationSettings : undefined)) as Record<string, any> | undefined;
  if (!skip || !r) return { skip };
  const ref = r.linkedServiceName;
  const name = typeof ref === 'string' ? ref : str(ref?.referenceName);
  if (!name) throw new ConnectorError(`redirectIncompatibleRowSettings needs linkedServiceName (a Blob, ADLS Gen2 or FileServer linked service).`, 'Sink', CONNECTOR_CODES.unsupported);
  const ls = ref && typeof ref === 'object' && 'typeProperties' in ref ? (ref as ResolvedLinkedService) : resolveLinkedService(name);
  if (!ls) throw new ConnectorError(`redirectIncompatibleRowSettings: linked service '${name}' was not found.`, 'Sink', CONNECTOR_CODES.unsupported);
  return { skip, redirect: { linkedService: ls, path: str(r.path) ?? '' } };
}

const HEADER = 'Timestamp,Level,OperationName,OperationItem,Message\r\n';

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** ADF's log timestamp: `yyyy-MM-dd HH:mm:ss.fffffff`. */
function logTime(d: Date): string {
  return d.toISOString().replace('T', ' ').replace('Z', '0000');
}

/** Collects skipped rows into a local CSV, then stores it at the redirect location on `close()`. */
export class SkippedRowLog {
  private out: WriteStream | undefined;
  private opening: Promise<void> | undefined;
  private closing: Promise<string | undefined> | undefined;
  private localFile: string | undefined;
  count = 0;

  constructor(
    private readonly settings: FaultToleranceSettings,
    private readonly workDir: string,
    private readonly activityName: string,
    private readonly activityRunId: string,
    private readonly now: () => Date,
  ) {}

  get enabled(): boolean {
    return !!this.settings.redirect;
  }

  /** Records one skipped row. */
  async add(row: Row, operation: string, message: string): Promise<void> {
    this.count++;
    if (!this.settings.redirect) return;
    await (this.opening ??= (async () => {
      await fs.mkdir(this.workDir, { recursive: true });
      this.localFile = path.join(this.workDir, `skipped-${this.activityRunId}.csv`);
      this.out = createWriteStream(this.localFile);
      this.out.write(HEADER);
    })());
    if (!this.out) return;
    const line = [logTime(this.now()), 'Warning', operation, csvField(JSON.stringify(row)), csvField(message)].join(',') + '\r\n';
    if (!this.out.write(line)) await new Promise<void>((r) => this.out!.once('drain', () => r()));
  }

  /** Stores the log; returns its path as ADF reports it in `logFilePath`, or undefined when nothing was skipped. */
  close(): Promise<string | undefined> {
    return (this.closing ??= this.store());
  }

  private async store(): Promise<string | undefined> {
    await this.opening;
    if (!this.out || !this.settings.redirect || !this.localFile) return undefined;
    await new Promise<void>((r, j) => this.out!.end((e?: Error | null) => (e ? j(e) : r())));
    const { linkedService, path: base } = this.settings.redirect;
    const { container, folder } = splitContainerPath(linkedService, base);
    const store = await openStore(linkedService, container, 'Sink');
    const rel = [folder, 'copyactivity-logs', this.activityName, this.activityRunId].filter(Boolean).join('/');
    const file = `${rel}/incompatiblerows.csv`;
    await store.write(file, createReadStream(this.localFile));
    await fs.rm(this.localFile, { force: true });
    return [container, file].filter(Boolean).join('/');
  }
}
