import { idParam } from '@/lib/inventory/detail';
import { withRole } from '@/lib/auth/guards';
import { finalizeImageUpload, imageUploadElsewhere } from '@/lib/services/image-uploads';
import { imageUploadIdSchema } from '@/lib/validations/image';
import { auditedAnswer, invalid, ok } from '@/lib/api/respond';

/**
 * All bytes are in: the stream ends and the image service makes the image active (on the instance
 * holding the stream: imageUploadElsewhere forwards the request there; audited here, once).
 */
export const POST = withRole('admin', async (request: Request, { params, user }: { params: Promise<{ id: string }>; user: Parameters<typeof auditedAnswer>[1] }) => {
  const parsed = imageUploadIdSchema.safeParse(idParam((await params).id));
  if (!parsed.success) return invalid('images.errors.idInvalid');
  const id = parsed.data;
  return auditedAnswer(request, user, 'images.upload.finalize', { type: 'image_upload', id }, async () => (await imageUploadElsewhere(request, id)) ?? ok(await finalizeImageUpload(id)));
});
