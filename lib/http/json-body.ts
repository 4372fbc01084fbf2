/**
 * A request's JSON body, read up to `maxBytes` and no further: a client that declares or sends
 * more is refused without the rest being buffered (Request.json() would read all of it first).
 */
export type BoundedJson = { ok: true; value: unknown } | { ok: false; reason: 'too_large' | 'invalid' };

export async function readBoundedJson(request: Request, maxBytes: number): Promise<BoundedJson> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) return { ok: false, reason: 'too_large' };
  if (!request.body) return { ok: false, reason: 'invalid' };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return { ok: false, reason: 'too_large' };
    }
    chunks.push(value);
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
  } catch {
    return { ok: false, reason: 'invalid' };
  }
}
