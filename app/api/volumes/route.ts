import { NextResponse } from 'next/server';
import { withRole } from '@/lib/auth/guards';
import { HTTP_STATUS_FOR_CODE } from '@/lib/backends/errors';
import { readVolumePage } from '@/lib/services/volumes';
import { VOLUME_PAGE_SIZE, volumeListParamsSchema } from '@/lib/validations/volume';

export const dynamic = 'force-dynamic';

/** One page of a connection's volumes, for polling (same URL state as the page). */
export const GET = withRole('admin', async (request: Request) => {
  const params = volumeListParamsSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  if (!params.c) return NextResponse.json({ error: { code: 'invalid_input', message: 'Name the connection: ?c=<id>.' } }, { status: 400 });
  const result = await readVolumePage(
    params.c,
    {
      page: 1,
      pageSize: VOLUME_PAGE_SIZE,
      marker: params.m,
      text: params.q,
      filters: params.status ? { status: params.status } : undefined,
      sort: params.sort ? { field: params.sort, dir: params.dir ?? 'asc' } : undefined,
    },
    request.signal,
  );
  if (!result.ok) return NextResponse.json({ error: result.error }, { status: HTTP_STATUS_FOR_CODE[result.error.code] });
  return NextResponse.json(result.value, { headers: { 'Cache-Control': 'no-store' } });
});
