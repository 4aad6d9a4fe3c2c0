/**
 * A connection to a remote service held by the extension (ARM, the Fabric REST API): one session built on first
 * use (a failed build is not kept, so the next use tries again) and rebuilt when the settings that shape it or the
 * Microsoft sign-in change; `onDidChange` tells the views to refresh.
 */
import * as vscode from 'vscode';
import { RetryingMemo } from './memo';

export abstract class SessionConnection<T> implements vscode.Disposable {
  private readonly memo = new RetryingMemo<T>(() => this.build());
  private readonly emitter = new vscode.EventEmitter<void>();
  /** Fires when the session must be rebuilt (settings changed, signed in or out). */
  readonly onDidChange = this.emitter.event;
  private readonly subs: vscode.Disposable[] = [];

  /** `affects`: whether a configuration change touches this connection's settings. */
  constructor(affects: (e: vscode.ConfigurationChangeEvent) => boolean) {
    this.subs.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affects(e)) this.reset();
      }),
      vscode.authentication.onDidChangeSessions((e) => {
        if (e.provider.id === 'microsoft') this.reset();
      }),
    );
  }

  /** Builds the session; errors say which setting to fix. */
  protected abstract build(): Promise<T>;

  /** Releases a session that is dropped (nothing by default). */
  protected close(_session: T): void {}

  /** Drops the session (the next use builds a new one) and tells the views. */
  reset(): void {
    const old = this.memo.clear();
    void old?.then((s) => this.close(s), () => undefined);
    this.emitter.fire();
  }

  /** The session (built on first use). */
  session(): Promise<T> {
    return this.memo.get();
  }

  dispose(): void {
    this.reset();
    this.emitter.dispose();
    for (const d of this.subs) d.dispose();
  }
}
