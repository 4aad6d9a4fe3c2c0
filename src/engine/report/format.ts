/** Display formatting shared by the monitor and the report. Deterministic: times are shown in UTC. */

/** `1.2 s`, `3 min 4 s`, `2 h 5 min`, `350 ms`. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s - m * 60)} s`;
  const hrs = Math.floor(m / 60);
  return `${hrs} h ${m - hrs * 60} min`;
}

/** `2026-11-25 17:43:46` (UTC) from an ISO string; the input itself when it does not parse. */
export function formatTime(iso: string | undefined): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return new Date(t).toISOString().replace('T', ' ').replace(/\.\d+Z$|Z$/, '');
}

/** `12 s ago`, `3 min ago`, `2 h ago`, `4 d ago`. */
export function formatAgo(iso: string | undefined, now: number): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}

/** `1.5 KB`, `3.2 MB`, `12 B`. */
export function formatBytes(n: unknown): string {
  if (typeof n !== 'number' || !Number.isFinite(n)) return '';
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

/** Pretty JSON, never throwing (cycles and BigInts become text). */
export function formatJson(v: unknown): string {
  if (v === undefined) return '';
  try {
    const seen = new WeakSet<object>();
    return JSON.stringify(
      v,
      (_k, x) => {
        if (typeof x === 'bigint') return x.toString();
        if (x && typeof x === 'object') {
          if (seen.has(x)) return '[circular]';
          seen.add(x);
        }
        return x;
      },
      2,
    ) ?? '';
  } catch (e) {
    return String(e);
  }
}

/** Glyph and label for a run/activity status. */
export function statusGlyph(status: string | undefined): string {
  switch (status) {
    case 'Succeeded':
      return '✔';
    case 'Failed':
      return '✖';
    case 'InProgress':
    case 'Queued':
      return '◌';
    case 'Canceling':
    case 'Cancelled':
      return '⊘';
    case 'Skipped':
      return '↷';
    case 'Inactive':
      return '⊝';
    default:
      return '•';
  }
}
