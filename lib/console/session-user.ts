// Who opens a console WebSocket. The upgrade reaches the custom server, not Next, so Auth.js's
// auth() is not available: this reads the same session cookie (an Auth.js JWT naming a database
// session) and applies the same rules as lib/auth/sessions.resolveAuthSession (that module is
// server-only): the session must exist, be neither revoked nor expired, and its user enabled.
import type { IncomingMessage } from 'node:http';
import type { PrismaClient } from '@prisma/client';
import { getToken } from 'next-auth/jwt';
import { getDb } from '@/lib/db/prisma';

export interface ConsoleUser {
  id: string;
  username: string;
  role: string;
  /** The sign-in session the console was opened with: it closes when that session ends. */
  sessionId?: string;
}

/** True while the session is neither revoked nor expired and its user is enabled. */
export async function sessionIsLive(sessionId: string, db: PrismaClient = getDb()): Promise<boolean> {
  const row = await db.authSession.findUnique({ where: { id: sessionId }, include: { user: { select: { disabled: true } } } });
  return !!row && !row.revokedAt && row.expiresAt > new Date() && !row.user.disabled;
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') out[k] = v;
  return out;
}

export async function userFromUpgrade(req: IncomingMessage, deps: { db?: PrismaClient; secret?: string } = {}): Promise<ConsoleUser | null> {
  const secret = deps.secret ?? process.env.AUTH_SECRET;
  if (!secret || !req.headers.cookie) return null;
  const headers = headersOf(req);
  let sid: unknown;
  // Behind a TLS proxy Auth.js names the cookie __Secure-authjs.session-token; on plain HTTP without it.
  for (const secureCookie of [false, true]) {
    try {
      const token = await getToken({ req: { headers }, secret, secureCookie });
      if (token?.sid) {
        sid = token.sid;
        break;
      }
    } catch {
      // A cookie that does not decrypt with this secret is no session.
    }
  }
  if (typeof sid !== 'string') return null;
  const db = deps.db ?? getDb();
  const row = await db.authSession.findUnique({ where: { id: sid }, include: { user: true } });
  if (!row || row.revokedAt || row.expiresAt <= new Date() || row.user.disabled) return null;
  return { id: row.user.id, username: row.user.username, role: row.user.role, sessionId: row.id };
}
