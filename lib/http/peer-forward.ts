import { createHmac, timingSafeEqual } from 'node:crypto';

// One dashboard instance forwarding a user's request to another instance of the same database
// (several instances behind a load balancer): an image upload's stream lives in the instance that
// started it, so its byte ranges must reach that one whichever instance the balancer picked.
//
// The forwarded request carries the user's own Cookie (the owner authenticates the same user
// through its normal role check on the shared session store) and a marker header signed with
// AUTH_SECRET, which every instance of one database shares. The marker means two things to the
// receiver: never forward it again (no loops, whatever the database says), and the forwarding
// instance already checked the request's origin and audits it (so it is audited once). A marker
// a browser writes itself cannot be signed: it stops forwarding but skips nothing.
//
// The target is only ever the address an instance wrote about itself into the database
// (VIRTDASH_INSTANCE_URL), never one taken from the request.

export const FORWARDED_HEADER = 'x-virtdash-forwarded';

/** What a forwarded request takes along: who the user is, where the page is, what the body is. */
const PASSED_REQUEST_HEADERS = ['cookie', 'origin', 'referer', 'content-type', 'content-length', 'accept', 'accept-language'];
/** What the owner's answer keeps (the body is re-streamed, so its framing headers are not). */
const PASSED_ANSWER_HEADERS = ['content-type', 'cache-control'];
/** A signed marker older than this is refused (it is made just before the request is sent). */
const MARKER_MAX_AGE_MS = 5 * 60_000;

function secretFrom(env: Record<string, string | undefined>): string | undefined {
  return env.AUTH_SECRET?.trim() || undefined;
}

function signature(secret: string, method: string, pathAndQuery: string, at: number): Buffer {
  // A key of its own, so the marker is never a valid signature of anything else AUTH_SECRET signs.
  const key = createHmac('sha256', secret).update('virtdash peer forward v1').digest();
  return createHmac('sha256', key).update(`${method.toUpperCase()}\n${pathAndQuery}\n${at}`).digest();
}

const pathAndQuery = (url: URL) => `${url.pathname}${url.search}`;

/** The request came through another instance already (signed or not): answer it here. */
export function isForwarded(request: Request): boolean {
  return request.headers.has(FORWARDED_HEADER);
}

/** The request was forwarded by an instance of this database (its marker verifies). */
export function fromPeer(request: Request, env: Record<string, string | undefined> = process.env, now = Date.now()): boolean {
  const secret = secretFrom(env);
  const marker = request.headers.get(FORWARDED_HEADER);
  if (!secret || !marker) return false;
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(marker);
  if (!match) return false;
  const at = Number(match[1]);
  if (Math.abs(now - at) > MARKER_MAX_AGE_MS) return false;
  const given = Buffer.from(match[2]!, 'base64url');
  const want = signature(secret, request.method, pathAndQuery(new URL(request.url)), at);
  return given.length === want.length && timingSafeEqual(given, want);
}

/** The owner's answer; or the owner did not answer (gone); or the caller's own body broke off first. */
export type PeerAnswer = { response: Response } | { unreachable: string } | { callerGone: true };

/** The request's body, piece by piece as the owner takes it, noting whether reading it failed. */
function relayedBody(source: ReadableStream<Uint8Array>, broke: () => void): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let piece: ReadableStreamReadResult<Uint8Array>;
        try {
          piece = await reader.read();
        } catch (error) {
          broke();
          throw error;
        }
        if (piece.done) controller.close();
        else controller.enqueue(piece.value);
      },
      // The owner stopped reading (it answered early, or is gone): leave the caller's body to the
      // caller's handler rather than breaking the browser's connection, which it reuses next.
      cancel: () => {
        try {
          reader.releaseLock();
        } catch {
          // A read still pending keeps the lock; the server discards the rest when it answers.
        }
      },
    },
    // Nothing read ahead: the next piece is read when the owner's socket took the last.
    { highWaterMark: 0 },
  );
}

/**
 * Sends the request on to the instance at `ownerUrl` (same method, path and query; the body
 * streamed as it arrives) and gives back its answer as it is, or why the instance did not answer.
 */
export async function forwardToPeer(request: Request, ownerUrl: string, env: Record<string, string | undefined> = process.env): Promise<PeerAnswer> {
  const secret = secretFrom(env);
  if (!secret) return { unreachable: 'AUTH_SECRET is not set, so no request can be forwarded between instances' };
  const base = new URL(ownerUrl);
  const source = new URL(request.url);
  const target = new URL(`${base.origin}${base.pathname.replace(/\/+$/, '')}${source.pathname}${source.search}`);
  // Never anywhere but the owner, whatever the path holds.
  if (target.origin !== base.origin) return { unreachable: `the path leaves ${base.origin}` };

  const headers = new Headers();
  for (const name of PASSED_REQUEST_HEADERS) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  const at = Date.now();
  // Signed for the method and path the owner's handler sees: the user's own request's.
  headers.set(FORWARDED_HEADER, `${at}.${signature(secret, request.method, pathAndQuery(source), at).toString('base64url')}`);
  const hasBody = request.body !== null && !['GET', 'HEAD'].includes(request.method.toUpperCase());
  let callerBroke = false;
  let answer: Response;
  try {
    answer = await fetch(target, {
      method: request.method,
      headers,
      body: hasBody ? relayedBody(request.body!, () => (callerBroke = true)) : undefined,
      // Streamed on as it arrives: a byte range is never held whole here either.
      ...(hasBody ? { duplex: 'half' } : {}),
      redirect: 'manual',
    } as RequestInit);
  } catch (error) {
    // The browser's connection broke off, not the owner's: the owner keeps what it took (resumable).
    if (callerBroke) return { callerGone: true };
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { unreachable: `${base.origin} did not answer (${cause?.code ?? cause?.message ?? (error as Error).message})` };
  }
  const passed = new Headers();
  for (const name of PASSED_ANSWER_HEADERS) {
    const value = answer.headers.get(name);
    if (value !== null) passed.set(name, value);
  }
  return { response: new Response(answer.body, { status: answer.status, statusText: answer.statusText, headers: passed }) };
}
