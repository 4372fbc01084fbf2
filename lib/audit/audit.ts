import 'server-only';
import type { Prisma } from '@prisma/client';
import { db } from '@/lib/db/client';

export interface AuditInput {
  actor: { id?: string | null; username: string } | null;
  action: string;
  target?: { type: string; id?: string | null; name?: string | null };
  result: 'success' | 'failure';
  detail?: Prisma.InputJsonValue;
  ip?: string | null;
}

/** Writes one audit entry. Never throws: a failed audit write is logged, not shown to the user. */
export async function audit(entry: AuditInput): Promise<void> {
  try {
    await db.auditEntry.create({
      data: {
        actorId: entry.actor?.id ?? null,
        actorName: entry.actor?.username ?? 'anonymous',
        action: entry.action,
        targetType: entry.target?.type ?? null,
        targetId: entry.target?.id ?? null,
        targetName: entry.target?.name ?? null,
        result: entry.result,
        detail: entry.detail,
        ip: entry.ip ?? null,
      },
    });
  } catch (err) {
    console.error('[audit] could not record', entry.action, (err as Error).message);
  }
}
