import 'server-only';
import { db } from '@/lib/db/client';
import { audit } from '@/lib/audit/audit';
import { dummyVerify, verifyPassword } from './password';
import { THROTTLE, accountKey, addressKey, clearKey, failureDelayMs, pairKey, releaseAttempt, reserveAttempt, throttleClock } from './throttle';
import { createAuthSession } from './sessions';

export type LoginFailure = 'invalid' | 'locked' | 'disabled';

export type LoginResult =
  | { ok: true; userId: string; username: string; sessionId: string }
  | { ok: false; reason: LoginFailure; retryAfterMs?: number };

/**
 * Checks a username and password and, when right, opens a database session. The attempt is
 * counted (reserved) before the password is checked: against the account and address together
 * (which locks that pair), the address (which locks it), and the account as a whole (which only
 * slows every attempt on it down, so nobody can lock the owner out from elsewhere).
 */
export async function authenticate(
  username: string,
  password: string,
  ip: string,
  userAgent: string | null,
): Promise<LoginResult> {
  const pair = pairKey(username, ip);
  const address = addressKey(ip);
  const account = accountKey(username);
  const byPair = await reserveAttempt(pair, THROTTLE.lockAfter);
  const byAddress = await reserveAttempt(address, THROTTLE.lockAddressAfter);
  const byAccount = await reserveAttempt(account);
  const refused = [byPair, byAddress].find((r) => !r.allowed);
  if (refused) {
    await audit({ actor: null, action: 'auth.login', target: { type: 'user', name: username }, result: 'failure', detail: { reason: 'locked' }, ip });
    return { ok: false, reason: 'locked', retryAfterMs: (refused.lockedUntil?.getTime() ?? Date.now() + THROTTLE.lockMs) - Date.now() };
  }
  // Before the answer is known, so a guesser cannot tell a quick success from a slow failure.
  await throttleClock.sleep(failureDelayMs(byAccount.attempts - 1));

  const user = await db.user.findUnique({ where: { username: username.trim() } });
  const valid = user ? await verifyPassword(password, user.passwordHash) : await dummyVerify(password);

  if (!user || !valid) {
    await audit({ actor: null, action: 'auth.login', target: { type: 'user', id: user?.id, name: username }, result: 'failure', detail: { reason: 'invalid' }, ip });
    const lock = [byPair, byAddress].find((r) => r.lockedUntil);
    if (lock?.lockedUntil) return { ok: false, reason: 'locked', retryAfterMs: lock.lockedUntil.getTime() - Date.now() };
    return { ok: false, reason: 'invalid' };
  }
  // The right password: this attempt was no guess. It ends this address's count on the account.
  await clearKey(pair);
  await releaseAttempt(address);
  await releaseAttempt(account);
  if (user.disabled) {
    await audit({ actor: { id: user.id, username: user.username }, action: 'auth.login', target: { type: 'user', id: user.id, name: user.username }, result: 'failure', detail: { reason: 'disabled' }, ip });
    return { ok: false, reason: 'disabled' };
  }

  const session = await createAuthSession(user.id, ip, userAgent);
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  await audit({ actor: { id: user.id, username: user.username }, action: 'auth.login', target: { type: 'user', id: user.id, name: user.username }, result: 'success', ip });
  return { ok: true, userId: user.id, username: user.username, sessionId: session.id };
}
