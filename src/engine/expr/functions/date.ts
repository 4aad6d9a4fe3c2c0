/**
 * Date functions: addDays, addHours, addMinutes, addSeconds, addToTime, convertFromUtc, convertTimeZone,
 * convertToUtc, dayOfMonth, dayOfWeek, dayOfYear, formatDateTime, getFutureTime, getPastTime, startOfDay,
 * startOfHour, startOfMonth, subtractFromTime, ticks, utcNow. Timestamps are strings; results use the .NET
 * format 'o' unless a format is given. The clock is the context's `now`.
 */
import type { ExprContext } from '../context';
import { type DateValue, MAX_MS, MIN_MS, fieldsOf, msOf, ticksOf } from '../dates/dateValue';
import { FormatError, formatDate } from '../dates/dotnetFormat';
import { parseTimestamp } from '../dates/parse';
import { ianaZone, suggestZones, utcToZone, zoneToUtc } from '../dates/timeZones';
import { ExprCodes } from '../errors';
import { makeInt } from '../values';
import { int, optStr, str } from './args';
import { fn, type CallSite, type FunctionDef } from './types';

function timestamp(args: unknown[], i: number, site: CallSite, info?: { zoneless?: boolean }): DateValue {
  const text = str(args, i, site);
  const d = parseTimestamp(text, info);
  if (!d) {
    site.fail(ExprCodes.invalidDate, { name: site.name, which: i === 0 ? 'first' : 'timestamp', value: text }, i);
  }
  return d;
}

/** Formats with the optional format (and locale) arguments at `fi` (and `fi + 1`). */
function output(d: DateValue, args: unknown[], fi: number, site: CallSite, withLocale = false): string {
  const format = optStr(args, fi, site);
  const locale = withLocale ? optStr(args, fi + 1, site) : undefined;
  try {
    return formatDate(d, format, locale);
  } catch (e) {
    if (e instanceof FormatError) site.fail(ExprCodes.invalidDate, { name: site.name, reason: e.message }, fi, 'format');
    throw e;
  }
}

function checkRange(d: DateValue, site: CallSite): DateValue {
  if (!Number.isFinite(d.ms) || d.ms < MIN_MS || d.ms > MAX_MS) {
    site.fail(ExprCodes.outOfRange, { name: site.name });
  }
  return d;
}

const UNITS = ['second', 'minute', 'hour', 'day', 'week', 'month', 'year'] as const;
type Unit = (typeof UNITS)[number];

function unit(args: unknown[], i: number, site: CallSite): Unit {
  const u = str(args, i, site).toLowerCase().replace(/s$/, '') as Unit;
  if (!UNITS.includes(u)) site.invalid(i, `The time unit '${String(args[i])}' is not valid: use 'Second', 'Minute', 'Hour', 'Day', 'Week', 'Month' or 'Year'.`);
  return u;
}

/** Adds an interval like .NET DateTime.AddX (months and years clamp the day to the month's end). */
function add(d: DateValue, amount: number, u: Unit, site: CallSite): DateValue {
  const per: Partial<Record<Unit, number>> = { second: 1000, minute: 60000, hour: 3600000, day: 86400000, week: 604800000 };
  if (per[u] !== undefined) return checkRange({ ...d, ms: d.ms + amount * per[u]! }, site);
  const f = fieldsOf(d);
  const months = f.year * 12 + (f.month - 1) + (u === 'year' ? amount * 12 : amount);
  const year = Math.floor(months / 12);
  const month = (months % 12) + 1;
  if (year < 1 || year > 9999) checkRange({ ...d, ms: NaN }, site);
  const last = new Date(Date.UTC(2000, month, 0)).getUTCDate();
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const maxDay = month === 2 ? (leap ? 29 : 28) : last;
  const ms = msOf(year, month, Math.min(f.day, maxDay), f.hour, f.minute, f.second, f.ms);
  return checkRange({ ...d, ms }, site);
}

/** The context clock: `now` (ISO 8601) or the real clock. */
function nowValue(ctx: ExprContext, site: CallSite): DateValue {
  const now = ctx.clock?.() ?? ctx.now;
  if (now === undefined) return { ms: Date.now(), sub: 0, kind: 'utc' };
  const d = parseTimestamp(now);
  if (!d) site.fail(ExprCodes.invalidDate, { value: String(now) }, undefined, 'clock');
  return d;
}

function zone(args: unknown[], i: number, site: CallSite): string {
  const name = str(args, i, site);
  const z = ianaZone(name);
  if (!z) {
    const hints = suggestZones(name);
    site.fail(
      ExprCodes.invalidTimeZone,
      { name, hint: hints.length ? ` Did you mean ${hints.map((h) => `'${h}'`).join(', ')}?` : '' },
      i,
    );
  }
  return z;
}

/** The UTC instant of a source zone's wall clock; a time skipped by a daylight-saving change is an error. */
function wallToUtc(d: DateValue, zoneName: string, args: unknown[], site: CallSite): number {
  const ms = zoneToUtc(d.ms, zoneName);
  if (ms === undefined) {
    site.fail(ExprCodes.invalidDate, { value: String(args[0]), zone: String(args[1]) }, 0, 'skipped');
  }
  return ms;
}

const fmtDoc = "Optional format: a .NET standard specifier ('o' by default, 'D', 's', 'u', ...) or a custom pattern ('yyyy-MM-dd').";

function addFn(name: string, u: Unit, what: string): FunctionDef {
  return fn(name, 'date', [2, 3], `${name}(timestamp: string, ${what}: integer, format?: string): string`,
    `Adds a number of ${what} (negative to subtract) to a timestamp. ${fmtDoc}`,
    (args, _c, site) => output(add(timestamp(args, 0, site), int(args, 1, site), u, site), args, 2, site));
}

export const dateFunctions: FunctionDef[] = [
  addFn('addDays', 'day', 'days'),
  addFn('addHours', 'hour', 'hours'),
  addFn('addMinutes', 'minute', 'minutes'),
  addFn('addSeconds', 'second', 'seconds'),
  fn('addToTime', 'date', [3, 4], "addToTime(timestamp: string, interval: integer, timeUnit: 'Second' | 'Minute' | 'Hour' | 'Day' | 'Week' | 'Month' | 'Year', format?: string): string",
    `Adds a number of time units to a timestamp. ${fmtDoc}`,
    (args, _c, site) => output(add(timestamp(args, 0, site), int(args, 1, site), unit(args, 2, site), site), args, 3, site)),
  fn('convertFromUtc', 'date', [2, 3], 'convertFromUtc(timestamp: string, destinationTimeZone: string, format?: string): string',
    `Converts a UTC timestamp to a Windows time zone (e.g. 'Pacific Standard Time'); the result has no zone designator. ${fmtDoc}`,
    (args, _c, site) => {
      const d = timestamp(args, 0, site);
      const z = zone(args, 1, site);
      return output(z === 'UTC' ? d : { ms: utcToZone(d.ms, z), sub: d.sub, kind: 'unspecified' }, args, 2, site);
    }),
  fn('convertTimeZone', 'date', [3, 4], 'convertTimeZone(timestamp: string, sourceTimeZone: string, destinationTimeZone: string, format?: string): string',
    `Converts a timestamp from one Windows time zone to another. A timestamp with 'Z' or an offset is an instant; one without is the source zone's wall clock. ${fmtDoc}`,
    (args, _c, site) => {
      const info: { zoneless?: boolean } = {};
      const d = timestamp(args, 0, site, info);
      const src = zone(args, 1, site);
      const dst = zone(args, 2, site);
      const utcMs = info.zoneless && src !== 'UTC' ? wallToUtc(d, src, args, site) : d.ms;
      const out: DateValue = dst === 'UTC' ? { ms: utcMs, sub: d.sub, kind: 'utc' } : { ms: utcToZone(utcMs, dst), sub: d.sub, kind: 'unspecified' };
      return output(checkRange(out, site), args, 3, site);
    }),
  fn('convertToUtc', 'date', [2, 3], 'convertToUtc(timestamp: string, sourceTimeZone: string, format?: string): string',
    `Converts a timestamp from a Windows time zone to UTC. A timestamp without a zone designator is read as the source zone's wall clock. ${fmtDoc}`,
    (args, _c, site) => {
      const info: { zoneless?: boolean } = {};
      const d = timestamp(args, 0, site, info);
      const src = zone(args, 1, site);
      const ms = info.zoneless && src !== 'UTC' ? wallToUtc(d, src, args, site) : d.ms;
      return output(checkRange({ ms, sub: d.sub, kind: 'utc' }, site), args, 2, site);
    }),
  fn('dayOfMonth', 'date', [1, 1], 'dayOfMonth(timestamp: string): integer', 'Returns the day of the month (1-31) of a timestamp.',
    (args, _c, site) => fieldsOf(timestamp(args, 0, site)).day),
  fn('dayOfWeek', 'date', [1, 1], 'dayOfWeek(timestamp: string): integer', 'Returns the day of the week of a timestamp: Sunday is 0, Monday 1, ... Saturday 6.',
    (args, _c, site) => fieldsOf(timestamp(args, 0, site)).dayOfWeek),
  fn('dayOfYear', 'date', [1, 1], 'dayOfYear(timestamp: string): integer', 'Returns the day of the year (1-366) of a timestamp.',
    (args, _c, site) => {
      const d = timestamp(args, 0, site);
      const f = fieldsOf(d);
      return Math.round((msOf(f.year, f.month, f.day) - msOf(f.year, 1, 1)) / 86400000) + 1;
    }),
  fn('formatDateTime', 'date', [1, 3], 'formatDateTime(timestamp: string, format?: string, locale?: string): string',
    `Returns a timestamp in a format. ${fmtDoc} Optional locale for day and month names (default 'en-US').`,
    (args, _c, site) => output(timestamp(args, 0, site), args, 1, site, true)),
  fn('getFutureTime', 'date', [2, 3], "getFutureTime(interval: integer, timeUnit: 'Second' | 'Minute' | 'Hour' | 'Day' | 'Week' | 'Month' | 'Year', format?: string): string",
    `Returns the current time plus a number of time units. ${fmtDoc}`,
    (args, ctx, site) => output(add(nowValue(ctx, site), int(args, 0, site), unit(args, 1, site), site), args, 2, site)),
  fn('getPastTime', 'date', [2, 3], "getPastTime(interval: integer, timeUnit: 'Second' | 'Minute' | 'Hour' | 'Day' | 'Week' | 'Month' | 'Year', format?: string): string",
    `Returns the current time minus a number of time units. ${fmtDoc}`,
    (args, ctx, site) => output(add(nowValue(ctx, site), -int(args, 0, site), unit(args, 1, site), site), args, 2, site)),
  fn('startOfDay', 'date', [1, 2], 'startOfDay(timestamp: string, format?: string): string', `Returns the start of the day of a timestamp. ${fmtDoc}`,
    (args, _c, site) => {
      const d = timestamp(args, 0, site);
      const f = fieldsOf(d);
      return output({ ms: msOf(f.year, f.month, f.day), sub: 0, kind: d.kind }, args, 1, site);
    }),
  fn('startOfHour', 'date', [1, 2], 'startOfHour(timestamp: string, format?: string): string', `Returns the start of the hour of a timestamp. ${fmtDoc}`,
    (args, _c, site) => {
      const d = timestamp(args, 0, site);
      const f = fieldsOf(d);
      return output({ ms: msOf(f.year, f.month, f.day, f.hour), sub: 0, kind: d.kind }, args, 1, site);
    }),
  fn('startOfMonth', 'date', [1, 2], 'startOfMonth(timestamp: string, format?: string): string', `Returns the start of the month of a timestamp. ${fmtDoc}`,
    (args, _c, site) => {
      const d = timestamp(args, 0, site);
      const f = fieldsOf(d);
      return output({ ms: msOf(f.year, f.month, 1), sub: 0, kind: d.kind }, args, 1, site);
    }),
  fn('subtractFromTime', 'date', [3, 4], "subtractFromTime(timestamp: string, interval: integer, timeUnit: 'Second' | 'Minute' | 'Hour' | 'Day' | 'Week' | 'Month' | 'Year', format?: string): string",
    `Subtracts a number of time units from a timestamp. ${fmtDoc}`,
    (args, _c, site) => output(add(timestamp(args, 0, site), -int(args, 1, site), unit(args, 2, site), site), args, 3, site)),
  fn('ticks', 'date', [1, 1], 'ticks(timestamp: string): integer',
    'Returns the number of 100-nanosecond ticks since 0001-01-01T00:00:00 of a timestamp (.NET DateTime.Ticks).',
    (args, _c, site) => makeInt(ticksOf(timestamp(args, 0, site)))),
  fn('utcNow', 'date', [0, 1], 'utcNow(format?: string): string', `Returns the current UTC time (the run's clock). ${fmtDoc}`,
    (args, ctx, site) => output(nowValue(ctx, site), args, 0, site)),
];
