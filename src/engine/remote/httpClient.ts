/**
 * The HTTP client every remote SDK client uses. It is the last step before the network, so it sees
 * every request, including nextLink pages, polling and redirects, and refuses any that is not HTTPS
 * to the configured ARM origin: tokens are never sent elsewhere. For a loopback endpoint it trusts
 * the given certificate (the emulator's) for that connection only; nothing global changes.
 */
import * as https from 'node:https';
import type { HttpClient, PipelineRequest, PipelineResponse } from '@azure/core-rest-pipeline';
import { isLoopbackUrl, normaliseEndpoint } from './endpoints';

export interface GuardedHttpClientOptions {
  /** The ARM origin requests may go to. */
  endpoint: string;
  /** Extra trusted CA (PEM); only used when the endpoint is loopback. */
  ca?: string;
}

/** Thrown before any byte is sent to a host other than the configured endpoint. */
export class ForeignHostError extends Error {
  readonly code = 'ForeignHost';
  constructor(message: string) {
    super(message);
    this.name = 'ForeignHostError';
  }
}

/** An HttpClient that only talks HTTPS to `endpoint`. */
export async function createGuardedHttpClient(opts: GuardedHttpClientOptions): Promise<HttpClient> {
  const origin = normaliseEndpoint(opts.endpoint);
  const endpointUrl = new URL(origin);
  const loopback = isLoopbackUrl(endpointUrl);
  if (opts.ca && !loopback) throw new Error(`A custom certificate is only trusted for loopback endpoints, not ${origin}.`);
  const { createDefaultHttpClient } = await import('@azure/core-rest-pipeline');
  const inner = createDefaultHttpClient();
  const agent = opts.ca ? new https.Agent({ ca: opts.ca, keepAlive: true, maxSockets: 8 }) : undefined;
  return {
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      let target: URL;
      try {
        target = new URL(request.url);
      } catch {
        throw new ForeignHostError(`Refusing to send a request to an invalid URL.`);
      }
      if (target.protocol !== 'https:') {
        request.headers.delete('authorization');
        throw new ForeignHostError(`Refusing to send a request over ${target.protocol.replace(':', '')} to ${target.host}: only HTTPS to ${origin} is allowed.`);
      }
      if (target.origin !== origin) {
        request.headers.delete('authorization');
        throw new ForeignHostError(`Refusing to send a request to ${target.origin}: this client only talks to the configured ARM endpoint ${origin}.`);
      }
      if (agent) request.agent = agent;
      return inner.sendRequest(request);
    },
  };
}
