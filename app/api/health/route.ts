import { NextResponse } from 'next/server';
import { checkHealth } from '@/lib/health';

// Public on purpose (load balancers and the e2e setup poll it): it says whether the database is
// reachable and current, never why not. The driver's words (host, port, user names) go to the log.
export const dynamic = 'force-dynamic';

export async function GET() {
  const { database, audit, ...health } = await checkHealth();
  const { error, ...publicDatabase } = database;
  const { error: auditError, ...publicAudit } = audit;
  if (error) console.error('[health] database unreachable:', error);
  if (auditError) console.error('[health] audit writes failing:', auditError);
  // Degraded still answers 200: the instance serves, and a balancer that took every instance out
  // because the shared audit table refuses writes would stop the dashboard, not the fault.
  // Monitoring reads "status" (and audit.failures) to alert.
  return NextResponse.json(
    { ...health, database: publicDatabase, audit: publicAudit },
    { status: health.status === 'unhealthy' ? 503 : 200, headers: { 'Cache-Control': 'no-store' } },
  );
}
