import fs from 'node:fs';
import path from 'node:path';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freshDatabase, onPostgres } from './setup-env';

await freshDatabase();

// The only stand-in is the request scope: next/headers hands Auth.js the cookie the browser
// would send. Signing in goes through the real Auth.js route handlers, and the session is read
// back through getCurrentUser as every page does.
const browser = vi.hoisted(() => ({ cookie: '' }));
vi.mock('next/headers', () => ({
  // Next sets host and x-forwarded-proto on every request; Auth.js picks the cookie name from them.
  headers: async () =>
    new Headers({ cookie: browser.cookie, host: 'localhost:3000', 'x-forwarded-proto': 'http', 'x-virtdash-client-ip': '192.0.2.10' }),
  cookies: async () => ({ get: () => undefined }),
}));

const PASSWORD = 'restart-password';
const BASE = 'http://localhost:3000/api/auth';

/** What one server process does at start (scripts/server.ts), loaded afresh. */
async function startServer() {
  vi.resetModules();
  delete process.env.AUTH_SECRET;
  delete process.env.SECRET_KEY;
  const { ensureSecrets } = await import('@/lib/config/secrets');
  ensureSecrets({ allowGenerated: true });
  const { databaseTarget } = await import('@/lib/db/target');
  const { applyMigrations, openSqlRunner } = await import('@/lib/db/migrate');
  const runner = await openSqlRunner(databaseTarget());
  await applyMigrations(runner);
  await runner.close();
  return {
    auth: await import('@/lib/auth/auth'),
    current: await import('@/lib/auth/current'),
    db: (await import('@/lib/db/prisma')).getDb(),
  };
}

/** What the process gives up when it stops: the database (PGlite's files are closed) and its memory. */
async function stopServer(server: Awaited<ReturnType<typeof startServer>>) {
  await server.db.$disconnect();
  await (await import('@/lib/db/adapter')).closePglite();
  delete (globalThis as { __virtdashPrisma?: unknown }).__virtdashPrisma;
}

function cookiesFrom(res: Response): string[] {
  return res.headers.getSetCookie().map((c) => c.split(';')[0]);
}

/** Signs in through Auth.js's own endpoints, as the login form does; returns the browser's cookie. */
async function signIn(server: Awaited<ReturnType<typeof startServer>>, username: string): Promise<string> {
  const csrfRes = await server.auth.handlers.GET(new NextRequest(`${BASE}/csrf`));
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const jar = cookiesFrom(csrfRes);
  const res = await server.auth.handlers.POST(
    new NextRequest(`${BASE}/callback/credentials`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.join('; '), 'x-virtdash-client-ip': '192.0.2.10' },
      body: new URLSearchParams({ username, password: PASSWORD, csrfToken, callbackUrl: 'http://localhost:3000/' }),
    }),
  );
  const session = cookiesFrom(res).find((c) => c.startsWith('authjs.session-token='));
  if (!session) throw new Error(`sign-in gave no session cookie (HTTP ${res.status}, ${res.headers.get('location')})`);
  return session;
}

describe(`sessions across a server restart on ${onPostgres() ? 'PostgreSQL' : 'embedded PGlite'}`, () => {
  let server: Awaited<ReturnType<typeof startServer>>;

  beforeAll(async () => {
    server = await startServer();
    const { hashPassword } = await import('@/lib/auth/password');
    await server.db.user.create({ data: { username: 'alice', role: 'user', passwordHash: await hashPassword(PASSWORD) } });
  });
  afterAll(async () => {
    await stopServer(server);
  });

  it('keeps a signed-in user signed in after the process restarts with the same DATA_DIR', async () => {
    browser.cookie = await signIn(server, 'alice');
    const before = await server.current.getCurrentUser();
    expect(before).toMatchObject({ username: 'alice', role: 'user' });
    const secretFile = path.join(process.env.DATA_DIR!, 'secrets.json');
    const secret = JSON.parse(fs.readFileSync(secretFile, 'utf8')).AUTH_SECRET;
    expect(secret).toMatch(/^[0-9a-f]{64}$/);

    await stopServer(server);
    server = await startServer();

    expect(process.env.AUTH_SECRET).toBe(secret);
    expect(await server.current.getCurrentUser()).toEqual(before);
  });

  it('does not accept that cookie once the generated secret is gone (so the secret file is what carried it)', async () => {
    expect((await server.current.getCurrentUser())?.username).toBe('alice');
    await stopServer(server);
    fs.rmSync(path.join(process.env.DATA_DIR!, 'secrets.json'));
    server = await startServer();
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(await server.current.getCurrentUser()).toBeNull();
    } finally {
      quiet.mockRestore();
    }
  });
});
