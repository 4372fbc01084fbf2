import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDatabase, onPostgres } from './setup-env';

await freshDatabase();

// README "Backup and restore", followed to the letter: a backup of a database in use is taken
// with the commands the README gives, restored into a NEW place, and a new instance (a new Prisma
// client on the restored copy, as a new process would open it) signs the user in and is healthy.
const { databaseTarget } = await import('@/lib/db/target');
const { applyMigrations, openSqlRunner } = await import('@/lib/db/migrate');
const { getDb } = await import('@/lib/db/prisma');
const { closePglite } = await import('@/lib/db/adapter');
const { hashPassword } = await import('@/lib/auth/password');
const { authenticate } = await import('@/lib/auth/authenticate');
const { resolveAuthSession } = await import('@/lib/auth/sessions');
const { audit } = await import('@/lib/audit/audit');
const { GET } = await import('@/app/api/health/route');

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'virtdash-backup-'));

/** Closes this process's database, as stopping the dashboard would; the next use opens the (new) target. */
async function stopInstance() {
  const g = globalThis as unknown as { __virtdashPrisma?: { $disconnect(): Promise<void> } };
  await g.__virtdashPrisma?.$disconnect();
  delete g.__virtdashPrisma;
  await closePglite();
}

function run(command: string, args: string[]) {
  return execFileSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
}

describe(`backup and restore (README) on ${onPostgres() ? 'PostgreSQL' : 'embedded PGlite'}`, () => {
  afterAll(async () => {
    await stopInstance();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('restores into a new instance that signs the user in and answers healthy', async () => {
    const runner = await openSqlRunner(databaseTarget());
    await applyMigrations(runner);
    await runner.close();
    await getDb().user.create({ data: { username: 'ops', role: 'admin', passwordHash: await hashPassword('restore-me-please') } });
    await audit({ actor: { username: 'ops' }, action: 'users.create', result: 'success' });

    let restoredTarget: { DATABASE_URL?: string; DATA_DIR?: string };
    if (onPostgres()) {
      // pg_dump reads a consistent snapshot while the dashboard keeps running.
      const url = process.env.DATABASE_URL!;
      const dump = path.join(work, 'virtdash.dump');
      run('pg_dump', ['--format=custom', '--no-owner', `--file=${dump}`, url]);
      await stopInstance();
      const restored = new URL(url);
      restored.pathname = `/virtdash_restored_${crypto.randomBytes(4).toString('hex')}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${restored.pathname.slice(1)}`);
      await admin.end();
      run('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${restored}`, dump]);
      restoredTarget = { DATABASE_URL: restored.toString() };
    } else {
      // The embedded database is one process's directory: stop the dashboard, then archive DATA_DIR.
      await stopInstance();
      const archive = path.join(work, 'virtdash-data.tgz');
      run('tar', ['-C', process.env.DATA_DIR!, '-czf', archive, '.']);
      const newDir = path.join(work, 'restored-data');
      fs.mkdirSync(newDir);
      run('tar', ['-C', newDir, '-xzf', archive]);
      // The original is gone: whatever the new instance finds came from the archive.
      fs.rmSync(process.env.DATA_DIR!, { recursive: true, force: true });
      restoredTarget = { DATA_DIR: newDir };
    }
    Object.assign(process.env, restoredTarget);

    const signedIn = await authenticate('ops', 'restore-me-please', '203.0.113.5', 'restore-test');
    expect(signedIn).toMatchObject({ ok: true, username: 'ops' });
    if (!signedIn.ok) return;
    expect(await resolveAuthSession(signedIn.sessionId)).toMatchObject({ username: 'ops', role: 'admin' });
    expect(await authenticate('ops', 'wrong-password', '203.0.113.5', null)).toMatchObject({ ok: false });
    // The audit log came along.
    expect(await getDb().auditEntry.count({ where: { action: 'users.create', actorName: 'ops' } })).toBe(1);
    const res = await GET();
    expect(res.status).toBe(200);
    expect((await res.json()).migrations.current).toBe(true);
    // Migrations twice, two databases opened, password hashing: well past the default on 2 busy cores.
  }, 120_000);
});
