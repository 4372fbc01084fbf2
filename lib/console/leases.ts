// The per-user console limit, counted in the database so it holds across every dashboard instance
// behind a load balancer (issue 20): one ConsoleLease row per open console.
//
// Taking a lease is one transaction under a per-user advisory lock: count the user's live leases,
// insert one if under the limit. Two instances admitting the same user's consoles at the same
// moment take turns on the lock, so they cannot both read "one left" and both insert. The lock is
// per user (two keys: a fixed class and the user id's hash), so other users never wait.
//
// A lease lives until its holder releases it (the console closed) or its expiresAt passes. The
// holder renews its leases every CONSOLE_LEASE_RENEW_MS (a heartbeat); an instance that was killed
// renews nothing, and its consoles (whose sockets died with it) stop counting after at most
// CONSOLE_LEASE_TTL_MS.
//
// No `import 'server-only'`: the relay runs in the custom server (scripts/server.ts), outside a
// React server bundle, where that marker throws.
import crypto from 'node:crypto';
import os from 'node:os';
import type { PrismaClient } from '@prisma/client';
import { getDb } from '@/lib/db/prisma';

/** How long a lease counts without a heartbeat: a killed instance's consoles free up within this. */
export const CONSOLE_LEASE_TTL_MS = 90_000;
/** How often the holder renews its leases: three heartbeats fit in one TTL. */
export const CONSOLE_LEASE_RENEW_MS = 30_000;

// The advisory lock's class (its first key); any fixed number, distinct from the other locks'.
const CONSOLE_LIMIT_LOCK_CLASS = 730_194;

/** This process, as the holder column names it. */
export const LEASE_HOLDER = `${os.hostname()}:${process.pid}`;

export interface ConsoleLeaseStore {
  /** A lease for one more console of the user, or null when `max` are already open (on any instance). */
  acquire(input: { userId: string; max: number }): Promise<string | null>;
  /** Pushes the expiry of these leases forward (the heartbeat). */
  renew(ids: string[]): Promise<void>;
  /** The console closed: its lease stops counting at once. */
  release(id: string): Promise<void>;
  /** The user's consoles open now, on every instance. */
  count(userId: string): Promise<number>;
}

export function databaseConsoleLeases(deps: { db?: PrismaClient; now?: () => Date; ttlMs?: number; holder?: string } = {}): ConsoleLeaseStore {
  const db = () => deps.db ?? getDb();
  const now = () => deps.now?.() ?? new Date();
  const ttlMs = deps.ttlMs ?? CONSOLE_LEASE_TTL_MS;
  const holder = deps.holder ?? LEASE_HOLDER;
  return {
    async acquire({ userId, max }) {
      return db().$transaction(async (tx) => {
        // Held until the transaction ends; hashtext gives the int4 the two-key form takes.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CONSOLE_LIMIT_LOCK_CLASS}::int4, hashtext(${userId}))`;
        const at = now();
        // Expired leases (a killed holder's) go here, under the lock, rather than in a sweeper.
        await tx.consoleLease.deleteMany({ where: { userId, expiresAt: { lte: at } } });
        const open = await tx.consoleLease.count({ where: { userId } });
        if (open >= max) return null;
        const id = crypto.randomUUID();
        await tx.consoleLease.create({ data: { id, userId, holder, expiresAt: new Date(at.getTime() + ttlMs) } });
        return id;
      });
    },
    async renew(ids) {
      if (ids.length === 0) return;
      await db().consoleLease.updateMany({ where: { id: { in: ids } }, data: { expiresAt: new Date(now().getTime() + ttlMs) } });
    },
    async release(id) {
      await db().consoleLease.deleteMany({ where: { id } });
    },
    async count(userId) {
      return db().consoleLease.count({ where: { userId, expiresAt: { gt: now() } } });
    },
  };
}
