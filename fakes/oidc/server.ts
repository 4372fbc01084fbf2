// A wire-level fake OpenID Connect provider (Keycloak-like) for tests and the demo: discovery,
// an authorize page where the tester picks who signs in, a token endpoint that checks the client,
// the redirect URI and PKCE, a JWKS, and RS256 ID tokens. Tests can make the next token wrong in
// one way (signature, audience, expiry, nonce, issuer) to see the dashboard refuse it.
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeOidcUser {
  sub: string;
  username: string;
  name: string;
  email: string;
  groups: string[];
}

/** One way to spoil the next ID token. */
export interface Tamper {
  otherKey?: boolean;
  aud?: string;
  expiresInS?: number;
  nonce?: string;
  iss?: string;
}

export interface FakeOidcOptions {
  port?: number;
  host?: string;
  clientId: string;
  /** Unset: a public client (no secret checked). */
  clientSecret?: string;
  users?: FakeOidcUser[];
}

export const DEFAULT_USERS: FakeOidcUser[] = [
  { sub: 'f1b2c3d4-0001', username: 'sso-alice', name: 'Alice Lab', email: 'alice@example.test', groups: ['lab-users', 'staff'] },
  { sub: 'f1b2c3d4-0002', username: 'sso-root', name: 'Root Ops', email: 'root@example.test', groups: ['virt-admins'] },
  { sub: 'f1b2c3d4-0003', username: 'sso-guest', name: 'Guest Visitor', email: 'guest@example.test', groups: [] },
];

interface PendingCode {
  user: FakeOidcUser;
  clientId: string;
  redirectUri: string;
  nonce: string | null;
  challenge: string;
  at: number;
}

export interface FakeOidc {
  url: string;
  users: FakeOidcUser[];
  /** Spoils the next ID token the token endpoint issues. */
  tamperNext(t: Tamper): void;
  /** A new signing key and kid; the JWKS then publishes only the new key. */
  rotateKeys(): void;
  close(): Promise<void>;
}

// Served under a realm path, as Keycloak does, so issuer and origin differ.
const REALM = '/realms/virtdash';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startFakeOidc(opts: FakeOidcOptions): Promise<FakeOidc> {
  const users = opts.users ?? DEFAULT_USERS;
  let signing = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const stranger = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  let kid = crypto.randomBytes(8).toString('hex');
  const codes = new Map<string, PendingCode>();
  let tamper: Tamper | null = null;
  let issuer = '';

  function idToken(p: PendingCode): string {
    const t = tamper ?? {};
    tamper = null;
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', typ: 'JWT', kid };
    const claims: Record<string, unknown> = {
      iss: t.iss ?? issuer,
      sub: p.user.sub,
      aud: t.aud ?? p.clientId,
      azp: p.clientId,
      iat: now,
      exp: now + (t.expiresInS ?? 300),
      nonce: t.nonce ?? p.nonce ?? undefined,
      preferred_username: p.user.username,
      name: p.user.name,
      email: p.user.email,
      groups: p.user.groups,
    };
    const enc = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const data = `${enc(header)}.${enc(claims)}`;
    const key = t.otherKey ? stranger.privateKey : signing.privateKey;
    return `${data}.${crypto.sign('sha256', Buffer.from(data), key).toString('base64url')}`;
  }

  function json(res: http.ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  }

  async function readBody(req: http.IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  const server = http.createServer(async (req, res) => {
    const full = new URL(req.url ?? '/', 'http://fake');
    const url = new URL(full.pathname.startsWith(REALM) ? full.pathname.slice(REALM.length) + full.search : '/-', 'http://fake');
    if (req.method === 'GET' && url.pathname === '/.well-known/openid-configuration') {
      return json(res, 200, {
        issuer,
        authorization_endpoint: `${issuer}/protocol/openid-connect/auth`,
        token_endpoint: `${issuer}/protocol/openid-connect/token`,
        jwks_uri: `${issuer}/protocol/openid-connect/certs`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      });
    }
    if (req.method === 'GET' && url.pathname === '/protocol/openid-connect/certs') {
      return json(res, 200, { keys: [{ ...signing.publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' }] });
    }
    if (req.method === 'GET' && url.pathname === '/protocol/openid-connect/auth') {
      const q = url.searchParams;
      const redirectUri = q.get('redirect_uri') ?? '';
      if (q.get('client_id') !== opts.clientId || !/^https?:\/\//.test(redirectUri)) {
        res.writeHead(400, { 'content-type': 'text/plain' });
        return res.end('unknown client or redirect_uri');
      }
      if (q.get('response_type') !== 'code' || q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')) {
        const back = new URL(redirectUri);
        back.searchParams.set('error', 'invalid_request');
        back.searchParams.set('state', q.get('state') ?? '');
        res.writeHead(302, { location: back.toString() });
        return res.end();
      }
      const login = q.get('login');
      const back = new URL(redirectUri);
      if (q.get('cancel')) {
        back.searchParams.set('error', 'access_denied');
      } else if (login) {
        const user = users.find((u) => u.username === login);
        if (!user) {
          res.writeHead(404, { 'content-type': 'text/plain' });
          return res.end('no such user');
        }
        const code = crypto.randomBytes(24).toString('base64url');
        codes.set(code, { user, clientId: opts.clientId, redirectUri, nonce: q.get('nonce'), challenge: q.get('code_challenge')!, at: Date.now() });
        back.searchParams.set('code', code);
      } else {
        // The sign-in page: the tester picks an account (no passwords; this is a fake).
        const link = (extra: string) => esc(`${REALM}${url.pathname}${url.search}&${extra}`);
        const rows = users
          .map((u) => `<li><a href="${link(`login=${encodeURIComponent(u.username)}`)}">${esc(u.username)}</a> (${esc(u.groups.join(', ') || '-')})</li>`)
          .join('');
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(`<!doctype html><title>Fake OIDC provider</title><h1>Fake OIDC provider</h1><ul>${rows}</ul><a href="${link('cancel=1')}">Cancel</a>`);
      }
      if (q.get('state')) back.searchParams.set('state', q.get('state')!);
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (req.method === 'POST' && url.pathname === '/protocol/openid-connect/token') {
      const form = new URLSearchParams(await readBody(req));
      let clientId = form.get('client_id');
      let secret = form.get('client_secret');
      const basic = req.headers.authorization?.match(/^Basic (.+)$/)?.[1];
      if (basic) {
        const [id, pw] = Buffer.from(basic, 'base64').toString('utf8').split(':').map(decodeURIComponent);
        clientId = id;
        secret = pw;
      }
      if (clientId !== opts.clientId || (opts.clientSecret !== undefined && secret !== opts.clientSecret)) return json(res, 401, { error: 'invalid_client' });
      const code = form.get('code') ?? '';
      const pending = codes.get(code);
      codes.delete(code);
      if (form.get('grant_type') !== 'authorization_code' || !pending || Date.now() - pending.at > 60_000) return json(res, 400, { error: 'invalid_grant' });
      if (pending.redirectUri !== form.get('redirect_uri')) return json(res, 400, { error: 'invalid_grant', error_description: 'redirect_uri' });
      const verifier = form.get('code_verifier') ?? '';
      if (crypto.createHash('sha256').update(verifier).digest('base64url') !== pending.challenge) {
        return json(res, 400, { error: 'invalid_grant', error_description: 'PKCE verification failed' });
      }
      return json(res, 200, { access_token: crypto.randomBytes(16).toString('hex'), token_type: 'Bearer', expires_in: 300, id_token: idToken(pending) });
    }
    res.writeHead(404);
    res.end();
  });

  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  issuer = `http://${opts.host ?? '127.0.0.1'}:${port}${REALM}`;
  return {
    url: issuer,
    users,
    tamperNext(t) {
      tamper = t;
    },
    rotateKeys() {
      // As Keycloak does when an admin rotates the realm keys: a new key with a new kid signs from
      // now on, and the JWKS publishes only the new one.
      signing = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
      kid = crypto.randomBytes(8).toString('hex');
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
