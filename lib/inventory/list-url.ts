/**
 * The URL state of the inventory lists (paging, search, filters, sort) as the browser needs it:
 * the shapes, the choices a list offers and URL building, WITHOUT the parsing. Parsing a URL that
 * people type and bookmark is lib/validations/inventory.ts's job (zod, on the server); the list
 * page hands the parsed state to its client table (components/list/url-state.tsx), so zod (32 KB
 * gzip) stays out of the lists' first load (issue 21). lib/validations/inventory.ts re-exports all
 * of this, so server code keeps one import.
 */
import { DATA_CENTER_STATUSES, DEFAULT_PAGE_SIZE, HOST_STATUSES, TASK_STATUSES, TEMPLATE_STATUSES, VM_STATUSES, VOLUME_FILTER_STATUSES, type EventSeverity } from '@/lib/domain';

export const LIST_KINDS = ['dataCenters', 'clusters', 'hosts', 'storageDomains', 'vms', 'templates', 'tasks', 'volumes', 'networks'] as const;
export type ListKind = (typeof LIST_KINDS)[number];

/** Which statuses the filter offers and which fields may be sorted, per list (the oVirt adapter's search specs). */
export const LIST_SPECS: Record<
  ListKind,
  { statuses: readonly string[]; sortFields: readonly string[]; refFilters?: ReadonlyArray<'cluster' | 'host'>; ownerFilter?: boolean; bootableFilter?: boolean }
> = {
  dataCenters: { statuses: DATA_CENTER_STATUSES, sortFields: ['name', 'status'] },
  clusters: { statuses: [], sortFields: ['name'] },
  hosts: { statuses: HOST_STATUSES, sortFields: ['name', 'status', 'cluster'], refFilters: ['cluster'] },
  // A domain's status exists only per data center on oVirt, so the engine cannot filter by it.
  storageDomains: { statuses: [], sortFields: ['name'] },
  vms: { statuses: VM_STATUSES, sortFields: ['name', 'status', 'cluster', 'host'], refFilters: ['cluster', 'host'], ownerFilter: true },
  templates: { statuses: TEMPLATE_STATUSES, sortFields: ['name'] },
  // oVirt cannot sort jobs.
  tasks: { statuses: TASK_STATUSES, sortFields: [] },
  // Cinder filters by one exact status word: only the neutral states that are one word there.
  volumes: { statuses: VOLUME_FILTER_STATUSES, sortFields: ['name', 'status', 'size', 'created'], bootableFilter: true },
  // A logical network's state exists per cluster on oVirt: the engine cannot filter networks by it.
  networks: { statuses: [], sortFields: ['name'] },
};

/** Storage page tabs: the domain kinds an operator looks at apart. */
export const STORAGE_KIND_TABS = ['data', 'iso', 'export'] as const;
export type StorageKindTab = (typeof STORAGE_KIND_TABS)[number];

export const PAGE_SIZES = [25, 50, 100, 500] as const;
export type PageSize = (typeof PAGE_SIZES)[number];

export interface ListParams {
  page: number;
  size: PageSize;
  /** Free text, matched against names. */
  q?: string;
  /** The engine's own query language, passed through. */
  query?: string;
  status?: string;
  sort?: string;
  dir: 'asc' | 'desc';
  /** Narrow to one connection. */
  connection?: string;
  /** Storage domain kind (storage page only). */
  type?: StorageKindTab;
  /** Narrow to one cluster or host, by name (the engine's search matches names). */
  cluster?: string;
  host?: string;
  /** A user holding a role on the VM itself (oVirt's UserVmManager, "the VM's owner"), by login name. */
  owner?: string;
  /** Only volumes that can (true) or cannot (false) boot a VM (volumes only). */
  bootable?: 'true' | 'false';
}

/** List state → URL search string (without '?'), leaving defaults out so URLs stay short. */
export function listSearch(params: ListParams, patch: Partial<ListParams> = {}): string {
  const p = { ...params, ...patch };
  const out = new URLSearchParams();
  if (p.connection) out.set('connection', p.connection);
  if (p.type) out.set('type', p.type);
  if (p.cluster) out.set('cluster', p.cluster);
  if (p.host) out.set('host', p.host);
  if (p.owner) out.set('owner', p.owner);
  if (p.bootable) out.set('bootable', p.bootable);
  if (p.q) out.set('q', p.q);
  if (p.query) out.set('query', p.query);
  if (p.status) out.set('status', p.status);
  if (p.sort) {
    out.set('sort', p.sort);
    if (p.dir !== 'asc') out.set('dir', p.dir);
  }
  if (p.size !== DEFAULT_PAGE_SIZE) out.set('size', String(p.size));
  if (p.page > 1) out.set('page', String(p.page));
  return out.toString();
}

export function listHref(pathname: string, params: ListParams, patch: Partial<ListParams> = {}): string {
  const search = listSearch(params, patch);
  return search ? `${pathname}?${search}` : pathname;
}

// ───────────────────────────── events ─────────────────────────────

/** How many of the newest events to show; the engine answers at most 1000 per request. */
export const EVENT_LIMITS = [50, 100, 250, 500, 1000] as const;
export type EventLimit = (typeof EVENT_LIMITS)[number];

/** Time windows the events page offers, in the URL as `since=24h`. */
export const EVENT_WINDOWS = ['1h', '24h', '7d'] as const;
export type EventWindow = (typeof EVENT_WINDOWS)[number];
export const EVENT_WINDOW_MS: Record<EventWindow, number> = { '1h': 3_600_000, '24h': 86_400_000, '7d': 604_800_000 };

export interface EventParams {
  /** Minimum severity. */
  severity?: EventSeverity;
  max: EventLimit;
  connection?: string;
  /** Text matched against the names of the objects an event is about (VM, host, cluster, …). */
  object?: string;
  since?: EventWindow;
}

export function eventSearch(params: EventParams, patch: Partial<EventParams> = {}): string {
  const p = { ...params, ...patch };
  const out = new URLSearchParams();
  if (p.connection) out.set('connection', p.connection);
  if (p.severity) out.set('severity', p.severity);
  if (p.object) out.set('object', p.object);
  if (p.since) out.set('since', p.since);
  if (p.max !== EVENT_LIMITS[0]) out.set('max', String(p.max));
  return out.toString();
}

// ───────────────────────────── VM details ─────────────────────────────

export const VM_TABS = ['overview', 'disks', 'nics', 'snapshots', 'events', 'manage'] as const;
export type VmTab = (typeof VM_TABS)[number];

export function parseVmTab(value: string | string[] | undefined): VmTab {
  const v = Array.isArray(value) ? value[0] : value;
  return (VM_TABS as readonly string[]).includes(v ?? '') ? (v as VmTab) : 'overview';
}

export function isListKind(value: string): value is ListKind {
  return (LIST_KINDS as readonly string[]).includes(value);
}
