// Applies prisma/migrations in order at start. We run them ourselves rather than through
// `prisma migrate deploy` because that CLI, in its offline WebAssembly mode, does not exit
// after finishing here, and because in-process the embedded database is never opened by two
// processes. The bookkeeping table is Prisma's own `_prisma_migrations`, with the same
// checksums, so `prisma migrate status`/`deploy` stay usable on the same database.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { openPglite } from './adapter';
import type { DatabaseTarget } from './target';

export interface SqlRunner {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export const MIGRATIONS_DIR = path.join(/*turbopackIgnore: true*/ process.cwd(), 'prisma', 'migrations');

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, 'migration.sql')))
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: crypto.createHash('sha256').update(sql).digest('hex') };
    });
}

export async function openSqlRunner(target: DatabaseTarget): Promise<SqlRunner> {
  if (target.kind === 'pglite') {
    const lite = openPglite(target.dataDir);
    return {
      async query<T>(sql: string, params?: unknown[]) {
        return (await lite.query(sql, params)).rows as T[];
      },
      async exec(sql) {
        await lite.exec(sql);
      },
      // The instance stays open: the server's Prisma client goes on using it.
      async close() {},
    };
  }
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  return {
    async query<T>(sql: string, params?: unknown[]) {
      return (await client.query(sql, params as unknown[])).rows as T[];
    },
    async exec(sql) {
      await client.query(sql);
    },
    close: () => client.end(),
  };
}

const BOOKKEEPING = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

// Any fixed number: every dashboard instance on one PostgreSQL takes the same lock, so two
// instances starting together never apply a migration twice.
const ADVISORY_LOCK_KEY = 7_301_946_112;

export interface MigrationStatus {
  applied: string[];
  pending: string[];
  /** Applied migrations whose file changed since: a sign of an edited migration. */
  modified: string[];
  /** Applied on the database but unknown to this build (a newer version ran against it). */
  unknown: string[];
}

export async function migrationStatus(runner: SqlRunner, migrations = readMigrations()): Promise<MigrationStatus> {
  const exists = await runner.query<{ present: boolean }>(
    `SELECT to_regclass('public._prisma_migrations') IS NOT NULL AS present`,
  );
  const rows = exists[0]?.present
    ? await runner.query<{ migration_name: string; checksum: string }>(
        `SELECT migration_name, checksum FROM "_prisma_migrations"
         WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      )
    : [];
  const done = new Map(rows.map((r) => [r.migration_name, r.checksum]));
  const known = new Set(migrations.map((m) => m.name));
  return {
    applied: migrations.filter((m) => done.has(m.name)).map((m) => m.name),
    pending: migrations.filter((m) => !done.has(m.name)).map((m) => m.name),
    modified: migrations.filter((m) => done.has(m.name) && done.get(m.name) !== m.checksum).map((m) => m.name),
    unknown: [...done.keys()].filter((n) => !known.has(n)),
  };
}

export async function applyMigrations(
  runner: SqlRunner,
  migrations = readMigrations(),
  log: (line: string) => void = () => {},
): Promise<string[]> {
  // The lock comes first: two instances starting together on a new database would otherwise both
  // run CREATE TABLE IF NOT EXISTS, which PostgreSQL does not serialise (one fails on pg_type's
  // unique index: "duplicate key value violates unique constraint pg_type_typname_nsp_index").
  await runner.query(`SELECT pg_advisory_lock($1)`, [ADVISORY_LOCK_KEY]);
  try {
    await runner.exec(BOOKKEEPING);
    const { pending } = await migrationStatus(runner, migrations);
    for (const name of pending) {
      const m = migrations.find((x) => x.name === name)!;
      const id = crypto.randomUUID();
      log(`applying migration ${name}`);
      // Each migration and its bookkeeping row commit together, or not at all.
      await runner.exec('BEGIN');
      try {
        await runner.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())`,
          [id, m.checksum, name],
        );
        await runner.exec(m.sql);
        await runner.query(
          `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
          [id],
        );
        await runner.exec('COMMIT');
      } catch (err) {
        await runner.exec('ROLLBACK');
        throw new Error(`Migration ${name} failed: ${(err as Error).message}`, { cause: err });
      }
    }
    return pending;
  } finally {
    await runner.query(`SELECT pg_advisory_unlock($1)`, [ADVISORY_LOCK_KEY]);
  }
}
