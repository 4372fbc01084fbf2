/**
 * Parsing the URL state of the inventory lists (paging, search, filters, sort), for the pages and
 * the polling route handler. The shapes and URL building are in lib/inventory/list-url.ts (no zod,
 * for the client tables) and re-exported here.
 *
 * URL params are typed by people and kept in bookmarks, so a bad value falls
 * back to its default instead of failing the page (`.catch`): an old bookmark
 * with `size=30` still opens the list.
 */
import { z } from 'zod';
import { DEFAULT_PAGE_SIZE, EVENT_SEVERITIES, type ListQuery } from '@/lib/domain';
import { EVENT_LIMITS, EVENT_WINDOWS, LIST_SPECS, PAGE_SIZES, STORAGE_KIND_TABS, type EventLimit, type EventParams, type ListKind, type ListParams, type PageSize } from '@/lib/inventory/list-url';

export * from '@/lib/inventory/list-url';

/** Longest search text we pass on; the engine's own limit is far above, this only stops abuse. */
const MAX_TEXT = 200;
const MAX_NATIVE_QUERY = 1000;

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

function stripUndefined<T extends object>(obj: T): T {
  for (const key of Object.keys(obj) as Array<keyof T>) if (obj[key] === undefined) delete obj[key];
  return obj;
}
