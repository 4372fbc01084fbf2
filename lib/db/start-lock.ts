// Start steps that write (the first admin, the setup token, the backends file, the demo
// connections) run under one PostgreSQL advisory lock, so several dashboard instances started
// together on one database take turns instead of each checking "is it there?" and then all
// inserting it (the second instance used to die on a unique-constraint error in bootstrapAdmin).
// The embedded database belongs to one process at a time, so there the lock is a queue inside
// this process.
import pg from 'pg';
import { databaseTarget, type DatabaseTarget } from './target';

// Any fixed number other than the migrations' lock (lib/db/migrate.ts): the same in every instance.
export const START_LOCK_KEY = 7_301_946_113;

const globalForLock = globalThis as unknown as { __virtdashStartQueue?: Promise<unknown> };

export async function withStartLock<T>(fn: () => Promise<T>, target: DatabaseTarget = databaseTarget()): Promise<T> {
  if (target.kind === 'pglite') {
    // On globalThis: Next may load this module more than once in one process.
    const previous = globalForLock.__virtdashStartQueue ?? Promise.resolve();
    const run = previous.catch(() => {}).then(fn);
    globalForLock.__virtdashStartQueue = run;
    return run;
  }
  // A session-level lock on a connection of its own: the work inside goes through Prisma's
  // pool, and the lock lasts until this connection unlocks (or dies with the process, which
  // releases it, so a killed instance never leaves the others waiting).
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [START_LOCK_KEY]);
    try {
      return await fn();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [START_LOCK_KEY]).catch(() => {});
    }
  } finally {
    await client.end().catch(() => {});
  }
}
