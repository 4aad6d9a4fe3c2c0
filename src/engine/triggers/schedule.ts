/**
 * Fire times of a ScheduleTrigger recurrence, following ADF's documented rules:
 * - without a schedule, occurrences are startTime + k·interval·frequency; instances before `from` are skipped;
 * - with a schedule, each eligible period (every `interval` days / weeks / months / hours counted from the
 *   start time's period) fires at every combination of its days × hours × minutes, never before startTime;
 *   minutes missing from the schedule default to the start time's minute; hours missing default to every hour
 *   when minutes are given (ADF's "every 15 minutes on weekdays" example) and to the start time's hour when
 *   not; a missing week day / month day defaults to the start time's;
 * - the trigger never fires after endTime.
 * Time zones: Day, Week and Month recurrences keep their wall-clock time across DST changes (ADF's
 * auto-adjustment); Minute and Hour recurrences advance in absolute time. A wall-clock time skipped by a
 * spring-forward change fires at the same clock time shifted by the gap (02:30 → 03:30); an ambiguous
 * fall-back time resolves to the standard-time occurrence, as .NET's time zone conversion does.
 */
import { DateTime } from 'luxon';
import type { MonthlyOccurrence, Recurrence, RecurrenceSchedule, WeekDay } from './model';
import { WEEK_DAYS } from './model';
import { ianaZone, readTriggerTime } from './timeZone';

export interface FireTimeOptions {
  /** Earliest instant of interest (inclusive); default: now. */
  from?: string | Date;
  /** How many fire times to return (default 10). */
  count?: number;
  /** Latest instant of interest (inclusive). */
  until?: string | Date;
}

export interface FireTimes {
  /** Fire times in the trigger's time zone, ascending, without duplicates. */
  fireTimes: DateTime[];
  /** IANA zone used. */
  zone?: string;
  /** Set when the recurrence cannot be evaluated (unknown zone, bad start time, ...). */
  error?: string;
}

/** Upper bound of periods scanned, so schedules that can never match (30th of February) terminate. */
const MAX_PERIODS = 50_000;
/** Periods starting this long after the first instant of interest are not scanned (100 years). */
const HORIZON_MS = 100 * 366 * 86_400_000;

function toDateTime(v: string | Date, zone: string): DateTime | undefined {
  if (v instanceof Date) return DateTime.fromJSDate(v).setZone(zone);
  return readTriggerTime(v, zone);
}

function hasSchedule(s: RecurrenceSchedule | undefined): s is RecurrenceSchedule {
  if (!s) return false;
  return [s.minutes, s.hours, s.weekDays, s.monthDays, s.monthlyOccurrences].some((a) => Array.isArray(a) && a.length > 0);
}

const ALL_HOURS = Array.from({ length: 24 }, (_, i) => i);
const weekIndex = (dt: DateTime): number => dt.weekday % 7; // 0 = Sunday, as WEEK_DAYS

/** Computes the next fire times of a ScheduleTrigger recurrence. */
export function scheduleFireTimes(rec: Recurrence, opts: FireTimeOptions = {}): FireTimes {
  const zone = ianaZone(rec.timeZone);
  if (!zone) return { fireTimes: [], error: `Unknown time zone "${rec.timeZone}". Use a Windows time zone name such as "UTC" or "W. Europe Standard Time".` };
  if (!rec.startTime) return { fireTimes: [], zone, error: 'The recurrence has no startTime.' };
  const start = readTriggerTime(rec.startTime, zone);
  if (!start) return { fireTimes: [], zone, error: `Invalid startTime "${rec.startTime}".` };
  const end = rec.endTime ? readTriggerTime(rec.endTime, zone) : undefined;
  if (rec.endTime && !end) return { fireTimes: [], zone, error: `Invalid endTime "${rec.endTime}".` };
  const fromDt = opts.from === undefined ? DateTime.now().setZone(zone) : toDateTime(opts.from, zone);
  if (!fromDt) return { fireTimes: [], zone, error: `Invalid "from" time "${String(opts.from)}".` };
  const untilDt = opts.until === undefined ? undefined : toDateTime(opts.until, zone);
  const count = opts.count ?? 10;
  const lowerMs = Math.max(start.toMillis(), fromDt.toMillis());
  const upperMs = Math.min(end ? end.toMillis() : Infinity, untilDt ? untilDt.toMillis() : Infinity, Math.max(start.toMillis(), fromDt.toMillis()) + HORIZON_MS);
  const out: DateTime[] = [];
  if (count <= 0 || lowerMs > upperMs) return { fireTimes: out, zone };
  const accept = (t: DateTime): boolean => {
    const ms = t.toMillis();
    if (ms < lowerMs || ms > upperMs) return true;
    if (!out.length || out[out.length - 1].toMillis() < ms) out.push(t);
    return true;
  };
  if (!hasSchedule(rec.schedule) || rec.frequency === 'Minute') {
    simpleOccurrences(rec, start, lowerMs, upperMs, count, accept, out);
  } else {
    scheduledOccurrences(rec, rec.schedule, start, lowerMs, upperMs, count, accept, out);
  }
  return { fireTimes: out.slice(0, count), zone };
}

function simpleOccurrences(rec: Recurrence, start: DateTime, lowerMs: number, upperMs: number, count: number, accept: (t: DateTime) => boolean, out: DateTime[]): void {
  const n = rec.interval;
  if (rec.frequency === 'Minute' || rec.frequency === 'Hour') {
    const step = n * (rec.frequency === 'Minute' ? 60_000 : 3_600_000);
    let k = Math.max(0, Math.ceil((lowerMs - start.toMillis()) / step));
    for (let guard = 0; out.length < count && guard < MAX_PERIODS; guard++, k++) {
      const t = DateTime.fromMillis(start.toMillis() + k * step, { zone: start.zone });
      if (t.toMillis() > upperMs) break;
      accept(t);
    }
    return;
  }
  const unit = rec.frequency === 'Day' ? 'days' : rec.frequency === 'Week' ? 'weeks' : 'months';
  const lower = DateTime.fromMillis(lowerMs, { zone: start.zone });
  const approx = Math.floor(lower.diff(start, unit).get(unit) / n) - 1;
  let k = Math.max(0, approx);
  for (let guard = 0; out.length < count && guard < MAX_PERIODS; guard++, k++) {
    // Always from the start time (not the previous occurrence), so the 31st stays the 31st where it exists.
    const t = start.plus({ [unit]: k * n });
    if (t.toMillis() > upperMs) break;
    accept(t);
  }
}

/** Days of a month matching monthDays (1..31, -1 = last day) and monthlyOccurrences. */
function monthCandidateDays(month: DateTime, monthDays: number[] | undefined, occurrences: MonthlyOccurrence[] | undefined): number[] {
  const dim = month.daysInMonth as number;
  const days = new Set<number>();
  for (const d of monthDays ?? []) {
    const day = d > 0 ? d : dim + d + 1;
    if (day >= 1 && day <= dim && d !== 0) days.add(day);
  }
  for (const o of occurrences ?? []) {
    const target = WEEK_DAYS.indexOf(o.day);
    const matches: number[] = [];
    for (let day = 1; day <= dim; day++) if (weekIndex(month.set({ day })) === target) matches.push(day);
    if (o.occurrence === undefined || o.occurrence === 0) matches.forEach((d) => days.add(d));
    else {
      const pick = o.occurrence > 0 ? matches[o.occurrence - 1] : matches[matches.length + o.occurrence];
      if (pick !== undefined) days.add(pick);
    }
  }
  return [...days].sort((a, b) => a - b);
}

function scheduledOccurrences(rec: Recurrence, s: RecurrenceSchedule, start: DateTime, lowerMs: number, upperMs: number, count: number, accept: (t: DateTime) => boolean, out: DateTime[]): void {
  const zone = start.zone;
  const minutes = s.minutes?.length ? [...new Set(s.minutes)].sort((a, b) => a - b) : [start.minute];
  // Minutes without hours fire every hour (ADF's "every 15 minutes" examples); neither → the start time's.
  const hours = s.hours?.length ? [...new Set(s.hours)].sort((a, b) => a - b) : s.minutes?.length ? ALL_HOURS : [start.hour];
  const second = s.minutes?.length || s.hours?.length ? 0 : start.second;
  const n = rec.interval;
  const lower = DateTime.fromMillis(lowerMs, { zone });

  if (rec.frequency === 'Hour') {
    // Absolute hours from the start time's hour; minutes from the schedule; hours (if any) filter local hours.
    const base = start.startOf('hour').toMillis();
    const step = n * 3_600_000;
    let k = Math.max(0, Math.floor((lowerMs - base) / step) - 1);
    for (let guard = 0; out.length < count && guard < MAX_PERIODS; guard++, k++) {
      const hourStart = DateTime.fromMillis(base + k * step, { zone });
      if (hourStart.toMillis() > upperMs) break;
      if (s.hours?.length && !s.hours.includes(hourStart.hour)) continue;
      if (s.weekDays?.length && !s.weekDays.includes(WEEK_DAYS[weekIndex(hourStart)])) continue;
      for (const m of minutes) accept(DateTime.fromMillis(hourStart.toMillis() + m * 60_000 + second * 1000, { zone }));
    }
    return;
  }

  const emitDay = (day: DateTime): void => {
    const times = new Map<number, DateTime>();
    for (const h of hours) for (const m of minutes) {
      const t = DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour: h, minute: m, second }, { zone });
      times.set(t.toMillis(), t);
    }
    [...times.keys()].sort((a, b) => a - b).forEach((ms) => accept(times.get(ms) as DateTime));
  };

  if (rec.frequency === 'Day') {
    const first = start.startOf('day');
    let k = Math.max(0, Math.floor(lower.startOf('day').diff(first, 'days').days / n) - 1);
    for (let guard = 0; out.length < count && guard < MAX_PERIODS; guard++, k++) {
      const day = first.plus({ days: k * n });
      if (day.toMillis() > upperMs) break;
      emitDay(day);
    }
    return;
  }
  if (rec.frequency === 'Week') {
    const days: WeekDay[] = s.weekDays?.length ? s.weekDays : [WEEK_DAYS[weekIndex(start)]];
    const offsets = [...new Set(days.map((d) => WEEK_DAYS.indexOf(d)))].sort((a, b) => a - b);
    const firstWeek = start.startOf('day').minus({ days: weekIndex(start) }); // weeks begin on Sunday
    let k = Math.max(0, Math.floor(lower.startOf('day').diff(firstWeek, 'days').days / 7 / n) - 1);
    for (let guard = 0; out.length < count && guard < MAX_PERIODS; guard++, k++) {
      const week = firstWeek.plus({ weeks: k * n });
      if (week.toMillis() > upperMs) break;
      for (const o of offsets) emitDay(week.plus({ days: o }));
    }
    return;
  }
  // Month
  const useDefaultDay = !s.monthDays?.length && !s.monthlyOccurrences?.length;
  const firstMonth = start.startOf('month');
  let k = Math.max(0, Math.floor(lower.startOf('month').diff(firstMonth, 'months').months / n) - 1);
  for (let guard = 0; out.length < count && guard < MAX_PERIODS; guard++, k++) {
    const month = firstMonth.plus({ months: k * n });
    if (month.toMillis() > upperMs) break;
    let days = useDefaultDay ? (start.day <= (month.daysInMonth as number) ? [start.day] : []) : monthCandidateDays(month, s.monthDays, s.monthlyOccurrences);
    if (s.weekDays?.length) days = days.filter((d) => s.weekDays!.includes(WEEK_DAYS[weekIndex(month.set({ day: d }))]));
    for (const d of days) emitDay(month.set({ day: d }));
  }
}
