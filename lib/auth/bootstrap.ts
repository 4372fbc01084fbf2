// The first start: create the admin from ADMIN_USERNAME / ADMIN_PASSWORD, or, when they are
// unset and no admin exists, issue a one-time setup link. There is never a default password.
import crypto from 'node:crypto';
import { isUniqueViolation } from '@/lib/db/errors';
import { getDb } from '@/lib/db/prisma';
import { hashPassword, MIN_PASSWORD_LENGTH } from './password';

export const SETUP_TOKEN_TTL_MS = 24 * 60 * 60_000;

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export type BootstrapResult =
  | { kind: 'exists' }
  | { kind: 'created'; username: string }
  | { kind: 'setup'; token: string };

export async function bootstrapAdmin(env: NodeJS.ProcessEnv = process.env): Promise<BootstrapResult> {
  const db = getDb();
  const username = env.ADMIN_USERNAME?.trim();
  const password = env.ADMIN_PASSWORD;
  if (username && password) {
    if (password.length < MIN_PASSWORD_LENGTH) {
      throw new Error(`ADMIN_PASSWORD must be at least ${MIN_PASSWORD_LENGTH} characters.`);
    }
    const existing = await db.user.findUnique({ where: { username } });
    // An existing account is left as it is: the variables create the first admin, they do not
    // reset a password someone has since changed in the UI.
    if (existing) return { kind: 'exists' };
    try {
      await db.user.create({ data: { username, passwordHash: await hashPassword(password), role: 'admin' } });
    } catch (error) {
      // Another instance created it between our check and our insert (the start lock makes
      // this rare on PostgreSQL; the unique username makes it harmless): it exists.
      if (isUniqueViolation(error)) return { kind: 'exists' };
      throw error;
    }
    return { kind: 'created', username };
  }
  const admins = await db.user.count({ where: { role: 'admin', disabled: false } });
  if (admins > 0) return { kind: 'exists' };
  // A new token at each start while no admin exists; older ones stop working.
  const token = crypto.randomBytes(24).toString('base64url');
  await db.setupToken.updateMany({ where: { usedAt: null }, data: { usedAt: new Date() } });
  await db.setupToken.create({ data: { tokenHash: hashToken(token), expiresAt: new Date(Date.now() + SETUP_TOKEN_TTL_MS) } });
  return { kind: 'setup', token };
}

/** Uses a setup token to create the first admin. Fails when the token is unknown, used or expired. */
export async function completeSetup(token: string, username: string, password: string): Promise<boolean> {
  const db = getDb();
  return db.$transaction(async (tx) => {
    const row = await tx.setupToken.findUnique({ where: { tokenHash: hashToken(token) } });
    if (!row || row.usedAt || row.expiresAt <= new Date()) return false;
    const claimed = await tx.setupToken.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: new Date() } });
    if (claimed.count !== 1) return false;
    await tx.user.create({ data: { username, passwordHash: await hashPassword(password), role: 'admin' } });
    return true;
  });
}

export async function setupTokenValid(token: string): Promise<boolean> {
  const row = await getDb().setupToken.findUnique({ where: { tokenHash: hashToken(token) } });
  return !!row && !row.usedAt && row.expiresAt > new Date();
}
