import 'server-only';
import { EVENT_WINDOW_MS, parseEventParams, parseListParams, toListQuery } from '@/lib/validations/inventory';
import {
  listAcross,
  listEventsAcross,
  listHostRows,
  listVmRows,
  overviewSummary,
  type ReadOptions,
} from '@/lib/services/inventory';
import type { InventoryResource, ResourceData, WireData } from '@/lib/inventory/resources';
import { toWire } from '@/lib/inventory/wire';

type RawParams = URLSearchParams | Record<string, string | string[] | undefined>;

/**
 * ONE entry point for a resource read from URL params: the pages' prefetch
 * and the polling route handler both call this, so the hydrated data and the
 * polled data are the same shape from the same query.
 * Never throws for a backend's sake: failures travel inside the result. Lists are read `live`:
 * a connection that has not answered within a second is shown as still being waited for.
 */
export async function loadInventory<R extends InventoryResource>(
  resource: R,
  raw: RawParams,
  options: ReadOptions = {},
): Promise<WireData<R>> {
  return toWire(await read(resource, raw, options)) as WireData<R>;
}

async function read(resource: InventoryResource, raw: RawParams, options: ReadOptions): Promise<ResourceData[InventoryResource]> {
  switch (resource) {
    case 'overview':
      // Whole, not within a second: the overview page streams each connection's section with its
      // own patience and its poller takes over at its first answer; a faster poll would replace
      // the page before the sections have streamed in (leaving their hidden copies behind).
      return overviewSummary(options);
    case 'events': {
      const p = parseEventParams(raw);
      return listEventsAcross(
        { max: p.max, severity: p.severity, object: p.object, sinceMs: p.since ? Date.now() - EVENT_WINDOW_MS[p.since] : undefined },
        { ...options, connectionId: p.connection },
      );
    }
    case 'vms': {
      const p = parseListParams('vms', raw);
      return listVmRows(toListQuery(p), { ...options, connectionId: p.connection, live: true });
    }
    case 'hosts': {
      const p = parseListParams('hosts', raw);
      return listHostRows(toListQuery(p), { ...options, connectionId: p.connection, live: true });
    }
    default: {
      const p = parseListParams(resource, raw);
      return listAcross(resource, toListQuery(p), { ...options, connectionId: p.connection, live: true });
    }
  }
}
