import 'server-only';
import type { Prisma } from '@prisma/client';
import { db } from '@/lib/db/client';
import { ActionRefusal } from './refusal';
import { hashPassword } from '@/lib/auth/password';
import { revokeUserSessions } from '@/lib/auth/sessions';
import type { Role } from '@/lib/auth/roles';

// User administration. Callers (server actions) have already checked that the actor is an admin.

export async function listUsers() {
  return db.user.findMany({
    orderBy: { username: 'asc' },
    select: { id: true, username: true, displayName: true, role: true, disabled: true, createdAt: true, lastLoginAt: true, authProvider: true },
  });
}

export async function createUser(input: { username: string; displayName: string | null; password: string; role: Role }) {
  const existing = await db.user.findUnique({ where: { username: input.username } });
  if (existing) throw new ActionRefusal('users.exists', { username: input.username });
  return db.user.create({
    data: { username: input.username, displayName: input.displayName, role: input.role, passwordHash: await hashPassword(input.password) },
  });
}

type Tx = Prisma.TransactionClient;

async function findUser(id: string, client: Tx = db) {
  const user = await client.user.findUnique({ where: { id } });
  if (!user) throw new ActionRefusal('users.notFound');
  return user;
}

// Any fixed number. Changes that could remove an admin take it for their transaction, so two
// admins demoting or disabling each other at the same moment cannot both pass the check below
// and leave nobody able to administer (on PostgreSQL this holds across dashboard instances).
const ADMIN_CHANGE_LOCK = 7_301_946_113;

function underAdminLock<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${ADMIN_CHANGE_LOCK})`);
    return fn(tx);
  });
}

/** Refuses changes that would leave no active admin, so nobody can lock everyone out. */
async function assertAnotherActiveAdmin(tx: Tx, userId: string) {
  const others = await tx.user.count({ where: { role: 'admin', disabled: false, id: { not: userId } } });
  if (others === 0) throw new ActionRefusal('users.lastAdmin');
}

export async function setUserDisabled(actorId: string, userId: string, disabled: boolean) {
  const user = await underAdminLock(async (tx) => {
    const user = await findUser(userId, tx);
    if (disabled && userId === actorId) throw new ActionRefusal('users.notYourself');
    if (disabled && user.role === 'admin') await assertAnotherActiveAdmin(tx, userId);
    await tx.user.update({ where: { id: userId }, data: { disabled } });
    return user;
  });
  // Sessions of a disabled user already stop resolving; revoking keeps them dead after re-enabling.
  if (disabled) await revokeUserSessions(userId);
  return user;
}

export async function resetUserPassword(userId: string, password: string) {
  const user = await findUser(userId);
  // The provider is where such an account proves who it is (and where it is switched off): a local
  // password would be a second way in that bypasses it.
  if (user.authProvider === 'oidc') throw new ActionRefusal('users.oidcPassword', { username: user.username });
  await db.user.update({ where: { id: userId }, data: { passwordHash: await hashPassword(password), passwordChangedAt: new Date() } });
  // A new password ends every session opened with the old one.
  await revokeUserSessions(userId);
  return user;
}

export async function changeUserRole(actorId: string, userId: string, role: Role) {
  return underAdminLock(async (tx) => {
    const user = await findUser(userId, tx);
    if (userId === actorId && role !== 'admin') throw new ActionRefusal('users.notYourself');
    if (user.role === 'admin' && role !== 'admin') await assertAnotherActiveAdmin(tx, userId);
    await tx.user.update({ where: { id: userId }, data: { role } });
    return user;
  });
}
