import { NextResponse } from 'next/server';
import { withRole } from '@/lib/auth/guards';
import { HTTP_STATUS_FOR_CODE } from '@/lib/backends/errors';
import { readSnapshots } from '@/lib/services/volumes';

export const dynamic = 'force-dynamic';

/** A volume's snapshots, for following the ones being created or deleted (through the shared cache). */
export const GET = withRole('admin', async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const result = await readSnapshots(decodeURIComponent(id), request.signal);
  if (!result.ok) return NextResponse.json({ error: result.error }, { status: HTTP_STATUS_FOR_CODE[result.error.code] });
  return NextResponse.json(result.value, { headers: { 'Cache-Control': 'no-store' } });
});
