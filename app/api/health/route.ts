import { NextResponse } from 'next/server';
import { checkHealth } from '@/lib/health';

// Public on purpose (load balancers and the e2e setup poll it); it reveals no data.
export const dynamic = 'force-dynamic';

export async function GET() {
  const health = await checkHealth();
  return NextResponse.json(health, { status: health.status === 'ok' ? 200 : 503, headers: { 'Cache-Control': 'no-store' } });
}
