import { idParam } from '@/lib/inventory/detail';
import { withRole } from '@/lib/auth/guards';
import { cancelImageUpload, imageUploadElsewhere, imageUploadState, writeImageUpload } from '@/lib/services/image-uploads';
import { imageUploadIdSchema } from '@/lib/validations/image';
import { uploadChunkSchema } from '@/lib/validations/upload';
import { auditedAnswer, failed, invalid, ok } from '@/lib/api/respond';

type Params = { params: Promise<{ id: string }> };

async function transferId(params: Params['params']): Promise<string | undefined> {
  const parsed = imageUploadIdSchema.safeParse(idParam((await params).id));
  return parsed.success ? parsed.data : undefined;
}

// Each handler first asks whether another dashboard instance holds the upload's stream; if so, that
// instance answers (imageUploadElsewhere forwards the request there).

/** The upload's phase and the bytes passed on to the image service (a reloaded page resumes from here). */
export const GET = withRole('admin', async (request: Request, { params }: Params) => {
  const id = await transferId(params);
  if (!id) return invalid('images.errors.idInvalid');
  try {
    return (await imageUploadElsewhere(request, id)) ?? ok(await imageUploadState(id));
  } catch (error) {
    return failed(error);
  }
});

/** The request body, piece by piece as it arrives, refusing more bytes than the range announced. */
async function* atMost(body: ReadableStream<Uint8Array>, length: number): AsyncGenerator<Uint8Array> {
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
}

/**
 * One byte range of the file (`?offset=&length=&total=`), streamed on into the image service's
 * upload as it arrives: never held whole. Ranges are not audited one by one: the upload they
 * belong to was (start, finalize, cancel).
 */
export const PUT = withRole('admin', async (request: Request, { params }: Params) => {
  const id = await transferId(params);
  if (!id) return invalid('images.errors.idInvalid');
  const range = uploadChunkSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!range.success || !request.body) return invalid(range.success ? 'isoUpload.errors.rangeInvalid' : (range.error.issues[0]?.message ?? 'invalid'));
  try {
    const elsewhere = await imageUploadElsewhere(request, id);
    if (elsewhere) return elsewhere;
    const state = await writeImageUpload(id, { ...range.data, body: atMost(request.body, range.data.length) });
    // A short body is not an error of the stream: the state says where to resume.
    return ok(state);
  } catch (error) {
    return failed(error);
  }
});

/** Cancel: the stream stops and the half-uploaded image is deleted. */
export const DELETE = withRole('admin', async (request: Request, { params, user }: Params & { user: Parameters<typeof auditedAnswer>[1] }) => {
  const id = await transferId(params);
  if (!id) return invalid('images.errors.idInvalid');
  return auditedAnswer(request, user, 'images.upload.cancel', { type: 'image_upload', id }, async () => (await imageUploadElsewhere(request, id)) ?? ok(await cancelImageUpload(id)));
});
