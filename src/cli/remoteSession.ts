/**
 * The connection step shared by the commands that talk to an ARM endpoint (publish, remote): the common
 * flags --endpoint, --token-env, --cloud, --tenant and --ca. The remote engine is passed in, so the
 * commands keep loading it only when they run.
 */
import { UsageError, type CliIo } from './args';

type RemoteModule = typeof import('../engine/remote');
export type RemoteSession = Awaited<ReturnType<RemoteModule['connect']>>;

/** parseArgs options of the common connection flags. */
export const CONNECTION_OPTIONS = {
  endpoint: { type: 'string' },
  'token-env': { type: 'string' },
  cloud: { type: 'string' },
  tenant: { type: 'string' },
  ca: { type: 'string' },
} as const;

/** The common connection flags as parsed. */
export interface RemoteFlags {
  endpoint?: string;
  'token-env'?: string;
  cloud?: string;
  tenant?: string;
  ca?: string;
}

/**
 * Connects with the common flags. A bad endpoint is a UsageError; any other failure is printed as
 * `<prefix>: <message>` and yields exit code 2 instead of a session.
 */
export async function connectRemote(remote: RemoteModule, values: RemoteFlags, io: CliIo, prefix: string): Promise<{ session: RemoteSession } | { exitCode: number }> {
  try {
    return { session: await remote.connect({ endpoint: values.endpoint, tokenEnv: values['token-env'], cloud: values.cloud, tenant: values.tenant, caFile: values.ca }) };
  } catch (e) {
    if (e instanceof remote.EndpointError) throw new UsageError(e.message);
    io.err(`${prefix}: ${(e as Error).message}`);
    return { exitCode: 2 };
  }
}
