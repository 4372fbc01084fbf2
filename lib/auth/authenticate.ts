import 'server-only';
import { db } from '@/lib/db/client';
import { audit } from '@/lib/audit/audit';
import { dummyVerify, verifyPassword } from './password';
import {
  THROTTLE,
  accountKey,
  addressKey,
  clearFailures,
  failureDelayMs,
  recordFailure,
  throttleClock,
  throttleState,
} from './throttle';
import { createAuthSession } from './sessions';

export type LoginFailure = 'invalid' | 'locked' | 'disabled';

export type LoginResult =
  | { ok: true; userId: string; username: string; sessionId: string }
  | { ok: false; reason: LoginFailure; retryAfterMs?: number };

/**
 * Checks a username and password and, when right, opens a database session. Every failure is
 * counted against the account AND the address; enough failures delay answers, then lock.
 */
export async function authenticate(
  username: string,
  password: string,
  ip: string,
  userAgent: string | null,
): Promise<LoginResult> {
  const keys = [accountKey(username), addressKey(ip)];
  const before = await throttleState(keys);
  if (before.lockedUntil) {
    await audit({ actor: null, action: 'auth.login', target: { type: 'user', name: username }, result: 'failure', detail: { reason: 'locked' }, ip });
    return { ok: false, reason: 'locked', retryAfterMs: before.lockedUntil.getTime() - Date.now() };
  }

  const user = await db.user.findUnique({ where: { username: username.trim() } });
  const valid = user ? await verifyPassword(password, user.passwordHash) : await dummyVerify(password);

  if (!user || !valid) {
    const accountFailures = await recordFailure(keys[0], THROTTLE.lockAccountAfter);
    const addressFailures = await recordFailure(keys[1], THROTTLE.lockAddressAfter);
    await throttleClock.sleep(failureDelayMs(Math.max(accountFailures, addressFailures)));
    await audit({ actor: null, action: 'auth.login', target: { type: 'user', id: user?.id, name: username }, result: 'failure', detail: { reason: 'invalid' }, ip });
    const after = await throttleState(keys);
    if (after.lockedUntil) return { ok: false, reason: 'locked', retryAfterMs: after.lockedUntil.getTime() - Date.now() };
    return { ok: false, reason: 'invalid' };
  }
  if (user.disabled) {
    await audit({ actor: { id: user.id, username: user.username }, action: 'auth.login', target: { type: 'user', id: user.id, name: user.username }, result: 'failure', detail: { reason: 'disabled' }, ip });
    return { ok: false, reason: 'disabled' };
  }

  await clearFailures(keys[0]);
  const session = await createAuthSession(user.id, ip, userAgent);
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  await audit({ actor: { id: user.id, username: user.username }, action: 'auth.login', target: { type: 'user', id: user.id, name: user.username }, result: 'success', ip });
  return { ok: true, userId: user.id, username: user.username, sessionId: session.id };
}
