import 'server-only';
import { db } from '@/lib/db/client';
import { announceSessionsRevoked } from '@/lib/console/revocations';
import type { SessionUser } from './roles';

export const SESSION_MAX_AGE_S = 12 * 60 * 60;

export async function createAuthSession(userId: string, ip: string, userAgent: string | null) {
  return db.authSession.create({
    data: {
      userId,
      ip,
      userAgent: userAgent?.slice(0, 300) ?? null,
      expiresAt: new Date(Date.now() + SESSION_MAX_AGE_S * 1000),
    },
  });
}

/** The user behind a session id, or null when the session was revoked, expired or the user disabled. */
export async function resolveAuthSession(sessionId: string): Promise<SessionUser | null> {
  const row = await db.authSession.findUnique({ where: { id: sessionId }, include: { user: true } });
  if (!row || row.revokedAt || row.expiresAt <= new Date() || row.user.disabled) return null;
  // Touching lastSeenAt at most once a minute keeps reads cheap.
  if (Date.now() - row.lastSeenAt.getTime() > 60_000) {
    await db.authSession.update({ where: { id: row.id }, data: { lastSeenAt: new Date() } }).catch(() => {});
  }
  return {
    id: row.user.id,
    username: row.user.username,
    displayName: row.user.displayName,
    role: row.user.role,
    sessionId: row.id,
  };
}

export async function revokeAuthSession(sessionId: string) {
  await db.authSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
  // Its open consoles close too (lib/console/relay.ts).
  announceSessionsRevoked({ sessionId });
}

export async function revokeUserSessions(userId: string) {
  await db.authSession.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
  announceSessionsRevoked({ userId });
}
