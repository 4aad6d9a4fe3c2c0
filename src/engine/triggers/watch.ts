/**
 * Local blob-event delivery: polls blob containers on azurite (via @azure/storage-blob) or local folders
 * standing in for containers, turns differences between snapshots into BlobCreated / BlobDeleted events
 * (a new or rewritten blob is "created", as Event Grid reports overwrites), and fires the matching
 * BlobEventsTriggers on the local engine with triggerBody() filled. Blobs present at start produce no events.
 */
import * as path from 'node:path';
import type { Factory } from '../model';
import { localStore } from '../connectors';
import { readTrigger, type TriggerDef } from './model';
import { blobTriggerBody, containerOf, matchingTriggers, type BlobEvent } from './blobEvents';
import { fireTrigger, type FiredRun, type PipelineRunner } from './fire';

export interface BlobEntry {
  size: number;
  /** Changes when the content changes (ETag, or mtime+size for files). */
  tag: string;
}

/** One container to watch. */
export interface BlobSource {
  container: string;
  /** Human-readable location ("azurite http://127.0.0.1:10000/devstoreaccount1/in", "folder ./drop"). */
  describe: string;
  list(): Promise<Map<string, BlobEntry>>;
  /**
   * True when a listing can show a file still being written (local folders): a new or changed entry is then
   * reported only once it is unchanged on the next poll, so a half-written file never starts a run.
   */
  settles?: boolean;
}

/** A local folder standing in for a container; blob names are '/'-separated relative paths. */
export function folderSource(container: string, dir: string): BlobSource {
  const root = path.resolve(dir);
  return {
    container,
    describe: `folder ${root}`,
    settles: true,
    async list() {
      const out = new Map<string, BlobEntry>();
      for await (const e of localStore(root).listFiles('', true)) out.set(e.path, { size: e.size, tag: `${e.lastModified.getTime()}:${e.size}` });
      return out;
    },
  };
}

/** A container on azurite (or any Blob endpoint reachable by connection string). A missing container lists empty. */
export async function blobContainerSource(connectionString: string, container: string): Promise<BlobSource> {
  const { BlobServiceClient } = await import('@azure/storage-blob');
  const client = BlobServiceClient.fromConnectionString(connectionString).getContainerClient(container);
  return {
    container,
    describe: `container ${client.url}`,
    async list() {
      const out = new Map<string, BlobEntry>();
      try {
        for await (const b of client.listBlobsFlat()) out.set(b.name, { size: b.properties.contentLength ?? 0, tag: b.properties.etag ?? String(b.properties.lastModified?.getTime()) });
      } catch (e) {
        if ((e as { statusCode?: number }).statusCode === 404) return out;
        throw e;
      }
      return out;
    },
  };
}

/** The containers the factory's BlobEventsTriggers listen to (from their path filters). */
export function watchedContainers(factory: Factory): string[] {
  const set = new Set<string>();
  for (const t of blobTriggers(factory)) {
    const c = t.type === 'BlobEventsTrigger' ? containerOf(t.blob) : undefined;
    if (c) set.add(c);
  }
  return [...set].sort();
}

export function blobTriggers(factory: Factory): TriggerDef[] {
  return [...factory.resources.trigger.values()].filter((r) => r.type === 'BlobEventsTrigger').map(readTrigger);
}

export interface WatchNotice {
  event: BlobEvent;
  /** Triggers started by the event (empty: no trigger matched). */
  triggers: string[];
  runs: FiredRun[];
}

export interface WatcherOptions {
  sources: BlobSource[];
  intervalMs?: number;
  runner?: PipelineRunner;
  runOptions?: Record<string, unknown>;
  /** Called after the runs an event started have finished. */
  onNotice?: (n: WatchNotice) => void;
  /** Called when an event was seen (before its runs finish). */
  onEvent?: (e: BlobEvent, triggers: string[]) => void;
  onError?: (e: Error) => void;
}

/** Polls sources and fires BlobEventsTriggers. Call start() / stop(), or poll() step by step. */
export class BlobEventWatcher {
  private snapshots = new Map<BlobSource, Map<string, BlobEntry>>();
  /** Entries of settling sources seen once, waiting to be seen unchanged. */
  private pending = new Map<BlobSource, Map<string, BlobEntry>>();
  private timer: NodeJS.Timeout | undefined;
  private inFlight = new Set<Promise<void>>();
  private polling: Promise<BlobEvent[]> | undefined;
  private stopped = false;

  constructor(private readonly factory: Factory, private readonly opts: WatcherOptions) {}

  /** Takes the initial snapshot (existing blobs raise no events). */
  async baseline(): Promise<void> {
    for (const s of this.opts.sources) this.snapshots.set(s, await s.list());
  }

  /** Starts polling every intervalMs (default 1000). */
  async start(): Promise<void> {
    await this.baseline();
    const tick = async () => {
      if (this.stopped) return;
      try {
        await this.poll();
      } catch (e) {
        this.opts.onError?.(e as Error);
      }
      if (!this.stopped) this.timer = setTimeout(tick, this.opts.intervalMs ?? 1000);
    };
    this.timer = setTimeout(tick, this.opts.intervalMs ?? 1000);
  }

  /** Compares every source with its last snapshot and fires triggers for the differences. */
  poll(): Promise<BlobEvent[]> {
    // One poll at a time, so a slow listing never yields the same event twice.
    this.polling = (this.polling ?? Promise.resolve([])).then(() => this.pollOnce());
    return this.polling;
  }

  private async pollOnce(): Promise<BlobEvent[]> {
    const events: BlobEvent[] = [];
    for (const s of this.opts.sources) {
      const before = this.snapshots.get(s) ?? new Map<string, BlobEntry>();
      const waiting = this.pending.get(s) ?? new Map<string, BlobEntry>();
      const now = await s.list();
      const committed = new Map<string, BlobEntry>();
      const nextWaiting = new Map<string, BlobEntry>();
      for (const [name, e] of now) {
        const old = before.get(name);
        if (old && old.tag === e.tag) {
          committed.set(name, e);
          continue;
        }
        if (s.settles && waiting.get(name)?.tag !== e.tag) {
          // First sighting of this content: wait one poll for the writer to finish.
          nextWaiting.set(name, e);
          if (old) committed.set(name, old);
          continue;
        }
        committed.set(name, e);
        events.push({ eventType: 'Microsoft.Storage.BlobCreated', container: s.container, blobName: name, size: e.size });
      }
      for (const name of before.keys()) if (!now.has(name)) events.push({ eventType: 'Microsoft.Storage.BlobDeleted', container: s.container, blobName: name });
      this.snapshots.set(s, committed);
      this.pending.set(s, nextWaiting);
    }
    const triggers = blobTriggers(this.factory);
    for (const ev of events) {
      const matched = matchingTriggers(triggers, ev);
      this.opts.onEvent?.(ev, matched.map((t) => t.name));
      const work = (async () => {
        const runs: FiredRun[] = [];
        for (const t of matched) {
          runs.push(...(await fireTrigger(this.factory, t.name, { triggerBody: blobTriggerBody(ev), runner: this.opts.runner, runOptions: this.opts.runOptions })));
        }
        this.opts.onNotice?.({ event: ev, triggers: matched.map((t) => t.name), runs });
      })().catch((e) => this.opts.onError?.(e as Error));
      this.inFlight.add(work);
      void work.finally(() => this.inFlight.delete(work));
    }
    return events;
  }

  /** Waits until every run started so far has finished. */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  /** Stops polling and waits for runs in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.polling?.catch(() => undefined);
    await this.idle();
  }
}
