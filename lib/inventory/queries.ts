/**
 * One queryOptions factory per inventory resource (TanStack's advanced-SSR
 * pattern): the server component fills the cache under the same key that the
 * client then polls through /api/inventory/<resource>.
 */
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { fetchJson } from '@/lib/query/poll';
import { POLL_MS, type InventoryResource, type WireData } from './resources';
import type { ConnectionFailure } from './types';

/** How soon a list asks again while a connection has not answered yet (its read goes on on the server). */
const PENDING_POLL_MS = 1_500;

/** True when some connection of a list has not answered yet. */
function someoneStillAnswering(data: unknown): boolean {
  const failures = (data as { failures?: ConnectionFailure[] } | undefined)?.failures;
  return failures?.some((f) => f.pending) ?? false;
}

export function inventoryKey(resource: InventoryResource, search: string) {
  return ['inventory', resource, search] as const;
}

function fetchResource<R extends InventoryResource>(resource: R, search: string, signal: AbortSignal): Promise<WireData<R>> {
  return fetchJson<WireData<R>>(`/api/inventory/${resource}${search ? `?${search}` : ''}`, signal);
}

/** `search` is the list's normalised URL state (listSearch / eventSearch), so equal states share a key. */
export function inventoryOptions<R extends InventoryResource>(resource: R, search: string) {
  return queryOptions({
    queryKey: inventoryKey(resource, search),
    queryFn: ({ signal }) => fetchResource(resource, search, signal),
    // A connection that has not answered yet is asked again soon: its rows appear once they come.
    refetchInterval: (query) => (someoneStillAnswering(query.state.data) ? Math.min(PENDING_POLL_MS, POLL_MS[resource]) : POLL_MS[resource]),
    // While the next page or filter loads, the old rows stay: no blank table, no scroll jump.
    placeholderData: keepPreviousData,
    // A poll that failed is retried by the next poll.
    retry: false,
  });
}
