import { MAX_PAGE_SIZE, type ListQuery, type Page } from '@/lib/domain';
import { BackendError } from './errors';

/** Every adapter checks paging input the same way, before any request. */
export function assertListQuery(query: ListQuery): void {
  if (!Number.isInteger(query.page) || query.page < 1) {
    throw new BackendError('invalid_input', `Page must be a whole number from 1 (got ${String(query.page)}).`);
  }
  if (!Number.isInteger(query.pageSize) || query.pageSize < 1 || query.pageSize > MAX_PAGE_SIZE) {
    throw new BackendError('invalid_input', `Page size must be a whole number from 1 to ${MAX_PAGE_SIZE}.`);
  }
}

/**
 * Cuts a fetched slice down to one page. `fetchedExtra` says whether the
 * adapter asked for pageSize+1 rows (exact hasMore) or exactly pageSize rows
 * (hasMore is then "maybe": a full page may be the last one).
 */
export function toPage<T>(rows: T[], query: ListQuery, fetchedExtra: boolean): Page<T> {
  const items = rows.slice(0, query.pageSize);
  const hasMore = fetchedExtra ? rows.length > query.pageSize : rows.length >= query.pageSize;
  return { items, page: query.page, pageSize: query.pageSize, hasMore };
}
