'use client';

import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { inventoryOptions } from '@/lib/inventory/queries';
import type { InventoryResource } from '@/lib/inventory/resources';
import type { ConnectionInfo } from '@/lib/inventory/types';

/** The live read of one resource, plus a connection lookup for the rows' name and "simulated" badge. */
export function useInventory<R extends InventoryResource>(resource: R, search: string, { live = true }: { live?: boolean } = {}) {
  const query = useQuery({ ...inventoryOptions(resource, search), refetchInterval: live ? inventoryOptions(resource, search).refetchInterval : false });
  const connections = query.data && 'connections' in query.data ? query.data.connections : undefined;
  const byId = useMemo(() => new Map<string, ConnectionInfo>((connections ?? []).map((c) => [c.id, c])), [connections]);
  return { ...query, connectionOf: (id: string) => byId.get(id), manyConnections: byId.size > 1 };
}

/** Names of the clusters and hosts, for filter menus: read once, not polled. */
export function useRefNames(kind: 'clusters' | 'hosts', enabled = true) {
  const { data } = useQuery({ ...inventoryOptions(kind, 'size=500'), refetchInterval: false, staleTime: 60_000, enabled });
  return useMemo(() => [...new Set((data?.items ?? []).map((i) => i.name))].sort(), [data]);
}
