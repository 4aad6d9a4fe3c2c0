/**
 * ARM failures as clear messages: what happened, on what, and what to do about it.
 * Every remote operation converts what it throws into a RemoteError.
 */
import { ForeignHostError } from './httpClient';
import { EndpointError } from './endpoints';

export type RemoteErrorKind = 'Unauthorized' | 'Forbidden' | 'NotFound' | 'Conflict' | 'Throttled' | 'ServerError' | 'BadRequest' | 'Unreachable' | 'ForeignHost' | 'Cancelled' | 'Timeout' | 'Unknown';

export class RemoteError extends Error {
  constructor(
    message: string,
    public readonly kind: RemoteErrorKind,
    public readonly status?: number,
    /** The service's own error code (e.g. "ResourceNotFound"), when it gave one. */
    public readonly serviceCode?: string,
    public readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'RemoteError';
  }
}

function serviceError(e: any): { code?: string; message?: string } {
  const d = e?.details?.error ?? e?.details;
  if (d && typeof d === 'object' && (typeof d.code === 'string' || typeof d.message === 'string')) return { code: d.code, message: d.message };
  const text: unknown = e?.response?.bodyAsText;
  if (typeof text === 'string' && text) {
    try {
      const j = JSON.parse(text);
      if (j?.error) return { code: j.error.code, message: j.error.message };
    } catch {
      /* not JSON */
    }
  }
  return {};
}

/** Converts anything thrown by the SDK into a RemoteError whose message says what to do. `what` names the target. */
export function toRemoteError(e: unknown, what: string): RemoteError {
  if (e instanceof RemoteError) return e;
  if (e instanceof ForeignHostError) return new RemoteError(`${what}: ${e.message}`, 'ForeignHost');
  if (e instanceof EndpointError) return new RemoteError(e.message, 'BadRequest');
  const err = e as any;
  if (err?.name === 'AbortError') return new RemoteError(`${what}: cancelled.`, 'Cancelled');
  const status: number | undefined = typeof err?.statusCode === 'number' ? err.statusCode : undefined;
  const svc = serviceError(err);
  const detail = svc.message ? ` ${svc.code ? `${svc.code}: ` : ''}${svc.message}` : '';
  const retryRaw = err?.response?.headers?.get?.('retry-after');
  const retryAfter = retryRaw !== undefined && retryRaw !== null && !Number.isNaN(Number(retryRaw)) ? Number(retryRaw) : undefined;
  if (status !== undefined && status >= 300 && status < 400) {
    const loc = err?.response?.headers?.get?.('location');
    return new RemoteError(`${what}: the endpoint answered with a redirect (${status})${loc ? ` to ${String(loc).replace(/[?#].*$/, '')}` : ''}, which is not followed: requests and tokens only go to the configured ARM endpoint.`, 'ForeignHost', status);
  }
  if (/non-TLS protected|non-https/i.test(String(err?.message))) return new RemoteError(`${what}: refusing to send the token over plain HTTP; only HTTPS to the configured ARM endpoint is allowed.`, 'ForeignHost');
  if (status === 401) return new RemoteError(`${what}: not authenticated (401): the token was missing, expired or rejected.${detail} Sign in again (az login, or the Azure account in VS Code) or check the variable given to --token-env.`, 'Unauthorized', 401, svc.code);
  if (status === 403) return new RemoteError(`${what}: access denied (403): the signed-in identity lacks permission.${detail} Ask for the Data Factory Contributor role on the factory or resource group.`, 'Forbidden', 403, svc.code);
  if (status === 404) return new RemoteError(`${what}: not found (404).${detail} Check the subscription, resource group, factory and resource names.`, 'NotFound', 404, svc.code);
  if (status === 409) return new RemoteError(`${what}: conflict (409): the resource is in a state that does not allow this (another operation may be in progress).${detail} Retry when it has finished.`, 'Conflict', 409, svc.code);
  if (status === 412) return new RemoteError(`${what}: changed by someone else (412).${detail} Refresh and try again.`, 'Conflict', 412, svc.code);
  if (status === 429) return new RemoteError(`${what}: throttled by Azure Resource Manager (429) and still throttled after the retries${retryAfter !== undefined ? `; the service asks to wait ${retryAfter} s` : ''}.${detail} Wait and run the command again.`, 'Throttled', 429, svc.code, retryAfter);
  if (status !== undefined && status >= 500) return new RemoteError(`${what}: the service failed (${status}) and kept failing after the retries.${detail} Try again later.`, 'ServerError', status, svc.code, retryAfter);
  if (status !== undefined && status >= 400) return new RemoteError(`${what}: rejected (${status}).${detail}`, 'BadRequest', status, svc.code);
  const code: string | undefined = err?.code ?? err?.cause?.code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ECONNRESET' || code === 'EHOSTUNREACH' || code === 'REQUEST_SEND_ERROR' || /certificate|self.signed|CERT_/i.test(String(err?.message))) {
    return new RemoteError(`${what}: cannot reach the ARM endpoint (${err?.message ?? code}). Check --endpoint, the network, and that the endpoint's certificate is trusted.`, 'Unreachable');
  }
  if (code === 'ETIMEDOUT' || /timed? ?out/i.test(String(err?.message))) return new RemoteError(`${what}: the request timed out. Try again later.`, 'Timeout');
  return new RemoteError(`${what}: ${err?.message ?? String(e)}`, 'Unknown');
}
