/** Injectable failures (throttling and server errors) so clients' retry and error paths can be tested. */
export interface FaultSpec {
  /** HTTP status to answer: 429 or 5xx. */
  status: number;
  /** How many matching requests get the fault (default 1). */
  count?: number;
  /** Seconds for the Retry-After header (429 and 503). */
  retryAfterSeconds?: number;
  /** Only requests whose lower-cased path contains this text. */
  pathContains?: string;
  /** Only requests with this method. */
  method?: string;
}

export class FaultInjector {
  private faults: (FaultSpec & { left: number })[] = [];

  add(f: FaultSpec): void {
    if (!(f.status === 429 || (f.status >= 500 && f.status <= 599))) throw new Error(`A fault's status must be 429 or 5xx, got ${f.status}.`);
    this.faults.push({ ...f, left: f.count ?? 1 });
  }

  clear(): void {
    this.faults = [];
  }

  /** The fault to apply to a request, consuming one use of it. */
  take(method: string, path: string): FaultSpec | undefined {
    const lower = path.toLowerCase();
    const f = this.faults.find((x) => x.left > 0 && (!x.method || x.method.toUpperCase() === method) && (!x.pathContains || lower.includes(x.pathContains.toLowerCase())));
    if (!f) return undefined;
    f.left--;
    this.faults = this.faults.filter((x) => x.left > 0);
    return f;
  }
}
