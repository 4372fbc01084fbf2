import 'server-only';
import { databaseTarget } from '@/lib/db/target';
import { migrationStatus, type SqlRunner } from '@/lib/db/migrate';
import { db } from '@/lib/db/client';
import { auditWriteState } from '@/lib/audit/audit';
import pkg from '@/package.json';

export interface Health {
  /** degraded: it serves, but something it must do is failing (the audit log is not being written). */
  status: 'ok' | 'degraded' | 'unhealthy';
  version: string;
  database: { kind: 'pglite' | 'postgres'; reachable: boolean; error?: string };
  migrations: { current: boolean; pending: string[]; unknown: string[] };
  /** Whether this instance's last audit write got through; failures counts those since the last that did. */
  audit: { recording: boolean; failures: number; lastFailureAt: string | null; error?: string };
}

function auditHealth(): Health['audit'] {
  const s = auditWriteState();
  return s.ok
    ? { recording: true, failures: 0, lastFailureAt: s.lastFailureAt }
    : { recording: false, failures: s.failures, lastFailureAt: s.lastFailureAt, error: s.lastError ?? undefined };
}

// A runner on top of Prisma's own connection: the health check must not open a second
// connection to the embedded database.
const prismaRunner: SqlRunner = {
  query: (sql, params = []) => db.$queryRawUnsafe(sql, ...params),
  exec: async (sql) => {
    await db.$executeRawUnsafe(sql);
  },
  close: async () => {},
};

/**
 * One line saying why: Prisma's message starts with a blank line and an "Invalid invocation"
 * preamble, and the driver's own words are in its last line.
 */
function reasonOf(err: unknown): string {
  const lines = String((err as Error)?.message ?? err).split('\n').map((l) => l.trim()).filter(Boolean);
  const last = lines[lines.length - 1] ?? 'unknown error';
  return /Message: `(.+)`$/.exec(last)?.[1] ?? last;
}

export async function checkHealth(): Promise<Health> {
  const kind = databaseTarget().kind;
  try {
    await db.$queryRawUnsafe('SELECT 1');
    const status = await migrationStatus(prismaRunner);
    const current = status.pending.length === 0 && status.modified.length === 0;
    const audit = auditHealth();
    return {
      status: !current ? 'unhealthy' : audit.recording ? 'ok' : 'degraded',
      version: pkg.version,
      database: { kind, reachable: true },
      migrations: { current, pending: status.pending, unknown: status.unknown },
      audit,
    };
  } catch (err) {
    return {
      status: 'unhealthy',
      version: pkg.version,
      database: { kind, reachable: false, error: reasonOf(err) },
      migrations: { current: false, pending: [], unknown: [] },
      audit: auditHealth(),
    };
  }
}

