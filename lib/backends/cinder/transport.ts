import 'server-only';
import http from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';
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
import { errorFromAnswer } from './faults';
import { parseJson, type Json } from './json';
import { KeystoneSession } from './keystone';
import { negotiate, v3Range } from './microversion';
import { parseCinderSettings, type CinderSettings } from './settings';

/** How long an image upload may wait for its next byte (a browser resuming a broken range). */
const IMAGE_STREAM_IDLE_MS = 5 * 60_000;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface CinderRequest {
  method: HttpMethod;
  /** Below the project endpoint: `/volumes/detail`. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  signal?: AbortSignal;
  /**
   * Also send the token as X-Service-Token. Cinder lets only a service (a token whose user has
   * the `service` role) delete the attachment of a VM it cannot look up in Nova (OSSA-2023-003).
   */
  asService?: boolean;
  /** `image`: the request goes to the image service (Glance) of the same catalog, with the same token. */
  service?: 'volume' | 'image';
}

export interface Identity {
  username: string;
  userId?: string;
  projectId: string;
  isAdmin: boolean;
  /** Holds Keystone's `service` role: its token may act as a service token. */
  isService: boolean;
}

export interface ApiVersion {
  /** What we send. */
  version: string;
  /** The server's maximum. */
  max: string;
}

/**
 * Talks to one Cinder project: the Keystone token (or the noauth token), the
 * negotiated microversion header, one re-sign-in on 401, and retries of GETs on
 * 5xx or a broken connection. Mutations are never repeated.
 */
export class CinderTransport {
  readonly settings: CinderSettings;
  private readonly agent: http.Agent;
  private readonly exchange: ExchangeSettings;
  private readonly keystone?: KeystoneSession;
  private readonly maxRetries: number;
  private readonly backoffMs: number;
  private apiVersion?: Promise<ApiVersion>;
  private closed = false;

  constructor(
    private readonly config: BackendConfig,
    runtime: BackendRuntimeOptions = {},
  ) {
    this.settings = parseCinderSettings(config.url);
    const base = new URL(this.settings.mode === 'keystone' ? this.settings.authUrl : this.settings.endpointRoot);
    this.agent = createAgent(base, config);
    this.exchange = exchangeSettings(config.id, `Cinder at ${base.origin}`, runtime);
    if (this.settings.mode === 'keystone') {
      if (!config.username || !config.password) {
        throw new BackendError('invalid_input', 'A Cinder connection through Keystone needs a user name and a password.');
      }
      this.keystone = new KeystoneSession({
        settings: this.exchange,
        keystone: this.settings,
        agent: this.agent,
        username: config.username,
        password: config.password,
      });
    }
    this.maxRetries = runtime.retry?.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.backoffMs = runtime.retry?.backoffMs ?? DEFAULT_BACKOFF_MS;
  }

  /** The token, the project endpoint and who we are. */
  private async session(signal?: AbortSignal): Promise<{ token: string; endpoint: string; imageEndpoint?: string; identity: Identity }> {
    if (this.keystone) {
      const t = await this.keystone.token(signal);
      return {
        token: t.value,
        endpoint: t.endpoint,
        imageEndpoint: t.imageEndpoint,
        identity: {
          username: t.userName ?? this.config.username ?? '',
          userId: t.userId,
          projectId: t.projectId,
          isAdmin: t.roles.includes('admin'),
          isService: t.roles.includes('service'),
        },
      };
    }
    const s = this.settings as Extract<CinderSettings, { mode: 'noauth' }>;
    const user = this.config.username || 'admin';
    // Cinder's noauth middleware reads "user:project" from X-Auth-Token and grants admin.
    return {
      token: `${user}:${s.project}`,
      endpoint: `${s.endpointRoot}/v3/${s.project}`,
      // noauth contexts carry no service roles.
      identity: { username: user, projectId: s.project, isAdmin: true, isService: false },
    };
  }

  async identity(signal?: AbortSignal): Promise<Identity> {
    return (await this.session(signal)).identity;
  }

  /** Negotiated once per connection; a failure is not remembered (the next call asks again). */
  version(signal?: AbortSignal): Promise<ApiVersion> {
    this.apiVersion ??= this.discover(signal).catch((error: unknown) => {
      this.apiVersion = undefined;
      throw error;
    });
    return this.apiVersion;
  }

  private async discover(signal?: AbortSignal): Promise<ApiVersion> {
    const { endpoint } = await this.session(signal);
    // The versions document lives at the service root, above /v3/<project>.
    const cut = endpoint.search(/\/v3(\/|$)/);
    const root = `${cut >= 0 ? endpoint.slice(0, cut) : endpoint}/`;
    const answer = await this.send('GET', new URL(root), { Accept: 'application/json' }, undefined, signal, 1);
    // Cinder answers the root with 300 Multiple Choices and the versions list.
    if (answer.status >= 400) throw errorFromAnswer(answer.status, answer.text);
    const range = v3Range(parseJson(answer.text));
    if (!range) throw new BackendError('backend_error', 'The block storage service does not offer API v3.');
    return { version: negotiate(range), max: range.max };
  }

  /**
   * Reads the versions document of the identity service (the configured Keystone URL) or of the
   * image service in the catalog: no token needed, never retried (it answers what is true now).
   * `undefined` when the catalog has no image service, or the connection has no Keystone (noauth).
   */
  async probe(service: 'identity' | 'image', signal?: AbortSignal): Promise<{ url: string; status: number; body: Json | undefined; text: string } | undefined> {
    let url: URL;
    if (service === 'identity') {
      if (this.settings.mode !== 'keystone') return undefined;
      url = new URL(this.settings.authUrl);
    } else {
      const { imageEndpoint } = await this.session(signal);
      if (!imageEndpoint) return undefined;
      // Catalogs list Glance by its root (or /v2): its versions live at /versions.
      url = new URL(`${imageEndpoint.replace(/\/+$/, '').replace(/\/v2(\.\d+)?$/, '')}/versions`);
    }
    const answer = await this.send('GET', url, { Accept: 'application/json' }, undefined, signal, 1);
    let body: Json | undefined;
    try {
      body = parseJson(answer.text);
    } catch {
      body = undefined;
    }
    return { url: url.href, status: answer.status, body, text: answer.text };
  }

  async request(req: CinderRequest): Promise<{ status: number; body: Json | undefined }> {
    if (this.closed) throw new BackendError('invalid_input', 'This connection has been closed.');
    if (req.signal?.aborted) throw new BackendError('cancelled', 'The request was cancelled.');
    const image = req.service === 'image';
    const version = image ? undefined : (await this.version(req.signal)).version;
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);
    let retries = 0;
    let reauthenticated = false;
    for (let attempt = 1; ; attempt++) {
      const { token, endpoint, imageEndpoint } = await this.session(req.signal);
      if (image && !imageEndpoint) {
        throw new BackendError('not_found', 'The service catalog of this connection has no image service (type image).');
      }
      const url = new URL((image ? imageEndpoint! : endpoint) + req.path);
      for (const [key, value] of Object.entries(req.query ?? {})) {
        if (value !== undefined) url.searchParams.set(key, String(value));
      }
      const headers: Record<string, string> = { Accept: 'application/json', 'X-Auth-Token': token };
      if (version) headers['OpenStack-API-Version'] = `volume ${version}`;
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      if (req.asService) headers['X-Service-Token'] = token;
      let answer;
      try {
        answer = await this.send(req.method, url, headers, body, req.signal, attempt);
      } catch (error) {
        if (req.method === 'GET' && isResetError(error) && retries < this.maxRetries) {
          await backoff(retries++, this.backoffMs, req.signal);
          continue;
        }
        throw error;
      }
      // A token revoked or expired early: sign in again, once.
      if (answer.status === 401 && this.keystone && !reauthenticated) {
        reauthenticated = true;
        this.keystone.invalidate(token);
        continue;
      }
      if (answer.status >= 500 && req.method === 'GET' && retries < this.maxRetries) {
        await backoff(retries++, this.backoffMs, req.signal);
        continue;
      }
      if (answer.status >= 400) throw errorFromAnswer(answer.status, answer.text);
      return { status: answer.status, body: parseJson(answer.text) };
    }
  }

  /**
   * PUTs a byte stream to the image service (Glance's `…/file`), chunked: the bytes go to the
   * socket as they come from `body`, nothing holds them whole. Never retried (the stream is
   * consumed); an idle connection (no byte either way for the request timeout) fails.
   */
  async putImageStream(path: string, headers: Record<string, string>, body: AsyncIterable<Uint8Array>, signal?: AbortSignal): Promise<void> {
    if (this.closed) throw new BackendError('invalid_input', 'This connection has been closed.');
    if (signal?.aborted) throw new BackendError('cancelled', 'The upload was cancelled.');
    const { token, imageEndpoint } = await this.session(signal);
    if (!imageEndpoint) throw new BackendError('not_found', 'The service catalog of this connection has no image service (type image).');
    const url = new URL(imageEndpoint.replace(/\/+$/, '') + path);
    const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const lib = url.protocol === 'https:' ? https : http;
      const request = lib.request(url, { method: 'PUT', headers: { Accept: 'application/json', 'X-Auth-Token': token, ...headers }, agent: this.agent });
      const source = Readable.from(body, { objectMode: false });
      let settled = false;
      const finish = (error?: BackendError, result?: { status: number; text: string }) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        if (error) {
          source.destroy();
          request.destroy();
          reject(error);
        } else resolve(result!);
      };
      const onAbort = () => finish(new BackendError('cancelled', 'The upload was cancelled.'));
      signal?.addEventListener('abort', onAbort, { once: true });
      // Idle, not total: the bytes come from a browser whose range may break off and resume later.
      request.setTimeout(Math.max(this.exchange.requestTimeoutMs, IMAGE_STREAM_IDLE_MS), () => finish(new BackendError('timeout', 'The image service stopped answering.')));
      request.on('error', (error) => finish(new BackendError('unreachable', 'The image service cannot be reached.', { cause: error })));
      source.on('error', (error) => finish(error instanceof BackendError ? error : new BackendError('cancelled', 'The upload stream broke off.', { cause: error })));
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => {
          if (chunks.length < 16) chunks.push(c);
        });
        response.on('end', () => finish(undefined, { status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        // The service answered before the body ended (a refusal): stop sending.
        source.unpipe(request);
      });
      source.pipe(request);
    });
    if (answer.status >= 400) throw errorFromAnswer(answer.status, answer.text, 'Glance');
  }

  private send(method: HttpMethod, url: URL, headers: Record<string, string>, body: string | undefined, signal: AbortSignal | undefined, attempt: number) {
    return timedExchange(this.exchange, {
      method,
      url,
      headers,
      body,
      agent: this.agent,
      callerSignal: signal,
      attempt,
      purpose: 'api',
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.keystone?.logout();
    this.closed = true;
    this.agent.destroy();
  }
}
