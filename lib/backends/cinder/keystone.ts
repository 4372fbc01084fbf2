import 'server-only';
import type http from 'node:http';
import { BackendError } from '../errors';
import { raceAbort, timedExchange, type ExchangeSettings } from '../http/exchange';
import { errorFromAnswer } from './faults';
import { arr, date, obj, parseJson, str, type Json } from './json';
import type { CinderInterface, KeystoneSettings } from './settings';

/** Catalog types of the block storage service: current name first, then the older one. */
export const BLOCK_STORAGE_TYPES = ['block-storage', 'volumev3'] as const;

export interface KeystoneToken {
  value: string;
  /** Epoch ms after which we sign in again. */
  renewAt: number;
  /** The Cinder endpoint from the catalog, e.g. http://host:8776/v3/<project_id>. */
  endpoint: string;
  /** The image service (Glance) of the same catalog, when the cloud has one. */
  imageEndpoint?: string;
  userId?: string;
  userName?: string;
  projectId: string;
  roles: string[];
}

/** Keystone's default lifetime is an hour; renew a tenth early, at most five minutes. */
const MAX_RENEW_MARGIN_MS = 5 * 60_000;
const DEFAULT_LIFETIME_MS = 60 * 60_000;

export function renewAt(expiresAt: number, now: number): number {
  const margin = Math.min(MAX_RENEW_MARGIN_MS, Math.max(0, (expiresAt - now) / 10));
  return expiresAt - margin;
}

/**
 * Picks the block storage endpoint: type block-storage before volumev3, the
 * wanted interface, and the region when one is configured.
 */
export function findEndpoint(
  catalog: Json[],
  wanted: { interface: CinderInterface; region?: string },
  types: readonly string[] = BLOCK_STORAGE_TYPES,
): string | undefined {
  for (const type of types) {
    for (const service of catalog.filter((s) => str(s.type) === type)) {
      const endpoint = arr(service.endpoints).find(
        (e) =>
          str(e.interface) === wanted.interface &&
          (!wanted.region || str(e.region_id) === wanted.region || str(e.region) === wanted.region),
      );
      const url = str(endpoint?.url);
      if (url) return url.replace(/\/+$/, '');
    }
  }
  return undefined;
}

export function passwordAuthBody(settings: KeystoneSettings, username: string, password: string): Json {
  return {
    auth: {
      identity: {
        methods: ['password'],
        password: { user: { name: username, domain: { name: settings.userDomain }, password } },
      },
      scope: { project: { name: settings.project, domain: { name: settings.projectDomain } } },
    },
  };
}

interface KeystoneDeps {
  settings: ExchangeSettings;
  keystone: KeystoneSettings;
  agent: http.Agent;
  username: string;
  password: string;
}

/**
 * One project-scoped Keystone token per connection, shared by all requests and
 * reused until shortly before it expires; a 401 from Cinder drops it (invalidate)
 * and the next call signs in again. Concurrent callers share one sign-in.
 */
export class KeystoneSession {
  private current?: KeystoneToken;
  private pending?: Promise<KeystoneToken>;

  constructor(private readonly deps: KeystoneDeps) {}

  async token(signal?: AbortSignal): Promise<KeystoneToken> {
    if (this.current && Date.now() < this.current.renewAt) return this.current;
    this.pending ??= this.signIn().finally(() => {
      this.pending = undefined;
    });
    return raceAbort(this.pending, signal);
  }

  invalidate(value: string): void {
    if (this.current?.value === value) this.current = undefined;
  }

  private async signIn(): Promise<KeystoneToken> {
    const { settings, keystone, agent, username, password } = this.deps;
    const answer = await timedExchange(settings, {
      method: 'POST',
      url: new URL(`${keystone.authUrl}/auth/tokens`),
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify(passwordAuthBody(keystone, username, password)),
      agent,
      attempt: 1,
      purpose: 'auth',
    });
    if (answer.status >= 400) {
      const error = errorFromAnswer(answer.status, answer.text, 'Keystone');
      if (answer.status === 401) {
        throw new BackendError('auth_failed', 'Keystone refused the user name, password or project.', {
          status: 401,
          detail: error.detail,
        });
      }
      throw error;
    }
    const header = answer.headers['x-subject-token'];
    const value = Array.isArray(header) ? header[0] : header;
    const token = obj(parseJson(answer.text)?.token);
    if (!value || !token) throw new BackendError('backend_error', 'Keystone answered without a token.');
    const endpoint = findEndpoint(arr(token.catalog), keystone);
    if (!endpoint) {
      throw new BackendError(
        'backend_error',
        `The service catalog has no block storage endpoint (types ${BLOCK_STORAGE_TYPES.join(', ')}) with interface ${keystone.interface}${keystone.region ? ` in region ${keystone.region}` : ''}.`,
      );
    }
    const now = Date.now();
    const expiresAt = date(token.expires_at)?.getTime() ?? now + DEFAULT_LIFETIME_MS;
    const user = obj(token.user);
    const project = obj(token.project);
    this.current = {
      value,
      renewAt: renewAt(expiresAt, now),
      endpoint,
      imageEndpoint: findEndpoint(arr(token.catalog), keystone, ['image']),
      userId: str(user?.id),
      userName: str(user?.name),
      projectId: str(project?.id) ?? '',
      roles: arr(token.roles).map((r) => str(r.name) ?? '').filter(Boolean),
    };
    return this.current;
  }

  /** Best effort: revokes the token (DELETE /auth/tokens). Never throws. */
  async logout(): Promise<void> {
    const token = this.current?.value;
    this.current = undefined;
    if (!token) return;
    const { settings, keystone, agent } = this.deps;
    try {
      await timedExchange(
        { ...settings, requestTimeoutMs: Math.min(settings.requestTimeoutMs, 3_000) },
        {
          method: 'DELETE',
          url: new URL(`${keystone.authUrl}/auth/tokens`),
          headers: { 'X-Auth-Token': token, 'X-Subject-Token': token },
          agent,
          attempt: 1,
          purpose: 'auth',
        },
      );
    } catch {
      // It expires on its own.
    }
  }
}
