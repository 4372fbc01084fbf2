// The lock portal quota checks take (lib/db/named-lock.ts via serialized in
// lib/services/ownership.ts): a check-then-change that runs at the same moment in two instances
// must not interleave, or both fit into the last free place. The critical section below reads a
// counter, yields to the database a few times (as a quota check and a backend call do) and writes
// it back: any overlap loses an increment. On PostgreSQL each call takes the lock on a connection
// of its own, exactly as two processes would; on the embedded database one process owns it and
// its queue is the lock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, onPostgres } from './setup-env';

await freshDatabase();

const { databaseTarget } = await import('@/lib/db/target');
const { applyMigrations, openSqlRunner } = await import('@/lib/db/migrate');
const { getDb } = await import('@/lib/db/prisma');
const { withNamedLock } = await import('@/lib/db/named-lock');
const { serialized } = await import('@/lib/services/ownership');

async function bump(row: string): Promise<void> {
  const db = getDb();
  const [{ n }] = await db.$queryRawUnsafe<Array<{ n: number }>>(`SELECT n FROM ha_counter WHERE id = $1`, row);
  for (let i = 0; i < 3; i++) await db.$queryRaw`SELECT 1`;
  await db.$executeRawUnsafe(`UPDATE ha_counter SET n = $1 WHERE id = $2`, n + 1, row);
}

const count = async (row: string) => (await getDb().$queryRawUnsafe<Array<{ n: number }>>(`SELECT n FROM ha_counter WHERE id = $1`, row))[0].n;

describe(`quota checks one at a time (${onPostgres() ? 'PostgreSQL' : 'embedded PGlite'})`, () => {
  beforeAll(async () => {
    const runner = await openSqlRunner(databaseTarget());
    await applyMigrations(runner);
    await runner.close();
    await getDb().$executeRawUnsafe(`CREATE TABLE ha_counter (id text PRIMARY KEY, n int NOT NULL)`);
    await getDb().$executeRawUnsafe(`INSERT INTO ha_counter VALUES ('queued', 0), ('instances', 0), ('other', 0)`);
  });
  afterAll(async () => {
    await getDb().$disconnect();
  });

  it('ten changes sent at once through serialized: none lost', async () => {
    await Promise.all(Array.from({ length: 10 }, () => serialized(['portal-quota'], () => bump('queued'))));
    expect(await count('queued')).toBe(10);
  });

  it.runIf(onPostgres())('ten changes from separate "instances" (no shared queue, each its own connection): none lost', async () => {
    await Promise.all(Array.from({ length: 10 }, () => withNamedLock(['portal-quota'], () => bump('instances'))));
    expect(await count('instances')).toBe(10);
  });

  it.runIf(onPostgres())('a holder of another name does not wait', async () => {
    let release!: () => void;
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    const held = withNamedLock(['portal-quota'], () =>
      new Promise<void>((r) => {
        release = r;
        entered();
      }),
    );
    // Only once the first holder has the lock (its connection and lock are asynchronous).
    await inside;
    // Waits only on its own name: this finishes while portal-quota is held.
    await withNamedLock(['snapshots:vm-1'], () => bump('other'));
    expect(await count('other')).toBe(1);
    release();
    await held;
  });
});
