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

type FabricModule = typeof import('../engine/fabricRemote');
export type FabricClientSession = Awaited<ReturnType<FabricModule['connectFabric']>>;

/** parseArgs options of the connection flags of `adfw fabric` commands (no --cloud: Fabric has one endpoint). */
export const FABRIC_CONNECTION_OPTIONS = {
  endpoint: { type: 'string' },
  'token-env': { type: 'string' },
  tenant: { type: 'string' },
  ca: { type: 'string' },
} as const;

/**
 * Connects to the Fabric REST API with the common flags and runs `fn`, ending the client afterwards and on Ctrl+C
 * (which aborts what is in flight). A bad endpoint, certificate file or token variable is a usage problem (exit 2);
 * a Fabric failure during `fn` prints `<prefix>: <message>` and exits 1.
 */
export async function withFabricClient(values: Omit<RemoteFlags, 'cloud'>, io: CliIo, prefix: string, fn: (fabric: FabricModule, client: FabricClientSession, signal: AbortSignal) => Promise<number>): Promise<number> {
  const fabric = await import('../engine/fabricRemote');
  const ac = new AbortController();
  let client: FabricClientSession;
  try {
    client = await fabric.connectFabric({ endpoint: values.endpoint, tokenEnv: values['token-env'], tenant: values.tenant, caFile: values.ca, signal: ac.signal });
  } catch (e) {
    io.err(`${prefix}: ${(e as Error).message}`);
    return 2;
  }
  const onSig = () => ac.abort();
  process.once('SIGINT', onSig);
  try {
    return await fn(fabric, client, ac.signal);
  } catch (e) {
    if (e instanceof fabric.FabricError) {
      io.err(`${prefix}: ${e.message}`);
      return 1;
    }
    throw e;
  } finally {
    process.off('SIGINT', onSig);
    client.close();
  }
}
