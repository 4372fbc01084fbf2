/**
 * The URL state of the inventory lists (paging, search, filters, sort), in ONE
 * place for the pages, the polling route handler and the client tables. Safe
 * in the browser: no I/O.
 *
 * URL params are typed by people and kept in bookmarks, so a bad value falls
 * back to its default instead of failing the page (`.catch`): an old bookmark
 * with `size=30` still opens the list.
 */
import { z } from 'zod';
import {
  DATA_CENTER_STATUSES,
  DEFAULT_PAGE_SIZE,
  EVENT_SEVERITIES,
  HOST_STATUSES,
  TASK_STATUSES,
  TEMPLATE_STATUSES,
  VM_STATUSES,
  VOLUME_FILTER_STATUSES,
  type EventSeverity,
  type ListQuery,
} from '@/lib/domain';

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

/** Longest search text we pass on; the engine's own limit is far above, this only stops abuse. */
const MAX_TEXT = 200;
const MAX_NATIVE_QUERY = 1000;

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

type RawParams = URLSearchParams | Record<string, string | string[] | undefined>;

function first(raw: RawParams, key: string): string | undefined {
  if (raw instanceof URLSearchParams) return raw.get(key) ?? undefined;
  const v = raw[key];
  return Array.isArray(v) ? v[0] : v;
}

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((v) => (v === '' ? undefined : v))
    .optional()
    .catch(undefined);

const baseSchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  size: z.coerce
    .number()
    .refine((n): n is PageSize => (PAGE_SIZES as readonly number[]).includes(n))
    .catch(DEFAULT_PAGE_SIZE as PageSize),
  q: optionalText(MAX_TEXT),
  query: optionalText(MAX_NATIVE_QUERY),
  status: optionalText(40),
  sort: optionalText(40),
  dir: z.enum(['asc', 'desc']).catch('asc'),
  // Connection ids never contain ':' (lib/domain/ids.ts).
  connection: optionalText(100).pipe(z.string().regex(/^[^:]+$/).optional()).catch(undefined),
  type: z.enum(STORAGE_KIND_TABS).optional().catch(undefined),
  cluster: optionalText(MAX_TEXT),
  host: optionalText(MAX_TEXT),
  owner: optionalText(MAX_TEXT),
  bootable: z.enum(['true', 'false']).optional().catch(undefined),
});

/** URL → normalised list state for `kind`. Values the list does not support are dropped. */
export function parseListParams(kind: ListKind, raw: RawParams): ListParams {
  const keys = ['page', 'size', 'q', 'query', 'status', 'sort', 'dir', 'connection', 'type', 'cluster', 'host', 'owner', 'bootable'] as const;
  const input = Object.fromEntries(keys.map((k) => [k, first(raw, k)]));
  const parsed = baseSchema.parse(input) as ListParams;
  const spec = LIST_SPECS[kind];
  if (parsed.status && !spec.statuses.includes(parsed.status)) parsed.status = undefined;
  if (parsed.sort && !spec.sortFields.includes(parsed.sort)) parsed.sort = undefined;
  if (kind !== 'storageDomains') parsed.type = undefined;
  if (!spec.refFilters?.includes('cluster')) parsed.cluster = undefined;
  if (!spec.refFilters?.includes('host')) parsed.host = undefined;
  if (!spec.ownerFilter) parsed.owner = undefined;
  if (!spec.bootableFilter) parsed.bootable = undefined;
  return stripUndefined(parsed);
}

/** List state → the Backend's ListQuery. */
export function toListQuery(params: ListParams): ListQuery {
  const filters: Record<string, string> = {};
  if (params.status) filters.status = params.status;
  if (params.type) filters.type = params.type;
  if (params.cluster) filters.cluster = params.cluster;
  if (params.host) filters.host = params.host;
  if (params.owner) filters.owner = params.owner;
  if (params.bootable) filters.bootable = params.bootable;
  const query: ListQuery = { page: params.page, pageSize: params.size };
  if (params.q) query.text = params.q;
  if (params.query) query.nativeQuery = params.query;
  if (Object.keys(filters).length > 0) query.filters = filters;
  if (params.sort) query.sort = { field: params.sort, dir: params.dir };
  return query;
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

const eventSchema = z.object({
  severity: z.enum(EVENT_SEVERITIES).optional().catch(undefined),
  max: z.coerce
    .number()
    .refine((n): n is EventLimit => (EVENT_LIMITS as readonly number[]).includes(n))
    .catch(EVENT_LIMITS[0]),
  connection: optionalText(100).pipe(z.string().regex(/^[^:]+$/).optional()).catch(undefined),
  object: optionalText(MAX_TEXT),
  since: z.enum(EVENT_WINDOWS).optional().catch(undefined),
});

export function parseEventParams(raw: RawParams): EventParams {
  const input = Object.fromEntries(['severity', 'max', 'connection', 'object', 'since'].map((k) => [k, first(raw, k)]));
  return stripUndefined(eventSchema.parse(input) as EventParams);
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

function stripUndefined<T extends object>(obj: T): T {
  for (const key of Object.keys(obj) as Array<keyof T>) if (obj[key] === undefined) delete obj[key];
  return obj;
}
