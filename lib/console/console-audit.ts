// Audit entries for consoles, written from the custom server's WebSocket relay. Same table and
// shape as lib/audit/audit.ts (server-only, so not importable here); never throws either.
import type { Prisma, PrismaClient } from '@prisma/client';
import { getDb } from '@/lib/db/prisma';

export interface ConsoleAuditInput {
  actor: { id: string; username: string } | null;
  action: 'console.open' | 'console.close';
  vm?: { id: string; name?: string | null };
  result: 'success' | 'failure';
  detail?: Prisma.InputJsonValue;
  ip?: string | null;
}

export async function auditConsole(entry: ConsoleAuditInput, db: PrismaClient = getDb()): Promise<void> {
  try {
    await db.auditEntry.create({
      data: {
        actorId: entry.actor?.id ?? null,
        actorName: entry.actor?.username ?? 'anonymous',
        action: entry.action,
        targetType: entry.vm ? 'vm' : null,
        targetId: entry.vm?.id ?? null,
        targetName: entry.vm?.name ?? null,
        result: entry.result,
        detail: entry.detail,
        ip: entry.ip ?? null,
      },
    });
  } catch (err) {
    console.error('[audit] could not record', entry.action, (err as Error).message);
  }
}
