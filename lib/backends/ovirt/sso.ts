import 'server-only';
import type http from 'node:http';
import { BackendError } from '../errors';
import { raceAbort, timedExchange, type ExchangeSettings } from '../http/exchange';
import { asNumber, asObject, asText, type Json } from './coerce';
import type { EngineEndpoints } from './endpoints';
import { ssoFailure } from './faults';

export interface SsoToken {
  value: string;
  /** Epoch ms after which we fetch a new one. */
  renewAt: number;
}

/** Lifetime assumed when the engine gives none; a 401 still triggers a new sign-in. */
const DEFAULT_LIFETIME_MS = 10 * 60_000;
const MAX_RENEW_MARGIN_MS = 60_000;

/**
 * `exp` is epoch milliseconds as a string on the engine; accept a number too,
 * and seconds (values too small to be ms) as some OAuth servers send. A
 * standard `expires_in` (seconds from now) is the fallback.
 */
export function tokenExpiry(body: Json, now: number): number {
  const exp = asNumber(body.exp);
  if (exp !== undefined) return exp < 1e11 ? exp * 1000 : exp;
  const expiresIn = asNumber(body.expires_in);
  if (expiresIn !== undefined) return now + expiresIn * 1000;
  return now + DEFAULT_LIFETIME_MS;
}

/** Renew shortly before expiry: a tenth of the lifetime, at most a minute. */
export function renewAt(expiresAt: number, now: number): number {
  const margin = Math.min(MAX_RENEW_MARGIN_MS, Math.max(0, (expiresAt - now) / 10));
  return expiresAt - margin;
}

export interface SsoDeps {
  settings: ExchangeSettings;
  endpoints: EngineEndpoints;
  agent: http.Agent;
  username: string;
  password: string;
}

/**
 * The engine's SSO token, shared by all requests of one connection. There is
 * no refresh token: when it expires (or a call answers 401) we sign in again.
 */
export class SsoSession {
  private current?: SsoToken;
  private pending?: Promise<SsoToken>;

  constructor(private readonly deps: SsoDeps) {}

  /** A valid token, signing in when needed; concurrent callers share one sign-in. */
  async token(signal?: AbortSignal): Promise<string> {
    if (this.current && Date.now() < this.current.renewAt) return this.current.value;
    if (!this.pending) {
      // The shared sign-in is not tied to one caller's signal: others may still want it.
      this.pending = this.signIn().finally(() => {
        this.pending = undefined;
      });
    }
    const token = await raceAbort(this.pending, signal);
    return token.value;
  }

  /** Forget `value` if it is still the current token (parallel 401s sign in once). */
  invalidate(value: string): void {
    if (this.current?.value === value) this.current = undefined;
  }

  private async signIn(): Promise<SsoToken> {
    const { settings, endpoints, agent, username, password } = this.deps;
    const form = new URLSearchParams({ grant_type: 'password', scope: 'ovirt-app-api', username, password });
    const answer = await timedExchange(settings, {
      method: 'POST',
      url: endpoints.token,
      headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      agent,
      attempt: 1,
      purpose: 'auth',
    });
    const body = parseJson(answer.text);
    const value = asText(body?.access_token);
    if (answer.status >= 400 || !value || !body) throw ssoFailure(answer.status, body);
    const now = Date.now();
    const token = { value, renewAt: renewAt(tokenExpiry(body, now), now) };
    this.current = token;
    return token;
  }

  /** Best effort: frees the engine-side session. Never throws. */
  async logout(): Promise<void> {
    const token = this.current?.value;
    this.current = undefined;
    if (!token) return;
    const { settings, endpoints, agent } = this.deps;
    try {
      await timedExchange(
        { ...settings, requestTimeoutMs: Math.min(settings.requestTimeoutMs, 3_000) },
        {
          method: 'POST',
          url: endpoints.logout,
          headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ scope: 'ovirt-app-api', token }).toString(),
          agent,
          attempt: 1,
          purpose: 'auth',
        },
      );
    } catch {
      // The token expires on its own.
    }
  }
}

function parseJson(text: string): Json | undefined {
  try {
    return asObject(JSON.parse(text));
  } catch {
    return undefined;
  }
}

export function requireCredentials(username?: string, password?: string): { username: string; password: string } {
  if (!username || !password) {
    throw new BackendError('invalid_input', 'An oVirt connection needs a username (e.g. admin@internal) and a password.');
  }
  return { username, password };
}
