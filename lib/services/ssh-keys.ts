import 'server-only';
import { createHash } from 'node:crypto';
import { ActionRefusal } from './refusal';
import { db } from '@/lib/db/client';
import type { SshKeyAddInput } from '@/lib/validations/ssh-key';

/**
 * A user's SSH public keys (their profile page), picked at launch and injected with cloud-init.
 * Every call is scoped to the caller's own id: another user's key is never listed, used or removed.
 */

export const MAX_KEYS_PER_USER = 20;

/** The fingerprint `ssh-keygen -l` prints (SHA256, unpadded base64), so users recognise their key. */
export function fingerprintOf(publicKey: string): string {
  const blob = publicKey.split(' ')[1] ?? '';
  return `SHA256:${createHash('sha256').update(Buffer.from(blob, 'base64')).digest('base64').replace(/=+$/, '')}`;
}

export async function listSshKeys(userId: string) {
  const keys = await db.sshKey.findMany({ where: { userId }, orderBy: { name: 'asc' } });
  return keys.map((k) => ({ id: k.id, name: k.name, type: k.publicKey.split(' ')[0], fingerprint: fingerprintOf(k.publicKey), createdAt: k.createdAt }));
}

export async function addSshKey(userId: string, input: SshKeyAddInput) {
  if ((await db.sshKey.count({ where: { userId } })) >= MAX_KEYS_PER_USER) throw new ActionRefusal('sshKeys.errors.tooMany', { max: MAX_KEYS_PER_USER });
  if (await db.sshKey.findFirst({ where: { userId, name: input.name } })) throw new ActionRefusal('sshKeys.errors.nameTaken');
  return db.sshKey.create({ data: { userId, name: input.name, publicKey: input.publicKey } }).catch((err: unknown) => {
    // Two adds at once: the unique index decides (Prisma's P2002, or the driver adapter's own error).
    const e = err as { code?: string; cause?: { kind?: string }; message?: string };
    if (e.code === 'P2002' || e.cause?.kind === 'UniqueConstraintViolation' || /duplicate key|unique constraint/i.test(e.message ?? '')) throw new ActionRefusal('sshKeys.errors.nameTaken');
    throw err;
  });
}

export async function removeSshKey(userId: string, id: string): Promise<string> {
  const key = await db.sshKey.findFirst({ where: { id, userId } });
  if (!key) throw new ActionRefusal('sshKeys.errors.notFound');
  await db.sshKey.delete({ where: { id: key.id } });
  return key.name;
}
