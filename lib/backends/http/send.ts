import 'server-only';
import http from 'node:http';
import https from 'node:https';

/**
 * One HTTP exchange over node:http(s), shared by the HTTP-speaking adapters.
 * node:https rather than global fetch because engines are usually signed by
 * a private CA: an https.Agent takes `ca` and `rejectUnauthorized` directly,
 * while fetch would need the separate undici package for the same.
 */

export interface HttpExchange {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string;
  /** Aborts the exchange (caller cancel or request timeout, the caller tells which). */
  signal: AbortSignal;
  connectTimeoutMs: number;
  agent: http.Agent;
}

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

export type HttpFailureKind =
  /** DNS failure, refused, no route. */
  | 'unreachable'
  /** The connection broke mid-way: safe to retry only idempotent requests. */
  | 'reset'
  | 'connect_timeout'
  /** Certificate not trusted, wrong host name, handshake failure. */
  | 'tls'
  | 'aborted';

export class HttpFailure extends Error {
  override readonly name = 'HttpFailure';
  constructor(
    readonly kind: HttpFailureKind,
    message: string,
    readonly errno?: string,
  ) {
    super(message);
  }
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
const RESET = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET']);

export function classifyNetworkError(error: unknown): HttpFailure {
  const errno = (error as { code?: unknown }).code;
  const code = typeof errno === 'string' ? errno : undefined;
  const message = error instanceof Error ? error.message : String(error);
  if (code && UNREACHABLE.has(code)) return new HttpFailure('unreachable', message, code);
  if (code && RESET.has(code)) return new HttpFailure('reset', message, code);
  if (code === 'ETIMEDOUT') return new HttpFailure('connect_timeout', message, code);
  // EPROTO: the TLS layer could not parse the answer (an https:// URL on a plain HTTP port):
  // repeating it cannot help, unlike a reset.
  if (code && (code === 'EPROTO' || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || /CERT|SIGNATURE|SELF_SIGNED/.test(code))) {
    return new HttpFailure('tls', message, code);
  }
  if (error instanceof Error && error.name === 'AbortError') return new HttpFailure('aborted', message, code);
  return new HttpFailure('reset', message, code);
}

export function sendHttp(exchange: HttpExchange): Promise<HttpAnswer> {
  const { method, url, headers, body, signal, connectTimeoutMs, agent } = exchange;
  return new Promise<HttpAnswer>((resolve, reject) => {
    if (signal.aborted) {
      reject(new HttpFailure('aborted', 'aborted before sending'));
      return;
    }
    const lib = url.protocol === 'https:' ? https : http;
    // Node frames a DELETE body only with a Content-Length (it does not chunk DELETE), and the
    // engine takes bodies on DELETE (removing gluster bricks names them in it).
    const framed = body === undefined ? headers : { 'Content-Length': String(Buffer.byteLength(body)), ...headers };
    const request = lib.request(url, { method, headers: framed, agent });
    let connectTimer: NodeJS.Timeout | undefined;
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      signal.removeEventListener('abort', onAbort);
      fn();
    };
    const fail = (failure: HttpFailure) =>
      settle(() => {
        request.destroy();
        reject(failure);
      });
    const onAbort = () => fail(new HttpFailure('aborted', 'aborted'));
    signal.addEventListener('abort', onAbort, { once: true });

    request.on('socket', (socket) => {
      // A pooled keep-alive socket is already connected; only new ones get the connect timer.
      if (!socket.connecting) return;
      connectTimer = setTimeout(
        () => fail(new HttpFailure('connect_timeout', `no connection within ${connectTimeoutMs} ms`)),
        connectTimeoutMs,
      );
      socket.once('connect', () => clearTimeout(connectTimer));
    });
    request.on('error', (error) => fail(classifyNetworkError(error)));
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', (error) => fail(classifyNetworkError(error)));
      response.on('aborted', () => fail(new HttpFailure('reset', 'connection closed mid-answer')));
      response.on('end', () =>
        settle(() =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        ),
      );
    });
    request.end(body);
  });
}

export interface TlsOptions {
  caCert?: string;
  insecureSkipVerify?: boolean;
}

/** One keep-alive agent per connection, carrying its trust settings. */
export function createAgent(url: URL, tls: TlsOptions): http.Agent {
  if (url.protocol !== 'https:') return new http.Agent({ keepAlive: true, maxSockets: 16 });
  return new https.Agent({
    keepAlive: true,
    maxSockets: 16,
    ca: tls.caCert || undefined,
    // Only on the operator's explicit request (labs with self-signed engines).
    rejectUnauthorized: !tls.insecureSkipVerify,
  });
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new HttpFailure('aborted', 'aborted'));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new HttpFailure('aborted', 'aborted'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
