/**
 * Time zones of schedule triggers. ADF stores Windows time zone names ("Pacific Standard Time");
 * windows-iana maps them to IANA zones, which luxon uses for local-time arithmetic and DST.
 */
import { DateTime } from 'luxon';
import { findIana } from 'windows-iana';

/** IANA zone for a Windows zone name (or an IANA name), undefined when unknown. */
export function ianaZone(windowsName: string): string | undefined {
  if (!windowsName || /^(utc|coordinated universal time)$/i.test(windowsName)) return 'UTC';
  const found = findIana(windowsName);
  if (found && found.length) return found[0];
  // Tolerate IANA names (ADF itself does not accept them; validation warns).
  return DateTime.local().setZone(windowsName).isValid ? windowsName : undefined;
}

/** True when an ISO timestamp carries a zone designator (Z or ±hh:mm). */
export function hasZoneDesignator(text: string): boolean {
  return /(Z|[+-]\d{2}:?\d{2})$/i.test(text.trim());
}

/**
 * Reads a trigger timestamp. Text with a zone designator is an instant; text without one is local time
 * in `zone` (ADF's convention for non-UTC triggers). Returns undefined for unparseable text.
 */
export function readTriggerTime(text: string, zone: string): DateTime | undefined {
  const t = text.trim();
  const dt = hasZoneDesignator(t) ? DateTime.fromISO(t, { setZone: true }).setZone(zone) : DateTime.fromISO(t, { zone });
  return dt.isValid ? dt : undefined;
}

/** ISO 8601 UTC text without milliseconds when they are zero: "2024-03-10T10:00:00Z". */
export function isoUtc(dt: DateTime | Date | number): string {
  const ms = dt instanceof DateTime ? dt.toMillis() : typeof dt === 'number' ? dt : dt.getTime();
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
