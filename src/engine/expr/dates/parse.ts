/**
 * Parsing of timestamp strings as ADF accepts them: ISO 8601 (with 'T' or a space, up to 7 fraction
 * digits, 'Z' or an offset: converted to UTC; no zone: taken as UTC), US dates ('03/15/2018 12:00:00',
 * with optional AM/PM) and RFC 1123 ('Thu, 15 Mar 2018 12:00:00 GMT').
 */
import { type DateValue, MAX_MS, MIN_MS, msOf } from './dateValue';

const ISO = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,7})\d*)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?\s*$/i;
const US = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7})\d*)?)?\s*(AM|PM)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?\s*$/i;
const RFC1123 = /^\s*(?:[a-z]{3},\s*)?(\d{1,2})\s+([a-z]{3})\s+(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(GMT|UTC|Z)?\s*$/i;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function offsetMinutes(z: string | undefined): number {
  if (!z || z.toUpperCase() === 'Z' || z.toUpperCase() === 'GMT' || z.toUpperCase() === 'UTC') return 0;
  const sign = z[0] === '-' ? -1 : 1;
  const digits = z.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
}

function build(year: number, month: number, day: number, hour: number, minute: number, second: number, fraction: string | undefined, zone: string | undefined): DateValue | undefined {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const daysInMonth = new Date(Date.UTC(2000, month, 0)).getUTCDate();
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 ? (leap ? 29 : 28) : daysInMonth)) return undefined;
  const f = (fraction ?? '').padEnd(7, '0');
  const ms = msOf(year, month, day, hour, minute, second, Number(f.slice(0, 3))) - offsetMinutes(zone) * 60000;
  if (ms < MIN_MS || ms > MAX_MS) return undefined;
  return { ms, sub: Number(f.slice(3, 7)), kind: 'utc' };
}

/**
 * Parses a timestamp; undefined when the text is not a timestamp. `zoneless` receives true when the text
 * had no zone designator (convertToUtc/convertTimeZone then read it as the source zone's wall clock).
 */
export function parseTimestamp(text: string, info?: { zoneless?: boolean }): DateValue | undefined {
  const hit = cache.get(text);
  if (hit) {
    if (info) info.zoneless = hit.zoneless;
    return hit.value;
  }
  const seen: { zoneless?: boolean } = {};
  const value = parseUncached(text, seen);
  if (value) {
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(text, { value, zoneless: !!seen.zoneless });
  }
  if (info) info.zoneless = seen.zoneless;
  return value;
}

/** Parsed timestamps by text (values are never mutated, so they can be shared). */
const cache = new Map<string, { value: DateValue; zoneless: boolean }>();
const CACHE_LIMIT = 2000;

function parseUncached(text: string, info?: { zoneless?: boolean }): DateValue | undefined {
  let m = ISO.exec(text);
  if (m) {
    if (info) info.zoneless = !m[8];
    return build(+m[1], +m[2], +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), m[7], m[8]);
  }
  m = US.exec(text);
  if (m) {
    let hour = +(m[4] ?? 0);
    const ampm = m[8]?.toUpperCase();
    if (ampm) {
      if (hour < 1 || hour > 12) return undefined;
      hour = (hour % 12) + (ampm === 'PM' ? 12 : 0);
    }
    if (info) info.zoneless = !m[9];
    return build(+m[3], +m[1], +m[2], hour, +(m[5] ?? 0), +(m[6] ?? 0), m[7], m[9]);
  }
  m = RFC1123.exec(text);
  if (m) {
    const month = MONTHS.indexOf(m[2].toLowerCase()) + 1;
    if (!month) return undefined;
    if (info) info.zoneless = !m[7];
    return build(+m[3], month, +m[1], +m[4], +m[5], +(m[6] ?? 0), undefined, m[7]);
  }
  return undefined;
}
