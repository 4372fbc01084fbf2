import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freshDatabase, onPostgres } from './setup-env';

// ActionRefusal's module reaches the request's cookie through next-auth, which needs Next's
// request scope; the services under test never ask who is signed in.
vi.mock('@/lib/auth/auth', () => ({ auth: async () => null }));

await freshDatabase();

const { databaseTarget } = await import('@/lib/db/target');
const { applyMigrations, openSqlRunner } = await import('@/lib/db/migrate');
const { getDb } = await import('@/lib/db/prisma');
const { authenticate } = await import('@/lib/auth/authenticate');
const { throttleClock } = await import('@/lib/auth/throttle');
const { resolveAuthSession } = await import('@/lib/auth/sessions');
const { ActionRefusal } = await import('@/lib/actions/action');
const { changeUserRole, createUser, listUsers, resetUserPassword, setUserDisabled } = await import('@/lib/services/users');

const PASSWORD = 'first-password';
const ids: Record<string, string> = {};
let nextIp = 1;

/** Signs in the way the login form does; the session id, or why it was refused. */
async function signIn(username: string, password = PASSWORD): Promise<string> {
  const result = await authenticate(username, password, `198.51.100.${nextIp++}`, 'vitest');
  return result.ok ? result.sessionId : `refused:${result.reason}`;
}

async function snapshot(username: string) {
  const u = await getDb().user.findUniqueOrThrow({ where: { username } });
  return { role: u.role, disabled: u.disabled, passwordHash: u.passwordHash };
}

async function refusalKey(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ActionRefusal);
  return (err as InstanceType<typeof ActionRefusal>).key;
}

describe(`user administration on ${onPostgres() ? 'PostgreSQL' : 'embedded PGlite'}`, () => {
  beforeAll(async () => {
    const runner = await openSqlRunner(databaseTarget());
    await applyMigrations(runner);
    await runner.close();
    // Failed sign-ins are slowed down in production; not worth waiting for here.
    throttleClock.sleep = async () => {};
    for (const [username, role] of [
      ['root', 'admin'],
      ['ops', 'admin'],
      ['alice', 'user'],
      ['bob', 'user'],
    ] as const) {
      ids[username] = (await createUser({ username, displayName: null, password: PASSWORD, role })).id;
    }
  });
  afterAll(async () => {
    await getDb().$disconnect();
  });

  it('creates users who can sign in, and refuses a taken username without touching the first', async () => {
    expect((await listUsers()).map((u) => [u.username, u.role, u.disabled])).toEqual([
      ['alice', 'user', false],
      ['bob', 'user', false],
      ['ops', 'admin', false],
      ['root', 'admin', false],
    ]);
    expect(await signIn('alice')).not.toMatch(/^refused/);
    const before = await snapshot('alice');
    expect(await refusalKey(createUser({ username: 'alice', displayName: 'Other', password: 'another-password', role: 'admin' }))).toBe('users.exists');
    expect(await snapshot('alice')).toEqual(before);
    expect(await getDb().user.count({ where: { username: 'alice' } })).toBe(1);
  });

  it('resetting a password makes the old one useless and ends that user’s sessions only', async () => {
    const aliceOne = await signIn('alice');
    const aliceTwo = await signIn('alice');
    const bobs = await signIn('bob');
    expect((await resolveAuthSession(aliceOne))?.username).toBe('alice');

    await resetUserPassword(ids.alice, 'second-password');

    expect(await signIn('alice', PASSWORD)).toBe('refused:invalid');
    expect(await resolveAuthSession(aliceOne)).toBeNull();
    expect(await resolveAuthSession(aliceTwo)).toBeNull();
    expect((await resolveAuthSession(bobs))?.username).toBe('bob');
    const fresh = await signIn('alice', 'second-password');
    expect((await resolveAuthSession(fresh))?.username).toBe('alice');
    expect((await getDb().user.findUniqueOrThrow({ where: { id: ids.alice } })).passwordChangedAt).not.toBeNull();
  });

  it('a changed role applies to sessions already open', async () => {
    const session = await signIn('bob');
    expect((await resolveAuthSession(session))?.role).toBe('user');
    await changeUserRole(ids.root, ids.bob, 'admin');
    expect((await resolveAuthSession(session))?.role).toBe('admin');
    await changeUserRole(ids.root, ids.bob, 'user');
    expect((await resolveAuthSession(session))?.role).toBe('user');
  });

  it('disabling ends the user’s sessions at once and refuses sign-in; enabling does not revive old sessions', async () => {
    const session = await signIn('bob');
    expect((await resolveAuthSession(session))?.username).toBe('bob');

    await setUserDisabled(ids.root, ids.bob, true);
    expect(await resolveAuthSession(session)).toBeNull();
    expect(await signIn('bob')).toBe('refused:disabled');

    await setUserDisabled(ids.root, ids.bob, false);
    expect(await resolveAuthSession(session)).toBeNull();
    const again = await signIn('bob');
    expect((await resolveAuthSession(again))?.username).toBe('bob');
  });

  it('an admin can neither disable nor demote themselves, and nothing changes', async () => {
    const session = await signIn('root');
    const before = await snapshot('root');
    expect(await refusalKey(setUserDisabled(ids.root, ids.root, true))).toBe('users.notYourself');
    expect(await refusalKey(changeUserRole(ids.root, ids.root, 'user'))).toBe('users.notYourself');
    expect(await snapshot('root')).toEqual(before);
    expect((await resolveAuthSession(session))?.role).toBe('admin');
  });

  it('the last active admin can be neither disabled nor demoted, whoever asks', async () => {
    await setUserDisabled(ids.root, ids.ops, true);
    const session = await signIn('root');
    const before = await snapshot('root');
    // ops is a disabled admin now: root is the only one who can still administer.
    expect(await refusalKey(changeUserRole(ids.ops, ids.root, 'user'))).toBe('users.lastAdmin');
    expect(await refusalKey(setUserDisabled(ids.ops, ids.root, true))).toBe('users.lastAdmin');
    expect(await snapshot('root')).toEqual(before);
    expect((await resolveAuthSession(session))?.role).toBe('admin');

    // With a second active admin again, demoting the first is allowed.
    await setUserDisabled(ids.root, ids.ops, false);
    await changeUserRole(ids.ops, ids.root, 'user');
    expect((await snapshot('root')).role).toBe('user');
    await changeUserRole(ids.ops, ids.root, 'admin');
  });

  it('refuses an unknown user id and changes nothing', async () => {
    const before = await getDb().user.findMany({ orderBy: { username: 'asc' } });
    expect(await refusalKey(resetUserPassword('no-such-user', 'some-new-password'))).toBe('users.notFound');
    expect(await refusalKey(changeUserRole(ids.root, 'no-such-user', 'admin'))).toBe('users.notFound');
    expect(await refusalKey(setUserDisabled(ids.root, 'no-such-user', true))).toBe('users.notFound');
    expect(await getDb().user.findMany({ orderBy: { username: 'asc' } })).toEqual(before);
  });

  it('two admins demoting or disabling each other at the same moment leave one admin', async () => {
    const activeAdmins = () => getDb().user.findMany({ where: { role: 'admin', disabled: false }, select: { username: true } });
    const demotions = await Promise.allSettled([changeUserRole(ids.root, ids.ops, 'user'), changeUserRole(ids.ops, ids.root, 'user')]);
    expect(demotions.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = demotions.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused?.reason).toMatchObject({ key: 'users.lastAdmin' });
    expect(await activeAdmins()).toHaveLength(1);

    const [survivor] = await activeAdmins();
    const other = survivor.username === 'root' ? 'ops' : 'root';
    await changeUserRole(ids[survivor.username], ids[other], 'admin');
    const disables = await Promise.allSettled([setUserDisabled(ids.root, ids.ops, true), setUserDisabled(ids.ops, ids.root, true)]);
    expect(disables.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await activeAdmins()).toHaveLength(1);
  });
});
