import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freshDatabase, onPostgres } from './setup-env';
import pkg from '@/package.json';

await freshDatabase();

// GET /api/health exactly as load balancers and the e2e setup call it, on a real database.
const { databaseTarget } = await import('@/lib/db/target');
const { applyMigrations, openSqlRunner, readMigrations } = await import('@/lib/db/migrate');
const { getDb } = await import('@/lib/db/prisma');
const { GET } = await import('@/app/api/health/route');

const target = databaseTarget();
const migrations = readMigrations();
const newest = migrations[migrations.length - 1].name;

async function health() {
  const res = await GET();
  expect(res.headers.get('cache-control')).toBe('no-store');
  return { status: res.status, body: await res.json() };
}

async function sql(statement: string, params: unknown[] = []) {
  const runner = await openSqlRunner(target);
  try {
    return await runner.query(statement, params);
  } finally {
    await runner.close();
  }
}

describe(`/api/health on ${onPostgres() ? 'PostgreSQL' : 'embedded PGlite'}`, () => {
  beforeAll(async () => {
    // The state of a database an older build left behind: every migration but the newest.
    const runner = await openSqlRunner(target);
    await applyMigrations(runner, migrations.slice(0, -1));
    await runner.close();
  });
  afterAll(async () => {
    await getDb().$disconnect();
  });

  it('answers 503 naming the migration still pending', async () => {
    expect(await health()).toEqual({
      status: 503,
      body: {
        status: 'unhealthy',
        version: pkg.version,
        database: { kind: target.kind, reachable: true },
        migrations: { current: false, pending: [newest], unknown: [] },
        audit: { recording: true, failures: 0, lastFailureAt: null },
      },
    });
  });

  it('answers 200 with the version once the schema is current', async () => {
    const runner = await openSqlRunner(target);
    expect(await applyMigrations(runner)).toEqual([newest]);
    await runner.close();
    expect(await health()).toEqual({
      status: 200,
      body: {
        status: 'ok',
        version: pkg.version,
        database: { kind: target.kind, reachable: true },
        migrations: { current: true, pending: [], unknown: [] },
        audit: { recording: true, failures: 0, lastFailureAt: null },
      },
    });
  });

  it('answers 503 when an applied migration differs from this build’s file', async () => {
    const [row] = await sql(`SELECT checksum FROM "_prisma_migrations" WHERE migration_name = $1`, [newest]);
    await sql(`UPDATE "_prisma_migrations" SET checksum = 'edited-elsewhere' WHERE migration_name = $1`, [newest]);
    try {
      const { status, body } = await health();
      expect(status).toBe(503);
      expect(body.migrations.current).toBe(false);
    } finally {
      await sql(`UPDATE "_prisma_migrations" SET checksum = $1 WHERE migration_name = $2`, [row.checksum, newest]);
    }
    expect((await health()).status).toBe(200);
  });

  it('stays healthy but reports it when a newer build has migrated the database (rolling upgrade)', async () => {
    await sql(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count)
       VALUES ('newer-build', 'x', '99991231000000_from_a_newer_build', now(), 1)`,
    );
    try {
      const { status, body } = await health();
      expect(status).toBe(200);
      expect(body.migrations).toEqual({ current: true, pending: [], unknown: ['99991231000000_from_a_newer_build'] });
    } finally {
      await sql(`DELETE FROM "_prisma_migrations" WHERE id = 'newer-build'`);
    }
  });

  it('answers 503 with the reason when the database server cannot be reached', async () => {
    // A second process-wide client, as a dashboard configured with a PostgreSQL that is down.
    const global = globalThis as { __virtdashPrisma?: unknown };
    const saved = { client: global.__virtdashPrisma, url: process.env.DATABASE_URL };
    delete global.__virtdashPrisma;
    process.env.DATABASE_URL = 'postgresql://virtdash@127.0.0.1:1/virtdash';
    vi.resetModules();
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const route = await import('@/app/api/health/route');
      const res = await route.GET();
      const body = await res.json();
      expect(res.status).toBe(503);
      expect(body).toMatchObject({
        status: 'unhealthy',
        version: pkg.version,
        database: { kind: 'postgres', reachable: false },
        migrations: { current: false },
      });
      // Anonymous callers learn that it is down, not the driver's words (host, port, user): those go to the log.
      expect(body.database).toEqual({ kind: 'postgres', reachable: false });
      expect(JSON.stringify(body)).not.toContain('127.0.0.1');
      expect(logged.mock.calls.map((c) => c.join(' '))).toContain("[health] database unreachable: Can't reach database server at 127.0.0.1:1");
      const { getDb: getDownDb } = await import('@/lib/db/prisma');
      await getDownDb().$disconnect();
    } finally {
      logged.mockRestore();
      global.__virtdashPrisma = saved.client;
      if (saved.url === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved.url;
    }
    expect((await health()).status).toBe(200);
  });
});
