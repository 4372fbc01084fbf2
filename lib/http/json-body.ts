import { NextResponse } from 'next/server';

// Route handlers read JSON only when it is labelled JSON: a text/plain or form body is what a
// page on another site can send without a CORS preflight, so it is refused (415) before parsing.
// The body is read up to a limit, so a caller cannot make the server buffer without bound (413).

export type JsonBody = { ok: true; value: unknown } | { ok: false; response: Response };

export const DEFAULT_JSON_LIMIT = 64 * 1024;

function isJson(contentType: string | null): boolean {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type === 'application/json';
}

/** The parsed JSON body (null when it is not valid JSON), or the response refusing it. */
export async function jsonBody(request: Request, maxBytes = DEFAULT_JSON_LIMIT): Promise<JsonBody> {
  if (!isJson(request.headers.get('content-type'))) {
    return { ok: false, response: NextResponse.json({ error: { code: 'unsupported_media_type', message: 'Send the body as application/json.' } }, { status: 415 }) };
  }
  const tooLarge = () => ({ ok: false as const, response: NextResponse.json({ error: { code: 'too_large', message: `The body is larger than ${maxBytes} bytes.` } }, { status: 413 }) });
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) return tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        return tooLarge();
      }
      chunks.push(value);
    }
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
  } catch {
    return { ok: true, value: null };
  }
}
