import { NextResponse } from 'next/server';
import { withRole } from '@/lib/auth/guards';
import { HTTP_STATUS_FOR_CODE } from '@/lib/backends/errors';
import { readVolume } from '@/lib/services/volumes';

export const dynamic = 'force-dynamic';

/** One volume, for following its status until it settles. */
export const GET = withRole('admin', async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const result = await readVolume(decodeURIComponent(id), request.signal);
  if (!result.ok) return NextResponse.json({ error: result.error }, { status: HTTP_STATUS_FOR_CODE[result.error.code] });
  return NextResponse.json(result.value, { headers: { 'Cache-Control': 'no-store' } });
});
