import { idParam } from '@/lib/inventory/detail';
import { errorAnswer, ok } from '@/lib/api/respond';
import { withRole } from '@/lib/auth/guards';
import { readVolume } from '@/lib/services/volumes';

export const dynamic = 'force-dynamic';

/** One volume, for following its status until it settles. */
export const GET = withRole('admin', async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const result = await readVolume(idParam(id), request.signal);
  if (!result.ok) return errorAnswer(result.error);
  return ok(result.value);
});
