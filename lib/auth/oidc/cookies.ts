import 'server-only';
import crypto from 'node:crypto';
import { encode } from 'next-auth/jwt';
import { secureCookies } from '@/lib/config/public-url';
import { SESSION_MAX_AGE_S } from '../sessions';
import type { OidcTransaction } from './flow';

// The sign-in in progress lives in the browser, not the server: a cookie signed with AUTH_SECRET,
// scoped to the callback, gone after ten minutes. SameSite=Lax lets the provider's top-level
// redirect back carry it.
export const TRANSACTION_COOKIE = 'virtdash-oidc';
export const TRANSACTION_MAX_AGE_S = 600;

function secret(): string {
  const s = process.env.AUTH_SECRET;
  if (!s) throw new Error('AUTH_SECRET is not set');
  return s;
}

function mac(payload: string): string {
  return crypto.createHmac('sha256', `oidc-transaction:${secret()}`).update(payload).digest('base64url');
}

export function sealTransaction(t: OidcTransaction): string {
  const payload = Buffer.from(JSON.stringify({ ...t, at: Date.now() })).toString('base64url');
  return `${payload}.${mac(payload)}`;
}

export function openTransaction(value: string | undefined, now = Date.now()): OidcTransaction | null {
  if (!value) return null;
  const [payload, sig] = value.split('.');
  if (!payload || !sig) return null;
  const expected = Buffer.from(mac(payload));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return null;
  try {
    const t = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as OidcTransaction & { at: number };
    if (typeof t.at !== 'number' || now - t.at > TRANSACTION_MAX_AGE_S * 1000) return null;
    return { state: t.state, nonce: t.nonce, verifier: t.verifier, returnTo: t.returnTo ?? null };
  } catch {
    return null;
  }
}

/**
 * The Auth.js session cookie for a database session, as the credentials sign-in writes it: a JWT
 * (encrypted with AUTH_SECRET) that only names the AuthSession row. So getCurrentUser, sign-out
 * and revocation treat OIDC sessions exactly like local ones.
 */
export async function sessionCookie(session: { id: string }, user: { id: string; username: string }) {
  // Secure (and the __Secure- name) exactly as Auth.js is told in lib/auth/auth.ts: PUBLIC_URL's scheme.
  const secure = secureCookies();
  const name = `${secure ? '__Secure-' : ''}authjs.session-token`;
  const value = await encode({ token: { sub: user.id, name: user.username, sid: session.id }, secret: secret(), salt: name, maxAge: SESSION_MAX_AGE_S });
  return { name, value, options: { httpOnly: true, sameSite: 'lax' as const, path: '/', secure, maxAge: SESSION_MAX_AGE_S } };
}
