import 'server-only';
import type { Disk, ListQuery, Page, QualifiedId, StorageDomain } from '@/lib/domain';
import { BackendError, isBackendError } from '../errors';
import { nativeIdFor } from '../ids';
import { mapLimit } from '../map-limit';
import type { CallOptions } from '../types';
import type { LibvirtContext } from './context';
import { selectAll, selectPage } from './list';
import { uuidFromString, uuidToString, type NamedHandle } from './protocol';
import * as rpc from './rpc';
import { toDisk, toStorageDomain } from './transform';

const PARALLEL = 16;

async function poolOf(ctx: LibvirtContext, pool: NamedHandle, opts?: CallOptions): Promise<StorageDomain> {
  const [xml, info] = await Promise.all([
    rpc.storagePoolGetXmlDesc(ctx.transport, pool, opts?.signal),
    rpc.storagePoolGetInfo(ctx.transport, pool, opts?.signal),
  ]);
  return toStorageDomain(ctx.connectionId, xml, info);
}

/** Pools are few (a handful per host): one list call, then info + XML per pool, pipelined. */
export async function listStorageDomains(ctx: LibvirtContext, query: ListQuery, opts?: CallOptions): Promise<Page<StorageDomain>> {
  const pools = await rpc.listAllStoragePools(ctx.transport, 0, opts?.signal);
  const items = await mapLimit(pools, PARALLEL, (p) => poolOf(ctx, p, opts));
  return selectPage(items, query, {
    filters: {
      status: (d, v) => d.status === v || d.nativeStatus === v,
      storageType: (d, v) => d.storageType === v || d.nativeStorageType === v,
      type: (d, v) => d.storageType === v || d.nativeStorageType === v || d.kind === v,
    },
    sortFields: { availableBytes: (d) => d.availableBytes, status: (d) => d.status },
  });
}

export async function lookupPool(ctx: LibvirtContext, id: QualifiedId, opts?: CallOptions): Promise<NamedHandle> {
  const nativeId = nativeIdFor(ctx.connectionId, id, 'storage domain');
  const uuid = uuidFromString(nativeId);
  if (!uuid) return rpc.storagePoolLookupByName(ctx.transport, nativeId, opts?.signal);
  return rpc.storagePoolLookupByUuid(ctx.transport, uuid, opts?.signal);
}

export async function getStorageDomain(ctx: LibvirtContext, id: QualifiedId, opts?: CallOptions): Promise<StorageDomain> {
  return poolOf(ctx, await lookupPool(ctx, id, opts), opts);
}

/**
 * Disks = the volumes of every active pool (an inactive pool cannot list its
 * volumes). One list call per pool, then the volume XML (size, format) per
 * volume of the requested page only.
 */
export async function listDisks(ctx: LibvirtContext, query: ListQuery, opts?: CallOptions): Promise<Page<Disk>> {
  const pools = await rpc.listAllStoragePools(ctx.transport, rpc.ListFlags.ACTIVE, opts?.signal);
  const perPool = await mapLimit(pools, PARALLEL, async (pool) => {
    try {
      const vols = await rpc.storagePoolListAllVolumes(ctx.transport, pool, opts?.signal);
      return vols.map((vol) => ({ vol, pool, name: vol.name }));
    } catch (error) {
      if (isBackendError(error, 'conflict') || isBackendError(error, 'not_found')) return []; // stopped meanwhile
      throw error;
    }
  });
  const storageDomain = (pool: NamedHandle) => ({ id: `${ctx.connectionId}:${uuidToString(pool.uuid)}`, name: pool.name });
  // `storageDomain` (a pool id or name) narrows to one pool: the storage page's "disks of this domain".
  const { storageDomain: wantedPool, ...filters } = query.filters ?? {};
  const rows = selectAll(
    perPool.flat().map((r) => ({ ...r, storageDomain: storageDomain(r.pool) })),
    { ...query, filters },
  ).filter((r) => !wantedPool || r.storageDomain.id === wantedPool || r.pool.name === wantedPool);
  const start = (query.page - 1) * query.pageSize;
  const items = await mapLimit(rows.slice(start, start + query.pageSize), PARALLEL, async (r) =>
    toDisk(ctx.connectionId, await rpc.storageVolGetXmlDesc(ctx.transport, r.vol, opts?.signal), r.storageDomain),
  );
  return { items, page: query.page, pageSize: query.pageSize, hasMore: rows.length > start + query.pageSize, total: rows.length };
}

export async function lookupVolume(ctx: LibvirtContext, id: QualifiedId, opts?: CallOptions) {
  const key = nativeIdFor(ctx.connectionId, id, 'disk');
  try {
    return await rpc.storageVolLookupByKey(ctx.transport, key, opts?.signal);
  } catch (error) {
    // `pool/volume` ids (disks given by <source pool= volume=>).
    const slash = key.indexOf('/');
    if (isBackendError(error, 'not_found') && slash > 0 && !key.startsWith('/')) {
      const pool = await rpc.storagePoolLookupByName(ctx.transport, key.slice(0, slash), opts?.signal);
      return rpc.storageVolLookupByName(ctx.transport, pool, key.slice(slash + 1), opts?.signal);
    }
    throw error;
  }
}

export async function getDisk(ctx: LibvirtContext, id: QualifiedId, opts?: CallOptions): Promise<Disk> {
  const vol = await lookupVolume(ctx, id, opts);
  const pool = await rpc.storagePoolLookupByName(ctx.transport, vol.pool, opts?.signal);
  const xml = await rpc.storageVolGetXmlDesc(ctx.transport, vol, opts?.signal);
  return toDisk(ctx.connectionId, xml, { id: `${ctx.connectionId}:${uuidToString(pool.uuid)}`, name: pool.name });
}

export function assertBytes(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value <= 0) throw new BackendError('invalid_input', `${what} must be a positive whole number of bytes.`);
}
