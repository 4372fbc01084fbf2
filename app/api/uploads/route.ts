import { withRole } from '@/lib/auth/guards';
import { startUpload } from '@/lib/services/infra-operations';
import { uploadStartSchema } from '@/lib/validations/upload';
import { audited, failed, invalid, ok } from '@/lib/api/respond';

/**
 * Starts an upload: a new disk (an ISO by default) on a data domain and the engine's image
 * transfer for its bytes. The browser then PUTs byte ranges to /api/uploads/{transferId}.
 */
export const POST = withRole('admin', async (request: Request, { user }) => {
  const parsed = uploadStartSchema.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return invalid(parsed.error.issues[0]?.message ?? 'invalid');
  try {
    const state = await audited(request, user, 'uploads.start', { type: 'disk', name: parsed.data.name }, () => startUpload(parsed.data));
    return ok(state, 201);
  } catch (error) {
    return failed(error);
  }
});
