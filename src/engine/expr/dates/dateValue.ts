/**
 * Timestamps as the expression language handles them: .NET DateTime semantics with 100 ns ticks.
 * `ms` is the wall-clock time in milliseconds since 1970-01-01 (as if UTC), `sub` the extra ticks
 * (0..9999) below the millisecond, `kind` whether the wall clock is UTC ('Z' suffix) or a zone-less
 * local time (as convertTimeZone returns).
 */
export interface DateValue {
  ms: number;
  sub: number;
  kind: 'utc' | 'unspecified';
}

/** Ticks between 0001-01-01 and 1970-01-01. */
const EPOCH_TICKS = 621355968000000000n;
const TICKS_PER_MS = 10000n;

/** .NET ticks of a date value (bigint). */
export function ticksOf(d: DateValue): bigint {
  return EPOCH_TICKS + BigInt(d.ms) * TICKS_PER_MS + BigInt(d.sub);
}

/** The smallest and largest instants .NET DateTime can hold. */
export const MIN_MS = msOf(1, 1, 1);
export const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** Calendar fields of the wall clock. */
export function fieldsOf(d: DateValue): {
  year: number; month: number; day: number; hour: number; minute: number; second: number; ms: number; dayOfWeek: number;
} {
  const x = new Date(d.ms);
  return {
    year: x.getUTCFullYear(), month: x.getUTCMonth() + 1, day: x.getUTCDate(), hour: x.getUTCHours(),
    minute: x.getUTCMinutes(), second: x.getUTCSeconds(), ms: x.getUTCMilliseconds(), dayOfWeek: x.getUTCDay(),
  };
}

/** Milliseconds for calendar fields (years 0..99 are not shifted to 1900 like Date.UTC would). */
export function msOf(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  if (year >= 100) return Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const x = new Date(0);
  x.setUTCFullYear(year, month - 1, day);
  x.setUTCHours(hour, minute, second, ms);
  return x.getTime();
}
