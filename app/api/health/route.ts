import { NextResponse } from 'next/server';
import { checkHealth } from '@/lib/health';

// Public on purpose (load balancers and the e2e setup poll it): it says whether the database is
// reachable and current, never why not. The driver's words (host, port, user names) go to the log.
export const dynamic = 'force-dynamic';

export async function GET() {
  const { database, ...health } = await checkHealth();
  const { error, ...publicDatabase } = database;
  if (error) console.error('[health] database unreachable:', error);
  return NextResponse.json({ ...health, database: publicDatabase }, { status: health.status === 'ok' ? 200 : 503, headers: { 'Cache-Control': 'no-store' } });
}
