import { idParam } from '@/lib/inventory/detail';
import { errorAnswer, ok } from '@/lib/api/respond';
import { withRole } from '@/lib/auth/guards';
import { readSnapshots } from '@/lib/services/volumes';

export const dynamic = 'force-dynamic';

/** A volume's snapshots, for following the ones being created or deleted (through the shared cache). */
export const GET = withRole('admin', async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const result = await readSnapshots(idParam(id), request.signal);
  if (!result.ok) return errorAnswer(result.error);
  return ok(result.value);
});
