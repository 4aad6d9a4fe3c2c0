/**
 * The extension's connection to the Fabric REST API: settings (`adf.fabric.endpoint` for the emulator,
 * `adf.fabric.tokenEnvironmentVariable` for its token), the credential (VS Code's Microsoft sign-in with the Fabric
 * scope, the tenant of `adf.azure.tenant`), and one client rebuilt when settings or sessions change.
 */
import * as vscode from 'vscode';
import * as remote from '../../engine/remote';
import type { FabricClient } from '../../engine/fabricRemote';
import { loadFabricRemote, type FabricRemoteModule } from '../engineModules';
import { CONTEXT_KEYS, FABRIC_SETTINGS, SETTINGS } from '../constants';
import { connectionCredential, VsCodeSessionCredential } from '../remote/credential';
import { SessionConnection } from '../util/sessionConnection';

interface FabricSettings {
  endpoint?: string;
  tokenEnv?: string;
  tenant?: string;
}

function readSettings(): FabricSettings {
  const text = (section: string, key: string) => {
    const v = vscode.workspace.getConfiguration(section).get<string>(key);
    return v && v.trim() ? v.trim() : undefined;
  };
  return { endpoint: text(FABRIC_SETTINGS.section, FABRIC_SETTINGS.endpoint), tokenEnv: text(FABRIC_SETTINGS.section, FABRIC_SETTINGS.tokenEnv), tenant: text(SETTINGS.section, SETTINGS.tenant) };
}

export interface FabricSession {
  fabric: FabricRemoteModule;
  client: FabricClient;
}

export class FabricConnection extends SessionConnection<FabricSession> {
  constructor() {
    super((e) => e.affectsConfiguration(FABRIC_SETTINGS.section) || e.affectsConfiguration(`${SETTINGS.section}.${SETTINGS.tenant}`));
  }

  protected override close(s: FabricSession): void {
    s.client.close();
  }

  protected async build(): Promise<FabricSession> {
    const fabric = await loadFabricRemote();
    const s = readSettings();
    const endpoint = s.endpoint ?? fabric.FABRIC_ENDPOINT;
    let loopback = false;
    try {
      loopback = remote.isLoopbackUrl(new URL(endpoint));
    } catch {
      throw new Error(vscode.l10n.t('The setting adf.fabric.endpoint is not a URL: "{0}". Give an https:// origin, or clear it for the Fabric service.', endpoint));
    }
    const credential = connectionCredential({ endpoint, loopback, tokenEnv: s.tokenEnv, tokenSetting: `${FABRIC_SETTINGS.section}.${FABRIC_SETTINGS.tokenEnv}`, scope: fabric.FABRIC_SCOPE, tenant: s.tenant });
    const client = await fabric.connectFabric({ endpoint, credential });
    return { fabric, client };
  }

  /** Whether a client can be built without asking; kept in the context key adf.fabric.signedIn. */
  async isSignedIn(): Promise<boolean> {
    const s = readSettings();
    let signedIn = true;
    if (!s.tokenEnv) signedIn = await new VsCodeSessionCredential((await loadFabricRemote()).FABRIC_SCOPE, s.tenant).hasSession();
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.fabricSignedIn, signedIn);
    return signedIn;
  }

  /** Interactive sign-in with the Fabric scope (no-op for the emulator token). */
  async signIn(): Promise<void> {
    const s = readSettings();
    if (!s.tokenEnv) await new VsCodeSessionCredential((await loadFabricRemote()).FABRIC_SCOPE, s.tenant).signIn();
    this.reset();
  }
}
