/** ADF time spans: "d.hh:mm:ss" or "hh:mm:ss" (optionally with fractional seconds), as used by policy.timeout. */
import { formatMessage } from '../codes';
import { ActivityFailure } from '../contracts';
import { RunErrorCodes } from './errors';

const TIMESPAN = /^(?:(\d+)\.)?(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,7}))?$/;

/** Parses a time span into milliseconds; throws ActivityFailure naming the property on bad input. */
export function parseTimeSpan(value: unknown, what: string): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value * 1000;
  if (typeof value !== 'string') throw new ActivityFailure(formatMessage(RunErrorCodes.badValue, { what, value: JSON.stringify(value) }), RunErrorCodes.badValue);
  const m = TIMESPAN.exec(value.trim());
  if (!m) throw new ActivityFailure(formatMessage(RunErrorCodes.badValue, { what, value }, 'timeSpanExample'), RunErrorCodes.badValue);
  const [, d, h, min, s, frac] = m;
  if (Number(min) > 59 || Number(s) > 59) throw new ActivityFailure(formatMessage(RunErrorCodes.badValue, { what, value }, 'timeSpanRange'), RunErrorCodes.badValue);
  const fracMs = frac ? Number(`0.${frac}`) * 1000 : 0;
  return ((Number(d ?? 0) * 24 + Number(h)) * 60 + Number(min)) * 60_000 + Number(s) * 1000 + fracMs;
}

/** Formats milliseconds as "d.hh:mm:ss" for messages. */
export function formatTimeSpan(ms: number): string {
  const total = Math.round(ms / 1000);
  const d = Math.floor(total / 86400);
  const h = Math.floor((total % 86400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d}.${p(h)}:${p(m)}:${p(s)}`;
}
