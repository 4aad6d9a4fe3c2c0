/**
 * Human-readable trigger summaries for the tree ("next: Mon 06:00"), hovers and the CLI, and one entry
 * point for "what happens next" across trigger types.
 */
import { DateTime } from 'luxon';
import type { TriggerDef } from './model';
import { formatTimeSpan } from './model';
import { scheduleFireTimes } from './schedule';
import { tumblingWindows, type Window } from './tumbling';
import { isoUtc } from './timeZone';

export type Upcoming =
  | { kind: 'fireTimes'; fireTimes: DateTime[]; zone: string }
  | { kind: 'windows'; windows: Window[]; delayMs: number }
  | { kind: 'event'; description: string }
  | { kind: 'error'; message: string };

/** The next fire times (schedule) or windows (tumbling) from `from` (default now). */
export function upcoming(def: TriggerDef, opts: { from?: string | Date; count?: number } = {}): Upcoming {
  if (def.type === 'ScheduleTrigger') {
    if (!def.recurrence) return { kind: 'error', message: 'The recurrence is missing or invalid (frequency, interval).' };
    const r = scheduleFireTimes(def.recurrence, { from: opts.from, count: opts.count });
    return r.error ? { kind: 'error', message: r.error } : { kind: 'fireTimes', fireTimes: r.fireTimes, zone: r.zone ?? 'UTC' };
  }
  if (def.type === 'TumblingWindowTrigger') {
    if (!def.tumbling) return { kind: 'error', message: 'frequency, interval or startTime is missing or invalid.' };
    return { kind: 'windows', windows: tumblingWindows(def.tumbling, { from: opts.from ?? new Date(), count: opts.count }), delayMs: def.tumbling.delayMs };
  }
  return { kind: 'event', description: describeTrigger(def) };
}

/** Short text for tree descriptions: "next: Mon 06:00" in the trigger's zone, "window 06:00–07:00", "on blob created". */
export function nextFireSummary(def: TriggerDef, now: Date = new Date()): string {
  const u = upcoming(def, { from: now, count: 1 });
  if (u.kind === 'error') return 'invalid schedule';
  if (u.kind === 'fireTimes') return u.fireTimes.length ? `next: ${u.fireTimes[0].toFormat(sameWeek(u.fireTimes[0], now) ? 'ccc HH:mm' : 'yyyy-MM-dd HH:mm')}` : 'no future runs';
  if (u.kind === 'windows') {
    const w = u.windows[0];
    if (!w) return 'no future windows';
    const s = DateTime.fromMillis(w.start, { zone: 'utc' });
    return `next: ${DateTime.fromMillis(w.end + u.delayMs, { zone: 'utc' }).toFormat('ccc HH:mm')} (window ${s.toFormat('HH:mm')}–${DateTime.fromMillis(w.end, { zone: 'utc' }).toFormat('HH:mm')} UTC)`;
  }
  if (def.type === 'BlobEventsTrigger') return `on ${def.blob.events.map((e) => e.replace('Microsoft.Storage.Blob', 'blob ').toLowerCase()).join(', ')}`;
  if (def.type === 'CustomEventsTrigger') return 'on custom event';
  return '';
}

function sameWeek(t: DateTime, now: Date): boolean {
  return t.toMillis() - now.getTime() < 6 * 86_400_000;
}

const list = (xs: (string | number)[]) => xs.join(', ');

/** One-paragraph description of a trigger, for hovers and `adfw trigger times` text output. */
export function describeTrigger(def: TriggerDef): string {
  const pipes = def.pipelines.map((p) => p.pipelineName).join(', ') || '(no pipeline)';
  switch (def.type) {
    case 'ScheduleTrigger': {
      const r = def.recurrence;
      if (!r) return `Schedule trigger with an invalid recurrence; starts ${pipes}.`;
      const s = r.schedule;
      const parts = [`Every ${r.interval === 1 ? '' : r.interval + ' '}${r.frequency.toLowerCase()}${r.interval === 1 ? '' : 's'}`];
      if (s?.weekDays?.length) parts.push(`on ${list(s.weekDays)}`);
      if (s?.monthDays?.length) parts.push(`on day ${list(s.monthDays.map((d) => (d === -1 ? 'last' : d)))} of the month`);
      if (s?.monthlyOccurrences?.length) parts.push(`on the ${list(s.monthlyOccurrences.map((o) => `${o.occurrence === undefined ? 'every' : o.occurrence === -1 ? 'last' : ordinal(o.occurrence)} ${o.day}`))}`);
      if (s?.hours?.length || s?.minutes?.length) parts.push(`at hours ${s?.hours?.length ? list(s.hours) : 'every hour'}, minutes ${s?.minutes?.length ? list(s.minutes) : 'of the start time'}`);
      parts.push(`(${r.timeZone}), from ${r.startTime ?? '?'}${r.endTime ? ` until ${r.endTime}` : ''}; starts ${pipes}.`);
      return parts.join(' ');
    }
    case 'TumblingWindowTrigger': {
      const t = def.tumbling;
      if (!t) return `Tumbling-window trigger with invalid properties; starts ${pipes}.`;
      const deps = t.dependsOn.map((d) => `${d.kind === 'self' ? 'itself' : d.triggerName} (offset ${formatTimeSpan(d.offsetMs)}${d.sizeMs !== undefined ? `, size ${formatTimeSpan(d.sizeMs)}` : ''})`);
      return `Tumbling windows of ${t.interval} ${t.frequency.toLowerCase()}${t.interval === 1 ? '' : 's'} from ${isoUtc(Date.parse(t.startTime))}${t.endTime ? ` to ${t.endTime}` : ''}, delay ${formatTimeSpan(t.delayMs)}, max ${t.maxConcurrency} concurrent, ${t.retryPolicy.count} retries${deps.length ? `, depends on ${deps.join(', ')}` : ''}; starts ${pipes}.`;
    }
    case 'BlobEventsTrigger':
      return `Blob events ${list(def.blob.events)} on ${def.blob.blobPathBeginsWith ?? '*'}…${def.blob.blobPathEndsWith ?? ''}${def.blob.ignoreEmptyBlobs ? ' (empty blobs ignored)' : ''}; starts ${pipes}.`;
    case 'CustomEventsTrigger':
      return `Custom events ${list(def.custom.events)}${def.custom.subjectBeginsWith ? ` with subject beginning ${def.custom.subjectBeginsWith}` : ''}; starts ${pipes}.`;
    default:
      return `${def.rawType || 'Unknown'} trigger; starts ${pipes}.`;
  }
}

function ordinal(n: number): string {
  if (n < 0) return `${ordinal(-n)} from last`;
  return n === 1 ? '1st' : n === 2 ? '2nd' : n === 3 ? '3rd' : `${n}th`;
}
