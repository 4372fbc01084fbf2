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
  // Every page and action asks this once: ONE query joining the session to its user (Prisma's
  // `include` sends two, and read the password hash the answer never needs). Times are compared
  // in SQL as UTC wall-clock times, as Prisma stores them (timestamp(3) without a zone).
  const now = new Date().toISOString();
  const rows = await db.$queryRaw<Array<{ userId: string; username: string; displayName: string | null; role: SessionUser['role']; live: boolean; touch: boolean }>>`
    SELECT u."id" AS "userId", u."username", u."displayName", u."role"::text AS "role",
           (s."revokedAt" IS NULL AND s."expiresAt" > ${now}::timestamp(3) AND NOT u."disabled") AS "live",
           (s."lastSeenAt" < ${now}::timestamp(3) - interval '60 seconds') AS "touch"
      FROM "AuthSession" s JOIN "User" u ON u."id" = s."userId"
     WHERE s."id" = ${sessionId}`;
  const row = rows[0];
  if (!row?.live) return null;
  // Touching lastSeenAt at most once a minute keeps reads cheap.
  if (row.touch) {
    await db.authSession.update({ where: { id: sessionId }, data: { lastSeenAt: new Date() } }).catch(() => {});
  }
  return { id: row.userId, username: row.username, displayName: row.displayName, role: row.role, sessionId };
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
