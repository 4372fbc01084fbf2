import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freshDatabase, onPostgres } from './setup-env';

await freshDatabase();

// Counts how often a password is really checked: the parallel test needs to know how many
// guesses got past the throttle, not only what they answered.
const checks = vi.hoisted(() => ({ verified: 0 }));
vi.mock('@/lib/auth/password', async (importOriginal) => {
  const real = await importOriginal<typeof import('@/lib/auth/password')>();
  return {
    ...real,
    verifyPassword: async (...args: Parameters<typeof real.verifyPassword>) => {
      checks.verified += 1;
      return real.verifyPassword(...args);
    },
    dummyVerify: async (...args: Parameters<typeof real.dummyVerify>) => {
      checks.verified += 1;
      return real.dummyVerify(...args);
    },
  };
});

// next-auth and next/headers are not involved here: authenticate() is the sign-in core.
const { databaseTarget } = await import('@/lib/db/target');
const { applyMigrations, openSqlRunner } = await import('@/lib/db/migrate');
const { getDb } = await import('@/lib/db/prisma');
const { hashPassword } = await import('@/lib/auth/password');
const { authenticate } = await import('@/lib/auth/authenticate');
const { THROTTLE, failureDelayMs, throttleClock, accountThrottles, unlockAccount } = await import('@/lib/auth/throttle');
const { resolveAuthSession, revokeAuthSession } = await import('@/lib/auth/sessions');

const delays: number[] = [];
// Each attempt checks a real scrypt hash: dozens of them take a while on a busy 2-core machine.
const SLOW = 180_000;

describe(`sign-in throttling on ${onPostgres() ? 'PostgreSQL' : 'embedded PGlite'}`, () => {
  beforeAll(async () => {
    const runner = await openSqlRunner(databaseTarget());
    await applyMigrations(runner);
    await runner.close();
    const passwordHash = await hashPassword('right-password');
    await getDb().user.createMany({
      data: [
        ...['alice', 'bob', 'erin', 'dave', 'frank'].map((username) => ({ username, passwordHash, role: 'user' as const })),
        { username: 'carol', passwordHash, role: 'user' as const, disabled: true },
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

  it('grows the delay after a few attempts, up to a ceiling', () => {
    expect(failureDelayMs(1)).toBe(0);
    expect(failureDelayMs(THROTTLE.slowAfter)).toBeGreaterThan(0);
    expect(failureDelayMs(THROTTLE.slowAfter + 1)).toBeGreaterThan(failureDelayMs(THROTTLE.slowAfter));
    expect(failureDelayMs(100)).toBe(THROTTLE.maxDelayMs);
    expect(failureDelayMs(100_000)).toBe(THROTTLE.maxDelayMs);
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

  it('locks the address that guessed, for that account, even for the right password; the owner elsewhere still signs in', async () => {
    const attacker = '198.51.100.66';
    for (let i = 0; i < THROTTLE.lockAfter - 1; i++) {
      expect(await authenticate('bob', 'wrong', attacker, null)).toMatchObject({ ok: false, reason: 'invalid' });
    }
    expect(await authenticate('bob', 'wrong', attacker, null)).toMatchObject({ ok: false, reason: 'locked' });
    const locked = await authenticate('bob', 'right-password', attacker, null);
    expect(locked).toMatchObject({ ok: false, reason: 'locked' });
    expect(locked.ok === false && locked.retryAfterMs).toBeGreaterThan(60_000);
    // The owner, at another address, is slowed down but not refused.
    delays.length = 0;
    expect((await authenticate('bob', 'right-password', '10.1.1.2', null)).ok).toBe(true);
    expect(delays.at(-1)).toBeGreaterThan(0);
    // Other accounts are not affected at all.
    delays.length = 0;
    expect((await authenticate('alice', 'right-password', '10.1.1.3', null)).ok).toBe(true);
    expect(delays).toEqual([0]);
  }, SLOW);

  it('guesses spread over many addresses slow the account down, up to the ceiling, and never lock it', async () => {
    delays.length = 0;
    for (let i = 0; i < 3 * THROTTLE.lockAfter; i++) {
      expect(await authenticate('erin', 'wrong', `10.2.${i}.1`, null)).toMatchObject({ ok: false, reason: 'invalid' });
    }
    // Every attempt waited at least as long as the one before, and the wait stopped growing at the ceiling.
    expect(delays.slice(0, THROTTLE.slowAfter)).toEqual(Array(THROTTLE.slowAfter).fill(0));
    expect(delays.every((ms, i) => i === 0 || ms >= delays[i - 1]!)).toBe(true);
    expect(Math.max(...delays)).toBe(THROTTLE.maxDelayMs);
    // The owner gets in (after the longest wait).
    delays.length = 0;
    expect((await authenticate('erin', 'right-password', '10.2.200.1', null)).ok).toBe(true);
    expect(delays).toEqual([THROTTLE.maxDelayMs]);
  }, SLOW);

  it('locks an address that tries many accounts', async () => {
    const ip = '192.0.2.77';
    for (let i = 0; i < THROTTLE.lockAddressAfter; i++) {
      await authenticate(`nobody-${i}`, 'wrong', ip, null);
    }
    expect(await authenticate('alice', 'right-password', ip, null)).toMatchObject({ ok: false, reason: 'locked' });
    expect((await authenticate('alice', 'right-password', '192.0.2.78', null)).ok).toBe(true);
  }, SLOW);

  it('checks no more passwords than the limit when guesses arrive in parallel', async () => {
    checks.verified = 0;
    const results = await Promise.all(Array.from({ length: 30 }, () => authenticate('dave', 'wrong', '203.0.113.30', null)));
    expect(checks.verified).toBeLessThanOrEqual(THROTTLE.lockAfter);
    expect(results.filter((r) => !r.ok && r.reason === 'locked').length).toBeGreaterThanOrEqual(30 - THROTTLE.lockAfter);
    expect(results.every((r) => !r.ok)).toBe(true);
  }, SLOW);

  it('an admin unlock lets the locked-out address in again and ends the slowdown', async () => {
    const ip = '203.0.113.44';
    for (let i = 0; i < THROTTLE.lockAfter; i++) await authenticate('frank', 'wrong', ip, null);
    const before = (await accountThrottles(['frank', 'alice'])).get('frank');
    expect(before).toMatchObject({ lockedAddresses: 1, delayMs: THROTTLE.maxDelayMs });
    expect(before?.lockedUntil?.getTime()).toBeGreaterThan(Date.now());
    expect(await authenticate('frank', 'right-password', ip, null)).toMatchObject({ ok: false, reason: 'locked' });

    expect(await unlockAccount('frank')).toBe(1);
    expect((await accountThrottles(['frank'])).get('frank')).toBeUndefined();
    delays.length = 0;
    expect((await authenticate('frank', 'right-password', ip, null)).ok).toBe(true);
    expect(delays).toEqual([0]);
  }, SLOW);

  it('audits every attempt', async () => {
    const failures = await getDb().auditEntry.count({ where: { action: 'auth.login', result: 'failure' } });
    const successes = await getDb().auditEntry.count({ where: { action: 'auth.login', result: 'success' } });
    expect(failures).toBeGreaterThan(THROTTLE.lockAddressAfter);
    expect(successes).toBeGreaterThanOrEqual(5);
  });
});
