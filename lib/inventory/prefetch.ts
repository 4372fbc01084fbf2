import 'server-only';
import { dehydrate, type DehydratedState } from '@tanstack/react-query';
import { getQueryClient } from '@/lib/query/client';
import { inventoryKey } from './queries';
import type { InventoryResource, WireData } from './resources';

/**
 * The server's read, placed under the key the client polls, for
 * <HydrationBoundary>: the first paint has rows and the browser does not
 * fetch the same page again until it goes stale.
 */
export function hydrationState<R extends InventoryResource>(resource: R, search: string, data: WireData<R>): DehydratedState {
  const client = getQueryClient();
  client.setQueryData(inventoryKey(resource, search), data);
  return dehydrate(client);
}
