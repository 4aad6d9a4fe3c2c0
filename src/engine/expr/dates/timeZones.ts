/**
 * Windows time zone names (as ADF's convertTimeZone takes them, e.g. 'Pacific Standard Time') resolved to
 * IANA zones with windows-iana, and wall-clock conversions with luxon.
 */
import { DateTime } from 'luxon';
import { WINDOWS_TO_IANA_MAP, findIana } from 'windows-iana';

let windowsNames: Map<string, string> | undefined;

function canonicalWindowsName(name: string): string | undefined {
  if (!windowsNames) {
    windowsNames = new Map();
    for (const e of WINDOWS_TO_IANA_MAP) windowsNames.set(e.windowsName.toLowerCase(), e.windowsName);
  }
  return windowsNames.get(name.trim().toLowerCase());
}

/** The IANA zone of a Windows time zone name, or undefined when the name is not a Windows zone. */
export function ianaZone(windowsName: string): string | undefined {
  const canonical = canonicalWindowsName(windowsName);
  if (!canonical) return undefined;
  if (canonical === 'UTC') return 'UTC';
  const iana = findIana(canonical as Parameters<typeof findIana>[0]);
  return iana[0];
}

/** Windows names that look like `name` (for error hints). */
export function suggestZones(name: string): string[] {
  canonicalWindowsName('UTC');
  const words = name.toLowerCase().split(/[^a-z]+/).filter((w) => w.length > 2);
  const out: string[] = [];
  for (const n of windowsNames!.values()) if (words.some((w) => n.toLowerCase().includes(w)) && !out.includes(n)) out.push(n);
  return out.slice(0, 5);
}

/** Converts a UTC instant (ms) to the wall-clock ms of a zone. */
export function utcToZone(ms: number, zone: string): number {
  const dt = DateTime.fromMillis(ms, { zone });
  return ms + dt.offset * 60000;
}

/**
 * Converts a wall-clock time (ms, as if UTC) in a zone to the UTC instant, as .NET's
 * TimeZoneInfo.ConvertTimeToUtc does: a time skipped by a daylight-saving change is invalid (undefined is
 * returned); a time that occurs twice is read as standard time (the later instant).
 */
export function zoneToUtc(wallMs: number, zone: string): number | undefined {
  const offsets = new Set<number>();
  for (const probe of [wallMs - 86_400_000, wallMs, wallMs + 86_400_000]) offsets.add(DateTime.fromMillis(probe, { zone }).offset);
  const instants: number[] = [];
  for (const o of offsets) {
    const instant = wallMs - o * 60000;
    if (utcToZone(instant, zone) === wallMs) instants.push(instant);
  }
  if (!instants.length) return undefined;
  return Math.max(...instants);
}

/** Every Windows time zone name, sorted (for completion). */
export function windowsZoneNames(): string[] {
  canonicalWindowsName('UTC');
  return [...new Set(windowsNames!.values())].sort();
}
