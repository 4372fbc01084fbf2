import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freshDatabase, onPostgres } from './setup-env';

await freshDatabase();

// An audit write that fails must not be swallowed. The fault is a real one in the database (a
// trigger refusing inserts into the audit table, as a full disk or a revoked grant would), and
// everything else is real: roleAction, the user service, the audit module and GET /api/health.
const request = vi.hoisted(() => ({ sid: null as string | null }));
vi.mock('@/lib/auth/auth', () => ({ auth: async () => (request.sid ? { sid: request.sid } : null) }));
vi.mock('next/headers', () => ({ headers: async () => new Headers({ 'x-virtdash-client-ip': '203.0.113.9' }) }));
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
const { createUserAction } = await import('@/lib/actions/users');
const { GET } = await import('@/app/api/health/route');
const en = (await import('@/messages/en.json')).default;

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
}

async function health() {
  const res = await GET();
  return { status: res.status, body: await res.json() };
}

async function refuseAuditWrites(refuse: boolean) {
  const db = getDb();
  if (refuse) {
    await db.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION refuse_audit() RETURNS trigger AS $$
      BEGIN RAISE EXCEPTION 'could not extend file: No space left on device'; END $$ LANGUAGE plpgsql`);
    await db.$executeRawUnsafe(`CREATE TRIGGER refuse_audit BEFORE INSERT ON "AuditEntry" FOR EACH ROW EXECUTE FUNCTION refuse_audit()`);
  } else {
    await db.$executeRawUnsafe(`DROP TRIGGER refuse_audit ON "AuditEntry"`);
  }
}

describe(`an audit write that fails, on ${onPostgres() ? 'PostgreSQL' : 'embedded PGlite'}`, () => {
  beforeAll(async () => {
    const runner = await openSqlRunner(databaseTarget());
    await applyMigrations(runner);
    await runner.close();
    const root = await getDb().user.create({ data: { username: 'root', role: 'admin', passwordHash: await hashPassword('some-password') } });
    request.sid = (await createAuthSession(root.id, '203.0.113.1', null)).id;
  });
  afterAll(async () => {
    await getDb().$disconnect();
  });

  it('is reported by the action, turns /api/health degraded, and clears with the next write that succeeds', async () => {
    expect((await health()).body).toMatchObject({ status: 'ok', audit: { recording: true, failures: 0 } });
    await refuseAuditWrites(true);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const state = await createUserAction(undefined, form({ username: 'dave', password: 'dave-password', role: 'user' }));
      // The user was created (the action happened), and the answer says the log does not hold it.
      expect(state).toEqual({ ok: true, message: 'User dave was created.', warning: en.errors.auditNotRecorded });
      expect(await getDb().user.count({ where: { username: 'dave' } })).toBe(1);
      expect(await getDb().auditEntry.count({ where: { action: 'users.create' } })).toBe(0);

      // A refused input is audited too, and its answer carries the same warning.
      const refused = await createUserAction(undefined, form({ username: 'x y', password: 'short', role: 'user' }));
      expect(refused).toMatchObject({ ok: false, message: en.errors.invalidInput, warning: en.errors.auditNotRecorded });

      const degraded = await health();
      // Still 200: the instance serves; monitoring reads the status.
      expect(degraded.status).toBe(200);
      expect(degraded.body.status).toBe('degraded');
      expect(degraded.body.audit).toMatchObject({ recording: false, failures: 2 });
      expect(Date.parse(degraded.body.audit.lastFailureAt)).not.toBeNaN();
      // The driver's words go to the log, never to an anonymous caller.
      expect(JSON.stringify(degraded.body)).not.toContain('No space left');
      expect(errors.mock.calls.some((c) => String(c.join(' ')).includes('No space left'))).toBe(true);
    } finally {
      errors.mockRestore();
      await refuseAuditWrites(false);
    }

    const next = await createUserAction(undefined, form({ username: 'erin', password: 'erin-password', role: 'user' }));
    expect(next).toEqual({ ok: true, message: 'User erin was created.' });
    expect((await health()).body).toMatchObject({ status: 'ok', audit: { recording: true, failures: 0 } });
  });
});
