import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, onPostgres } from './setup-env';

await freshDatabase();

const { databaseTarget } = await import('@/lib/db/target');
const { applyMigrations, migrationStatus, openSqlRunner, readMigrations } = await import('@/lib/db/migrate');
const { getDb } = await import('@/lib/db/prisma');
const { bootstrapAdmin, completeSetup, setupTokenValid } = await import('@/lib/auth/bootstrap');
const { verifyPassword } = await import('@/lib/auth/password');

const target = databaseTarget();

describe(`database on ${onPostgres() ? 'PostgreSQL' : 'embedded PGlite'}`, () => {
  beforeAll(async () => {
    const runner = await openSqlRunner(target);
    await applyMigrations(runner);
    await runner.close();
  });
  afterAll(async () => {
    await getDb().$disconnect();
  });

  it('uses the database the environment names', () => {
    expect(target.kind).toBe(onPostgres() ? 'postgres' : 'pglite');
  });

  it('applies every migration once and reports the schema current', async () => {
    const runner = await openSqlRunner(target);
    expect(await applyMigrations(runner)).toEqual([]);
    const status = await migrationStatus(runner);
    expect(status.pending).toEqual([]);
    expect(status.applied).toEqual(readMigrations().map((m) => m.name));
    await runner.close();
  });

  it('notices a migration that is not applied yet, and one edited after being applied', async () => {
    const runner = await openSqlRunner(target);
    const migrations = readMigrations();
    const extra = { name: '99999999999999_later', sql: 'SELECT 1;', checksum: 'x' };
    const edited = { ...migrations[0], checksum: 'different' };
    const status = await migrationStatus(runner, [edited, ...migrations.slice(1), extra]);
    expect(status.pending).toEqual(['99999999999999_later']);
    expect(status.modified).toEqual([migrations[0].name]);
    await runner.close();
  });

  it('rolls back a failing migration completely', async () => {
    const runner = await openSqlRunner(target);
    const broken = { name: '99999999999998_broken', sql: 'CREATE TABLE "half_done" (id int); SELECT * FROM no_such_table;', checksum: 'b' };
    await expect(applyMigrations(runner, [...readMigrations(), broken])).rejects.toThrow(/99999999999998_broken/);
    const tables = await runner.query<{ present: boolean }>(`SELECT to_regclass('public.half_done') IS NOT NULL AS present`);
    expect(tables[0].present).toBe(false);
    expect((await migrationStatus(runner)).pending).toEqual([]);
    await runner.close();
  });

  it('keeps usernames unique', async () => {
    const db = getDb();
    await db.user.create({ data: { username: 'unique-one', role: 'user' } });
    await expect(db.user.create({ data: { username: 'unique-one', role: 'user' } })).rejects.toThrow();
  });

  it('creates the first admin from the environment, once', async () => {
    const env = { ADMIN_USERNAME: 'root-admin', ADMIN_PASSWORD: 'a-long-password' } as unknown as NodeJS.ProcessEnv;
    expect(await bootstrapAdmin(env)).toEqual({ kind: 'created', username: 'root-admin' });
    expect(await bootstrapAdmin(env)).toEqual({ kind: 'exists' });
    const admin = await getDb().user.findUniqueOrThrow({ where: { username: 'root-admin' } });
    expect(admin.role).toBe('admin');
    expect(await verifyPassword('a-long-password', admin.passwordHash)).toBe(true);
  });

  it('refuses a short ADMIN_PASSWORD instead of creating a weak admin', async () => {
    const env = { ADMIN_USERNAME: 'weak', ADMIN_PASSWORD: 'short' } as unknown as NodeJS.ProcessEnv;
    await expect(bootstrapAdmin(env)).rejects.toThrow(/at least/);
  });
});

describe(`one-time setup link on ${onPostgres() ? 'PostgreSQL' : 'embedded PGlite'}`, () => {
  it('works once, and only with the newest token', async () => {
    const db = getDb();
    // No active admin: disable the one created above.
    await db.user.updateMany({ where: { role: 'admin' }, data: { disabled: true } });
    const first = await bootstrapAdmin({} as NodeJS.ProcessEnv);
    const second = await bootstrapAdmin({} as NodeJS.ProcessEnv);
    if (first.kind !== 'setup' || second.kind !== 'setup') throw new Error('expected setup tokens');
    expect(await setupTokenValid(first.token)).toBe(false);
    expect(await setupTokenValid(second.token)).toBe(true);
    expect(await completeSetup(second.token, 'first-admin', 'first-admin-password')).toBe(true);
    expect(await completeSetup(second.token, 'second-admin', 'second-admin-password')).toBe(false);
    expect(await db.user.count({ where: { username: 'second-admin' } })).toBe(0);
    expect((await db.user.findUniqueOrThrow({ where: { username: 'first-admin' } })).role).toBe('admin');
    expect(await bootstrapAdmin({} as NodeJS.ProcessEnv)).toEqual({ kind: 'exists' });
  });
});
