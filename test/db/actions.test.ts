import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { freshDatabase, onPostgres } from './setup-env';

await freshDatabase();

// What only exists inside a Next request is replaced: the session cookie (next-auth decodes it
// into a database session id), the request headers and the request's translator (the real
// English catalog). Everything after that is real: roleAction, the guards, the session lookup
// in the database, the zod schemas, the user services and the audit log.
const request = vi.hoisted(() => ({ sid: null as string | null, ip: '203.0.113.9' }));
vi.mock('@/lib/auth/auth', () => ({ auth: async () => (request.sid ? { sid: request.sid } : null) }));
vi.mock('next/headers', () => ({ headers: async () => new Headers({ 'x-virtdash-client-ip': request.ip }) }));
vi.mock('next-intl/server', async () => {
  const { createTranslator } = await import('next-intl');
  const messages = (await import('@/messages/en.json')).default;
  return { getTranslations: async () => createTranslator({ locale: 'en', messages }) };
});
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));

const { databaseTarget } = await import('@/lib/db/target');
const { applyMigrations, openSqlRunner } = await import('@/lib/db/migrate');
const { getDb } = await import('@/lib/db/prisma');
const { hashPassword } = await import('@/lib/auth/password');
const { createAuthSession } = await import('@/lib/auth/sessions');
const { ActionRefusal, roleAction } = await import('@/lib/actions/action');
const { BackendError } = await import('@/lib/backends/errors');
const { changeRoleAction, createUserAction } = await import('@/lib/actions/users');

const en = (await import('@/messages/en.json')).default;
const ids: Record<string, string> = {};
const sessions: Record<string, string> = {};

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  // Next adds these to every action post; they are not input.
  data.set('$ACTION_ID_abc', '');
  return data;
}

function signedInAs(username: string | null) {
  request.sid = username ? sessions[username] : null;
}

async function lastAudit(action: string) {
  return getDb().auditEntry.findFirstOrThrow({ where: { action }, orderBy: { id: 'desc' } });
}

async function auditCount(action: string) {
  return getDb().auditEntry.count({ where: { action } });
}

/** An admin-only action whose schema and body report whether they ran. */
function probe() {
  const schemaRan = vi.fn();
  const bodyRan = vi.fn();
  const schema = z
    .object({ name: z.string().min(3, 'validation.tooShortName'), size: z.coerce.number().int().positive('validation.invalid') })
    .superRefine(() => schemaRan());
  return { schemaRan, bodyRan, schema };
}

describe(`server actions (roleAction) on ${onPostgres() ? 'PostgreSQL' : 'embedded PGlite'}`, () => {
  beforeAll(async () => {
    const runner = await openSqlRunner(databaseTarget());
    await applyMigrations(runner);
    await runner.close();
    const passwordHash = await hashPassword('some-password');
    for (const [username, role] of [
      ['root', 'admin'],
      ['alice', 'user'],
      ['carol', 'user'],
    ] as const) {
      ids[username] = (await getDb().user.create({ data: { username, role, passwordHash } })).id;
      sessions[username] = (await createAuthSession(ids[username], '203.0.113.1', null)).id;
    }
  });
  afterAll(async () => {
    await getDb().$disconnect();
  });
  beforeEach(() => signedInAs(null));

  it('refuses an anonymous caller before reading the input, and audits it', async () => {
    const { schemaRan, bodyRan, schema } = probe();
    const action = roleAction({ role: 'user', schema, audit: 'test.anonymous' }, async () => bodyRan());
    expect(await action(undefined, form({ name: 'abc', size: '1' }))).toEqual({ ok: false, message: en.errors.unauthorized });
    expect(schemaRan).not.toHaveBeenCalled();
    expect(bodyRan).not.toHaveBeenCalled();
    expect(await lastAudit('test.anonymous')).toMatchObject({
      actorId: null,
      actorName: 'anonymous',
      result: 'failure',
      detail: { reason: 'http_401' },
      ip: '203.0.113.9',
    });
  });

  it('refuses a user on an admin action before reading the input, and audits who tried', async () => {
    const { schemaRan, bodyRan, schema } = probe();
    const action = roleAction({ role: 'admin', schema, audit: 'test.forbidden' }, async () => bodyRan());
    signedInAs('alice');
    expect(await action(undefined, form({ name: 'abc', size: '1' }))).toEqual({ ok: false, message: en.errors.forbidden });
    expect(schemaRan).not.toHaveBeenCalled();
    expect(bodyRan).not.toHaveBeenCalled();
    expect(await lastAudit('test.forbidden')).toMatchObject({ actorId: ids.alice, actorName: 'alice', result: 'failure', detail: { reason: 'http_403' } });
  });

  it('treats a disabled user’s open session as signed out', async () => {
    const { bodyRan, schema } = probe();
    const action = roleAction({ role: 'user', schema, audit: 'test.disabled' }, async () => bodyRan());
    // Disabled directly in the table: the session is not revoked, the guard alone must refuse.
    await getDb().user.update({ where: { id: ids.carol }, data: { disabled: true } });
    signedInAs('carol');
    expect(await action(undefined, form({ name: 'abc', size: '1' }))).toEqual({ ok: false, message: en.errors.unauthorized });
    expect(bodyRan).not.toHaveBeenCalled();
    expect(await lastAudit('test.disabled')).toMatchObject({ actorName: 'anonymous', detail: { reason: 'http_401' } });
  });

  it('answers invalid input with a translated message per field, runs nothing and audits the refusal', async () => {
    const { schemaRan, bodyRan, schema } = probe();
    const action = roleAction({ role: 'admin', schema, audit: 'test.invalid' }, async () => bodyRan());
    signedInAs('root');
    expect(await action(undefined, form({ name: 'ab', size: '-1' }))).toEqual({
      ok: false,
      message: en.errors.invalidInput,
      // 'validation.tooShortName' is not in the catalog: the generic message, never the raw key.
      fieldErrors: { name: en.validation.invalid, size: en.validation.invalid },
    });
    expect(bodyRan).not.toHaveBeenCalled();
    expect(await lastAudit('test.invalid')).toMatchObject({ actorName: 'root', result: 'failure', detail: { reason: 'invalid_input', fields: ['name', 'size'] } });
    // The schema did run here, so the refusals above really stopped before it.
    expect(schemaRan).toHaveBeenCalled();

    const users = await getDb().user.count();
    signedInAs('root');
    const state = await createUserAction(undefined, form({ username: 'new user', password: 'short', role: 'user' }));
    expect(state).toEqual({
      ok: false,
      message: en.errors.invalidInput,
      fieldErrors: { username: en.validation.usernameInvalid, password: en.validation.passwordTooShort },
    });
    expect(await getDb().user.count()).toBe(users);
    const entry = await lastAudit('users.create');
    expect(entry).toMatchObject({ result: 'failure', detail: { reason: 'invalid_input', fields: ['username', 'password'] } });
    expect(JSON.stringify(entry)).not.toContain('short');
  });

  it('runs the body once for valid input and audits the success with its target', async () => {
    signedInAs('root');
    const state = await createUserAction(undefined, form({ username: 'dave', displayName: 'Dave', password: 'dave-password', role: 'user' }));
    expect(state).toEqual({ ok: true, message: 'User dave was created.' });
    expect(await getDb().user.findUniqueOrThrow({ where: { username: 'dave' } })).toMatchObject({ role: 'user', displayName: 'Dave' });
    expect(await lastAudit('users.create')).toMatchObject({
      actorId: ids.root,
      actorName: 'root',
      result: 'success',
      targetType: 'user',
      targetName: 'dave',
      ip: '203.0.113.9',
    });

    const { bodyRan, schema } = probe();
    const action = roleAction({ role: 'admin', schema, audit: 'test.ok', target: (i) => ({ type: 'thing', id: String(i.size), name: i.name }) }, async (input, ctx) => {
      bodyRan(input, ctx.user.username, ctx.ip);
    });
    expect(await action(undefined, form({ name: 'disk', size: '42' }))).toEqual({ ok: true, message: en.common.saved });
    expect(bodyRan).toHaveBeenCalledExactlyOnceWith({ name: 'disk', size: 42 }, 'root', '203.0.113.9');
    expect(await lastAudit('test.ok')).toMatchObject({ result: 'success', targetType: 'thing', targetId: '42', targetName: 'disk' });
  });

  it('shows a refusal from the body as its translated message only, and audits it', async () => {
    signedInAs('root');
    const before = await auditCount('users.create');
    const state = await createUserAction(undefined, form({ username: 'dave', password: 'another-password', role: 'admin' }));
    expect(state).toEqual({ ok: false, message: 'A user named dave already exists.' });
    expect((await getDb().user.findUniqueOrThrow({ where: { username: 'dave' } })).role).toBe('user');
    expect(await auditCount('users.create')).toBe(before + 1);
    expect(await lastAudit('users.create')).toMatchObject({ result: 'failure', targetName: 'dave', detail: { reason: 'users.exists' } });

    const selfDemotion = await changeRoleAction(undefined, form({ userId: ids.root, role: 'user' }));
    expect(selfDemotion).toEqual({ ok: false, message: en.users.notYourself });
    expect((await getDb().user.findUniqueOrThrow({ where: { id: ids.root } })).role).toBe('admin');
    expect(await lastAudit('users.changeRole')).toMatchObject({ result: 'failure', targetType: 'user', targetId: ids.root });

    const { schema } = probe();
    const refusing = roleAction({ role: 'admin', schema, audit: 'test.refusal' }, async () => {
      throw new ActionRefusal('users.exists', { username: 'zed' });
    });
    expect(await refusing(undefined, form({ name: 'abc', size: '1' }))).toEqual({ ok: false, message: 'A user named zed already exists.' });
  });

  it('shows a backend’s refusal with its own words, and hides unexpected errors', async () => {
    signedInAs('root');
    const { schema } = probe();
    const backend = roleAction({ role: 'admin', schema, audit: 'test.backend' }, async () => {
      throw new BackendError('conflict', 'engine said no', { detail: 'Cannot run VM. Low disk space.' });
    });
    expect(await backend(undefined, form({ name: 'abc', size: '1' }))).toEqual({
      ok: false,
      message: en.backendErrors.conflict,
      detail: 'Cannot run VM. Low disk space.',
    });
    expect(await lastAudit('test.backend')).toMatchObject({ result: 'failure' });

    // A timeout is not "nothing happened": the request may have run, so the user is sent to look.
    const slow = roleAction({ role: 'admin', schema, audit: 'test.slow' }, async () => {
      throw new BackendError('timeout', 'no answer within 30 s');
    });
    expect(await slow(undefined, form({ name: 'abc', size: '1' }))).toMatchObject({ ok: false, message: en.errors.actionTimedOut });

    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    const broken = roleAction({ role: 'admin', schema, audit: 'test.broken' }, async () => {
      throw new Error('connection string postgres://secret@db');
    });
    const state = await broken(undefined, form({ name: 'abc', size: '1' }));
    quiet.mockRestore();
    expect(state).toEqual({ ok: false, message: en.errors.unexpected });
    expect(await lastAudit('test.broken')).toMatchObject({ result: 'failure' });
  });
  it('lets an admin unlock a locked-out account from the Users page, audited; a user cannot', async () => {
    const { unlockUserSignInAction } = await import('@/lib/actions/users');
    const { THROTTLE, pairKey, reserveAttempt } = await import('@/lib/auth/throttle');
    for (let i = 0; i < THROTTLE.lockAfter; i++) await reserveAttempt(pairKey('carol', '198.51.100.9'), THROTTLE.lockAfter);
    const locked = () => getDb().loginThrottle.count({ where: { key: { startsWith: 'pair:carol|' } } });

    signedInAs('alice');
    expect(await unlockUserSignInAction(undefined, form({ userId: ids.carol }))).toEqual({ ok: false, message: en.errors.forbidden });
    expect(await locked()).toBe(1);

    signedInAs('root');
    expect(await unlockUserSignInAction(undefined, form({ userId: ids.carol }))).toEqual({ ok: true, message: 'Sign-in of carol is unlocked (1 locked address released).' });
    expect(await locked()).toBe(0);
    expect(await lastAudit('users.unlockSignIn')).toMatchObject({ result: 'success', actorName: 'root', targetId: ids.carol });
  });
});
