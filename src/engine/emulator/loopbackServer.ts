/**
 * The HTTPS plumbing the project's REST emulators share (the ARM one here, the Fabric one in ../fabricEmulator):
 * loopback only, a fresh certificate unless one is given, one accepted bearer token (compared in constant time),
 * request bodies read and bounded before answering, injected faults, JSON parsing and a bounded request log.
 * Each emulator supplies its routes and the error bodies in its own service's shape.
 */
import * as https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual, createHash } from 'node:crypto';
import { makeLoopbackCertificate, type LoopbackCertificate } from './cert';
import type { FaultInjector, FaultSpec } from './faults';

export interface ApiResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RequestRecord {
  method: string;
  path: string;
  status: number;
  authorized: boolean;
}

/** A request that passed authentication, fault injection and body parsing. */
export interface ParsedRequest {
  method: string;
  url: URL;
  /** Path segments, percent-decoded. */
  segments: string[];
  body: unknown;
  headers: IncomingMessage['headers'];
  /** scheme://host:port of this server. */
  origin: string;
}

/** The answers in the service's own shape for what the plumbing rejects. */
export interface RejectionShapes {
  /** No bearer token (`hadToken` false) or the wrong one. */
  unauthorized(hadToken: boolean): ApiResponse;
  /** An injected 429/5xx fault. */
  fault(f: FaultSpec): ApiResponse;
  tooLarge(maxBytes: number): ApiResponse;
  badJson(detail: string): ApiResponse;
  badPath(): ApiResponse;
  internal(detail: string): ApiResponse;
}

export interface LoopbackServerOptions {
  token: string;
  port?: number;
  host?: '127.0.0.1' | '::1';
  certificate?: LoopbackCertificate;
  maxBodyBytes?: number;
  faults: FaultInjector;
  shapes: RejectionShapes;
  /** Headers added to every answer (request ids and the like). */
  commonHeaders(req: { method: string; headers: IncomingMessage['headers'] }): Record<string, string>;
  route(req: ParsedRequest): ApiResponse | Promise<ApiResponse>;
}

export interface LoopbackServer {
  url: string;
  port: number;
  ca: string;
  requests: RequestRecord[];
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1']);

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/** Starts the server. Rejects non-loopback hosts and empty tokens. */
export async function startLoopbackServer(opts: LoopbackServerOptions): Promise<LoopbackServer> {
  const host = opts.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) throw new Error(`The emulator only listens on loopback (127.0.0.1 or ::1), not "${host}".`);
  if (!opts.token) throw new Error('The emulator needs a bearer token to accept (empty token given).');
  const expected = digest(opts.token);
  const certificate = opts.certificate ?? (await makeLoopbackCertificate());
  const requests: RequestRecord[] = [];
  const maxBody = opts.maxBodyBytes ?? 32 * 1024 * 1024;
  let origin = '';

  const send = (req: IncomingMessage, res: ServerResponse, r: ApiResponse, record: RequestRecord) => {
    record.status = r.status;
    requests.push(record);
    if (requests.length > 1000) requests.splice(0, requests.length - 1000);
    const headers: Record<string, string> = { ...opts.commonHeaders({ method: record.method, headers: req.headers }), ...(r.headers ?? {}) };
    if (r.body === undefined) {
      res.writeHead(r.status, headers);
      res.end();
      return;
    }
    const text = JSON.stringify(r.body);
    res.writeHead(r.status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) });
    res.end(text);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', origin);
    const method = (req.method ?? 'GET').toUpperCase();
    const auth = req.headers.authorization;
    const m = typeof auth === 'string' ? /^Bearer\s+(.+)$/i.exec(auth.trim()) : null;
    const authorized = !!m && timingSafeEqual(digest(m[1]), expected);
    const record: RequestRecord = { method, path: url.pathname, status: 0, authorized };
    // Read (and bound) the body before answering so the connection stays usable.
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    for await (const c of req) {
      size += (c as Buffer).length;
      if (size > maxBody) tooBig = true;
      else chunks.push(c as Buffer);
    }
    if (!authorized) return send(req, res, opts.shapes.unauthorized(!!m), record);
    const fault = opts.faults.take(method, url.pathname);
    if (fault) return send(req, res, opts.shapes.fault(fault), record);
    if (tooBig) return send(req, res, opts.shapes.tooLarge(maxBody), record);
    let body: unknown;
    const text = Buffer.concat(chunks).toString('utf8');
    if (text.trim()) {
      try {
        body = JSON.parse(text);
      } catch (e) {
        return send(req, res, opts.shapes.badJson((e as Error).message), record);
      }
    }
    let segments: string[];
    try {
      segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    } catch {
      return send(req, res, opts.shapes.badPath(), record);
    }
    let r: ApiResponse;
    try {
      r = await opts.route({ method, url, segments, body, headers: req.headers, origin });
    } catch (e) {
      r = opts.shapes.internal((e as Error).message);
    }
    send(req, res, r, record);
  };

  const server = https.createServer({ cert: certificate.cert, key: certificate.key }, (req, res) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent) {
        const r = opts.shapes.internal(String((e as Error)?.message ?? e));
        res.writeHead(r.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(r.body));
      } else res.destroy();
    });
  });
  server.keepAliveTimeout = 2000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  origin = host === '::1' ? `https://[::1]:${port}` : `https://${host}:${port}`;
  return {
    url: origin,
    port,
    ca: certificate.cert,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
