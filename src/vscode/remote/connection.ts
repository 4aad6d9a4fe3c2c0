/**
 * The extension's connection to ARM: settings (cloud, custom endpoint, scope, tenant), the
 * credential (VS Code's Microsoft sign-in; for a loopback emulator, optionally a token from an
 * environment variable), and one RemoteSession rebuilt when settings change.
 */
import * as vscode from 'vscode';
import * as remote from '../../engine/remote';
import type { RemoteSession } from '../../engine/remote';
import { CONTEXT_KEYS, SETTINGS } from '../constants';
import { connectionCredential, VsCodeSessionCredential } from './credential';
import { SessionConnection } from '../util/sessionConnection';

export interface ConnectionSettings {
  cloud: string;
  endpoint?: string;
  scope?: string;
  tenant?: string;
  tokenEnv?: string;
}

function readSettings(): ConnectionSettings {
  const c = vscode.workspace.getConfiguration(SETTINGS.section);
  const s = (k: string) => {
    const v = c.get<string>(k);
    return v && v.trim() ? v.trim() : undefined;
  };
  return { cloud: s(SETTINGS.cloud) ?? 'AzureCloud', endpoint: s(SETTINGS.endpoint), scope: s(SETTINGS.scope), tenant: s(SETTINGS.tenant), tokenEnv: s(SETTINGS.tokenEnv) };
}

export class RemoteConnection extends SessionConnection<RemoteSession> {
  constructor() {
    super((e) => e.affectsConfiguration(SETTINGS.section));
  }

  protected async build(): Promise<RemoteSession> {
    const s = readSettings();
    const cloud = remote.resolveCloud({ cloud: s.cloud, endpoint: s.endpoint, scope: s.scope });
    const loopback = remote.isLoopbackUrl(new URL(cloud.endpoint));
    const credential = connectionCredential({ endpoint: cloud.endpoint, loopback, tokenEnv: s.tokenEnv, tokenSetting: `${SETTINGS.section}.${SETTINGS.tokenEnv}`, scope: cloud.scope, tenant: s.tenant });
    return remote.connect({ cloud: s.cloud, endpoint: s.endpoint, scope: s.scope, tenant: s.tenant, credential });
  }

  /**
   * Whether a session can be built without asking: always for the emulator token, otherwise when VS Code holds
   * a Microsoft session for the configured cloud and tenant. Kept in the context key adf.azure.signedIn.
   */
  async isSignedIn(): Promise<boolean> {
    const s = readSettings();
    let signedIn = true;
    if (!s.tokenEnv) {
      const cloud = remote.resolveCloud({ cloud: s.cloud, endpoint: s.endpoint, scope: s.scope });
      signedIn = await new VsCodeSessionCredential(cloud.scope, s.tenant).hasSession();
    }
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.azureSignedIn, signedIn);
    return signedIn;
  }

  /** Interactive sign-in (no-op for the emulator token). True when signed in. */
  async signIn(): Promise<boolean> {
    const s = readSettings();
    if (s.tokenEnv) {
      await this.session();
      return true;
    }
    const cloud = remote.resolveCloud({ cloud: s.cloud, endpoint: s.endpoint, scope: s.scope });
    await new VsCodeSessionCredential(cloud.scope, s.tenant).signIn();
    this.reset();
    return true;
  }

  /** Lets the user choose the tenant among those of the visible subscriptions, or type one. */
  async chooseTenant(): Promise<void> {
    const home = vscode.l10n.t('Home tenant');
    const enter = vscode.l10n.t('Enter a tenant id…');
    const items: vscode.QuickPickItem[] = [{ label: home, description: vscode.l10n.t('the default tenant of your account') }];
    try {
      const subs = await remote.listSubscriptions(await this.session());
      for (const t of [...new Set(subs.map((x) => x.tenantId).filter((x): x is string => !!x))]) items.push({ label: t, description: subs.filter((x) => x.tenantId === t).map((x) => x.displayName).join(', ') });
    } catch {
      /* not signed in yet: offer manual entry only */
    }
    items.push({ label: enter });
    const pick = await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Tenant for Azure sign-in') });
    if (!pick) return;
    let tenant: string | undefined = pick.label === home ? '' : pick.label;
    if (pick.label === enter) {
      tenant = await vscode.window.showInputBox({ prompt: vscode.l10n.t('Tenant id (GUID) or domain'), validateInput: (v) => (/^[A-Za-z0-9.-]+$/.test(v.trim()) ? undefined : vscode.l10n.t('A tenant id or domain name')) });
      if (tenant === undefined) return;
    }
    await vscode.workspace.getConfiguration(SETTINGS.section).update(SETTINGS.tenant, tenant?.trim() ?? '', vscode.ConfigurationTarget.Global);
  }
}
