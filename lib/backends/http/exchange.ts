import 'server-only';
import type { BackendRuntimeOptions, RequestInfo } from '../config';
import { BackendError } from '../errors';
import { HttpFailure, abortableSleep, sendHttp, type HttpAnswer, type HttpExchange } from './send';

export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_BACKOFF_MS = 200;

export interface ExchangeSettings {
  connectionId: string;
  /** Who we talk to, for messages: "the oVirt engine at https://engine.example". */
  target: string;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  onRequest?: BackendRuntimeOptions['onRequest'];
  log?: BackendRuntimeOptions['log'];
}

export function exchangeSettings(
  connectionId: string,
  target: string,
  runtime: BackendRuntimeOptions,
): ExchangeSettings {
  return {
    connectionId,
    target,
    connectTimeoutMs: runtime.timeouts?.connectMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    requestTimeoutMs: runtime.timeouts?.requestMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    onRequest: runtime.onRequest,
    log: runtime.log,
  };
}

export interface TimedExchange extends Omit<HttpExchange, 'signal' | 'connectTimeoutMs'> {
  callerSignal?: AbortSignal;
  attempt: number;
  purpose: RequestInfo['purpose'];
  correlationId?: string;
}

/**
 * One attempt with the connect and request timeouts, reporting to the
 * onRequest hook and the masked log, and turning network failures into
 * BackendErrors (cause: the HttpFailure, so callers can tell a reset apart).
 */
export async function timedExchange(settings: ExchangeSettings, ex: TimedExchange): Promise<HttpAnswer> {
  const timeout = AbortSignal.timeout(settings.requestTimeoutMs);
  const signal = ex.callerSignal ? AbortSignal.any([ex.callerSignal, timeout]) : timeout;
  const url = ex.url.pathname + ex.url.search;
  settings.onRequest?.({
    connectionId: settings.connectionId,
    method: ex.method,
    url,
    attempt: ex.attempt,
    purpose: ex.purpose,
  });
  const started = Date.now();
  try {
    const answer = await sendHttp({ ...ex, signal, connectTimeoutMs: settings.connectTimeoutMs });
    logLine(settings, ex, url, started, { status: answer.status });
    return answer;
  } catch (error) {
    const backendError = toBackendError(error, settings, ex.callerSignal);
    logLine(settings, ex, url, started, { error: backendError.code });
    throw backendError;
  }
}

function logLine(
  settings: ExchangeSettings,
  ex: TimedExchange,
  url: string,
  started: number,
  outcome: { status?: number; error?: string },
): void {
  // Only method, path and outcome: headers (tokens) and bodies (passwords) are never logged.
  settings.log?.({
    connectionId: settings.connectionId,
    method: ex.method,
    url,
    durationMs: Date.now() - started,
    attempt: ex.attempt,
    correlationId: ex.correlationId,
    ...outcome,
  });
}

export function toBackendError(error: unknown, settings: ExchangeSettings, callerSignal?: AbortSignal): BackendError {
  if (error instanceof BackendError) return error;
  if (callerSignal?.aborted) return new BackendError('cancelled', 'The request was cancelled.', { cause: error });
  if (!(error instanceof HttpFailure)) {
    return new BackendError('backend_error', `Unexpected failure talking to ${settings.target}.`, { cause: error });
  }
  switch (error.kind) {
    case 'aborted':
      // Not the caller's signal, so it was our request timeout.
      return new BackendError('timeout', `${capitalise(settings.target)} did not answer within ${settings.requestTimeoutMs / 1000} s.`, {
        cause: error,
      });
    case 'connect_timeout':
      return new BackendError('timeout', `No connection to ${settings.target} within ${settings.connectTimeoutMs / 1000} s.`, {
        cause: error,
      });
    case 'tls':
      return new BackendError('unreachable', tlsMessage(settings.target, error.errno), {
        cause: error,
        detail: error.errno ?? error.message,
      });
    case 'unreachable':
      return new BackendError('unreachable', `${capitalise(settings.target)} cannot be reached.`, {
        cause: error,
        detail: error.errno,
      });
    case 'reset':
      return new BackendError('unreachable', `The connection to ${settings.target} was broken.`, {
        cause: error,
        detail: error.errno,
      });
  }
}

/** What an operator should do about a failed TLS handshake: the cause decides the advice. */
export function tlsMessage(target: string, errno: string | undefined): string {
  if (errno === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return `The TLS certificate of ${target} is not issued for this host name. Use a name the certificate carries in the URL, or reissue the certificate.`;
  }
  if (errno === 'CERT_HAS_EXPIRED' || errno === 'CERT_NOT_YET_VALID') {
    return `The TLS certificate of ${target} has expired or is not valid yet. Renew it, or check the clocks.`;
  }
  if (errno === 'EPROTO' || errno?.startsWith('ERR_SSL')) {
    return `The TLS handshake with ${target} failed. Check that the URL's scheme and port serve HTTPS.`;
  }
  return `The TLS certificate of ${target} is not trusted. Add its CA certificate to the connection.`;
}

/** True for failures where the request may never have been processed and a GET can be repeated. */
export function isResetError(error: unknown): boolean {
  return error instanceof BackendError && error.cause instanceof HttpFailure && error.cause.kind === 'reset';
}

export async function backoff(retry: number, baseMs: number, signal?: AbortSignal): Promise<void> {
  try {
    await abortableSleep(baseMs * 2 ** retry, signal);
  } catch (error) {
    throw new BackendError('cancelled', 'The request was cancelled.', { cause: error });
  }
}

/** Awaits a shared promise but gives up (cancelled) when this caller's signal fires. */
export function raceAbort<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new BackendError('cancelled', 'The request was cancelled.'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new BackendError('cancelled', 'The request was cancelled.'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
