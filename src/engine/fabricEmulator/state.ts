/**
 * The Fabric emulator's data: workspaces, items with their definitions (parts as base64 payloads), item job
 * instances with their activity runs, and long-running operations. Optionally persisted to a state folder as one
 * JSON file, written atomically (temporary file, then rename), so a restarted emulator keeps what was published.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ActivityRun } from '../contracts';
import { readStateSnapshot } from '../emulator';

export interface DefinitionPart {
  path: string;
  payload: string;
  payloadType: 'InlineBase64';
}

export interface StoredWorkspace {
  id: string;
  displayName: string;
  description: string;
  capacityId?: string;
}

export interface StoredItem {
  id: string;
  workspaceId: string;
  type: string;
  displayName: string;
  description: string;
  parts: DefinitionPart[];
  /** A VariableLibrary's active value set (Update Variable Library's `properties.activeValueSetName`); default values when absent. */
  activeValueSetName?: string;
}

/** Job instance statuses of the Job Scheduler API. */
export type JobStatus = 'NotStarted' | 'InProgress' | 'Completed' | 'Failed' | 'Cancelled' | 'Deduped';

export interface StoredJob {
  id: string;
  workspaceId: string;
  itemId: string;
  jobType: string;
  invokeType: 'Manual' | 'Scheduled';
  status: JobStatus;
  rootActivityId: string;
  startTimeUtc: string | null;
  endTimeUtc: string | null;
  failureReason: { requestId: string; errorCode: string; message: string } | null;
  parameters: Record<string, unknown>;
  /** When the last record of this job changed (activity runs' time window). */
  lastUpdated: string;
  activityRuns: ActivityRun[];
  /** The job whose InvokePipeline (or ExecutePipeline) started this run; a child run cannot be cancelled alone. */
  parentJobId?: string;
}

export type OperationStatus = 'NotStarted' | 'Running' | 'Succeeded' | 'Failed';

export interface StoredOperation {
  id: string;
  status: OperationStatus;
  createdTimeUtc: string;
  lastUpdatedTimeUtc: string;
  percentComplete: number;
  error?: { errorCode: string; message: string };
  /** The body GET /operations/{id}/result returns; undefined for operations without a result. */
  result?: unknown;
  /** Epoch ms when the operation completes. */
  dueAt: number;
  /** Applies the operation's change when it completes; returns the result or throws an {errorCode,message}. */
  apply?: () => unknown;
}

interface Snapshot {
  version: 1;
  workspaces: StoredWorkspace[];
  items: StoredItem[];
  jobs: StoredJob[];
}

const FILE = 'fabric-emulator.json';

export class FabricState {
  readonly workspaces = new Map<string, StoredWorkspace>();
  readonly items = new Map<string, StoredItem>();
  readonly jobs = new Map<string, StoredJob>();
  readonly operations = new Map<string, StoredOperation>();
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly dir?: string) {}

  /** Reads the state folder's file, when there is one. A damaged file is an error naming it, never silently dropped. */
  async load(): Promise<void> {
    if (!this.dir) return;
    const file = path.join(this.dir, FILE);
    const snap = (await readStateSnapshot(file)) as Snapshot | undefined;
    if (!snap) return;
    if (snap?.version !== 1) throw new Error(`${file}: unknown state version ${JSON.stringify(snap?.version)}; move the file away to start with an empty emulator.`);
    for (const w of snap.workspaces ?? []) this.workspaces.set(w.id, w);
    for (const i of snap.items ?? []) this.items.set(i.id, i);
    for (const j of snap.jobs ?? []) {
      // A job that was running when the emulator stopped cannot go on: it ends as the service ends an interrupted job.
      if (j.status === 'NotStarted' || j.status === 'InProgress') {
        j.status = 'Cancelled';
        j.endTimeUtc ??= fabricTime(new Date());
        j.failureReason = { requestId: j.rootActivityId, errorCode: 'JobInstanceInterrupted', message: 'The emulator stopped while the job was running.' };
      }
      this.jobs.set(j.id, j);
    }
  }

  /** Writes the state (serialised: one write at a time, the last one wins). */
  persist(): Promise<void> {
    if (!this.dir) return Promise.resolve();
    const dir = this.dir;
    const snap: Snapshot = { version: 1, workspaces: [...this.workspaces.values()], items: [...this.items.values()], jobs: [...this.jobs.values()] };
    const text = JSON.stringify(snap);
    this.writing = this.writing.then(async () => {
      await fs.mkdir(dir, { recursive: true });
      const tmp = path.join(dir, `${FILE}.${process.pid}.tmp`);
      await fs.writeFile(tmp, text);
      await fs.rename(tmp, path.join(dir, FILE));
    });
    return this.writing;
  }

  itemsOf(workspaceId: string): StoredItem[] {
    return [...this.items.values()].filter((i) => i.workspaceId === workspaceId);
  }
}

/**
 * A time as the Job Scheduler API writes it: UTC with seven fractional digits and no zone designator
 * ("2023-04-22T06:35:00.7812154", the documentation's example). Clients read it as UTC.
 */
export function fabricTime(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$10000');
}
