import { HydrationBoundary } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { NoBackendYet } from '@/components/shell/no-backend';
import { PageHeader } from '@/components/ui/card';
import { loadInventory } from '@/lib/services/inventory-load';
import { hydrationState } from '@/lib/inventory/prefetch';
import type { InventoryResource } from '@/lib/inventory/resources';

type RawParams = Record<string, string | string[] | undefined>;

/**
 * The server half of every live list: read the first page through the shared
 * cache, hydrate it under the key the client table polls, or show the honest
 * empty state when no connection exists. `actions` is the header's slot for
 * buttons (create wizards) added by other features.
 */
export async function ListPage({
  resource,
  raw,
  search,
  title,
  description,
  actions,
  children,
}: {
  resource: InventoryResource;
  raw: RawParams;
  /** The normalised URL state, as the client table computes it. */
  search: string;
  title: ReactNode;
  description?: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  const data = await loadInventory(resource, raw);
  const connections = 'connections' in data ? data.connections : [];
  return (
    <>
      <PageHeader title={title} description={description} actions={actions} />
      {connections.length === 0 ? <NoBackendYet /> : <HydrationBoundary state={hydrationState(resource, search, data)}>{children}</HydrationBoundary>}
    </>
  );
}
