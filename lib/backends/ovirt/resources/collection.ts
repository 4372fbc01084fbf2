import 'server-only';
import type { ListQuery, Page, QualifiedId } from '@/lib/domain';
import { BackendError, isBackendError } from '../../errors';
import { assertListQuery, toPage } from '../../query';
import type { CallOptions } from '../../types';
import { listOf, type Json } from '../coerce';
import { buildSearch, type SearchSpec } from '../search';
import { itemPath, type OvirtContext } from './context';

/** What a top-level engine collection needs to be listed and read. */
export interface CollectionSpec<T> {
  /** `/vms` */
  path: string;
  /** The wrapper key of a list answer: `vm` in `{"vm": [...]}`. */
  key: string;
  /** In messages: "VM", "Host". */
  what: string;
  search: SearchSpec;
  /** `follow=` for lists and gets: embeds children in the same request. */
  follow?: string;
  /** `all_content=true` where fields the UI shows come only with it (a host's hosted_engine). */
  allContent?: boolean;
  toInternal(api: Json, connectionId: string): T;
}

/** One page: exactly one request, whatever the page holds. */
export async function listRaw(
  ctx: OvirtContext,
  spec: Pick<CollectionSpec<unknown>, 'path' | 'key' | 'search' | 'follow' | 'allContent'>,
  query: ListQuery,
  opts: CallOptions = {},
): Promise<{ rows: Json[]; fetchedExtra: boolean }> {
  assertListQuery(query);
  const { search, max, fetchedExtra } = buildSearch(query, spec.search);
  const body = await ctx.transport.get(spec.path, { search, max, follow: spec.follow, all_content: spec.allContent ? 'true' : undefined }, opts.signal);
  return { rows: listOf(body, spec.key), fetchedExtra };
}

export async function listPage<T>(
  ctx: OvirtContext,
  spec: CollectionSpec<T>,
  query: ListQuery,
  opts: CallOptions = {},
): Promise<Page<T>> {
  const { rows, fetchedExtra } = await listRaw(ctx, spec, query, opts);
  const page = toPage(rows, query, fetchedExtra);
  return { ...page, items: page.items.map((row) => spec.toInternal(row, ctx.connectionId)) };
}

export async function getRaw(
  ctx: OvirtContext,
  spec: Pick<CollectionSpec<unknown>, 'path' | 'what' | 'follow' | 'allContent'>,
  id: QualifiedId,
  opts: CallOptions = {},
): Promise<Json> {
  const path = itemPath(ctx, spec.path, id, spec.what);
  return withNotFound(spec.what, () => ctx.transport.get(path, { follow: spec.follow, all_content: spec.allContent ? 'true' : undefined }, opts.signal));
}

export async function getOne<T>(
  ctx: OvirtContext,
  spec: CollectionSpec<T>,
  id: QualifiedId,
  opts: CallOptions = {},
): Promise<T> {
  return spec.toInternal(await getRaw(ctx, spec, id, opts), ctx.connectionId);
}

/** Re-words the engine's bare 404 to name the object, keeping its detail. */
export async function withNotFound<R>(what: string, fn: () => Promise<R>): Promise<R> {
  try {
    return await fn();
  } catch (error) {
    if (isBackendError(error, 'not_found')) {
      throw new BackendError('not_found', `${what} not found.`, {
        detail: error.detail,
        status: error.status,
        cause: error,
      });
    }
    throw error;
  }
}
