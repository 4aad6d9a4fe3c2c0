/**
 * .NET date and time formatting: the standard format specifiers (d, D, f, F, g, G, M, O, R, s, t, T, u, U, Y)
 * with the en-US patterns ADF uses, and custom patterns (yyyy, MM, dd, HH, hh, mm, ss, fffffff, FFFFFFF,
 * tt, K, zzz, ddd, dddd, MMM, MMMM, 'literal', "literal", \x, %x, ...). Day and month names come from Intl
 * for other locales.
 */
import { type DateValue, fieldsOf } from './dateValue';

export class FormatError extends Error {}

const STANDARD: Record<string, string> = {
  d: 'M/d/yyyy',
  D: 'dddd, MMMM d, yyyy',
  f: 'dddd, MMMM d, yyyy h:mm tt',
  F: 'dddd, MMMM d, yyyy h:mm:ss tt',
  g: 'M/d/yyyy h:mm tt',
  G: 'M/d/yyyy h:mm:ss tt',
  M: 'MMMM d',
  m: 'MMMM d',
  O: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
  o: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
  R: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  r: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  s: "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
  t: 'h:mm tt',
  T: 'h:mm:ss tt',
  u: "yyyy'-'MM'-'dd HH':'mm':'ss'Z'",
  U: 'dddd, MMMM d, yyyy h:mm:ss tt',
  Y: 'MMMM yyyy',
  y: 'MMMM yyyy',
};

const EN_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

interface Names {
  days: string[];
  shortDays: string[];
  months: string[];
  shortMonths: string[];
  am: string;
  pm: string;
}

const EN: Names = {
  days: EN_DAYS,
  shortDays: EN_DAYS.map((d) => d.slice(0, 3)),
  months: EN_MONTHS,
  shortMonths: EN_MONTHS.map((m) => m.slice(0, 3)),
  am: 'AM',
  pm: 'PM',
};

const namesCache = new Map<string, Names>();

/** Day/month names for a locale (en-US built in; others from Intl). Throws FormatError for unknown locales. */
function namesFor(locale: string | undefined): Names {
  if (!locale || /^en(-us)?$/i.test(locale)) return EN;
  let n = namesCache.get(locale.toLowerCase());
  if (n) return n;
  let supported: string[];
  try {
    supported = Intl.DateTimeFormat.supportedLocalesOf([locale]);
  } catch {
    supported = [];
  }
  if (!supported.length) throw new FormatError(`The locale '${locale}' is not a valid culture name.`);
  const fmt = (opts: Intl.DateTimeFormatOptions, d: number) => new Intl.DateTimeFormat(locale, { ...opts, timeZone: 'UTC' }).format(d);
  const dayMs = (i: number) => Date.UTC(2017, 0, 1 + i); // 2017-01-01 was a Sunday
  const monthMs = (i: number) => Date.UTC(2017, i, 15);
  const parts = new Intl.DateTimeFormat(locale, { hour: 'numeric', hour12: true, timeZone: 'UTC' }).formatToParts(Date.UTC(2017, 0, 1, 9));
  const partsPm = new Intl.DateTimeFormat(locale, { hour: 'numeric', hour12: true, timeZone: 'UTC' }).formatToParts(Date.UTC(2017, 0, 1, 21));
  n = {
    days: [0, 1, 2, 3, 4, 5, 6].map((i) => fmt({ weekday: 'long' }, dayMs(i))),
    shortDays: [0, 1, 2, 3, 4, 5, 6].map((i) => fmt({ weekday: 'short' }, dayMs(i))),
    months: [...Array(12).keys()].map((i) => new Intl.DateTimeFormat(locale, { month: 'long', day: 'numeric', timeZone: 'UTC' }).formatToParts(monthMs(i)).find((p) => p.type === 'month')?.value ?? fmt({ month: 'long' }, monthMs(i))),
    shortMonths: [...Array(12).keys()].map((i) => fmt({ month: 'short' }, monthMs(i))),
    am: parts.find((p) => p.type === 'dayPeriod')?.value ?? 'AM',
    pm: partsPm.find((p) => p.type === 'dayPeriod')?.value ?? 'PM',
  };
  namesCache.set(locale.toLowerCase(), n);
  return n;
}

function pad(n: number, width: number): string {
  const s = String(Math.abs(n));
  return (n < 0 ? '-' : '') + (s.length >= width ? s : '0'.repeat(width - s.length) + s);
}

/** Formats a date value with a .NET standard or custom format string (default 'o'). */
export function formatDate(d: DateValue, format: string | undefined, locale?: string): string {
  let pattern = format === undefined || format === '' ? 'o' : format;
  if (pattern.length === 1) {
    const std = STANDARD[pattern];
    if (!std) throw new FormatError(`The format '${pattern}' is not a valid standard date and time format specifier (use d, D, f, F, g, G, M, o, R, s, t, T, u, U or Y, or a custom pattern such as 'yyyy-MM-dd').`);
    pattern = std;
  }
  const names = namesFor(locale);
  const f = fieldsOf(d);
  const fraction = pad(f.ms, 3) + pad(d.sub, 4); // 7 digits
  let out = '';
  let i = 0;
  const len = pattern.length;
  while (i < len) {
    const c = pattern[i];
    let n = 1;
    while (i + n < len && pattern[i + n] === c) n++;
    switch (c) {
      case 'y':
        out += n === 1 ? String(f.year % 100) : n === 2 ? pad(f.year % 100, 2) : pad(f.year, n);
        break;
      case 'M':
        out += n === 1 ? String(f.month) : n === 2 ? pad(f.month, 2) : n === 3 ? names.shortMonths[f.month - 1] : names.months[f.month - 1];
        break;
      case 'd':
        out += n === 1 ? String(f.day) : n === 2 ? pad(f.day, 2) : n === 3 ? names.shortDays[f.dayOfWeek] : names.days[f.dayOfWeek];
        break;
      case 'H':
        out += n === 1 ? String(f.hour) : pad(f.hour, 2);
        n = Math.min(n, 2);
        break;
      case 'h': {
        const h = f.hour % 12 || 12;
        out += n === 1 ? String(h) : pad(h, 2);
        n = Math.min(n, 2);
        break;
      }
      case 'm':
        out += n === 1 ? String(f.minute) : pad(f.minute, 2);
        n = Math.min(n, 2);
        break;
      case 's':
        out += n === 1 ? String(f.second) : pad(f.second, 2);
        n = Math.min(n, 2);
        break;
      case 'f':
      case 'F': {
        if (n > 7) throw new FormatError(`The format '${format}' has more than 7 '${c}' characters.`);
        const digits = fraction.slice(0, n);
        if (c === 'f') out += digits;
        else {
          const kept = digits.replace(/0+$/, '');
          if (!kept && out.endsWith('.')) out = out.slice(0, -1);
          out += kept;
        }
        break;
      }
      case 't': {
        const ap = f.hour < 12 ? names.am : names.pm;
        out += n === 1 ? ap.slice(0, 1) : ap;
        n = Math.min(n, 2);
        break;
      }
      case 'g':
        out += 'A.D.';
        break;
      case 'K':
        out += d.kind === 'utc' ? 'Z' : '';
        n = 1;
        break;
      case 'z':
        // The zone offset of the value: UTC and zone-less values are at +00:00 (the service clock is UTC).
        out += n === 1 ? '+0' : n === 2 ? '+00' : '+00:00';
        n = Math.min(n, 3);
        break;
      case ':':
        out += ':';
        n = 1;
        break;
      case '/':
        out += '/';
        n = 1;
        break;
      case "'":
      case '"': {
        const end = pattern.indexOf(c, i + 1);
        if (end < 0) throw new FormatError(`The format '${format}' has an unterminated quoted string starting at position ${i}.`);
        out += pattern.slice(i + 1, end);
        n = end - i + 1;
        break;
      }
      case '\\':
        if (i + 1 >= len) throw new FormatError(`The format '${format}' ends with an escape character '\\'.`);
        out += pattern[i + 1];
        n = 2;
        break;
      case '%':
        if (i + 1 >= len || pattern[i + 1] === '%') throw new FormatError(`The format '${format}' has an invalid '%' specifier.`);
        n = 1;
        break;
      default:
        out += c;
        n = 1;
    }
    i += n;
  }
  return out;
}

/**
 * A UTC instant in .NET's round-trip format with seven fraction digits ("2017-06-01T22:20:00.4061448Z"), the way
 * ADF writes the times a trigger actually fired (`pipeline().TriggerTime`, `trigger().startTime`).
 */
export function roundTripUtc(ms: number): string {
  return formatDate({ ms, sub: 0, kind: 'utc' }, 'o');
}
