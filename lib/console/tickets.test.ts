import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '@/test/db/setup-env';

await freshDatabase();
process.env.SECRET_KEY ??= 'a'.repeat(64);

const { databaseTarget } = await import('@/lib/db/target');
const { applyMigrations, openSqlRunner } = await import('@/lib/db/migrate');
const { getDb } = await import('@/lib/db/prisma');
const { issueConsoleTicket, redeemConsoleTicket, hashConsoleToken } = await import('./tickets');

const base = { userId: 'u1', connectionId: 'c1', vmId: 'c1:vm-1', vmName: 'web-01', protocol: 'vnc', host: '127.0.0.1', port: 5900 };

describe('console tickets', () => {
  beforeAll(async () => {
    const runner = await openSqlRunner(databaseTarget());
    await applyMigrations(runner);
    await runner.close();
  });
  afterAll(async () => {
    await getDb().$disconnect();
  });

  it('redeems once, for its own user, and gives back the sealed password', async () => {
    const { token, expiresAt } = await issueConsoleTicket({ ...base, password: 's3cret' });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(60_000);
    const row = await getDb().consoleTicket.findUnique({ where: { id: hashConsoleToken(token) } });
    expect(row?.passwordCipher).toBeTruthy();
    expect(row?.passwordCipher).not.toContain('s3cret');

    expect(await redeemConsoleTicket(token, 'someone-else')).toBeNull();
    const first = await redeemConsoleTicket(token, 'u1');
    expect(first).toMatchObject({ ...base, password: 's3cret' });
    expect(await redeemConsoleTicket(token, 'u1')).toBeNull();
  });

  it('refuses an expired ticket and an unknown token', async () => {
    const past = new Date(Date.now() - 120_000);
    const { token } = await issueConsoleTicket(base, { now: () => past });
    expect(await redeemConsoleTicket(token, 'u1')).toBeNull();
    expect(await redeemConsoleTicket('x'.repeat(43), 'u1')).toBeNull();
    expect(await redeemConsoleTicket('', 'u1')).toBeNull();
  });

  it('never outlives the backend password, and never lives more than 60 s', async () => {
    const soon = new Date(Date.now() + 5_000);
    const a = await issueConsoleTicket({ ...base, passwordExpiresAt: soon });
    expect(a.expiresAt.getTime()).toBe(soon.getTime());
    const b = await issueConsoleTicket({ ...base, ttlMs: 3_600_000 });
    expect(b.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(60_000);
  });

  it('lets exactly one of two racing redemptions win', async () => {
    const { token } = await issueConsoleTicket(base);
    const results = await Promise.all([redeemConsoleTicket(token, 'u1'), redeemConsoleTicket(token, 'u1')]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('refuses an invalid port', async () => {
    await expect(issueConsoleTicket({ ...base, port: 0 })).rejects.toThrow(/port/);
  });

  it('a serial ticket has no host or port (the relay opens the stream through the backend), and only a serial one', async () => {
    const { token } = await issueConsoleTicket({ ...base, protocol: 'serial', host: '', port: 0, password: null });
    expect(await redeemConsoleTicket(token, base.userId)).toMatchObject({ protocol: 'serial', host: '', port: 0, password: null, vmId: base.vmId });
    await expect(issueConsoleTicket({ ...base, protocol: 'serial', host: base.host, port: base.port })).rejects.toThrow(/port/);
  });
});
