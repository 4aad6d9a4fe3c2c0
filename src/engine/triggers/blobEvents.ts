/**
 * Blob events: which BlobEventsTriggers a blob created/deleted event matches, and the triggerBody() ADF
 * gives the pipeline ({folderPath: "container/dir", fileName: "name.csv"}).
 * ADF's paths: blobPathBeginsWith "/<container>/blobs/<prefix>", blobPathEndsWith "<suffix>" (or a full
 * "/<container>/blobs/<path>"), both matched case-sensitively against "/<container>/blobs/<blob name>".
 */
import type { BlobEvents, TriggerDef } from './model';

export type BlobEventType = 'Microsoft.Storage.BlobCreated' | 'Microsoft.Storage.BlobDeleted';

export interface BlobEvent {
  eventType: BlobEventType;
  container: string;
  /** Blob name inside the container ("in/2024/file.csv"). */
  blobName: string;
  /** Content length in bytes (created events). */
  size?: number;
}

/** "/container/blobs/name" as ADF's path filters see a blob. */
export function eventPath(e: Pick<BlobEvent, 'container' | 'blobName'>): string {
  return `/${e.container}/blobs/${e.blobName}`;
}

/** The container a trigger listens to, when its filters name one. */
export function containerOf(blob: BlobEvents): string | undefined {
  for (const p of [blob.blobPathBeginsWith, blob.blobPathEndsWith]) {
    const m = p ? /^\/([^/]+)\/blobs\//.exec(p) : null;
    if (m) return m[1];
  }
  return undefined;
}

/** Why an event does not start a trigger, or undefined when it does. */
export function blobEventMismatch(blob: BlobEvents, e: BlobEvent): string | undefined {
  const path = eventPath(e);
  if (!blob.events.includes(e.eventType)) return `event ${e.eventType} is not one of ${blob.events.join(', ') || '(none)'}`;
  if (blob.blobPathBeginsWith && !path.startsWith(blob.blobPathBeginsWith)) return `${path} does not begin with ${blob.blobPathBeginsWith}`;
  if (blob.blobPathEndsWith && !path.endsWith(blob.blobPathEndsWith)) return `${path} does not end with ${blob.blobPathEndsWith}`;
  if (blob.ignoreEmptyBlobs && e.eventType === 'Microsoft.Storage.BlobCreated' && e.size === 0) return `${path} is empty (ignoreEmptyBlobs)`;
  return undefined;
}

/** triggerBody() for a blob event: folderPath includes the container, fileName is the blob's last segment. */
export function blobTriggerBody(e: BlobEvent): Record<string, unknown> {
  const i = e.blobName.lastIndexOf('/');
  const dir = i >= 0 ? e.blobName.slice(0, i) : '';
  return { folderPath: dir ? `${e.container}/${dir}` : e.container, fileName: i >= 0 ? e.blobName.slice(i + 1) : e.blobName };
}

/** The triggers of a list that an event starts. */
export function matchingTriggers(triggers: readonly TriggerDef[], e: BlobEvent): TriggerDef[] {
  return triggers.filter((t) => t.type === 'BlobEventsTrigger' && !blobEventMismatch(t.blob, e));
}
