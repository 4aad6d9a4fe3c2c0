/**
 * The run store's lock of one record: `<record>.json.lock`, created exclusively (O_CREAT | O_EXCL, atomic on local
 * disks and NFS v3+) with its holder's identity (owner.ts) and a nonce inside. It is held for milliseconds (a
 * rename; or a read, a write and a rename). A lock is stale when its holder is a process of this host that has
 * ended (broken at once) or when it is older than LOCK_STALE_MS (a holder elsewhere that died in those
 * milliseconds). A stale lock is broken by renaming it away first, so of two processes breaking the same lock only
 * one succeeds; one that finds it has moved a fresh lock instead puts it back.
 *
 * Decision: not proper-lockfile, which installs signal-exit's handlers when it loads; they re-raise a signal whose
 * only other handler was registered with `once` (the emulator's graceful SIGTERM, the CLI's Ctrl+C), so the process
 * died by the signal instead of stopping cleanly. npm's `lockfile` is unmaintained and keeps no holder identity.
 */
import { promises as fs } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { currentOwner, localProbe, processGone, type HostProbe } from './owner';
import { sleep, type RunOwner } from '../contracts';

/** A lock older than this (ms) belongs to a holder that died holding it. */
export const LOCK_STALE_MS = 5_000;

export class RecordBusyError extends Error {
  constructor(lock: string) {
    super(`The run record is locked by another process (${lock}).`);
    this.name = 'RecordBusyError';
  }
}

/** Runs `fn` holding the lock of `target`; gives up after `attempts` waits (5 ms growing to 250 ms). */
export async function withRecordLock<T>(target: string, attempts: number, fn: () => Promise<T>, probe: HostProbe = localProbe()): Promise<T> {
  const lock = `${target}.lock`;
  const body = JSON.stringify({ ...currentOwner(0), nonce: randomBytes(8).toString('hex') });
  for (let attempt = 0; ; attempt++) {
    try {
      await fs.writeFile(lock, body, { flag: 'wx' });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    if (await breakIfStale(lock, probe)) continue;
    if (attempt >= attempts) throw new RecordBusyError(lock);
    await sleep(Math.min(250, Math.round(5 * 1.5 ** attempt)));
  }
  try {
    return await fn();
  } finally {
    // Only our own lock is removed (one broken as stale meanwhile may be someone else's now).
    if ((await fs.readFile(lock, 'utf8').catch(() => undefined)) === body) await fs.rm(lock, { force: true });
  }
}

/** True when the lock was stale and is gone now (or vanished by itself): try again at once. */
async function breakIfStale(lock: string, probe: HostProbe): Promise<boolean> {
  let text: string;
  let mtimeMs: number;
  try {
    [text, mtimeMs] = await Promise.all([fs.readFile(lock, 'utf8'), fs.stat(lock).then((s) => s.mtimeMs)]);
  } catch {
    return true;
  }
  let holder: RunOwner | undefined;
  try {
    holder = JSON.parse(text) as RunOwner;
  } catch {
    holder = undefined; // being written: only its age can tell
  }
  if (!(Date.now() - mtimeMs > LOCK_STALE_MS || processGone(holder, probe) === true)) return false;
  const away = `${lock}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await fs.rename(lock, away);
  } catch {
    return true; // another process broke it first
  }
  const moved = await fs.readFile(away, 'utf8').catch(() => undefined);
  if (moved !== text) await fs.link(away, lock).catch(() => undefined); // a fresh lock: put it back
  await fs.rm(away, { force: true });
  return moved === text;
}
