/**
 * Bounded retries for throttling (429) and transient failures (408, 449, 500, 503, dropped connections),
 * honouring the service's retry-after. Every retry is counted so the copy output can report it.
 */
import { sleep } from './sleep';

export interface RetryPolicy {
  /** Retries allowed for one request before giving up. */
  maxRetries: number;
  /** Ceiling of one wait (ms), whatever the service asks. */
  maxDelayMs: number;
  /** First backoff (ms) when the service gives no retry-after; doubles each retry. */
  baseDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 9, maxDelayMs: 10_000, baseDelayMs: 100 };

const TRANSIENT_STATUS = new Set([408, 429, 449, 500, 502, 503, 504]);
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'EAI_AGAIN', 'ENOTFOUND', 'ERR_SOCKET_CONNECTION_TIMEOUT', 'UND_ERR_SOCKET']);

/** HTTP status of an SDK error (Cosmos `code`, storage `statusCode`), if any. */
export function statusOf(e: unknown): number | undefined {
  const o = e as { code?: unknown; statusCode?: unknown; message?: unknown };
  if (typeof o?.statusCode === 'number') return o.statusCode;
  if (typeof o?.code === 'number') return o.code;
  return wrappedStatus(typeof o?.message === 'string' ? o.message : '');
}

/**
 * The Cosmos bulk API rethrows request failures as `new Error("Bulk request errored with: <message>")`,
 * dropping the status; recover it from the service's wording.
 */
function wrappedStatus(message: string): number | undefined {
  if (!message.startsWith('Bulk request errored with:')) return undefined;
  if (/Request rate is large|TooManyRequests/i.test(message)) return 429;
  if (/Service ?Unavailable/i.test(message)) return 503;
  if (/Request ?Timeout|timed out/i.test(message)) return 408;
  return undefined;
}

/** A rewrapped bulk failure whose cause is not a service answer (empty or connection wording). */
function wrappedNetworkError(message: string): boolean {
  if (!message.startsWith('Bulk request errored with:')) return false;
  const rest = message.slice('Bulk request errored with:'.length).trim();
  return rest === '' || /socket|ECONN|EPIPE|network|closed|TLS|fetch failed|aborted/i.test(rest);
}

/** True for errors where the request may or may not have reached the service (connection dropped). */
export function isNetworkError(e: unknown): boolean {
  const o = e as { code?: unknown; name?: string; message?: string; cause?: unknown };
  if (typeof o?.code === 'string' && NETWORK_CODES.has(o.code)) return true;
  if (o?.cause && o.cause !== e && isNetworkError(o.cause)) return true;
  const m = o?.message ?? '';
  if (wrappedNetworkError(m)) return true;
  return /socket hang up|ECONNRESET|ECONNREFUSED|EPIPE|network|Request timed out|timeout|other side closed|TLS connection/i.test(m) && statusOf(e) === undefined;
}

export function isTransient(e: unknown): boolean {
  const s = statusOf(e);
  if (s !== undefined) return TRANSIENT_STATUS.has(s);
  return isNetworkError(e);
}

/** The wait the service asked for (ms), from SDK error fields or headers. */
export function retryAfterMs(e: unknown): number | undefined {
  const o = e as { retryAfterInMs?: number; retryAfterInMilliseconds?: number; headers?: Record<string, unknown> };
  if (typeof o?.retryAfterInMs === 'number') return o.retryAfterInMs;
  if (typeof o?.retryAfterInMilliseconds === 'number') return o.retryAfterInMilliseconds;
  const h = o?.headers;
  const ms = h?.['x-ms-retry-after-ms'];
  if (ms !== undefined && Number.isFinite(Number(ms))) return Number(ms);
  const s = h?.['retry-after'];
  if (s !== undefined && Number.isFinite(Number(s))) return Number(s) * 1000;
  return undefined;
}

/** Delay before retry number `attempt` (0-based). */
export function delayFor(policy: RetryPolicy, attempt: number, asked?: number): number {
  const backoff = policy.baseDelayMs * 2 ** attempt;
  return Math.min(policy.maxDelayMs, asked !== undefined ? Math.max(asked, 1) : backoff);
}


/** Thrown when the retry budget is spent; names what kept failing. */
export class RetriesExhaustedError extends Error {
  constructor(
    public readonly attempts: number,
    public readonly last: unknown,
    what: string,
  ) {
    const s = statusOf(last);
    const why = s === 429 ? 'the service kept answering 429 (request rate is large)' : s !== undefined ? `the service kept answering ${s}` : `the connection kept failing (${(last as Error)?.message ?? String(last)})`;
    super(`${what} failed after ${attempts} attempts (the retry budget): ${why}. Last error: ${(last as Error)?.message ?? String(last)}`);
    this.name = 'RetriesExhaustedError';
  }
}

/** Counts retries across one copy (shared by reader and writer). */
export class RetryCounter {
  retries = 0;
  throttled = 0;
}

/**
 * Runs `fn`, retrying transient failures within the policy. `onRetry` sees each failure before the wait.
 * Non-transient errors are rethrown at once.
 */
export async function withRetry<T>(
  what: string,
  policy: RetryPolicy,
  counter: RetryCounter,
  signal: AbortSignal,
  fn: (attempt: number) => Promise<T>,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (e) {
      if (signal.aborted || !isTransient(e)) throw e;
      if (attempt >= policy.maxRetries) throw new RetriesExhaustedError(attempt + 1, e, what);
      counter.retries++;
      if (statusOf(e) === 429) counter.throttled++;
      await sleep(delayFor(policy, attempt, retryAfterMs(e)), signal);
    }
  }
}
