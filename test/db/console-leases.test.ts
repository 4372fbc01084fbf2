// The per-user console limit across dashboard instances (issue 20): two instances are two Prisma
// clients on one database, as two processes behind a load balancer would be (on PostgreSQL each
// has its own connection pool; on the embedded database both share the one PGlite, as nothing but
// one process can open it). Consoles asked for through both at the same moment never pass the
// limit together; a killed instance's consoles stop counting once their leases expire.
import { PrismaClient } from '@prisma/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, onPostgres } from './setup-env';

await freshDatabase();

const { databaseTarget } = await import('@/lib/db/target');
const { applyMigrations, openSqlRunner } = await import('@/lib/db/migrate');
const { createDriverAdapter } = await import('@/lib/db/adapter');
const { databaseConsoleLeases, CONSOLE_LEASE_TTL_MS } = await import('@/lib/console/leases');

let one: PrismaClient;
let two: PrismaClient;

describe(`console limit across two instances (${onPostgres() ? 'PostgreSQL' : 'embedded PGlite'})`, () => {
  beforeAll(async () => {
    const runner = await openSqlRunner(databaseTarget());
    await applyMigrations(runner);
    await runner.close();
    one = new PrismaClient({ adapter: createDriverAdapter() });
    two = new PrismaClient({ adapter: createDriverAdapter() });
  });
  afterAll(async () => {
    await one.$disconnect();
    await two.$disconnect();
  });

  it('admits exactly the limit when both instances are asked for consoles at the same moment', async () => {
    const a = databaseConsoleLeases({ db: one, holder: 'instance-a' });
    const b = databaseConsoleLeases({ db: two, holder: 'instance-b' });
    // Twelve consoles for one user, six through each instance, all at once; the limit is 3.
    const asks = Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).acquire({ userId: 'u-race', max: 3 }));
    const leases = await Promise.all(asks);
    expect(leases.filter(Boolean)).toHaveLength(3);
    expect(await a.count('u-race')).toBe(3);
    expect(await b.count('u-race')).toBe(3);
    expect(await one.consoleLease.count({ where: { userId: 'u-race' } })).toBe(3);
  });

  it('a console closed on one instance frees its place on the other at once', async () => {
    const a = databaseConsoleLeases({ db: one, holder: 'instance-a' });
    const b = databaseConsoleLeases({ db: two, holder: 'instance-b' });
    const first = await a.acquire({ userId: 'u-release', max: 1 });
    expect(first).toBeTruthy();
    expect(await b.acquire({ userId: 'u-release', max: 1 })).toBeNull();
    await a.release(first!);
    expect(await b.acquire({ userId: 'u-release', max: 1 })).toBeTruthy();
  });

  it('counts each user on their own: one user at the limit does not hold back another', async () => {
    const a = databaseConsoleLeases({ db: one });
    const b = databaseConsoleLeases({ db: two });
    expect(await a.acquire({ userId: 'u-full', max: 1 })).toBeTruthy();
    expect(await b.acquire({ userId: 'u-full', max: 1 })).toBeNull();
    expect(await b.acquire({ userId: 'u-other', max: 1 })).toBeTruthy();
  });

  it("a killed instance's consoles stop counting when their leases expire; a live one's heartbeat keeps them", async () => {
    let clock = Date.parse('2026-12-07T04:00:00Z');
    const now = () => new Date(clock);
    const killed = databaseConsoleLeases({ db: one, now, holder: 'killed' });
    const alive = databaseConsoleLeases({ db: two, now, holder: 'alive' });
    const dead = await killed.acquire({ userId: 'u-killed', max: 2 });
    const kept = await alive.acquire({ userId: 'u-killed', max: 2 });
    expect(dead && kept).toBeTruthy();
    expect(await alive.acquire({ userId: 'u-killed', max: 2 })).toBeNull();

    // Two thirds of a TTL later the live instance beats; the killed one cannot.
    clock += (CONSOLE_LEASE_TTL_MS * 2) / 3;
    await alive.renew([kept!]);
    clock += (CONSOLE_LEASE_TTL_MS * 2) / 3;
    // Past the killed instance's expiry, within the renewed one: one console counts, one place is free.
    expect(await alive.count('u-killed')).toBe(1);
    const taken = await alive.acquire({ userId: 'u-killed', max: 2 });
    expect(taken).toBeTruthy();
    expect(await alive.acquire({ userId: 'u-killed', max: 2 })).toBeNull();
    // The expired row itself is gone, not just uncounted.
    expect(await one.consoleLease.findUnique({ where: { id: dead! } })).toBeNull();
  });
});
