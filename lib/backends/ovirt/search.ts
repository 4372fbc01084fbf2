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
  /** Filter keys matched as a prefix (`value*`) unless the value has its own wildcard. */
  prefixFilters?: readonly string[];
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
  const native = splitNative(query.nativeQuery ?? '');
  const ours: string[] = [];
  const text = query.text?.trim();
  if (text && spec.textField) ours.push(`${spec.textField}=${searchValue(`*${text.replace(/\*/g, '')}*`)}`);
  for (const [key, rawValue] of Object.entries(query.filters ?? {})) {
    if (rawValue.trim() === '') continue;
    const field = spec.fields[key];
    if (!field) throw new BackendError('invalid_input', `Cannot filter by "${key}" here.`);
    ours.push(`${field}=${searchValue(filterValue(key, rawValue, spec))}`);
  }

  const clauses: string[] = [];
  const where = combine(native.conditions, ours);
  if (where) clauses.push(where);
  const sort = native.sort ?? sortClause(query, spec);
  if (sort) clauses.push(sort);
  if (query.page > 1) clauses.push(`page ${query.page}`);

  const fetchedExtra = query.page === 1;
  return {
    search: clauses.length > 0 ? clauses.join(' ') : undefined,
    max: fetchedExtra ? query.pageSize + 1 : query.pageSize,
    fetchedExtra,
  };
}

/** The user's own query, its conditions apart from a trailing `sortby …`. */
function splitNative(text: string): { conditions?: string; sort?: string } {
  const trimmed = text.trim();
  if (!trimmed) return {};
  const match = /\bsortby\b/i.exec(trimmed);
  if (!match || insideQuotes(trimmed, match.index)) return { conditions: trimmed };
  const conditions = trimmed.slice(0, match.index).trim();
  const sort = trimmed.slice(match.index).trim();
  return conditions ? { conditions, sort } : { sort };
}

/**
 * `native and ours`. The engine's grammar has no parentheses and `and` binds
 * tighter than `or`, so `a or b` + `c` must become `a and c or b and c`.
 */
function combine(native: string | undefined, ours: string[]): string | undefined {
  if (!native) return ours.length > 0 ? ours.join(' and ') : undefined;
  if (ours.length === 0) return native;
  return splitOutsideQuotes(native, /\s+or\s+/gi)
    .map((disjunct) => [disjunct, ...ours].join(' and '))
    .join(' or ');
}

function insideQuotes(text: string, index: number): boolean {
  return (text.slice(0, index).match(/"/g)?.length ?? 0) % 2 === 1;
}

function splitOutsideQuotes(text: string, separator: RegExp): string[] {
  const parts: string[] = [];
  let start = 0;
  for (const match of text.matchAll(separator)) {
    if (insideQuotes(text, match.index)) continue;
    parts.push(text.slice(start, match.index));
    start = match.index + match[0].length;
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** A `status` filter may use the common word ("running") or the engine's ("up"). */
function filterValue(key: string, value: string, spec: SearchSpec): string {
  if (spec.prefixFilters?.includes(key)) return value.includes('*') ? value : `${value.trim()}*`;
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
