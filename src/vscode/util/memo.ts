/**
 * A value built on first use and kept until cleared; a build that fails is forgotten, so the next call tries again
 * (the remote sessions: a sign-in that failed is not cached).
 */
export class RetryingMemo<T> {
  private promise?: Promise<T>;

  constructor(private readonly build: () => Promise<T>) {}

  get(): Promise<T> {
    this.promise ??= this.build().catch((e) => {
      this.promise = undefined;
      throw e;
    });
    return this.promise;
  }

  /** Forgets the value; returns the promise it held, if any. */
  clear(): Promise<T> | undefined {
    const old = this.promise;
    this.promise = undefined;
    return old;
  }
}
