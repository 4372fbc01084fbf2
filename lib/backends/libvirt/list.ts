import type { Entity, ListQuery, Page } from '@/lib/domain';
import { BackendError } from '../errors';
import { assertListQuery } from '../query';

/**
 * libvirt has no server-side search or paging: a host's objects arrive in one
 * list call, and ListQuery is applied here. Names sort in the `C` collation
 * libvirt itself uses, so pages stay stable between calls.
 */
export interface LocalSpec<T> {
  /** Filter key → predicate. Keys not listed are refused, as the engine would. */
  filters?: Record<string, (item: T, value: string) => boolean>;
  sortFields?: Record<string, (item: T) => string | number | undefined>;
}

export function selectPage<T extends Entity>(items: T[], query: ListQuery, spec: LocalSpec<T> = {}): Page<T> {
  const rows = selectAll(items, query, spec);
  const start = (query.page - 1) * query.pageSize;
  return {
    items: rows.slice(start, start + query.pageSize),
    page: query.page,
    pageSize: query.pageSize,
    hasMore: rows.length > start + query.pageSize,
    total: rows.length,
  };
}

/** Filtered and sorted, not yet paged: lets callers page names before fetching details. */
export function selectAll<T extends { name: string }>(items: T[], query: ListQuery, spec: LocalSpec<T> = {}): T[] {
  assertListQuery(query);
  if (query.nativeQuery?.trim()) {
    throw new BackendError('invalid_input', 'libvirt connections have no native query language; use the search box.');
  }
  const text = query.text?.trim().toLowerCase();
  let rows = text ? items.filter((i) => i.name.toLowerCase().includes(text)) : [...items];
  for (const [key, value] of Object.entries(query.filters ?? {})) {
    if (value.trim() === '') continue;
    const predicate = key === 'name' ? (i: T, v: string) => i.name === v : spec.filters?.[key];
    if (!predicate) throw new BackendError('invalid_input', `Cannot filter by "${key}" here.`);
    rows = rows.filter((i) => predicate(i, value));
  }
  const field = query.sort?.field ?? 'name';
  const keyOf = field === 'name' ? (i: T) => i.name : spec.sortFields?.[field];
  if (!keyOf) throw new BackendError('invalid_input', `Cannot sort by "${field}" here.`);
  const dir = query.sort?.dir === 'desc' ? -1 : 1;
  rows.sort((a, b) => {
    const x = keyOf(a);
    const y = keyOf(b);
    if (x === y) return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
    if (x === undefined) return 1;
    if (y === undefined) return -1;
    return (x < y ? -1 : 1) * dir;
  });
  return rows;
}
