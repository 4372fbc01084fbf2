import { NextResponse } from 'next/server';
import { withRole } from '@/lib/auth/guards';
import { HTTP_STATUS_FOR_CODE } from '@/lib/backends/errors';
import { readVolumePage } from '@/lib/services/volumes';
import { volumeListParamsSchema, volumeListQuery } from '@/lib/validations/volume';

export const dynamic = 'force-dynamic';

/** One page of a connection's volumes, for polling (same URL state as the page). */
export const GET = withRole('admin', async (request: Request) => {
  const params = volumeListParamsSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  if (!params.c) return NextResponse.json({ error: { code: 'invalid_input', message: 'Name the connection: ?c=<id>.' } }, { status: 400 });
  const result = await readVolumePage(params.c, volumeListQuery(params), request.signal);
  if (!result.ok) return NextResponse.json({ error: result.error }, { status: HTTP_STATUS_FOR_CODE[result.error.code] });
  return NextResponse.json(result.value, { headers: { 'Cache-Control': 'no-store' } });
});
