/** One page of a list. `hasMore` is exact or conservative (see the adapter). */
export interface Page<T> {
  items: T[];
  /** 1-based. */
  page: number;
  pageSize: number;
  hasMore: boolean;
  /** Only when the backend can count cheaply; most cannot. */
  total?: number;
}

export type SortDirection = 'asc' | 'desc';

export interface ListQuery {
  /** 1-based. */
  page: number;
  pageSize: number;
  /** Free text, matched against names. */
  text?: string;
  /** The engine's own query language, passed through untouched (oVirt `search=`). */
  nativeQuery?: string;
  /** Field → value, all must match. Status values may be common or native words. */
  filters?: Record<string, string>;
  sort?: { field: string; dir: SortDirection };
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export function firstPage(pageSize = DEFAULT_PAGE_SIZE): ListQuery {
  return { page: 1, pageSize };
}
