/**
 * A remote session: one credential, one ARM endpoint, and the SDK clients built on them
 * (@azure/arm-datafactory and @azure/arm-resources-subscriptions, loaded on first use).
 */
import type { TokenCredential } from '@azure/core-auth';
import type { DataFactoryManagementClient } from '@azure/arm-datafactory';
import type { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import type { HttpClient } from '@azure/core-rest-pipeline';
import { resolveCloud, type CloudSettings } from './endpoints';
import { createGuardedHttpClient } from './httpClient';

export interface RemoteSessionOptions {
  credential: TokenCredential;
  /** A named cloud (AzureCloud, AzureUSGovernment, AzureChinaCloud). */
  cloud?: string;
  /** A custom ARM endpoint (https only). */
  endpoint?: string;
  /** Token scope override. */
  scope?: string;
  /** PEM certificate to trust for a loopback endpoint (the emulator's). */
  ca?: string;
  /** Retries for 429/5xx/network errors (default 3). */
  maxRetries?: number;
  /** Cap on one retry delay in ms (default 30 s). */
  maxRetryDelayMs?: number;
  /** Per-request timeout in ms (default 60 s). */
  requestTimeoutMs?: number;
}

export class RemoteSession {
  private readonly dfClients = new Map<string, DataFactoryManagementClient>();
  private subClient?: SubscriptionClient;

  private constructor(
    readonly cloud: CloudSettings,
    private readonly credential: TokenCredential,
    private readonly httpClient: HttpClient,
    private readonly opts: RemoteSessionOptions,
  ) {}

  /** Validates the endpoint and builds the guarded HTTP client. */
  static async create(opts: RemoteSessionOptions): Promise<RemoteSession> {
    const cloud = resolveCloud(opts);
    const httpClient = await createGuardedHttpClient({ endpoint: cloud.endpoint, ca: opts.ca });
    return new RemoteSession(cloud, opts.credential, httpClient, opts);
  }

  /** Per-request timeout for operation options. */
  get requestTimeoutMs(): number {
    return this.opts.requestTimeoutMs ?? 60_000;
  }

  private clientOptions() {
    return {
      endpoint: this.cloud.endpoint,
      credentialScopes: [this.cloud.scope],
      httpClient: this.httpClient,
      retryOptions: { maxRetries: this.opts.maxRetries ?? 3, maxRetryDelayInMs: this.opts.maxRetryDelayMs ?? 30_000, retryDelayInMs: 500 },
      userAgentOptions: { userAgentPrefix: 'adf-workbench' },
    };
  }

  /** The Data Factory client for a subscription. */
  async dataFactory(subscriptionId: string): Promise<DataFactoryManagementClient> {
    let c = this.dfClients.get(subscriptionId);
    if (!c) {
      const { DataFactoryManagementClient } = await import('@azure/arm-datafactory');
      c = new DataFactoryManagementClient(this.credential, subscriptionId, this.clientOptions());
      this.dfClients.set(subscriptionId, c);
    }
    return c;
  }

  /** The subscriptions client. */
  async subscriptions(): Promise<SubscriptionClient> {
    if (!this.subClient) {
      const { SubscriptionClient } = await import('@azure/arm-resources-subscriptions');
      this.subClient = new SubscriptionClient(this.credential, this.clientOptions());
    }
    return this.subClient;
  }
}
