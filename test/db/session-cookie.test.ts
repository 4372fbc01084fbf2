import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freshDatabase } from './setup-env';

await freshDatabase();

// The session cookie's Secure flag (and Auth.js's __Secure- name) follow PUBLIC_URL's scheme, never
// X-Forwarded-Proto: a client (or a proxy that passes it through) writes that header, and a cookie
// sent without Secure over https, or one named __Secure- over http, breaks sign-in or leaks it.
vi.mock('next/headers', () => ({
  headers: async () => new Headers({ host: 'localhost:3000', 'x-virtdash-client-ip': '192.0.2.10' }),
  cookies: async () => ({ get: () => undefined }),
}));

const PASSWORD = 'cookie-password-1';

beforeAll(async () => {
  const { ensureSecrets } = await import('@/lib/config/secrets');
  ensureSecrets({ allowGenerated: true });
  const { databaseTarget } = await import('@/lib/db/target');
  const { applyMigrations, openSqlRunner } = await import('@/lib/db/migrate');
  const runner = await openSqlRunner(databaseTarget());
  await applyMigrations(runner);
  await runner.close();
  const { hashPassword } = await import('@/lib/auth/password');
  const { getDb } = await import('@/lib/db/prisma');
  await getDb().user.create({ data: { username: 'alice', role: 'user', passwordHash: await hashPassword(PASSWORD) } });
});
afterAll(async () => {
  delete process.env.PUBLIC_URL;
});

/** Signs in through Auth.js's endpoints with the given X-Forwarded-Proto; returns the session cookie's Set-Cookie. */
async function signIn(publicUrl: string, forwardedProto: string): Promise<string> {
  process.env.PUBLIC_URL = publicUrl;
  vi.resetModules();
  const { handlers } = await import('@/lib/auth/auth');
  // Next builds a route handler's URL from the same header, so the scheme of the URL follows it too.
  const BASE = `${forwardedProto}://localhost:3000/api/auth`;
  const headers = { host: 'localhost:3000', 'x-forwarded-proto': forwardedProto, 'x-virtdash-client-ip': '192.0.2.10' };
  const csrfRes = await handlers.GET(new NextRequest(`${BASE}/csrf`, { headers }));
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const jar = csrfRes.headers.getSetCookie().map((c) => c.split(';')[0]);
  const res = await handlers.POST(
    new NextRequest(`${BASE}/callback/credentials`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded', cookie: jar.join('; ') },
      body: new URLSearchParams({ username: 'alice', password: PASSWORD, csrfToken, callbackUrl: '/' }),
    }),
  );
  const session = res.headers.getSetCookie().find((c) => /^(__Secure-)?authjs\.session-token=./.test(c));
  if (!session) throw new Error(`sign-in gave no session cookie (HTTP ${res.status}, ${res.headers.get('location')})`);
  return session;
}

describe('the session cookie follows PUBLIC_URL, not X-Forwarded-Proto', () => {
  it('is not Secure for an http PUBLIC_URL, whatever the request claims', async () => {
    const cookie = await signIn('http://localhost:3000', 'https');
    expect(cookie).toMatch(/^authjs\.session-token=/);
    expect(cookie).not.toMatch(/;\s*Secure/i);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it('is Secure for an https PUBLIC_URL, even when the hop to the dashboard is http', async () => {
    const cookie = await signIn('https://dash.example.com', 'http');
    expect(cookie).toMatch(/^__Secure-authjs\.session-token=/);
    expect(cookie).toMatch(/;\s*Secure/i);
  });

  it('the OIDC sign-in writes the same cookie', async () => {
    process.env.PUBLIC_URL = 'https://dash.example.com';
    vi.resetModules();
    const { sessionCookie } = await import('@/lib/auth/oidc/cookies');
    const cookie = await sessionCookie({ id: 's1' }, { id: 'u1', username: 'alice' });
    expect(cookie.name).toBe('__Secure-authjs.session-token');
    expect(cookie.options.secure).toBe(true);
    process.env.PUBLIC_URL = 'http://localhost:3000';
    vi.resetModules();
    const plain = await (await import('@/lib/auth/oidc/cookies')).sessionCookie({ id: 's1' }, { id: 'u1', username: 'alice' });
    expect(plain).toMatchObject({ name: 'authjs.session-token', options: { secure: false } });
  });
});
