import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, onPostgres } from './setup-env';

await freshDatabase();

// next-auth and next/headers are not involved here: authenticate() is the sign-in core.
const { databaseTarget } = await import('@/lib/db/target');
const { applyMigrations, openSqlRunner } = await import('@/lib/db/migrate');
const { getDb } = await import('@/lib/db/prisma');
const { hashPassword } = await import('@/lib/auth/password');
const { authenticate } = await import('@/lib/auth/authenticate');
const { THROTTLE, failureDelayMs, throttleClock } = await import('@/lib/auth/throttle');
const { resolveAuthSession, revokeAuthSession } = await import('@/lib/auth/sessions');

const delays: number[] = [];

describe(`sign-in throttling on ${onPostgres() ? 'PostgreSQL' : 'embedded PGlite'}`, () => {
  beforeAll(async () => {
    const runner = await openSqlRunner(databaseTarget());
    await applyMigrations(runner);
    await runner.close();
    const passwordHash = await hashPassword('right-password');
    await getDb().user.createMany({
      data: [
        { username: 'alice', passwordHash, role: 'user' },
        { username: 'bob', passwordHash, role: 'user' },
        { username: 'carol', passwordHash, role: 'user', disabled: true },
      ],
    });
    // Delays are real in production; here they are recorded instead of waited for.
    throttleClock.sleep = async (ms) => {
      delays.push(ms);
    };
  });
  afterAll(async () => {
    await getDb().$disconnect();
  });

  it('grows the delay after a few failures, up to a ceiling', () => {
    expect(failureDelayMs(1)).toBe(0);
    expect(failureDelayMs(THROTTLE.slowAfter)).toBeGreaterThan(0);
    expect(failureDelayMs(THROTTLE.slowAfter + 1)).toBeGreaterThan(failureDelayMs(THROTTLE.slowAfter));
    expect(failureDelayMs(100)).toBe(THROTTLE.maxDelayMs);
  });

  it('opens a database session for the right password, and it can be revoked', async () => {
    const result = await authenticate('alice', 'right-password', '10.0.0.1', 'test');
    if (!result.ok) throw new Error('expected success');
    const user = await resolveAuthSession(result.sessionId);
    expect(user?.username).toBe('alice');
    await revokeAuthSession(result.sessionId);
    expect(await resolveAuthSession(result.sessionId)).toBeNull();
  });

  it('refuses a disabled account even with the right password', async () => {
    expect(await authenticate('carol', 'right-password', '10.0.0.2', null)).toEqual({ ok: false, reason: 'disabled' });
  });

  it('locks an account after repeated failures, even for the right password', async () => {
    for (let i = 0; i < THROTTLE.lockAccountAfter - 1; i++) {
      expect(await authenticate('bob', 'wrong', `10.1.0.${i}`, null)).toMatchObject({ ok: false, reason: 'invalid' });
    }
    expect(await authenticate('bob', 'wrong', '10.1.1.1', null)).toMatchObject({ ok: false, reason: 'locked' });
    // Failed answers were slowed down before the lock.
    expect(delays.filter((ms) => ms > 0).length).toBeGreaterThanOrEqual(THROTTLE.lockAccountAfter - THROTTLE.slowAfter);
    const locked = await authenticate('bob', 'right-password', '10.1.1.2', null);
    expect(locked).toMatchObject({ ok: false, reason: 'locked' });
    expect(locked.ok === false && locked.retryAfterMs).toBeGreaterThan(60_000);
    // Other accounts are not affected.
    expect((await authenticate('alice', 'right-password', '10.1.1.3', null)).ok).toBe(true);
  });

  it('locks an address that tries many accounts', async () => {
    const ip = '192.0.2.77';
    for (let i = 0; i < THROTTLE.lockAddressAfter; i++) {
      await authenticate(`nobody-${i}`, 'wrong', ip, null);
    }
    expect(await authenticate('alice', 'right-password', ip, null)).toMatchObject({ ok: false, reason: 'locked' });
    expect((await authenticate('alice', 'right-password', '192.0.2.78', null)).ok).toBe(true);
  });

  it('audits every attempt', async () => {
    const failures = await getDb().auditEntry.count({ where: { action: 'auth.login', result: 'failure' } });
    const successes = await getDb().auditEntry.count({ where: { action: 'auth.login', result: 'success' } });
    expect(failures).toBeGreaterThan(THROTTLE.lockAddressAfter);
    expect(successes).toBeGreaterThanOrEqual(3);
  });
});
