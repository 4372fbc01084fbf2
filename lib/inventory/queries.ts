/**
 * One queryOptions factory per inventory resource (TanStack's advanced-SSR
 * pattern): the server component fills the cache under the same key that the
 * client then polls through /api/inventory/<resource>.
 */
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { POLL_MS, type InventoryResource, type WireData } from './resources';

/** The browser gives up on one poll after this; the table keeps its rows and says so. */
export const CLIENT_TIMEOUT_MS = 20_000;

export class InventoryFetchError extends Error {
  constructor(readonly status: number) {
    super(`inventory request failed with HTTP ${status}`);
  }
}

export function inventoryKey(resource: InventoryResource, search: string) {
  return ['inventory', resource, search] as const;
}

async function fetchResource<R extends InventoryResource>(resource: R, search: string, signal: AbortSignal): Promise<WireData<R>> {
  const url = `/api/inventory/${resource}${search ? `?${search}` : ''}`;
  const response = await fetch(url, {
    signal: AbortSignal.any([signal, AbortSignal.timeout(CLIENT_TIMEOUT_MS)]),
    headers: { accept: 'application/json' },
    cache: 'no-store',
  });
  if (!response.ok) throw new InventoryFetchError(response.status);
  return (await response.json()) as WireData<R>;
}

/** `search` is the list's normalised URL state (listSearch / eventSearch), so equal states share a key. */
export function inventoryOptions<R extends InventoryResource>(resource: R, search: string) {
  return queryOptions({
    queryKey: inventoryKey(resource, search),
    queryFn: ({ signal }) => fetchResource(resource, search, signal),
    refetchInterval: POLL_MS[resource],
    // While the next page or filter loads, the old rows stay: no blank table, no scroll jump.
    placeholderData: keepPreviousData,
    // A poll that failed is retried by the next poll.
    retry: false,
  });
}
