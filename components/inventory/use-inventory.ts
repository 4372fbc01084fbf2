'use client';

import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { inventoryOptions } from '@/lib/inventory/queries';
import type { InventoryResource } from '@/lib/inventory/resources';
import type { ConnectionInfo } from '@/lib/inventory/types';

/** The live read of one resource, plus a connection lookup for the rows' name and "simulated" badge. */
export function useInventory<R extends InventoryResource>(resource: R, search: string) {
  const query = useQuery(inventoryOptions(resource, search));
  const connections = query.data && 'connections' in query.data ? query.data.connections : undefined;
  const byId = useMemo(() => new Map<string, ConnectionInfo>((connections ?? []).map((c) => [c.id, c])), [connections]);
  return { ...query, connectionOf: (id: string) => byId.get(id), manyConnections: byId.size > 1 };
}
