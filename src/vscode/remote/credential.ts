/**
 * Azure sign-in through VS Code's Microsoft authentication provider, wrapped as a TokenCredential
 * for the Azure SDK. The tenant is passed with VS Code's `VSCODE_TENANT:` scope convention.
 */
import * as vscode from 'vscode';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import * as remote from '../../engine/remote';

export class VsCodeSessionCredential implements TokenCredential {
  constructor(
    private readonly scope: string,
    private readonly tenantId?: string,
    private readonly createIfNone = false,
  ) {}

  private scopes(): string[] {
    return this.tenantId ? [this.scope, `VSCODE_TENANT:${this.tenantId}`] : [this.scope];
  }

  /** Asks the user to sign in (interactive). */
  async signIn(): Promise<vscode.AuthenticationSession> {
    return vscode.authentication.getSession('microsoft', this.scopes(), { createIfNone: true });
  }

  /** True when VS Code holds a session for these scopes (never prompts). */
  async hasSession(): Promise<boolean> {
    try {
      return !!(await vscode.authentication.getSession('microsoft', this.scopes(), { silent: true }));
    } catch {
      // No Microsoft authentication provider (e.g. some VS Code builds): not signed in; signing in says why.
      return false;
    }
  }

  async getToken(): Promise<AccessToken | null> {
    const session = await vscode.authentication.getSession('microsoft', this.scopes(), this.createIfNone ? { createIfNone: true } : { silent: true });
    if (!session) throw new Error('Not signed in to Azure: run "Data Factory: Sign in to Azure".');
    // VS Code refreshes sessions itself; report a short lifetime so the SDK asks again soon.
    return { token: session.accessToken, expiresOnTimestamp: Date.now() + 5 * 60_000 };
  }
}

/**
 * The credential of a remote connection: with `tokenEnv` (the setting `tokenSetting`), the token in that environment
 * variable, allowed only for a loopback endpoint (an emulator); otherwise VS Code's Microsoft sign-in for `scope`.
 */
export function connectionCredential(o: { endpoint: string; loopback: boolean; tokenEnv?: string; tokenSetting: string; scope: string; tenant?: string }): TokenCredential {
  if (!o.tokenEnv) return new VsCodeSessionCredential(o.scope, o.tenant);
  if (!o.loopback) throw new Error(vscode.l10n.t('The setting {0} only applies to a loopback endpoint (an emulator), not {1}. Clear it to sign in with your Microsoft account.', o.tokenSetting, o.endpoint));
  return remote.tokenFromEnv(o.tokenEnv);
}
