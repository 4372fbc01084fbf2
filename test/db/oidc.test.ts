import { NextRequest } from 'next/server';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startFakeOidc, type FakeOidc, type Tamper } from '@/fakes/oidc/server';
import { freshDatabase } from './setup-env';

await freshDatabase();

// The dashboard's real OIDC routes against the fake provider over HTTP, with the real database
// and the real Auth.js session read. The only stand-in is the request scope (next/headers), which
// hands getCurrentUser the cookie the browser would send.
const browser = vi.hoisted(() => ({ cookie: '' }));
vi.mock('next/headers', () => ({
  headers: async () => new Headers({ cookie: browser.cookie, host: 'localhost:3000', 'x-forwarded-proto': 'http' }),
  cookies: async () => ({ get: () => undefined }),
}));

const APP = 'http://localhost:3000';
let fake: FakeOidc;

beforeAll(async () => {
  fake = await startFakeOidc({ clientId: 'virtdash', clientSecret: 'fake-secret' });
  Object.assign(process.env, {
    OIDC_ISSUER: fake.url,
    OIDC_CLIENT_ID: 'virtdash',
    OIDC_CLIENT_SECRET: 'fake-secret',
    OIDC_NAME: 'Keycloak',
    OIDC_ADMIN_GROUPS: 'virt-admins',
    OIDC_GROUP_MAP: 'lab-users=Lab,staff=Staff',
    PUBLIC_URL: APP,
  });
  const { ensureSecrets } = await import('@/lib/config/secrets');
  ensureSecrets({ allowGenerated: true });
  const { databaseTarget } = await import('@/lib/db/target');
  const { applyMigrations, openSqlRunner } = await import('@/lib/db/migrate');
  const runner = await openSqlRunner(databaseTarget());
  await applyMigrations(runner);
  await runner.close();
});
afterAll(() => fake.close());

const db = async () => (await import('@/lib/db/prisma')).getDb();
const login = async () => (await import('@/app/api/oidc/login/route')).GET;
const callback = async () => (await import('@/app/api/oidc/callback/route')).GET;

function cookieOf(res: Response, name: string): string | undefined {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c.startsWith(`${name}=`) && c.length > name.length + 1);
}

interface Trip {
  location: URL;
  sessionCookie?: string;
}

/** A browser's sign-in: our login route, the provider's page (choosing `who`), our callback. */
async function signIn(who: string, opts: { tamper?: Tamper; otherBrowser?: boolean; callbackUrl?: string } = {}): Promise<Trip> {
  const start = await (await login())(new NextRequest(`${APP}/api/oidc/login${opts.callbackUrl ? `?callbackUrl=${encodeURIComponent(opts.callbackUrl)}` : ''}`));
  expect(start.status).toBe(303);
  let transaction = cookieOf(start, 'virtdash-oidc')!;
  expect(transaction).toBeTruthy();
  if (opts.otherBrowser) {
    // Another browser's sign-in: a valid cookie, but for a different state.
    const other = await (await login())(new NextRequest(`${APP}/api/oidc/login`));
    transaction = cookieOf(other, 'virtdash-oidc')!;
  }
  const provider = new URL(start.headers.get('location')!);
  provider.searchParams.set('login', who);
  const answer = await fetch(provider, { redirect: 'manual' });
  const back = answer.headers.get('location')!;
  expect(back.startsWith(`${APP}/api/oidc/callback?`)).toBe(true);
  if (opts.tamper) fake.tamperNext(opts.tamper);
  const res = await (await callback())(new NextRequest(back, { headers: { cookie: transaction, 'user-agent': 'vitest', host: 'localhost:3000', 'x-forwarded-proto': 'http' } }));
  expect(res.status).toBe(303);
  return { location: new URL(res.headers.get('location')!), sessionCookie: cookieOf(res, 'authjs.session-token') };
}

async function currentUser(sessionCookie: string | undefined) {
  browser.cookie = sessionCookie ?? '';
  vi.resetModules();
  return (await import('@/lib/auth/current')).getCurrentUser();
}

async function counts() {
  const d = await db();
  return { users: await d.user.count(), sessions: await d.authSession.count(), members: await d.userGroupMember.count() };
}

beforeEach(() => {
  browser.cookie = '';
});

describe('OIDC sign-in refusals create nothing', () => {
  const cases: Array<[string, Tamper]> = [
    ['a bad signature', { otherKey: true }],
    ['a wrong audience', { aud: 'another-client' }],
    ['an expired token', { expiresInS: -3600 }],
    ['a nonce mismatch', { nonce: 'someone-elses-nonce' }],
  ];
  for (const [name, tamper] of cases) {
    it(`refuses ${name}: back to the login page with the reason, no account, no session`, async () => {
      const before = await counts();
      const trip = await signIn('sso-guest', { tamper });
      expect(trip.location.pathname).toBe('/login');
      expect(trip.location.searchParams.get('error')).toBe('oidc-token');
      expect(trip.sessionCookie).toBeUndefined();
      expect(await counts()).toEqual(before);
      const entry = await (await db()).auditEntry.findFirst({ where: { action: 'auth.login' }, orderBy: { at: 'desc' } });
      expect(entry).toMatchObject({ result: 'failure', actorId: null });
    });
  }

  it('refuses a callback carrying another browser’s state', async () => {
    const before = await counts();
    const trip = await signIn('sso-guest', { otherBrowser: true });
    expect(trip.location.searchParams.get('error')).toBe('oidc-state');
    expect(trip.sessionCookie).toBeUndefined();
    expect(await counts()).toEqual(before);
  });

  it('refuses a callback without any sign-in cookie', async () => {
    const res = await (await callback())(new NextRequest(`${APP}/api/oidc/callback?code=x&state=y`));
    expect(new URL(res.headers.get('location')!).searchParams.get('error')).toBe('oidc-state');
  });
});

describe('OIDC sign-in', () => {
  it('creates a user linked to the subject, with no password, in the mapped portal groups, and signs them in', async () => {
    const trip = await signIn('sso-alice', { callbackUrl: '/portal/launch' });
    expect(trip.location.pathname).toBe('/portal/launch');
    const user = await currentUser(trip.sessionCookie);
    expect(user).toMatchObject({ username: 'sso-alice', displayName: 'Alice Lab', role: 'user' });
    const row = await (await db()).user.findUniqueOrThrow({ where: { username: 'sso-alice' }, include: { groupMemberships: { include: { group: true } } } });
    expect(row).toMatchObject({ authProvider: 'oidc', oidcIssuer: fake.url, oidcSubject: 'f1b2c3d4-0001', passwordHash: null });
    expect(row.groupMemberships.map((m) => m.group.name).sort()).toEqual(['Lab', 'Staff']);
    const entry = await (await db()).auditEntry.findFirst({ where: { action: 'auth.login', actorId: row.id }, orderBy: { at: 'desc' } });
    expect(entry).toMatchObject({ result: 'success', actorName: 'sso-alice' });
  });

  it('never returns to another site: a return path a browser reads as //evil.example lands at home', async () => {
    for (const callbackUrl of ['/\t/evil.example', '/\\evil.example', '/\n/evil.example/admin']) {
      // An admin, whom any same-origin return path would be followed for.
      const trip = await signIn('sso-root', { callbackUrl });
      expect(trip.location.origin).toBe(APP);
      expect(trip.location.pathname).toBe('/');
    }
  });

  it('signs the same subject into the same account the next time', async () => {
    const before = await counts();
    const trip = await signIn('sso-alice');
    expect(trip.location.pathname).toBe('/portal');
    expect((await counts()).users).toBe(before.users);
    expect((await counts()).sessions).toBe(before.sessions + 1);
  });

  it('makes members of OIDC_ADMIN_GROUPS admins, who land in the administration portal', async () => {
    const trip = await signIn('sso-root');
    expect(trip.location.pathname).toBe('/');
    expect(await currentUser(trip.sessionCookie)).toMatchObject({ username: 'sso-root', role: 'admin' });
  });

  it('never links to a local account that has the same name', async () => {
    await (await db()).user.create({ data: { username: 'sso-guest', role: 'admin', passwordHash: 'scrypt$x' } });
    const trip = await signIn('sso-guest');
    const user = await currentUser(trip.sessionCookie);
    expect(user?.username).toMatch(/^sso-guest-[0-9a-f]{6}$/);
    expect(user?.role).toBe('user');
  });

  it('keeps a disabled user out, and the mapping does not re-enable them', async () => {
    await (await db()).user.update({ where: { username: 'sso-alice' }, data: { disabled: true } });
    const before = await counts();
    const trip = await signIn('sso-alice');
    expect(trip.location.searchParams.get('error')).toBe('oidc-disabled');
    expect(trip.sessionCookie).toBeUndefined();
    expect((await counts()).sessions).toBe(before.sessions);
    expect((await (await db()).user.findUniqueOrThrow({ where: { username: 'sso-alice' } })).disabled).toBe(true);
  });

  it('refuses a local password for an account of the provider', async () => {
    const { resetUserPassword } = await import('@/lib/services/users');
    const { ActionRefusal } = await import('@/lib/actions/action');
    const root = await (await db()).user.findUniqueOrThrow({ where: { username: 'sso-root' } });
    const err = await resetUserPassword(root.id, 'a-local-password-123').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActionRefusal);
    expect((err as InstanceType<typeof ActionRefusal>).message).toBe('users.oidcPassword');
    expect((await (await db()).user.findUniqueOrThrow({ where: { id: root.id } })).passwordHash).toBeNull();
  });

  it('the session is an ordinary database session: revoking it signs the browser out', async () => {
    const trip = await signIn('sso-root');
    const user = await currentUser(trip.sessionCookie);
    const { revokeAuthSession } = await import('@/lib/auth/sessions');
    await revokeAuthSession(user!.sessionId);
    expect(await currentUser(trip.sessionCookie)).toBeNull();
  });
});

describe('group mappings at every sign-in (signInWithOidc after a verified token)', () => {
  const claims = (groups: string[]) => ({ iss: 'https://kc.example/realms/x', sub: 'sub-mapped', aud: 'virtdash', exp: 0, preferred_username: 'mapped', groups });

  it('follows the provider: role and mapped portal groups change, groups an admin gave stay', async () => {
    const { readOidcConfig } = await import('@/lib/auth/oidc/config');
    const { signInWithOidc } = await import('@/lib/auth/oidc/provision');
    const config = readOidcConfig({ OIDC_ISSUER: 'https://kc.example/realms/x', OIDC_CLIENT_ID: 'virtdash', OIDC_ADMIN_GROUPS: 'ops', OIDC_GROUP_MAP: 'lab-users=Lab,physics=Physics' })!;
    const d = await db();
    const groupsOf = async () =>
      (await d.userGroupMember.findMany({ where: { user: { username: 'mapped' } }, include: { group: true } })).map((m) => m.group.name).sort();

    const first = await signInWithOidc(config, claims(['ops', 'lab-users', 'physics']), '192.0.2.1', null);
    expect(first).toMatchObject({ ok: true, role: 'admin' });
    expect(await groupsOf()).toEqual(['Lab', 'Physics']);
    // An admin adds the user to a group the mapping does not manage.
    const manual = await d.userGroup.create({ data: { name: 'Hand-picked' } });
    await d.userGroupMember.create({ data: { groupId: manual.id, userId: (first as { userId: string }).userId } });

    const second = await signInWithOidc(config, claims(['lab-users']), '192.0.2.1', null);
    expect(second).toMatchObject({ ok: true, role: 'user', userId: (first as { userId: string }).userId });
    expect(await groupsOf()).toEqual(['Hand-picked', 'Lab']);
  });

  it('refuses accounts outside OIDC_ALLOWED_GROUPS and creates nothing', async () => {
    const { readOidcConfig } = await import('@/lib/auth/oidc/config');
    const { signInWithOidc } = await import('@/lib/auth/oidc/provision');
    const config = readOidcConfig({ OIDC_ISSUER: 'https://kc.example/realms/x', OIDC_CLIENT_ID: 'virtdash', OIDC_ALLOWED_GROUPS: 'staff', OIDC_GROUP_MAP: 'lab-users=Lab' })!;
    const before = await counts();
    const result = await signInWithOidc(config, { ...claims(['lab-users']), sub: 'sub-outsider', preferred_username: 'outsider' }, '192.0.2.1', null);
    expect(result).toEqual({ ok: false, reason: 'not-allowed' });
    expect(await counts()).toEqual(before);
  });
});
