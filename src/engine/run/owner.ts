/**
 * Who runs a pipeline run, and whether that process is still there. A record in progress names its owner (host,
 * process id, the process's start time); a reader decides from it whether the run was interrupted:
 * - same host, Linux: at once, from /proc/<pid>/stat. The owner is gone when the pid no longer exists, when it now
 *   belongs to a process with another start time (field 22, `starttime`, in clock ticks since boot: a reused pid),
 *   or when the machine was restarted since (/proc/sys/kernel/random/boot_id differs);
 * - same host, other systems (no start time of another process to read): at once when the pid no longer exists
 *   (`process.kill(pid, 0)` answers ESRCH); while some process has that pid, by the heartbeat rule below, since the
 *   pid may have been reused;
 * - another host, or a record without an owner: when the record missed two heartbeats (its `lastUpdated` is more
 *   than twice the owner's heartbeat interval old; the hosts' clocks are assumed to agree).
 */
import { formatMessage } from '../codes';
import * as os from 'node:os';
import { readFileSync } from 'node:fs';
import type { ActivityRun, RunOwner, RunResult } from '../contracts';
import { RunErrorCodes } from './errors';

/** How often a run in progress refreshes its record in the store (the default heartbeat). */
export const HEARTBEAT_MS = 30_000;

/** What a reader knows about its own machine and the processes on it. */
export interface HostProbe {
  host: string;
  /** Linux boot id; undefined elsewhere. */
  bootId?: string;
  /**
   * The start time (clock ticks since boot) of process `pid`: null when there is no such process, undefined when
   * this system cannot tell (no /proc).
   */
  startTicks(pid: number): string | null | undefined;
  /** Whether a process with this id exists (any owner). */
  exists(pid: number): boolean;
}

function readProcStat(pid: number): string | null | undefined {
  if (process.platform !== 'linux') return undefined;
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ESRCH' ? null : undefined;
  }
  // "pid (comm) state ppid ..." — comm may hold spaces and parentheses: fields restart after the last ')'.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state); starttime is field 22.
  const ticks = rest[22 - 3];
  if (rest[0] === 'Z' || rest[0] === 'X') return null; // a zombie has ended; only its entry is left
  return ticks && /^\d+$/.test(ticks) ? ticks : undefined;
}

function readBootId(): string | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

let probe: HostProbe | undefined;

/** This machine, probed for real. */
export function localProbe(): HostProbe {
  probe ??= { host: os.hostname(), bootId: readBootId(), startTicks: readProcStat, exists: pidExists };
  return probe;
}

let self: Omit<RunOwner, 'heartbeatMs'> | undefined;

/** This process as the owner of the runs it executes. */
export function currentOwner(heartbeatMs: number): RunOwner {
  if (!self) {
    const p = localProbe();
    const ticks = p.startTicks(process.pid);
    self = {
      host: p.host,
      pid: process.pid,
      started: new Date(Date.now() - Math.round(process.uptime() * 1000)).toISOString(),
      ...(ticks ? { startTicks: ticks } : {}),
      ...(p.bootId ? { bootId: p.bootId } : {}),
    };
  }
  return { ...self, heartbeatMs };
}

/**
 * What this host can tell about a process by its identity alone: true when it has ended, false when it still
 * runs, undefined when it cannot tell (another host; a pid that exists where start times cannot be read).
 */
export function processGone(owner: Pick<RunOwner, 'host' | 'pid' | 'startTicks' | 'bootId'> | undefined, p: HostProbe = localProbe()): boolean | undefined {
  if (!owner || typeof owner.pid !== 'number' || owner.host !== p.host) return undefined;
  if (owner.bootId && p.bootId && owner.bootId !== p.bootId) return true;
  if (owner.startTicks) {
    const ticks = p.startTicks(owner.pid);
    if (ticks === null) return true;
    if (ticks !== undefined) return ticks !== owner.startTicks;
  }
  return p.exists(owner.pid) ? undefined : true;
}

/** True when the record's owner has ended (see the rules at the top of this file). */
export function ownerGone(owner: RunOwner | undefined, lastUpdated: string, now: number, p: HostProbe = localProbe()): boolean {
  const known = processGone(owner, p);
  if (known !== undefined) return known;
  const t = Date.parse(lastUpdated);
  const beat = owner && Number.isFinite(owner.heartbeatMs) && owner.heartbeatMs > 0 ? owner.heartbeatMs : HEARTBEAT_MS;
  return Number.isNaN(t) || now - t > 2 * beat;
}

/** The message of an interrupted run and of its activities that were in progress. */
export function interruptedMessage(lastSeen: string): string {
  return formatMessage(RunErrorCodes.interrupted, { lastUpdated: lastSeen });
}

const UNFINISHED = new Set(['InProgress', 'Queued', 'Canceling']);

/** True for a record still marked as running. */
export function isUnfinished(r: RunResult): boolean {
  return UNFINISHED.has(r.pipelineRun.status);
}

/**
 * The record of a run whose process ended: the run and its unfinished activities Failed with the interrupted
 * message, durations up to the last heartbeat (`lastUpdated`). `detected` is when a reader noticed.
 */
export function interruptedRecord(r: RunResult, detected: Date): RunResult {
  const p = r.pipelineRun;
  const lastSeen = p.lastUpdated;
  const seenAt = Date.parse(lastSeen);
  const message = interruptedMessage(lastSeen);
  const activityRuns = r.activityRuns.map((a): ActivityRun => {
    if (!UNFINISHED.has(a.status)) return a;
    const start = Date.parse(a.activityRunStart);
    const end = Number.isNaN(seenAt) || Number.isNaN(start) ? lastSeen : new Date(Math.max(seenAt, start)).toISOString();
    return {
      ...a,
      status: 'Failed',
      activityRunEnd: end,
      durationInMs: Number.isNaN(start) ? undefined : Math.max(0, Date.parse(end) - start),
      error: { errorCode: RunErrorCodes.interrupted, message, failureType: 'SystemError', target: a.activityName },
    };
  });
  const start = Date.parse(p.runStart ?? '');
  return {
    pipelineRun: {
      ...p,
      status: 'Failed',
      message,
      runEnd: lastSeen,
      durationInMs: Number.isNaN(start) || Number.isNaN(seenAt) ? p.durationInMs : Math.max(0, seenAt - start),
      lastUpdated: detected.toISOString(),
      'adfw:interrupted': { lastSeen, detected: detected.toISOString() },
    },
    activityRuns,
  };
}
