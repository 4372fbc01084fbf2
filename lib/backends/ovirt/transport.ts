import 'server-only';
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { BackendConfig, BackendRuntimeOptions } from '../config';
import { BackendError } from '../errors';
import {
  DEFAULT_BACKOFF_MS,
  DEFAULT_MAX_RETRIES,
  backoff,
  exchangeSettings,
  isResetError,
  timedExchange,
  type ExchangeSettings,
} from '../http/exchange';
import { createAgent } from '../http/send';
import { asObject, type Json } from './coerce';
import { engineEndpoints, type EngineEndpoints } from './endpoints';
import { errorFromAnswer } from './faults';
import { SsoSession, requireCredentials } from './sso';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface OvirtRequest {
  method: HttpMethod;
  /** Below the API root: `/vms/123/start`. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  signal?: AbortSignal;
  /** Sent as Correlation-Id; mutations get a fresh one when none is given. */
  correlationId?: string;
  /** Overrides the connection's Filter header (the admin check sends Filter: false). */
  filter?: boolean;
}

export interface OvirtAnswer {
  status: number;
  body: Json;
  correlationId?: string;
}

/** oVirt's Correlation-Id must be short (≤ 50) and plain: letters, digits, dashes. */
export function newCorrelationId(): string {
  return `vd-${randomUUID()}`;
}

/**
 * Talks to one engine: headers, SSO token reuse with one re-sign-in on 401,
 * timeouts, and retries of idempotent GETs on 5xx or a broken connection.
 * Mutations are never repeated: the engine may have acted already.
 */
export class OvirtTransport {
  readonly endpoints: EngineEndpoints;
  private readonly agent: http.Agent;
  private readonly settings: ExchangeSettings;
  private readonly sso: SsoSession;
  private readonly maxRetries: number;
  private readonly backoffMs: number;
  private closed = false;

  constructor(
    private readonly config: BackendConfig,
    runtime: BackendRuntimeOptions = {},
  ) {
    this.endpoints = engineEndpoints(config.url);
    const credentials = requireCredentials(config.username, config.password);
    this.agent = createAgent(this.endpoints.api, config);
    this.settings = exchangeSettings(config.id, `the oVirt engine at ${this.endpoints.origin}`, runtime);
    this.sso = new SsoSession({ settings: this.settings, endpoints: this.endpoints, agent: this.agent, ...credentials });
    this.maxRetries = runtime.retry?.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.backoffMs = runtime.retry?.backoffMs ?? DEFAULT_BACKOFF_MS;
  }

  async get(path: string, query?: OvirtRequest['query'], signal?: AbortSignal): Promise<Json> {
    return (await this.request({ method: 'GET', path, query, signal })).body;
  }

  async request(req: OvirtRequest): Promise<OvirtAnswer> {
    if (this.closed) throw new BackendError('invalid_input', 'This connection has been closed.');
    if (req.signal?.aborted) throw new BackendError('cancelled', 'The request was cancelled.');
    const correlationId = req.correlationId ?? (req.method === 'GET' ? undefined : newCorrelationId());
    const url = this.urlFor(req);
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);
    let retries = 0;
    let reauthenticated = false;
    for (let attempt = 1; ; attempt++) {
      const token = await this.sso.token(req.signal);
      let answer;
      try {
        answer = await timedExchange(this.settings, {
          method: req.method,
          url,
          headers: this.headers(req, token, correlationId, body !== undefined),
          body,
          agent: this.agent,
          callerSignal: req.signal,
          attempt,
          purpose: 'api',
          correlationId,
        });
      } catch (error) {
        if (req.method === 'GET' && isResetError(error) && retries < this.maxRetries) {
          await backoff(retries++, this.backoffMs, req.signal);
          continue;
        }
        throw error;
      }
      // An expired token answers 401 and there is no refresh: sign in again, once.
      if (answer.status === 401 && !reauthenticated) {
        reauthenticated = true;
        this.sso.invalidate(token);
        continue;
      }
      if (answer.status >= 500 && req.method === 'GET' && retries < this.maxRetries) {
        await backoff(retries++, this.backoffMs, req.signal);
        continue;
      }
      if (answer.status >= 400) throw errorFromAnswer(answer.status, answer.text);
      return { status: answer.status, body: parseBody(answer.text), correlationId };
    }
  }

  /**
   * The engine's own health page (no token): 200 "DB Up!…" while it reaches its database, 500
   * "DB Down!…" otherwise. Never retried: the health page answers what is true now.
   */
  async health(signal?: AbortSignal): Promise<{ status: number; text: string }> {
    const answer = await timedExchange(this.settings, {
      method: 'GET',
      url: this.endpoints.health,
      headers: { Accept: 'text/plain' },
      agent: this.agent,
      callerSignal: signal,
      attempt: 1,
      purpose: 'api',
    });
    return { status: answer.status, text: answer.text };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.sso.logout();
    this.closed = true;
    this.agent.destroy();
  }

  private urlFor(req: OvirtRequest): URL {
    const url = new URL(this.endpoints.api.href + req.path);
    for (const [key, value] of Object.entries(req.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    // The engine's search parser wants %20, not '+', for spaces.
    url.search = url.search.replace(/\+/g, '%20');
    return url;
  }

  private headers(req: OvirtRequest, token: string, correlationId: string | undefined, hasBody: boolean) {
    const headers: Record<string, string> = {
      Version: '4',
      Accept: 'application/json',
      Authorization: `Bearer ${token}`,
    };
    if (hasBody) headers['Content-Type'] = 'application/json';
    const filter = req.filter ?? this.config.filter ?? false;
    // Self-service users must send Filter: true or the engine refuses most reads.
    if (filter || req.filter === false) headers.Filter = String(filter);
    if (correlationId) headers['Correlation-Id'] = correlationId;
    return headers;
  }
}

function parseBody(text: string): Json {
  if (text.trim() === '') return {};
  try {
    return asObject(JSON.parse(text)) ?? {};
  } catch (error) {
    throw new BackendError('backend_error', 'The engine answered something that is not JSON.', { cause: error });
  }
}
