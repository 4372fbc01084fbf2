import 'server-only';
import { db } from '@/lib/db/client';

// Failed sign-ins are slowed, then locked, per account and per address. Counts live in the
// database so every dashboard instance behind a load balancer shares them.
export const THROTTLE = {
  /** Failures before each answer is delayed. */
  slowAfter: 3,
  /** Longest delay before a failed answer. */
  maxDelayMs: 4_000,
  /** Failures that lock an account / an address. */
  lockAccountAfter: 10,
  lockAddressAfter: 30,
  lockMs: 15 * 60_000,
  /** A quiet period after which the count starts again. */
  windowMs: 15 * 60_000,
};

/** How failed answers wait; tests replace it to check the delays without spending them. */
export const throttleClock = {
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
};

export function accountKey(username: string) {
  return `user:${username.trim().toLowerCase()}`;
}
export function addressKey(ip: string) {
  return `ip:${ip}`;
}

export interface ThrottleState {
  lockedUntil: Date | null;
  failures: number;
}

export async function throttleState(keys: string[], now = new Date()): Promise<ThrottleState> {
  const rows = await db.loginThrottle.findMany({ where: { key: { in: keys } } });
  let lockedUntil: Date | null = null;
  let failures = 0;
  for (const row of rows) {
    if (row.lockedUntil && row.lockedUntil > now && (!lockedUntil || row.lockedUntil > lockedUntil)) {
      lockedUntil = row.lockedUntil;
    }
    if (now.getTime() - row.lastFailureAt.getTime() < THROTTLE.windowMs) {
      failures = Math.max(failures, row.failures);
    }
  }
  return { lockedUntil, failures };
}

/** The delay before answering a failed attempt, growing with the failures so far. */
export function failureDelayMs(failures: number): number {
  if (failures < THROTTLE.slowAfter) return 0;
  return Math.min(THROTTLE.maxDelayMs, 250 * 2 ** (failures - THROTTLE.slowAfter));
}

export async function recordFailure(key: string, lockAfter: number, now = new Date()): Promise<number> {
  const existing = await db.loginThrottle.findUnique({ where: { key } });
  const fresh = !existing || now.getTime() - existing.lastFailureAt.getTime() >= THROTTLE.windowMs;
  const failures = fresh ? 1 : existing.failures + 1;
  const lockedUntil = failures >= lockAfter ? new Date(now.getTime() + THROTTLE.lockMs) : null;
  await db.loginThrottle.upsert({
    where: { key },
    create: { key, failures, firstFailureAt: now, lastFailureAt: now, lockedUntil },
    update: { failures, lastFailureAt: now, ...(fresh ? { firstFailureAt: now } : {}), lockedUntil },
  });
  return failures;
}

export async function clearFailures(key: string): Promise<void> {
  await db.loginThrottle.deleteMany({ where: { key } });
}
