import { idParam } from '@/lib/inventory/detail';
import { withRole } from '@/lib/auth/guards';
import { finalizeUpload } from '@/lib/services/infra-operations';
import { uploadIdSchema } from '@/lib/validations/upload';
import { audited, failed, invalid, ok } from '@/lib/api/respond';

/** All bytes are in: the engine verifies the image and unlocks the disk (finished_success). */
export const POST = withRole('admin', async (request: Request, { params, user }: { params: Promise<{ id: string }>; user: Parameters<typeof audited>[1] }) => {
  const parsed = uploadIdSchema.safeParse(idParam((await params).id));
  if (!parsed.success) return invalid('isoUpload.errors.idInvalid');
  try {
    return ok(await audited(request, user, 'uploads.finalize', { type: 'image_transfer', id: parsed.data }, () => finalizeUpload(parsed.data)));
  } catch (error) {
    return failed(error);
  }
});
