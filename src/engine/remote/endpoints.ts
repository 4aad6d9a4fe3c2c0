/**
 * ARM endpoints and token audiences of the Azure clouds, and validation of a custom endpoint.
 * Tokens are only ever requested for, and sent to, the one endpoint chosen here.
 */
export interface CloudSettings {
  /** ARM endpoint origin, e.g. https://management.azure.com */
  endpoint: string;
  /** Token scope for that endpoint, e.g. https://management.azure.com/.default */
  scope: string;
  /** The Entra ID authority host for the cloud. */
  authorityHost: string;
}

export const CLOUDS: Record<string, CloudSettings> = {
  AzureCloud: { endpoint: 'https://management.azure.com', scope: 'https://management.azure.com/.default', authorityHost: 'https://login.microsoftonline.com' },
  AzureUSGovernment: { endpoint: 'https://management.usgovcloudapi.net', scope: 'https://management.usgovcloudapi.net/.default', authorityHost: 'https://login.microsoftonline.us' },
  AzureChinaCloud: { endpoint: 'https://management.chinacloudapi.cn', scope: 'https://management.chinacloudapi.cn/.default', authorityHost: 'https://login.chinacloudapi.cn' },
};

export class EndpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EndpointError';
  }
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** True when the URL's host is a loopback address. */
export function isLoopbackUrl(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
}

/**
 * Validates an ARM endpoint: HTTPS only (bearer tokens never travel over plain HTTP), no credentials,
 * path, query or fragment. Returns the normalised origin.
 */
export function normaliseEndpoint(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new EndpointError(`Invalid ARM endpoint "${raw}": expected an https:// URL such as https://management.azure.com.`);
  }
  if (url.protocol !== 'https:') throw new EndpointError(`Refusing ARM endpoint "${raw}": bearer tokens are only sent over HTTPS. Use an https:// URL.`);
  if (url.username || url.password) throw new EndpointError(`Refusing ARM endpoint "${raw}": it must not contain a user name or password.`);
  if ((url.pathname && url.pathname !== '/') || url.search || url.hash) throw new EndpointError(`Invalid ARM endpoint "${raw}": give only the origin (scheme, host, port), without path or query.`);
  return url.origin;
}

/**
 * The cloud settings for a command: a named cloud, optionally overridden by a custom endpoint (and scope).
 * A custom endpoint's scope defaults to `<endpoint>/.default`, except loopback endpoints which keep the cloud's.
 */
export function resolveCloud(opts: { cloud?: string; endpoint?: string; scope?: string }): CloudSettings {
  const name = opts.cloud ?? 'AzureCloud';
  const base = CLOUDS[name];
  if (!base) throw new EndpointError(`Unknown cloud "${name}". Known: ${Object.keys(CLOUDS).join(', ')}.`);
  if (!opts.endpoint) return { ...base, scope: opts.scope ?? base.scope };
  const endpoint = normaliseEndpoint(opts.endpoint);
  const scope = opts.scope ?? (isLoopbackUrl(new URL(endpoint)) ? base.scope : `${endpoint}/.default`);
  return { ...base, endpoint, scope };
}
