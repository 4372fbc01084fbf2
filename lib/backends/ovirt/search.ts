/**
 * ListQuery → the engine's `search=` language and `max=`.
 *
 *   text "web"          → name=*web*
 *   filters             → status=up and cluster=prod
 *   sort                → sortby name asc
 *   page N (N > 1)      → page N
 *
 * Paging: the engine's page P with max=M returns rows (P-1)*M … P*M-1, so M
 * IS the page size. Asking max=pageSize+1 tells exactly whether more rows
 * follow, but only on page 1: on later pages a bigger M shifts the window and
 * rows would be skipped. So page 1 asks for pageSize+1 (the common case, and
 * exact), later pages ask for pageSize and hasMore means "the page was full".
 */
import type { ListQuery } from '@/lib/domain';
import { BackendError } from '../errors';
import { nativeWordFor } from './transform';

export interface SearchSpec {
  /** Filter key (domain words) → engine search field. Keys not listed are refused. */
  fields: Readonly<Record<string, string>>;
  /** Sort field (domain words) → engine sortby field. */
  sortFields: Readonly<Record<string, string>>;
  /** native → common status table, to accept common words in a `status` filter. */
  statusTable?: Readonly<Record<string, string>>;
  /** Field matched by free text; undefined when the collection has none. */
  textField?: string;
  /** Default sort for stable paging; undefined where the engine cannot sort. */
  defaultSort?: string;
}

export interface SearchParams {
  search?: string;
  max: number;
  /** True when max is pageSize+1 (hasMore is exact). */
  fetchedExtra: boolean;
}

const BARE_VALUE = /^[\w.*@-]+$/;

/** Values with spaces or symbols go in double quotes; quotes themselves cannot be escaped, so they are dropped. */
export function searchValue(value: string): string {
  const v = value.trim();
  return BARE_VALUE.test(v) ? v : `"${v.replace(/"/g, '')}"`;
}

export function buildSearch(query: ListQuery, spec: SearchSpec): SearchParams {
  const conditions: string[] = [];
  const native = query.nativeQuery?.trim();
  if (native) conditions.push(native);
  const text = query.text?.trim();
  if (text && spec.textField) conditions.push(`${spec.textField}=${searchValue(`*${text.replace(/\*/g, '')}*`)}`);
  for (const [key, rawValue] of Object.entries(query.filters ?? {})) {
    if (rawValue.trim() === '') continue;
    const field = spec.fields[key];
    if (!field) throw new BackendError('invalid_input', `Cannot filter by "${key}" here.`);
    conditions.push(`${field}=${searchValue(filterValue(key, rawValue, spec))}`);
  }

  const clauses: string[] = [];
  if (conditions.length > 0) clauses.push(conditions.join(' and '));
  const userSorted = native !== undefined && /\bsortby\b/i.test(native);
  const sort = sortClause(query, spec);
  if (sort && !userSorted) clauses.push(sort);
  if (query.page > 1) clauses.push(`page ${query.page}`);

  const fetchedExtra = query.page === 1;
  return {
    search: clauses.length > 0 ? clauses.join(' ') : undefined,
    max: fetchedExtra ? query.pageSize + 1 : query.pageSize,
    fetchedExtra,
  };
}

/** A `status` filter may use the common word ("running") or the engine's ("up"). */
function filterValue(key: string, value: string, spec: SearchSpec): string {
  if (key !== 'status' || !spec.statusTable) return value;
  const word = value.trim().toLowerCase();
  if (Object.hasOwn(spec.statusTable, word)) return word;
  return nativeWordFor(spec.statusTable, word) ?? word;
}

function sortClause(query: ListQuery, spec: SearchSpec): string | undefined {
  if (!query.sort) return spec.defaultSort ? `sortby ${spec.defaultSort} asc` : undefined;
  const field = spec.sortFields[query.sort.field];
  if (!field) throw new BackendError('invalid_input', `Cannot sort by "${query.sort.field}" here.`);
  return `sortby ${field} ${query.sort.dir === 'desc' ? 'desc' : 'asc'}`;
}
