import 'server-only';
import type { Prisma } from '@prisma/client';
import { z } from 'zod';
import { db } from '@/lib/db/client';

export const auditQuerySchema = z.object({
  actor: z.string().trim().max(128).optional().catch(undefined),
  action: z.string().trim().max(128).optional().catch(undefined),
  result: z.enum(['success', 'failure']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const AUDIT_PAGE_SIZE = 50;

/** One page of the audit log, newest first, filtered in the database. */
export async function listAuditEntries(query: AuditQuery) {
  const where: Prisma.AuditEntryWhereInput = {
    ...(query.actor ? { actorName: { contains: query.actor, mode: 'insensitive' } } : {}),
    ...(query.action ? { action: { startsWith: query.action } } : {}),
    ...(query.result ? { result: query.result } : {}),
  };
  const rows = await db.auditEntry.findMany({
    where,
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    skip: (query.page - 1) * AUDIT_PAGE_SIZE,
    take: AUDIT_PAGE_SIZE + 1,
  });
  return { items: rows.slice(0, AUDIT_PAGE_SIZE), hasMore: rows.length > AUDIT_PAGE_SIZE, page: query.page };
}
