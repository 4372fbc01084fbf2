import { idParam } from '@/lib/inventory/detail';
import { withRole } from '@/lib/auth/guards';
import { cancelUpload, uploadState, writeUpload } from '@/lib/services/infra-operations';
import { uploadChunkSchema, uploadIdSchema } from '@/lib/validations/upload';
import { audited, failed, invalid, ok } from '@/lib/api/respond';

type Params = { params: Promise<{ id: string }> };

async function transferId(params: Params['params']): Promise<string | undefined> {
  const parsed = uploadIdSchema.safeParse(idParam((await params).id));
  return parsed.success ? parsed.data : undefined;
}

/** The upload's phase and the bytes the engine has (a reloaded page resumes from its own record). */
export const GET = withRole('admin', async (request: Request, { params }: Params) => {
  const id = await transferId(params);
  if (!id) return invalid('isoUpload.errors.idInvalid');
  try {
    return ok(await uploadState(id, request.signal));
  } catch (error) {
    return failed(error);
  }
});

/** Counts bytes as they pass, so a body shorter or longer than announced fails instead of corrupting the image. */
async function* exactly(body: ReadableStream<Uint8Array>, length: number): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  let seen = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      seen += value.byteLength;
      if (seen > length) throw new Error('more bytes than announced');
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
  if (seen !== length) throw new Error('fewer bytes than announced');
}

/**
 * One byte range of the file (`?offset=&length=&total=`). The request body is piped to the
 * engine's image proxy as it arrives: never held whole in memory. Ranges are not audited one by
 * one: the upload they belong to was (start, finalize, cancel).
 */
export const PUT = withRole('admin', async (request: Request, { params }: Params) => {
  const id = await transferId(params);
  if (!id) return invalid('isoUpload.errors.idInvalid');
  const url = new URL(request.url);
  const range = uploadChunkSchema.safeParse(Object.fromEntries(url.searchParams));
  if (!range.success || !request.body) return invalid(range.success ? 'isoUpload.errors.rangeInvalid' : (range.error.issues[0]?.message ?? 'invalid'));
  try {
    await writeUpload(id, { offset: range.data.offset, length: range.data.length, totalBytes: range.data.total, body: exactly(request.body, range.data.length) }, request.signal);
    return ok({ written: range.data.offset + range.data.length });
  } catch (error) {
    return failed(error);
  }
});

/** Cancel: the engine drops the transfer and marks the half-written disk. */
export const DELETE = withRole('admin', async (request: Request, { params, user }: Params & { user: Parameters<typeof audited>[1] }) => {
  const id = await transferId(params);
  if (!id) return invalid('isoUpload.errors.idInvalid');
  try {
    return ok(await audited(request, user, 'uploads.cancel', { type: 'image_transfer', id }, () => cancelUpload(id)));
  } catch (error) {
    return failed(error);
  }
});
