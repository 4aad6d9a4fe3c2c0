/**
 * Builds a RemoteSession from command options: the credential (DefaultAzureCredential, or a static
 * token from an environment variable), the cloud/endpoint, and the trust anchor for a loopback
 * emulator (an explicit CA file, or the certificate the emulator published for that port).
 */
import { promises as fs } from 'node:fs';
import type { TokenCredential } from '@azure/core-auth';
import { RemoteSession } from './session';
import { defaultCredential, tokenFromEnv } from './credentials';
import { isLoopbackUrl, resolveCloud } from './endpoints';
import { readPublishedEmulatorCert } from './emulatorCert';

export interface ConnectOptions {
  endpoint?: string;
  tokenEnv?: string;
  cloud?: string;
  scope?: string;
  tenant?: string;
  /** PEM file to trust for a loopback endpoint. */
  caFile?: string;
  env?: NodeJS.ProcessEnv;
  credential?: TokenCredential;
  maxRetries?: number;
  maxRetryDelayMs?: number;
}

export async function connect(o: ConnectOptions): Promise<RemoteSession> {
  const cloud = resolveCloud({ cloud: o.cloud, endpoint: o.endpoint, scope: o.scope });
  const url = new URL(cloud.endpoint);
  let ca: string | undefined;
  if (o.caFile) {
    if (!isLoopbackUrl(url)) throw new Error(`--ca is only accepted for loopback endpoints (the emulator), not ${cloud.endpoint}.`);
    try {
      ca = await fs.readFile(o.caFile, 'utf8');
    } catch (e) {
      throw new Error(`Cannot read the certificate file ${o.caFile}: ${(e as Error).message}`);
    }
  } else if (isLoopbackUrl(url)) {
    ca = await readPublishedEmulatorCert(Number(url.port || 443));
  }
  const credential = o.credential ?? (o.tokenEnv ? tokenFromEnv(o.tokenEnv, o.env) : await defaultCredential({ authorityHost: cloud.authorityHost, tenantId: o.tenant }));
  return RemoteSession.create({ credential, cloud: o.cloud, endpoint: o.endpoint, scope: o.scope, ca, maxRetries: o.maxRetries, maxRetryDelayMs: o.maxRetryDelayMs });
}
