/**
 * Azure sign-in through VS Code's Microsoft authentication provider, wrapped as a TokenCredential
 * for the Azure SDK. The tenant is passed with VS Code's `VSCODE_TENANT:` scope convention.
 */
import * as vscode from 'vscode';
import type { AccessToken, TokenCredential } from '@azure/core-auth';

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
