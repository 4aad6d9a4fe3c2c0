/**
 * Keeps the stored record of a run in progress current: every change (an activity starting or ending) asks for a
 * save, and the saves are coalesced so the store is at most about `delayMs` behind while a ForEach of thousands of
 * items costs one save per interval, not one per transition. The heartbeat saves even when nothing changed, so the
 * record's `lastUpdated` keeps moving while the process lives.
 *
 * Bounded cost: a save writes the whole record (it grows with the run), so the next one waits at least
 * `costFactor` times as long as the last one took; the store's share of the run's time stays below
 * 1 / (costFactor + 1) however large the record.
 */

export interface LiveRecordOptions {
  /** Most a change waits before it is saved while saves are cheap (ms). */
  delayMs: number;
  /** Saves even without changes this often (ms). */
  heartbeatMs: number;
  /** The next save waits at least this many times the last save's duration. */
  costFactor?: number;
  /** Clock and timers (tests use node:test's mock timers through the globals). */
  now?: () => number;
}

export const LIVE_SAVE_DELAY_MS = 1_000;
const DEFAULT_COST_FACTOR = 4;

export class LiveRecord {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private chain: Promise<void> = Promise.resolve();
  private lastStart = Number.NEGATIVE_INFINITY;
  private lastCost = 0;
  private stopped = false;
  /** Saves done (for tests and benchmarks). */
  saves = 0;

  constructor(
    private readonly save: () => Promise<void>,
    private readonly opts: LiveRecordOptions,
  ) {}

  private get now(): number {
    return (this.opts.now ?? Date.now)();
  }

  /** Starts the heartbeat. */
  start(): void {
    if (this.stopped || this.heartbeat) return;
    this.heartbeat = setInterval(() => this.enqueue(), this.opts.heartbeatMs);
    this.heartbeat.unref?.();
  }

  /** Something in the record changed: it is saved within about `delayMs` (one pending save covers every change). */
  changed(): void {
    if (this.stopped || this.timer) return;
    const gap = Math.max(this.opts.delayMs, this.lastCost * (this.opts.costFactor ?? DEFAULT_COST_FACTOR));
    const wait = Math.max(0, this.lastStart + gap - this.now);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.enqueue();
    }, wait);
    this.timer.unref?.();
  }

  private enqueue(): void {
    if (this.stopped) return;
    this.chain = this.chain.then(async () => {
      if (this.stopped) return;
      const t0 = this.now;
      this.lastStart = t0;
      try {
        await this.save();
      } catch {
        // The saver reports its own failures; the next change or heartbeat tries again.
      }
      this.saves++;
      this.lastCost = Math.max(0, this.now - t0);
    });
  }

  /** Stops saving and waits for a save in flight, so a later final save cannot be overtaken. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.timer = undefined;
    this.heartbeat = undefined;
    await this.chain;
  }
}
