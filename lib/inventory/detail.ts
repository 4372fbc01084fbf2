import 'server-only';
import { notFound } from 'next/navigation';
import { isBackendError, toClientError, type ClientError } from '@/lib/backends/errors';

/**
 * A detail page's read: a missing object (or an id that names nothing) is the
 * not-found page; any other failure (engine down, slow, refused) is returned
 * so the page can say why instead of crashing.
 */
export async function readDetail<T>(read: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: ClientError }> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    if (isBackendError(error, 'not_found')) notFound();
    if (!isBackendError(error)) console.error('[inventory] detail read failed:', error);
    return { ok: false, error: toClientError(error) };
  }
}

/** Route params arrive percent-encoded or not depending on the path; qualified ids hold ':' and maybe '/'. */
export function idParam(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
