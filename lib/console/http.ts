import 'server-only';
import { NextResponse } from 'next/server';
import { HTTP_STATUS_FOR_CODE, isBackendError, toClientError } from '@/lib/backends';

/** A failed console request as JSON: the code decides the status; backend internals stay in the log. */
export function consoleErrorResponse(err: unknown, context: string): NextResponse {
  if (!isBackendError(err)) console.error(`[console] ${context}:`, err);
  const client = toClientError(err);
  return NextResponse.json({ error: client }, { status: HTTP_STATUS_FOR_CODE[client.code] ?? 500, headers: { 'cache-control': 'no-store' } });
}
