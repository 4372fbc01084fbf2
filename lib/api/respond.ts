import 'server-only';
import { NextResponse } from 'next/server';
import { audit } from '@/lib/audit/audit';
import { clientIpFrom } from '@/lib/auth/client-ip';
import type { SessionUser } from '@/lib/auth/roles';
import { HTTP_STATUS_FOR_CODE, toClientError } from '@/lib/backends/errors';

/** JSON answers of the upload API: the state, or the error the browser may see (engine's words as detail). */
export function ok(body: unknown, status = 200): NextResponse {
  return NextResponse.json(body, { status, headers: { 'cache-control': 'no-store' } });
}

export function failed(error: unknown): NextResponse {
  const client = toClientError(error);
  return NextResponse.json({ error: client }, { status: HTTP_STATUS_FOR_CODE[client.code], headers: { 'cache-control': 'no-store' } });
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
