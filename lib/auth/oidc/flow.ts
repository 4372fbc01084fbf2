// The authorization code flow with PKCE, state and nonce, on openid-client (panva's certified
// OpenID Connect relying party, on oauth4webapi and jose): discovery, the redirect, and the
// callback (token exchange, then the ID token's signature against the provider's JWKS, with key
// rotation, and its issuer, audience/azp, expiry and nonce). Protocol and signature code is where a
// maintained library has years of fixes we would not. Nothing here touches the database: a
// callback either yields verified claims or throws OidcError, and only then does provisioning run.
import crypto from 'node:crypto';
import * as client from 'openid-client';
import type { OidcConfig } from './config';

export type OidcFailure =
  | 'state' // the state returned is not the one this browser was sent with (or no sign-in was started)
  | 'provider' // the provider answered with an error (e.g. the user cancelled)
  | 'exchange' // the token endpoint refused the code
  | 'token'; // the ID token failed a check (signature, issuer, audience, expiry, nonce)

export class OidcError extends Error {
  constructor(
    readonly reason: OidcFailure,
    message: string,
  ) {
    super(message);
  }
}

/** What the browser keeps (in a signed, short-lived cookie) between the redirect and the callback. */
export interface OidcTransaction {
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string | null;
}

export type IdClaims = Record<string, unknown> & { iss: string; sub: string; aud: string | string[]; exp: number };

const CLOCK_TOLERANCE_S = 60;
const DISCOVERY_TTL_MS = 10 * 60_000;
const REQUEST_TIMEOUT_S = 10;
// One Configuration per provider setting: it holds the discovery document and the library's JWKS
// cache (a key id it does not know makes it fetch the JWKS again, which is how rotation works).
const configurations = new Map<string, { at: number; config: Promise<client.Configuration> }>();

function cacheKey(c: OidcConfig): string {
  return JSON.stringify([c.issuer, c.clientId, c.clientSecret]);
}

async function discover(c: OidcConfig): Promise<client.Configuration> {
  const key = cacheKey(c);
  const hit = configurations.get(key);
  if (hit && Date.now() - hit.at < DISCOVERY_TTL_MS) return hit.config;
  const issuer = new URL(c.issuer);
  const config = client
    .discovery(issuer, c.clientId, { [client.clockTolerance]: CLOCK_TOLERANCE_S }, c.clientSecret ? client.ClientSecretBasic(c.clientSecret) : client.None(), {
      timeout: REQUEST_TIMEOUT_S,
      // ID tokens from the token endpoint are verified against the provider's keys too, not only
      // trusted for having come over TLS: the checks this dashboard always made.
      execute: [client.enableNonRepudiationChecks, ...(issuer.protocol === 'http:' ? [client.allowInsecureRequests] : [])],
    });
  configurations.set(key, { at: Date.now(), config });
  // A failed discovery is not remembered: the next sign-in asks again.
  config.catch(() => configurations.delete(key));
  return config;
}

export function pkceChallenge(verifier: string): Promise<string> {
  return client.calculatePKCECodeChallenge(verifier);
}

/** Where to send the browser, and what to remember until it comes back. */
export async function beginSignIn(config: OidcConfig, returnTo: string | null = null): Promise<{ url: string; transaction: OidcTransaction }> {
  const conf = await discover(config);
  const transaction: OidcTransaction = {
    state: client.randomState(),
    nonce: client.randomNonce(),
    verifier: client.randomPKCECodeVerifier(),
    returnTo,
  };
  const url = client.buildAuthorizationUrl(conf, {
    redirect_uri: config.redirectUri,
    scope: config.scopes.join(' '),
    state: transaction.state,
    nonce: transaction.nonce,
    code_challenge: await pkceChallenge(transaction.verifier),
    code_challenge_method: 'S256',
  });
  return { url: url.toString(), transaction };
}

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/** The reason and words for a refusal by the library; anything else (network, timeout) is rethrown. */
function refusal(error: unknown): OidcError {
  if (error instanceof client.ResponseBodyError || error instanceof client.WWWAuthenticateChallengeError || error instanceof client.AuthorizationResponseError) {
    const status = 'status' in error ? ` ${String(error.status)}` : '';
    const code = 'error' in error && error.error ? ` ${String(error.error)}` : '';
    return new OidcError('exchange', `the token endpoint answered${status}${code}`);
  }
  if (!(error instanceof client.ClientError)) throw error;
  const inner = error.cause instanceof Error ? error.cause : error;
  const detail = (inner.cause ?? {}) as { claim?: string; claims?: Record<string, unknown> };
  if (error.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' || error.code === 'OAUTH_RESPONSE_IS_NOT_JSON') {
    return new OidcError('exchange', `the token endpoint answered unexpectedly: ${inner.message}`);
  }
  switch (detail.claim) {
    case 'aud':
      return new OidcError('token', 'the ID token is for another client');
    case 'azp':
      return new OidcError('token', 'the ID token was issued to another party (azp)');
    case 'exp':
      return new OidcError('token', 'the ID token has expired');
    case 'iat':
      return new OidcError('token', 'the ID token is issued in the future');
    case 'nonce':
      return new OidcError('token', 'the ID token nonce does not match this sign-in');
    case 'iss':
      return new OidcError('token', `the ID token was issued by ${String(detail.claims?.iss)}`);
  }
  if (/signature|verification key/i.test(inner.message)) {
    return new OidcError('token', 'the ID token signature does not verify against the provider keys');
  }
  return new OidcError('token', `the ID token failed a check: ${inner.message}`);
}

/** The callback: checks state, exchanges the code and verifies the ID token. Returns its claims. */
export async function finishSignIn(config: OidcConfig, params: URLSearchParams, transaction: OidcTransaction | null): Promise<IdClaims> {
  // Checked here before the library sees the callback, so a wrong state never spends the code.
  const state = params.get('state');
  if (!transaction || !state || !sameString(state, transaction.state)) throw new OidcError('state', 'state does not match the sign-in this browser started');
  const error = params.get('error');
  if (error) throw new OidcError('provider', `the provider answered ${error}${params.get('error_description') ? `: ${params.get('error_description')}` : ''}`);
  if (!params.get('code')) throw new OidcError('provider', 'the provider sent no code');

  const conf = await discover(config);
  const callback = new URL(config.redirectUri);
  callback.search = params.toString();
  let claims: client.IDToken | undefined;
  try {
    const tokens = await client.authorizationCodeGrant(conf, callback, {
      pkceCodeVerifier: transaction.verifier,
      expectedState: transaction.state,
      expectedNonce: transaction.nonce,
      idTokenExpected: true,
    });
    claims = tokens.claims();
  } catch (err) {
    throw refusal(err);
  }
  if (!claims || typeof claims.sub !== 'string' || !claims.sub) throw new OidcError('token', 'the ID token names no subject');
  return claims as unknown as IdClaims;
}

/** A claim by dotted path (realm_access.roles), as a list of strings. */
export function claimList(claims: Record<string, unknown>, path: string): string[] {
  let value: unknown = claims;
  for (const key of path.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** For tests: forget cached discovery documents and keys. */
export function resetOidcCaches() {
  configurations.clear();
}
