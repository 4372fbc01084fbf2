import 'server-only';
import type { ListQuery, Page, QualifiedId, StorageDomain } from '@/lib/domain';
import { isBackendError } from '../../errors';
import { mapLimit } from '../../map-limit';
import { toPage } from '../../query';
import type { CallOptions } from '../../types';
import { asObject, asString, listOf, type Json } from '../coerce';
import { STORAGE_DOMAIN_STATUS, StorageDomainTransform } from '../transform';
import { getRaw, listRaw, type CollectionSpec } from './collection';
import type { OvirtContext } from './context';

export const STORAGE_DOMAINS: CollectionSpec<StorageDomain> = {
  path: '/storagedomains',
  key: 'storage_domain',
  what: 'Storage domain',
  search: {
    fields: { name: 'name', status: 'status', dataCenter: 'datacenter', type: 'type' },
    sortFields: { name: 'name' },
    statusTable: STORAGE_DOMAIN_STATUS,
    textField: 'name',
    defaultSort: 'name',
  },
  toInternal: StorageDomainTransform.toInternal,
};

/** Data centers read at once when merging storage domain status. */
const DC_CONCURRENCY = 4;

export async function listStorageDomains(
  ctx: OvirtContext,
  query: ListQuery,
  opts: CallOptions = {},
): Promise<Page<StorageDomain>> {
  const { rows, fetchedExtra } = await listRaw(ctx, STORAGE_DOMAINS, query, opts);
  const page = toPage(rows, query, fetchedExtra);
  const attached = await attachedCopies(ctx, page.items, opts);
  return {
    ...page,
    items: page.items.map((sd) => StorageDomainTransform.toInternal(sd, ctx.connectionId, attached.get(idOf(sd)))),
  };
}

export async function getStorageDomain(ctx: OvirtContext, id: QualifiedId, opts: CallOptions = {}): Promise<StorageDomain> {
  const sd = await getRaw(ctx, STORAGE_DOMAINS, id, opts);
  const attached = await attachedCopies(ctx, [sd], opts);
  return StorageDomainTransform.toInternal(sd, ctx.connectionId, attached.get(idOf(sd)));
}

/**
 * The engine reports a domain's status only per data center, under
 * `/datacenters/{dc}/storagedomains`. Read each data center involved once
 * (a bounded number of requests: one per data center, never one per domain)
 * and index the copies by domain id. Data centers come from the domains'
 * `data_centers` refs; engines that leave those out get the full DC list.
 */
async function attachedCopies(ctx: OvirtContext, domains: Json[], opts: CallOptions): Promise<Map<string, Json>> {
  const copies = new Map<string, Json>();
  if (domains.length === 0) return copies;
  const dcIds = await dataCentersOf(ctx, domains, opts);
  const lists = await mapLimit(dcIds, DC_CONCURRENCY, async (dcId) => {
    try {
      const body = await ctx.transport.get(`/datacenters/${encodeURIComponent(dcId)}/storagedomains`, undefined, opts.signal);
      return listOf(body, 'storage_domain').map((sd) => ({ ...sd, data_center: sd.data_center ?? { id: dcId } }));
    } catch (error) {
      // A self-service user may not see every data center: that domain's status stays unknown.
      if (isBackendError(error, 'forbidden') || isBackendError(error, 'not_found')) return [];
      throw error;
    }
  });
  for (const sd of lists.flat()) copies.set(idOf(sd), sd);
  return copies;
}

async function dataCentersOf(ctx: OvirtContext, domains: Json[], opts: CallOptions): Promise<string[]> {
  const anyRefs = domains.some((sd) => asObject(sd.data_centers) || asObject(sd.data_center));
  if (!anyRefs) {
    // Unattached domains in a fresh setup also land here: one extra request, still bounded.
    const body = await ctx.transport.get('/datacenters', undefined, opts.signal);
    return listOf(body, 'data_center').map(idOf).filter(Boolean);
  }
  const ids = new Set<string>();
  for (const sd of domains) {
    for (const dc of listOf(sd.data_centers, 'data_center')) ids.add(idOf(dc));
    const single = asObject(sd.data_center);
    if (single) ids.add(idOf(single));
  }
  ids.delete('');
  return [...ids];
}

function idOf(obj: Json): string {
  return asString(obj.id) ?? '';
}
