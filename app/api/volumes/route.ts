import { errorAnswer, invalid, ok } from '@/lib/api/respond';
import { withRole } from '@/lib/auth/guards';
import { readVolumePage } from '@/lib/services/volumes';
import { volumeListParamsSchema, volumeListQuery } from '@/lib/validations/volume';

export const dynamic = 'force-dynamic';

/** One page of a connection's volumes, for polling (same URL state as the page). */
export const GET = withRole('admin', async (request: Request) => {
  const params = volumeListParamsSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  if (!params.c) return invalid('Name the connection: ?c=<id>.');
  const result = await readVolumePage(params.c, volumeListQuery(params), request.signal);
  if (!result.ok) return errorAnswer(result.error);
  return ok(result.value);
});
