import { withRole } from '@/lib/auth/guards';
import { jsonBody } from '@/lib/http/json-body';
import { startImageUpload } from '@/lib/services/image-uploads';
import { imageUploadStartSchema } from '@/lib/validations/image';
import { audited, failed, invalid, ok } from '@/lib/api/respond';

/**
 * Starts an image upload: a queued image record in the connection's image service (Glance) with
 * the formats the user chose, and the stream of its bytes. The browser then PUTs byte ranges to
 * /api/images/uploads/{transferId}.
 */
export const POST = withRole('admin', async (request: Request, { user }) => {
  const body = await jsonBody(request);
  if (!body.ok) return body.response;
  const parsed = imageUploadStartSchema.safeParse(body.value);
  if (!parsed.success) return invalid(parsed.error.issues[0]?.message ?? 'invalid');
  const { connectionId, ...input } = parsed.data;
  try {
    const state = await audited(request, user, 'images.upload.start', { type: 'image', name: input.name }, () => startImageUpload(connectionId, input));
    return ok(state, 201);
  } catch (error) {
    return failed(error);
  }
});
