/**
 * A FabricClient from command options: the credential (DefaultAzureCredential from @azure/identity, or a static
 * token from an environment variable with --token-env), the endpoint (the service, or a loopback emulator), and
 * the emulator's certificate (an explicit --ca file, or the one the emulator published for its port).
 */
import { promises as fs } from 'node:fs';
import type { TokenCredential } from '@azure/core-auth';
import { defaultCredential, isLoopbackUrl, readPublishedEmulatorCert, tokenFromEnv } from '../remote';
import { FABRIC_ENDPOINT, FabricClient, FabricError, type FabricClientOptions } from './client';

export interface FabricConnectOptions {
  endpoint?: string;
  tokenEnv?: string;
  tenant?: string;
  /** PEM file to trust for a loopback endpoint. */
  caFile?: string;
  env?: NodeJS.ProcessEnv;
  credential?: TokenCredential;
  retry?: FabricClientOptions['retry'];
  maxPollDelayMs?: number;
  signal?: AbortSignal;
}

export async function connectFabric(o: FabricConnectOptions): Promise<FabricClient> {
  const endpoint = o.endpoint ?? FABRIC_ENDPOINT;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new FabricError(`Invalid Fabric endpoint "${endpoint}": expected an https:// URL such as ${FABRIC_ENDPOINT}.`, 'BadRequest');
  }
  let ca: string | undefined;
  if (o.caFile) {
    if (!isLoopbackUrl(url)) throw new FabricError(`--ca is only accepted for loopback endpoints (the emulator), not ${url.origin}.`, 'ForeignHost');
    try {
      ca = await fs.readFile(o.caFile, 'utf8');
    } catch (e) {
      throw new FabricError(`Cannot read the certificate file ${o.caFile}: ${(e as Error).message}`, 'BadRequest');
    }
  } else if (isLoopbackUrl(url) && url.protocol === 'https:') {
    ca = await readPublishedEmulatorCert(Number(url.port || 443));
  }
  const credential = o.credential ?? (o.tokenEnv ? tokenFromEnv(o.tokenEnv, o.env) : await defaultCredential({ tenantId: o.tenant }));
  return new FabricClient({ credential, endpoint, ca, retry: o.retry, maxPollDelayMs: o.maxPollDelayMs, signal: o.signal });
}
