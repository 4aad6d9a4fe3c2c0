/**
 * Tumbling windows: fixed-size, contiguous, non-overlapping intervals from the trigger's startTime (UTC).
 * A window [start, end) runs at end + delay. Windows end no later than endTime.
 * Dependencies: a window of trigger A that depends on trigger B with offset o and size s needs every window
 * of B overlapping [A.start + o, A.start + o + s) to have succeeded (s defaults to A's window size); a
 * self-dependency does the same against A's own earlier windows. Windows before a trigger's startTime do not
 * exist and so never block.
 */
import { DateTime } from 'luxon';
import type { TumblingWindow } from './model';

export interface Window {
  /** Window start, epoch ms (UTC). */
  start: number;
  end: number;
}

export interface WindowOptions {
  /** List windows whose run time (end + delay) is at or after this instant; default: the first window. */
  from?: string | Date;
  /** Only windows starting before this instant. */
  until?: string | Date;
  count?: number;
}

const toMs = (v: string | Date): number => (v instanceof Date ? v.getTime() : DateTime.fromISO(v, { zone: 'utc' }).toMillis());

/** Start of window k (k may be negative for windows before the trigger's start, used for dependencies). */
export function windowAt(tw: TumblingWindow, k: number): Window {
  const start = DateTime.fromISO(tw.startTime, { zone: 'utc' });
  if (tw.frequency === 'Month') {
    return { start: start.plus({ months: k * tw.interval }).toMillis(), end: start.plus({ months: (k + 1) * tw.interval }).toMillis() };
  }
  const size = tw.interval * (tw.frequency === 'Minute' ? 60_000 : 3_600_000);
  return { start: start.toMillis() + k * size, end: start.toMillis() + (k + 1) * size };
}

/** Index of the window containing instant `ms` (may be negative or beyond the end). */
export function windowIndexAt(tw: TumblingWindow, ms: number): number {
  const start = DateTime.fromISO(tw.startTime, { zone: 'utc' });
  if (tw.frequency === 'Month') {
    let k = Math.floor(DateTime.fromMillis(ms, { zone: 'utc' }).diff(start, 'months').months / tw.interval);
    while (windowAt(tw, k).start > ms) k--;
    while (windowAt(tw, k).end <= ms) k++;
    return k;
  }
  const size = tw.interval * (tw.frequency === 'Minute' ? 60_000 : 3_600_000);
  return Math.floor((ms - start.toMillis()) / size);
}

/** True when window k exists (starts at or after startTime and ends by endTime). */
export function windowExists(tw: TumblingWindow, k: number): boolean {
  if (k < 0) return false;
  if (!tw.endTime) return true;
  return windowAt(tw, k).end <= toMs(tw.endTime);
}

/** Windows of a tumbling-window trigger, ascending. */
export function tumblingWindows(tw: TumblingWindow, opts: WindowOptions = {}): Window[] {
  const start = DateTime.fromISO(tw.startTime, { zone: 'utc' });
  if (!start.isValid) return [];
  const count = opts.count ?? 10;
  const out: Window[] = [];
  let k = 0;
  if (opts.from !== undefined) k = Math.max(0, windowIndexAt(tw, toMs(opts.from) - tw.delayMs) - 1);
  const fromMs = opts.from !== undefined ? toMs(opts.from) : -Infinity;
  const untilMs = opts.until !== undefined ? toMs(opts.until) : Infinity;
  for (; out.length < count; k++) {
    if (!windowExists(tw, k)) break;
    const w = windowAt(tw, k);
    if (w.start >= untilMs) break;
    if (w.end + tw.delayMs >= fromMs) out.push(w);
  }
  return out;
}

/** The time range a window's dependency covers: [start + offset, start + offset + size). */
export function dependencyRange(own: TumblingWindow, w: Window, dep: { offsetMs: number; sizeMs?: number }): Window {
  const size = dep.sizeMs ?? w.end - w.start;
  return { start: w.start + dep.offsetMs, end: w.start + dep.offsetMs + size };
}

/** Indexes of the existing windows of `tw` overlapping [range.start, range.end). */
export function windowsOverlapping(tw: TumblingWindow, range: Window): number[] {
  if (range.end <= range.start) return [];
  const out: number[] = [];
  let k = windowIndexAt(tw, range.start);
  for (let guard = 0; guard < 100_000; guard++, k++) {
    const w = windowAt(tw, k);
    if (w.start >= range.end) break;
    if (!windowExists(tw, k)) {
      if (k >= 0) break;
      continue;
    }
    if (w.end > range.start) out.push(k);
  }
  return out;
}
