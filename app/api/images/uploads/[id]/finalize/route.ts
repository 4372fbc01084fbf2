import { idParam } from '@/lib/inventory/detail';
import { withRole } from '@/lib/auth/guards';
import { finalizeImageUpload } from '@/lib/services/image-uploads';
import { imageUploadIdSchema } from '@/lib/validations/image';
import { audited, failed, invalid, ok } from '@/lib/api/respond';

/** All bytes are in: the stream ends and the image service makes the image active. */
export const POST = withRole('admin', async (request: Request, { params, user }: { params: Promise<{ id: string }>; user: Parameters<typeof audited>[1] }) => {
  const parsed = imageUploadIdSchema.safeParse(idParam((await params).id));
  if (!parsed.success) return invalid('images.errors.idInvalid');
  try {
    return ok(await audited(request, user, 'images.upload.finalize', { type: 'image_upload', id: parsed.data }, () => finalizeImageUpload(parsed.data)));
  } catch (error) {
    return failed(error);
  }
});
