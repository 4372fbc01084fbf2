// Several dashboard instances started together on one database: every start step that writes
// (the first admin, BACKENDS_FILE) takes the start lock, so none of them dies on a
// unique-constraint error and the rows come out once. On PostgreSQL (scripts/test.sh runs this
// file there too) the lock is a real advisory lock taken on connections of their own, exactly
// as two processes would; on the embedded database it is the per-process queue.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, onPostgres } from './setup-env';

await freshDatabase();
process.env.SECRET_KEY ??= 'a passphrase that is long enough to be derived with scrypt';

const { databaseTarget } = await import('@/lib/db/target');
const { applyMigrations, openSqlRunner, readMigrations } = await import('@/lib/db/migrate');
const { getDb } = await import('@/lib/db/prisma');
const { withStartLock } = await import('@/lib/db/start-lock');
const { bootstrapAdmin } = await import('@/lib/auth/bootstrap');
const { runStartup } = await import('@/lib/services/startup');

describe(`start steps of instances started together (${onPostgres() ? 'PostgreSQL' : 'embedded PGlite'})`, () => {
  beforeAll(async () => {
    const runner = await openSqlRunner(databaseTarget());
    await applyMigrations(runner);
    await runner.close();
  });
  afterAll(async () => {
    await getDb().$disconnect();
  });

  // Found by the fresh-machine run: the HA step's two instances started on a new database and
  // one died on "duplicate key value violates unique constraint pg_type_typname_nsp_index".
  it.skipIf(!onPostgres())('three instances migrating a new database at the same moment: every migration once, none fails', async () => {
    const server = new URL(process.env.DATABASE_URL!);
    for (let round = 0; round < 4; round++) {
      const name = `virtdash_m_${crypto.randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: server.toString() });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const url = new URL(server);
      url.pathname = `/${name}`;
      const runners = await Promise.all([0, 1, 2].map(() => openSqlRunner({ kind: 'postgres', url: url.toString() })));
      try {
        const applied = await Promise.all(runners.map((r) => applyMigrations(r)));
        expect(applied.flat().sort()).toEqual(readMigrations().map((m) => m.name));
        const rows = await runners[0]!.query<{ n: number }>(`SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`);
        expect(rows[0]!.n).toBe(readMigrations().length);
      } finally {
        await Promise.all(runners.map((r) => r.close()));
      }
    }
  });

  it('the start lock lets one holder in at a time', async () => {
    const trace: string[] = [];
    const step = (name: string) => async () => {
      trace.push(`${name} in`);
      // Yield to the event loop and the database a few times: an overlap would show here.
      for (let i = 0; i < 5; i++) await getDb().$queryRaw`SELECT 1`;
      trace.push(`${name} out`);
      return name;
    };
    expect(await Promise.all([withStartLock(step('a')), withStartLock(step('b')), withStartLock(step('c'))])).toEqual(['a', 'b', 'c']);
    for (let i = 0; i < trace.length; i += 2) {
      expect(trace[i].replace(' in', '')).toBe(trace[i + 1].replace(' out', ''));
    }
  });

  it('creates the admin once when three instances bootstrap at the same moment', async () => {
    const env = { ADMIN_USERNAME: 'ha-admin', ADMIN_PASSWORD: 'a-long-enough-password' } as unknown as NodeJS.ProcessEnv;
    const results = await Promise.all([0, 1, 2].map(() => withStartLock(() => bootstrapAdmin(env))));
    expect(results.filter((r) => r.kind === 'created')).toHaveLength(1);
    expect(results.filter((r) => r.kind === 'exists')).toHaveLength(2);
    expect(await getDb().user.count({ where: { username: 'ha-admin' } })).toBe(1);
  });

  it('an admin another instance created between the check and the insert is "exists", not a crash', async () => {
    const env = { ADMIN_USERNAME: 'racing-admin', ADMIN_PASSWORD: 'a-long-enough-password' } as unknown as NodeJS.ProcessEnv;
    // No lock: both check, both insert; the loser must not throw.
    const results = await Promise.all([bootstrapAdmin(env), bootstrapAdmin(env)]);
    expect(results.map((r) => r.kind).sort()).toEqual(['created', 'exists']);
  });

  it('applies one BACKENDS_FILE from three instances at once: each connection once, no instance fails', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'virtdash-start-lock-'));
    const file = path.join(dir, 'backends.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        connections: [
          { name: 'HA lab', kind: 'ovirt', url: 'https://engine.invalid/ovirt-engine/api', username: 'admin@internal', password: 'pw-1' },
          { name: 'HA kvm', kind: 'libvirt', url: 'qemu+tcp://127.0.0.1:1/system' },
        ],
      }),
    );
    const env = { BACKENDS_FILE: file } as unknown as NodeJS.ProcessEnv;
    const quiet = () => {};
    const results = await Promise.all([0, 1, 2].map(() => withStartLock(() => runStartup(env, quiet))));
    const outcomes = results.map((r) => r.backendsFile);
    expect(outcomes.filter((o) => o?.created.length === 2)).toHaveLength(1);
    expect(outcomes.filter((o) => o?.unchanged.length === 2)).toHaveLength(2);
    const names = (await getDb().backendConnection.findMany({ where: { source: 'file' } })).map((c) => c.name).sort();
    expect(names).toEqual(['HA kvm', 'HA lab']);
  });
});
