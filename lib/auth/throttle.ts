import 'server-only';
import { createHash } from 'node:crypto';
import { db } from '@/lib/db/client';

// Sign-in throttling. Counts live in the database so every dashboard instance behind a load
// balancer shares them. Three counters, each keyed in LoginThrottle:
//   pair:<account>|<address>  locks after `lockAfter` failures: one address guessing one account.
//   ip:<address>              locks after `lockAddressAfter`: one address trying many accounts.
//   user:<account>            never locks (anyone could then keep the owner out); it only makes
//                             every attempt on the account wait longer, up to `maxDelayMs`.
// Each attempt is RESERVED (one atomic upsert that counts it) before the password is checked, so
// parallel guesses cannot all read "not locked yet" and then all be verified.
export const THROTTLE = {
  /** Attempts on an account (from anywhere) before each further one is delayed. */
  slowAfter: 3,
  /** Longest delay before an attempt is checked. */
  maxDelayMs: 4_000,
  /** Failures from one address on one account that lock that pair. */
  lockAfter: 10,
  /** Failures from one address, any account, that lock the address. */
  lockAddressAfter: 30,
  lockMs: 15 * 60_000,
  /** A quiet period after which a count starts again. */
  windowMs: 15 * 60_000,
};

/** How attempts wait; tests replace it to check the delays without spending them. */
export const throttleClock = {
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
};

// A key is an indexed column: a caller can send any length of username or address, and an index
// row has a size limit (PostgreSQL refused a 200,000-character one, and the sign-in failed with a
// 500). No account name is longer than 64 characters (lib/validations/users.ts) and no address
// longer than 45, so a longer value can name nobody: it is counted under its digest instead.
function bounded(value: string, max: number): string {
  return value.length <= max ? value : `#${createHash('sha256').update(value).digest('hex')}`;
}
const normalize = (username: string) => bounded(username.trim().toLowerCase(), 128);

export function accountKey(username: string) {
  return `user:${normalize(username)}`;
}
export function addressKey(ip: string) {
  return `ip:${bounded(ip, 64)}`;
}
/** Usernames cannot contain "|" (lib/validations/users.ts), so the prefix up to it names one account. */
export function pairKey(username: string, ip: string) {
  return `pair:${normalize(username)}|${bounded(ip, 64)}`;
}

/** The delay before checking an attempt, growing with the account's attempts so far. */
export function failureDelayMs(attempts: number): number {
  if (attempts < THROTTLE.slowAfter) return 0;
  return Math.min(THROTTLE.maxDelayMs, 250 * 2 ** Math.min(attempts - THROTTLE.slowAfter, 16));
}

export interface Reservation {
  /** Attempts counted in the window, this one included. */
  attempts: number;
  /** Set when this key is locked (the attempt that reached the limit locks it for the next ones). */
  lockedUntil: Date | null;
  /** False when the key was already locked: the password must not be checked. */
  allowed: boolean;
}

const NEVER = 2 ** 31 - 1;

/**
 * Counts one attempt against a key, atomically: a quiet window or an expired lock starts the
 * count again, reaching `lockAfter` locks the key, and an existing lock is never extended.
 */
export async function reserveAttempt(key: string, lockAfter: number = NEVER, now = new Date()): Promise<Reservation> {
  // Timestamps are compared as UTC wall-clock times, as Prisma stores them (timestamp(3) without
  // a zone); a zone in the literal is ignored by the cast.
  const at = now.toISOString();
  const rows = await db.$queryRaw<Array<{ attempts: number; lockedUntilMs: number | null }>>`
    INSERT INTO "LoginThrottle" AS t ("key", "failures", "firstFailureAt", "lastFailureAt", "lockedUntil")
    VALUES (${key}, 1, ${at}::timestamp(3), ${at}::timestamp(3),
            CASE WHEN 1 >= ${lockAfter}::int THEN ${at}::timestamp(3) + make_interval(secs => ${THROTTLE.lockMs / 1000}::float8) END)
    ON CONFLICT ("key") DO UPDATE SET
      "failures" = CASE
        WHEN (t."lockedUntil" IS NOT NULL AND t."lockedUntil" <= ${at}::timestamp(3))
          OR (t."lockedUntil" IS NULL AND t."lastFailureAt" <= ${at}::timestamp(3) - make_interval(secs => ${THROTTLE.windowMs / 1000}::float8))
        THEN 1 ELSE t."failures" + 1 END,
      "firstFailureAt" = CASE
        WHEN (t."lockedUntil" IS NOT NULL AND t."lockedUntil" <= ${at}::timestamp(3))
          OR (t."lockedUntil" IS NULL AND t."lastFailureAt" <= ${at}::timestamp(3) - make_interval(secs => ${THROTTLE.windowMs / 1000}::float8))
        THEN ${at}::timestamp(3) ELSE t."firstFailureAt" END,
      "lastFailureAt" = ${at}::timestamp(3),
      "lockedUntil" = CASE
        WHEN t."lockedUntil" > ${at}::timestamp(3) THEN t."lockedUntil"
        WHEN (CASE
            WHEN (t."lockedUntil" IS NOT NULL AND t."lockedUntil" <= ${at}::timestamp(3))
              OR (t."lockedUntil" IS NULL AND t."lastFailureAt" <= ${at}::timestamp(3) - make_interval(secs => ${THROTTLE.windowMs / 1000}::float8))
            THEN 1 ELSE t."failures" + 1 END) >= ${lockAfter}::int
          THEN ${at}::timestamp(3) + make_interval(secs => ${THROTTLE.lockMs / 1000}::float8)
        END
    RETURNING "failures"::int AS "attempts",
      (EXTRACT(EPOCH FROM "lockedUntil") * 1000)::float8 AS "lockedUntilMs"`;
  const row = rows[0]!;
  const attempts = Number(row.attempts);
  const lockedUntil = row.lockedUntilMs === null ? null : new Date(Number(row.lockedUntilMs));
  // The attempt that reaches the limit is still checked (and, if right, unlocks); later ones are not.
  return { attempts, lockedUntil, allowed: attempts <= lockAfter };
}

/** A right password: this attempt does not count against the account or the address. */
export async function releaseAttempt(key: string): Promise<void> {
  await db.$executeRaw`UPDATE "LoginThrottle" SET "failures" = GREATEST("failures" - 1, 0) WHERE "key" = ${key}`;
}

export async function clearKey(key: string): Promise<void> {
  await db.loginThrottle.deleteMany({ where: { key } });
}

export interface AccountThrottle {
  /** Addresses currently locked out of this account. */
  lockedAddresses: number;
  /** Until when the latest of those locks lasts. */
  lockedUntil: Date | null;
  /** The delay every attempt on the account waits now. */
  delayMs: number;
}

/** What the Users page shows for each account: locked addresses and the current slowdown. */
export async function accountThrottles(usernames: string[], now = new Date()): Promise<Map<string, AccountThrottle>> {
  const out = new Map<string, AccountThrottle>();
  if (usernames.length === 0) return out;
  const names = new Map(usernames.map((u) => [normalize(u), u]));
  const rows = await db.loginThrottle.findMany({
    where: {
      OR: [
        { key: { in: [...names.keys()].map((n) => `user:${n}`) } },
        { key: { startsWith: 'pair:' }, lockedUntil: { gt: now } },
      ],
    },
  });
  for (const row of rows) {
    const [kind, rest] = [row.key.slice(0, row.key.indexOf(':')), row.key.slice(row.key.indexOf(':') + 1)];
    const name = names.get(kind === 'pair' ? rest.slice(0, rest.lastIndexOf('|')) : rest);
    if (!name) continue;
    const entry = out.get(name) ?? { lockedAddresses: 0, lockedUntil: null, delayMs: 0 };
    if (kind === 'pair' && row.lockedUntil) {
      entry.lockedAddresses += 1;
      if (!entry.lockedUntil || row.lockedUntil > entry.lockedUntil) entry.lockedUntil = row.lockedUntil;
    } else if (kind === 'user' && now.getTime() - row.lastFailureAt.getTime() < THROTTLE.windowMs) {
      entry.delayMs = failureDelayMs(row.failures);
    }
    out.set(name, entry);
  }
  return out;
}

/**
 * An admin's unlock: forgets every lock and count on the account (all addresses, and the
 * account-wide slowdown). Address locks stay: they protect every account. Returns how many
 * locked addresses were released.
 */
export async function unlockAccount(username: string, now = new Date()): Promise<number> {
  const name = normalize(username);
  const pairs = { key: { startsWith: `pair:${name}|` } };
  const locked = await db.loginThrottle.count({ where: { ...pairs, lockedUntil: { gt: now } } });
  await db.loginThrottle.deleteMany({ where: { OR: [pairs, { key: `user:${name}` }] } });
  return locked;
}
