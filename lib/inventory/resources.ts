/**
 * The resources the inventory route handler serves and the pages prefetch:
 * one name per query, shared by lib/services/inventory-load.ts (server) and
 * lib/inventory/queries.ts (browser).
 */
import type { Cluster, DataCenter, Event, Network, StorageDomain, Task, Template, Volume } from '@/lib/domain';
import type { AcrossResult, HostRow, OverviewSummary, VmRow } from './types';
import type { Wire } from './wire';

export const INVENTORY_RESOURCES = [
  'overview',
  'vms',
  'hosts',
  'dataCenters',
  'clusters',
  'storageDomains',
  'templates',
  'tasks',
  'events',
  'volumes',
  'networks',
] as const;
export type InventoryResource = (typeof INVENTORY_RESOURCES)[number];

export function isInventoryResource(value: string): value is InventoryResource {
  return (INVENTORY_RESOURCES as readonly string[]).includes(value);
}

export interface ResourceData {
  overview: OverviewSummary;
  vms: AcrossResult<VmRow>;
  hosts: AcrossResult<HostRow>;
  dataCenters: AcrossResult<DataCenter>;
  clusters: AcrossResult<Cluster>;
  storageDomains: AcrossResult<StorageDomain>;
  templates: AcrossResult<Template>;
  tasks: AcrossResult<Task>;
  events: AcrossResult<Event>;
  volumes: AcrossResult<Volume>;
  networks: AcrossResult<Network>;
}

export type WireData<R extends InventoryResource> = Wire<ResourceData[R]>;

/** How often the browser polls each resource. The server cache (3 s) bounds the backend's load anyway. */
export const POLL_MS: Record<InventoryResource, number> = {
  overview: 10_000,
  vms: 5_000,
  hosts: 5_000,
  dataCenters: 15_000,
  clusters: 15_000,
  storageDomains: 10_000,
  templates: 10_000,
  tasks: 3_000,
  events: 5_000,
  volumes: 5_000,
  networks: 15_000,
};
