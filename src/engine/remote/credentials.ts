/**
 * Credentials for ARM: DefaultAzureCredential (environment, managed identity, Azure CLI, ...) loaded
 * lazily, or a static bearer token taken from an environment variable (`--token-env`).
 */
import type { AccessToken, TokenCredential } from '@azure/core-auth';

/** A credential that always returns the same token (for the emulator, CI, or a token minted elsewhere). */
export class StaticTokenCredential implements TokenCredential {
  constructor(
    private readonly token: string,
    private readonly expiresOnTimestamp = Date.now() + 3600_000,
  ) {
    if (!token) throw new Error('StaticTokenCredential needs a non-empty token.');
  }

  async getToken(): Promise<AccessToken> {
    return { token: this.token, expiresOnTimestamp: this.expiresOnTimestamp };
  }
}

/** The static credential for `--token-env NAME`; a clear error when the variable is unset or empty. */
export function tokenFromEnv(name: string, env: NodeJS.ProcessEnv = process.env): StaticTokenCredential {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`--token-env expects an environment variable name, got "${name}".`);
  const value = env[name];
  if (!value || !value.trim()) throw new Error(`The environment variable ${name} (from --token-env) is not set or empty; put the bearer token in it.`);
  return new StaticTokenCredential(value.trim());
}

/** DefaultAzureCredential from @azure/identity, for the given authority host and tenant. */
export async function defaultCredential(opts: { authorityHost?: string; tenantId?: string } = {}): Promise<TokenCredential> {
  const { DefaultAzureCredential } = await import('@azure/identity');
  return new DefaultAzureCredential({ authorityHost: opts.authorityHost, tenantId: opts.tenantId });
}
