// The authorization code flow with PKCE, state and nonce, on node:crypto alone: discovery, the
// redirect, and the callback (token exchange, then the ID token's signature against the provider's
// JWKS and its issuer, audience, expiry and nonce). Nothing here touches the database: a callback
// either yields verified claims or throws OidcError, and only then does provisioning run.
import crypto from 'node:crypto';
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

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
}

/** What the browser keeps (in a signed, short-lived cookie) between the redirect and the callback. */
export interface OidcTransaction {
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string | null;
}

export type IdClaims = Record<string, unknown> & { iss: string; sub: string; aud: string | string[]; exp: number };

const CLOCK_SKEW_S = 60;
const DISCOVERY_TTL_MS = 10 * 60_000;
const discoveries = new Map<string, { at: number; doc: Discovery }>();
const jwksCache = new Map<string, { at: number; keys: crypto.JsonWebKey[] }>();

async function getJson(url: string, init?: RequestInit): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000), cache: 'no-store' });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) };
  } catch {
    return { status: res.status, body: null };
  }
}

export async function discover(config: OidcConfig): Promise<Discovery> {
  const hit = discoveries.get(config.issuer);
  if (hit && Date.now() - hit.at < DISCOVERY_TTL_MS) return hit.doc;
  const { status, body } = await getJson(`${config.issuer}/.well-known/openid-configuration`);
  const doc = body as Partial<Discovery> | null;
  if (status !== 200 || !doc?.authorization_endpoint || !doc.token_endpoint || !doc.jwks_uri || !doc.issuer) {
    throw new Error(`OIDC discovery at ${config.issuer} answered ${status} without the endpoints`);
  }
  // A document naming another issuer would let that issuer's tokens through: refuse it.
  if (doc.issuer.replace(/\/+$/, '') !== config.issuer) throw new Error(`OIDC discovery names issuer ${doc.issuer}, not ${config.issuer}`);
  discoveries.set(config.issuer, { at: Date.now(), doc: doc as Discovery });
  return doc as Discovery;
}

const b64url = (buf: Buffer) => buf.toString('base64url');
const random = () => b64url(crypto.randomBytes(32));

export function pkceChallenge(verifier: string): string {
  return b64url(crypto.createHash('sha256').update(verifier).digest());
}

/** Where to send the browser, and what to remember until it comes back. */
export async function beginSignIn(config: OidcConfig, returnTo: string | null = null): Promise<{ url: string; transaction: OidcTransaction }> {
  const doc = await discover(config);
  const transaction: OidcTransaction = { state: random(), nonce: random(), verifier: random(), returnTo };
  const url = new URL(doc.authorization_endpoint);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('redirect_uri', config.redirectUri);
  url.searchParams.set('scope', config.scopes.join(' '));
  url.searchParams.set('state', transaction.state);
  url.searchParams.set('nonce', transaction.nonce);
  url.searchParams.set('code_challenge', pkceChallenge(transaction.verifier));
  url.searchParams.set('code_challenge_method', 'S256');
  return { url: url.toString(), transaction };
}

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/** The callback: checks state, exchanges the code and verifies the ID token. Returns its claims. */
export async function finishSignIn(config: OidcConfig, params: URLSearchParams, transaction: OidcTransaction | null): Promise<IdClaims> {
  const state = params.get('state');
  if (!transaction || !state || !sameString(state, transaction.state)) throw new OidcError('state', 'state does not match the sign-in this browser started');
  const error = params.get('error');
  if (error) throw new OidcError('provider', `the provider answered ${error}${params.get('error_description') ? `: ${params.get('error_description')}` : ''}`);
  const code = params.get('code');
  if (!code) throw new OidcError('provider', 'the provider sent no code');

  const doc = await discover(config);
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    code,
    redirect_uri: config.redirectUri,
    code_verifier: transaction.verifier,
  });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if (config.clientSecret) {
    // client_secret_basic: both parts form-encoded first (RFC 6749 §2.3.1).
    const basic = `${encodeURIComponent(config.clientId)}:${encodeURIComponent(config.clientSecret)}`;
    headers.authorization = `Basic ${Buffer.from(basic).toString('base64')}`;
  } else {
    form.set('client_id', config.clientId);
  }
  const { status, body } = await getJson(doc.token_endpoint, { method: 'POST', headers, body: form.toString() });
  const tokens = body as { id_token?: unknown; error?: unknown } | null;
  if (status !== 200 || typeof tokens?.id_token !== 'string') {
    throw new OidcError('exchange', `the token endpoint answered ${status}${tokens?.error ? ` ${String(tokens.error)}` : ''}`);
  }
  return verifyIdToken(config, doc, tokens.id_token, transaction.nonce);
}

const ALGORITHMS: Record<string, { hash: string; kty: string; dsaEncoding?: 'ieee-p1363' }> = {
  RS256: { hash: 'sha256', kty: 'RSA' },
  RS384: { hash: 'sha384', kty: 'RSA' },
  RS512: { hash: 'sha512', kty: 'RSA' },
  ES256: { hash: 'sha256', kty: 'EC', dsaEncoding: 'ieee-p1363' },
};

async function signingKeys(jwksUri: string, refresh: boolean): Promise<crypto.JsonWebKey[]> {
  const hit = jwksCache.get(jwksUri);
  if (hit && !refresh && Date.now() - hit.at < DISCOVERY_TTL_MS) return hit.keys;
  const { status, body } = await getJson(jwksUri);
  const keys = (body as { keys?: unknown } | null)?.keys;
  if (status !== 200 || !Array.isArray(keys)) throw new OidcError('token', `the JWKS at ${jwksUri} answered ${status}`);
  jwksCache.set(jwksUri, { at: Date.now(), keys: keys as crypto.JsonWebKey[] });
  return keys as crypto.JsonWebKey[];
}

function decodePart(part: string | undefined): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // falls through to the refusal
  }
  throw new OidcError('token', 'the ID token is not a JWT');
}

export async function verifyIdToken(config: OidcConfig, doc: Pick<Discovery, 'issuer' | 'jwks_uri'>, idToken: string, nonce: string, now = Date.now()): Promise<IdClaims> {
  const parts = idToken.split('.');
  if (parts.length !== 3) throw new OidcError('token', 'the ID token is not a JWT');
  const header = decodePart(parts[0]);
  const claims = decodePart(parts[1]);
  const alg = ALGORITHMS[String(header.alg)];
  // "none" and HMAC algorithms are never accepted: only the provider's published keys sign.
  if (!alg) throw new OidcError('token', `the ID token is signed with ${String(header.alg)}, which is not accepted`);

  const pick = (keys: crypto.JsonWebKey[]) =>
    keys.filter((k) => k.kty === alg.kty && (k.use === undefined || k.use === 'sig') && (header.kid === undefined || k.kid === header.kid));
  let candidates = pick(await signingKeys(doc.jwks_uri, false));
  // An unknown key id usually means the provider rotated its keys since we cached them.
  if (candidates.length === 0) candidates = pick(await signingKeys(doc.jwks_uri, true));
  const data = Buffer.from(`${parts[0]}.${parts[1]}`);
  const signature = Buffer.from(parts[2], 'base64url');
  const valid = candidates.some((jwk) => {
    try {
      const key = crypto.createPublicKey({ key: jwk, format: 'jwk' });
      return crypto.verify(alg.hash, data, alg.dsaEncoding ? { key, dsaEncoding: alg.dsaEncoding } : key, signature);
    } catch {
      return false;
    }
  });
  if (!valid) throw new OidcError('token', 'the ID token signature does not verify against the provider keys');

  if (claims.iss !== doc.issuer) throw new OidcError('token', `the ID token was issued by ${String(claims.iss)}`);
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!aud.includes(config.clientId)) throw new OidcError('token', 'the ID token is for another client');
  if (aud.length > 1 && claims.azp !== config.clientId) throw new OidcError('token', 'the ID token was issued to another party (azp)');
  const nowS = Math.floor(now / 1000);
  if (typeof claims.exp !== 'number' || claims.exp + CLOCK_SKEW_S < nowS) throw new OidcError('token', 'the ID token has expired');
  if (typeof claims.iat === 'number' && claims.iat - CLOCK_SKEW_S > nowS) throw new OidcError('token', 'the ID token is issued in the future');
  if (typeof claims.nonce !== 'string' || !sameString(claims.nonce, nonce)) throw new OidcError('token', 'the ID token nonce does not match this sign-in');
  if (typeof claims.sub !== 'string' || !claims.sub) throw new OidcError('token', 'the ID token names no subject');
  return claims as IdClaims;
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
  discoveries.clear();
  jwksCache.clear();
}
