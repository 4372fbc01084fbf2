import 'server-only';
import { NextResponse } from 'next/server';
import { audit } from '@/lib/audit/audit';
import { clientIpFrom } from '@/lib/auth/client-ip';
import type { SessionUser } from '@/lib/auth/roles';
import { HTTP_STATUS_FOR_CODE, toClientError, type ClientError } from '@/lib/backends/errors';
import { fromPeer } from '@/lib/http/peer-forward';

/**
 * THE JSON answers of the route handlers: a body, or the error the browser may see (our words,
 * the backend's own as `detail`) with the HTTP status its code stands for. Never cached.
 */
export function ok(body: unknown, status = 200): NextResponse {
  return NextResponse.json(body, { status, headers: { 'cache-control': 'no-store' } });
}

/** A ClientError (e.g. a service's settled Outcome) as the answer. */
export function errorAnswer(client: ClientError): NextResponse {
  return NextResponse.json({ error: client }, { status: HTTP_STATUS_FOR_CODE[client.code], headers: { 'cache-control': 'no-store' } });
}

/** Anything thrown below a route handler, as the answer (a bug becomes generic words, never a stack). */
export function failed(error: unknown): NextResponse {
  return errorAnswer(toClientError(error));
}

export function invalid(message: string): NextResponse {
  return NextResponse.json({ error: { code: 'invalid_input', message } }, { status: 400 });
}

/** Every mutation of the upload API leaves an audit entry, success or failure. */
export async function audited<T>(
  request: Request,
  user: SessionUser,
  action: string,
  target: { type: string; id?: string; name?: string },
  fn: () => Promise<T>,
): Promise<T> {
  const ip = clientIpFrom(request.headers);
  try {
    const result = await fn();
    await audit({ actor: user, action, target, result: 'success', ip });
    return result;
  } catch (error) {
    await audit({ actor: user, action, target, result: 'failure', detail: { reason: toClientError(error).message }, ip });
    throw error;
  }
}

/** Why an error answer failed, from its JSON body (ours or a peer instance's), for the audit log. */
async function answerReason(response: Response): Promise<string> {
  const body = (await response
    .clone()
    .json()
    .catch(() => undefined)) as { error?: { message?: unknown } | string } | undefined;
  const error = body?.error;
  const message = typeof error === 'string' ? error : error?.message;
  return typeof message === 'string' ? message.slice(0, 500) : `HTTP ${response.status}`;
}

/**
 * `audited` for a handler that may answer with another instance's response (an upload forwarded to
 * the instance holding it): the answer's status says success or failure. The user's request is
 * audited on the instance that received it; a request a peer instance forwarded here
 * (lib/http/peer-forward.ts) is audited there, so it is not audited again.
 */
export async function auditedAnswer(
  request: Request,
  user: SessionUser,
  action: string,
  target: { type: string; id?: string; name?: string },
  fn: () => Promise<Response>,
): Promise<Response> {
  if (fromPeer(request)) return fn().catch(failed);
  const ip = clientIpFrom(request.headers);
  let response: Response;
  try {
    response = await fn();
  } catch (error) {
    await audit({ actor: user, action, target, result: 'failure', detail: { reason: toClientError(error).message }, ip });
    return failed(error);
  }
  if (response.ok) await audit({ actor: user, action, target, result: 'success', ip });
  else await audit({ actor: user, action, target, result: 'failure', detail: { reason: await answerReason(response) }, ip });
  return response;
}
