/**
 * The READ side of the infrastructure pages, by job: what every admin page and the polling route
 * handler call. One door for callers; each job lives in its own module:
 *
 * - inventory-read.ts: which connections to ask, the cached read with its deadline and circuit
 *   (through the gateway), a failure as the page shows it, the timing constants;
 * - patience.ts: how long a page waits for one connection before it shows the rest without it;
 * - inventory-lists.ts: one page of a kind across connections (VM and host rows, cluster groups);
 * - inventory-events.ts: the newest events across connections;
 * - inventory-objects.ts: one object by id and what its detail page shows beside it;
 * - inventory-overview.ts: the overview's per-connection health and capacity.
 */
export {
  CACHE_PREFIX,
  OVERVIEW_EVENTS,
  OVERVIEW_TASKS,
  OVERVIEW_TTL_MS,
  OVERVIEW_VM_PAGES,
  READ_TIMEOUT_MS,
  capabilityOf,
  listConnectionInfos,
  type AcrossOptions,
  type ReadOptions,
} from './inventory-read';
export { getClusterGroup, listAcross, listHostRows, listVmRows, type ClusterGroupView } from './inventory-lists';
export { listEventsAcross, matchesEvent, type EventsQuery } from './inventory-events';
export { getOne, getVmDetails, listDataCenterNetworks, storageDomainContents, type OneResult, type StorageContents, type VmDetails } from './inventory-objects';
export { PATIENCE_MS } from './patience';
export { combineOverview, overviewParts, overviewSummary, overviewWithin, type OverviewOutcome, type OverviewPart } from './inventory-overview';
