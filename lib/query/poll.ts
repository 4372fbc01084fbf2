import { useQuery, type DefinedUseQueryResult, type QueryKey, type UseQueryResult } from '@tanstack/react-query';
import type { ClientError } from '@/lib/backends/errors';

/**
 * The one way the browser polls a JSON read (the inventory lists, a VM's or host's live state, the
 * portal's own VMs): GET without the HTTP cache, given up after CLIENT_TIMEOUT_MS, and a failure
 * as one error class that carries the HTTP status and, where the route said it, our error words.
 */

/** The browser gives up on one poll after this; the page keeps what it showed and says so. */
export const CLIENT_TIMEOUT_MS = 20_000;
/** While an object changes by itself (powering up, migrating, locked): poll this often. */
export const FAST_MS = 1_000;
/** Otherwise. */
export const SLOW_MS = 5_000;

export class PollError extends Error {
  constructor(
    readonly status: number,
    readonly client?: ClientError,
  ) {
    super(client?.message ?? `request failed with HTTP ${status}`);
  }
}

export async function fetchJson<T>(url: string, signal: AbortSignal): Promise<T> {
  const response = await fetch(url, {
    signal: AbortSignal.any([signal, AbortSignal.timeout(CLIENT_TIMEOUT_MS)]),
    headers: { accept: 'application/json' },
    cache: 'no-store',
  });
  if (response.ok) return (await response.json()) as T;
  const body = (await response.json().catch(() => ({}))) as { error?: ClientError | string };
  const client = typeof body.error === 'object' ? body.error : body.error !== undefined ? { code: 'backend_error' as const, message: body.error } : undefined;
  throw new PollError(response.status, client);
}

interface PollOptions<T> {
  key: QueryKey;
  url: string;
  initial?: T;
  busy?: (data: T | undefined) => boolean;
  everyMs?: number | false;
  enabled?: boolean;
  staleTime?: number;
}

/**
 * Poll `url` under `key`: every `FAST_MS` while `busy(data)` says the object is moving, else every
 * `SLOW_MS` (or every `everyMs`, or not at all with `everyMs: false`). `initial` is what the server
 * rendered; it counts as old, so the first poll follows at once.
 */
export function usePoll<T>(options: PollOptions<T> & { initial: T }): DefinedUseQueryResult<T>;
export function usePoll<T>(options: PollOptions<T>): UseQueryResult<T>;
export function usePoll<T>({ key, url, initial, busy, everyMs, enabled = true, staleTime }: PollOptions<T>): UseQueryResult<T> {
  return useQuery({
    queryKey: key,
    queryFn: ({ signal }) => fetchJson<T>(url, signal),
    initialData: initial,
    initialDataUpdatedAt: initial === undefined ? undefined : 0,
    enabled,
    staleTime,
    refetchInterval: everyMs !== undefined ? everyMs : (q) => (busy?.(q.state.data) ? FAST_MS : SLOW_MS),
  });
}
