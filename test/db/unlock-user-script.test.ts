import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { freshDatabase } from './setup-env';

await freshDatabase();

// The last admin, locked out from the only address they have: the command-line unlock, run as an
// operator would (its own process on the dashboard's database), lets them in again.
describe('npm run unlock-user', () => {
  it('lifts the locks of an account and audits it', async () => {
    const { databaseTarget } = await import('@/lib/db/target');
    const { applyMigrations, openSqlRunner } = await import('@/lib/db/migrate');
    const runner = await openSqlRunner(databaseTarget());
    await applyMigrations(runner);
    await runner.close();
    const { getDb } = await import('@/lib/db/prisma');
    const { closePglite } = await import('@/lib/db/adapter');
    const { hashPassword } = await import('@/lib/auth/password');
    const { THROTTLE, pairKey, reserveAttempt } = await import('@/lib/auth/throttle');
    let db = getDb();
    await db.user.create({ data: { username: 'root', role: 'admin', passwordHash: await hashPassword('right-password') } });
    for (let i = 0; i < THROTTLE.lockAfter; i++) await reserveAttempt(pairKey('root', '10.0.0.1'), THROTTLE.lockAfter);
    expect((await reserveAttempt(pairKey('root', '10.0.0.1'), THROTTLE.lockAfter)).allowed).toBe(false);
    // PGlite opens a data directory in one process at a time: hand it over to the script.
    await db.$disconnect();
    await closePglite();
    delete (globalThis as { __virtdashPrisma?: unknown }).__virtdashPrisma;

    const run = (...args: string[]) => spawnSync('npm', ['run', '--silent', 'unlock-user', '--', ...args], { encoding: 'utf8', env: process.env, timeout: 120_000 });
    const unknown = run('nobody');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/No account named "nobody"/);
    const done = run('root');
    expect(done.stderr).toBe('');
    expect(done.stdout).toMatch(/Sign-in of "root" unlocked \(1 locked address released\)/);
    expect(done.status).toBe(0);

    db = getDb();
    expect(await db.loginThrottle.count({ where: { key: { startsWith: 'pair:root|' } } })).toBe(0);
    expect(await db.auditEntry.findFirst({ where: { action: 'users.unlockSignIn' } })).toMatchObject({ result: 'success', targetName: 'root' });
    await db.$disconnect();
    await closePglite();
    // Two processes started through npm and tsx: slow on a busy machine.
  }, 180_000);
});
