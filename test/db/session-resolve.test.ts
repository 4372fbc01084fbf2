// resolveAuthSession, which every page and action asks once per request, is one SQL query joining
// the session to its user (lib/auth/sessions.ts): the rules it must keep, on the real database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, onPostgres } from './setup-env';

await freshDatabase();

const { databaseTarget } = await import('@/lib/db/target');
const { applyMigrations, openSqlRunner } = await import('@/lib/db/migrate');
const { getDb } = await import('@/lib/db/prisma');
const { resolveAuthSession } = await import('@/lib/auth/sessions');

const db = () => getDb();
const inS = (s: number) => new Date(Date.now() + s * 1000);

async function session(userId: string, fields: { expiresAt?: Date; revokedAt?: Date | null; lastSeenAt?: Date } = {}) {
  return db().authSession.create({ data: { userId, ip: '10.0.0.1', expiresAt: fields.expiresAt ?? inS(3600), revokedAt: fields.revokedAt ?? null, lastSeenAt: fields.lastSeenAt ?? new Date() } });
}

describe(`resolveAuthSession on ${onPostgres() ? 'PostgreSQL' : 'embedded PGlite'}`, () => {
  let alice: { id: string };
  let bob: { id: string };
  beforeAll(async () => {
    const runner = await openSqlRunner(databaseTarget());
    await applyMigrations(runner);
    await runner.close();
    alice = await db().user.create({ data: { username: 'alice', displayName: 'Alice A', role: 'admin' } });
    bob = await db().user.create({ data: { username: 'bob', role: 'user' } });
  });
  afterAll(async () => {
    await db().$disconnect();
  });

  it('a live session names its user, role and session, and nothing else (no password hash)', async () => {
    const s = await session(alice.id);
    expect(await resolveAuthSession(s.id)).toEqual({ id: alice.id, username: 'alice', displayName: 'Alice A', role: 'admin', sessionId: s.id });
    const b = await session(bob.id);
    expect(await resolveAuthSession(b.id)).toEqual({ id: bob.id, username: 'bob', displayName: null, role: 'user', sessionId: b.id });
  });

  it('an unknown, revoked or expired session, or a disabled user, is nobody', async () => {
    expect(await resolveAuthSession('no-such-session')).toBeNull();
    expect(await resolveAuthSession((await session(alice.id, { revokedAt: new Date() })).id)).toBeNull();
    // A few seconds either side of now: the comparison is in UTC as stored, whatever the process's zone.
    expect(await resolveAuthSession((await session(alice.id, { expiresAt: inS(-5) })).id)).toBeNull();
    expect(await resolveAuthSession((await session(alice.id, { expiresAt: inS(5) })).id)).not.toBeNull();
    const carol = await db().user.create({ data: { username: 'carol', role: 'admin' } });
    const c = await session(carol.id);
    expect(await resolveAuthSession(c.id)).not.toBeNull();
    await db().user.update({ where: { id: carol.id }, data: { disabled: true } });
    expect(await resolveAuthSession(c.id)).toBeNull();
  });

  it('touches lastSeenAt when it is over a minute old, not more often', async () => {
    const old = inS(-90);
    const stale = await session(alice.id, { lastSeenAt: old });
    await resolveAuthSession(stale.id);
    expect((await db().authSession.findUniqueOrThrow({ where: { id: stale.id } })).lastSeenAt.getTime()).toBeGreaterThan(Date.now() - 10_000);
    const recent = inS(-30);
    const fresh = await session(alice.id, { lastSeenAt: recent });
    await resolveAuthSession(fresh.id);
    expect((await db().authSession.findUniqueOrThrow({ where: { id: fresh.id } })).lastSeenAt.getTime()).toBe(recent.getTime());
  });
});
