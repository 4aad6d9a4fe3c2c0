/** Helpers over linked service and dataset property values (SecureString objects, connection strings). */

/** The plain value of a property that may be a SecureString / {value} object. */
export function plain(v: unknown): unknown {
  if (v && typeof v === 'object' && !Array.isArray(v) && 'value' in (v as Record<string, unknown>)) {
    return (v as Record<string, unknown>).value;
  }
  return v;
}

/** A string property (SecureString unwrapped), or undefined when absent/empty. */
export function str(v: unknown): string | undefined {
  const p = plain(v);
  if (p === undefined || p === null || p === '') return undefined;
  return typeof p === 'string' ? p : String(p);
}

/** A boolean property given as boolean or 'true'/'false'. */
export function bool(v: unknown, dflt = false): boolean {
  const p = plain(v);
  if (typeof p === 'boolean') return p;
  if (typeof p === 'string') return p.toLowerCase() === 'true';
  return dflt;
}

/** A numeric property given as number or numeric string, or the default. */
export function num(v: unknown, dflt: number): number {
  const p = plain(v);
  const n = typeof p === 'number' ? p : typeof p === 'string' && p.trim() !== '' ? Number(p) : NaN;
  return Number.isFinite(n) ? n : dflt;
}

/** Parses `Key=Value;Key2=Value2` (keys case-insensitive, values may contain '='). */
export function parseConnectionString(cs: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of cs.split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    out[part.slice(0, i).trim().toLowerCase()] = part.slice(i + 1).trim();
  }
  return out;
}

/** True for 127.0.0.0/8, ::1 and localhost: the only hosts whose self-signed certificates are trusted. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}
