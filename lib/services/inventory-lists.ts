import 'server-only';
import { BackendError, hasCapability, isBackendError, requireCapability } from '@/lib/backends';
import type { Backend } from '@/lib/backends';
import { MAX_PAGE_SIZE, type Cluster, type ListQuery, type Page, type Ref, type Vm } from '@/lib/domain';
import { groupClusters, groupedCluster } from '@/lib/inventory/cluster-groups';
import { toHostRow, toVmRow, vcpusOf } from '@/lib/inventory/rows';
import type { AcrossResult, ConnectionFailure, ConnectionInfo, HostRow, VmRow } from '@/lib/inventory/types';
import type { ListKind } from '@/lib/validations/inventory';
import { argumentOf, cacheKey, lastAnswer } from './gateway';
import { lastFailure, rememberFailure } from './health';
import { StillWaiting, within } from './patience';
import { CACHE_PREFIX, READS, WHOLE, deadline, failureOf, read, resolveTargets, OVERVIEW_TTL_MS, OVERVIEW_VM_PAGES, READ_TIMEOUT_MS, type AcrossOptions, type Deadline, type KindItems, type KindRead, type ReadOptions, type Target } from './inventory-read';

// One page of a kind across connections, with the names of what the rows point at filled in.

/**
 * ONE page of `kind` from every enabled connection that has the capability
 * (or only `options.connectionId`). Never throws for a backend's sake: the
 * failures are in the result.
 */
export async function listAcross<K extends ListKind>(
  kind: K,
  query: ListQuery,
  options: AcrossOptions = {},
): Promise<AcrossResult<KindItems[K]>> {
  const result = await listResolved(kind, query, options, await resolveTargets(options.connectionId));
  if (kind !== 'clusters') return result;
  // Clusters that span connections (libvirt `cluster=`) are one row, however many hosts report them.
  const names = new Map(result.connections.map((c) => [c.id, c.name]));
  return { ...result, items: groupClusters(result.items as Cluster[], (id) => names.get(id)) as KindItems[K][] };
}

export interface ClusterGroupView {
  /** The group as one cluster (id `cluster-group:<name>`). */
  cluster: Cluster;
  /** Each connection's own copy of the cluster. */
  members: Array<{ cluster: Cluster; connection: ConnectionInfo }>;
  /** Connections that could not say whether they belong. */
  failures: ConnectionFailure[];
}

/** A cluster that spans connections: every enabled connection is asked for its clusters (one cached read each). */
export async function getClusterGroup(name: string, options: ReadOptions = {}): Promise<ClusterGroupView> {
  const resolved = await resolveTargets();
  const all = await listResolved('clusters', { page: 1, pageSize: MAX_PAGE_SIZE }, options, resolved);
  const byId = new Map(all.connections.map((c) => [c.id, c]));
  const members = all.items.filter((c) => c.group === name && byId.has(c.connectionId)).map((cluster) => ({ cluster, connection: byId.get(cluster.connectionId)! }));
  if (members.length === 0) {
    const failed = all.failures[0];
    if (failed) throw new BackendError(failed.error.code, failed.error.message, { detail: failed.error.detail });
    throw new BackendError('not_found', 'No connection reports this cluster.');
  }
  return { cluster: groupedCluster(name, members.map((m) => m.cluster), (id) => byId.get(id)?.name), members, failures: all.failures };
}

export async function listResolved<K extends ListKind>(
  kind: K,
  query: ListQuery,
  options: AcrossOptions,
  { connections, targets, unknown }: Awaited<ReturnType<typeof resolveTargets>>,
): Promise<AcrossResult<KindItems[K]>> {
  const spec = READS[kind] as KindRead<KindItems[K]>;
  const timeoutMs = options.timeoutMs ?? READ_TIMEOUT_MS;
  // A connection without a backend is asked anyway: its failure is the news.
  const asked = targets.filter((t) => !t.backend || hasCapability(t.backend, spec.capability));
  const key = cacheKey(CACHE_PREFIX[kind], 'list', argumentOf(query));
  const outcomes = await Promise.all(
    asked.map(async (target): Promise<{ page?: Page<KindItems[K]>; failure?: ConnectionFailure; stale?: boolean }> => {
      if (!target.backend) return { failure: { connectionId: target.info.id, connectionName: target.info.name, error: target.error! } };
      const backend = target.backend;
      const last = lastAnswer<Page<KindItems[K]>>(target.info.id, key);
      const fresh = read(target, key, spec.listTtlMs, (signal) => spec.list(backend, query, { signal }), deadline(options), timeoutMs);
      try {
        // With an earlier answer to show, or on a live list, a slow connection gets not the whole
        // deadline: the read goes on in the background (and opens the circuit if it times out).
        const page = last || options.live ? await within(fresh, target.info.name) : await fresh;
        return { page };
      } catch (error) {
        void fresh.catch(() => {});
        const failure = failureOf(target.info, error, kind);
        // The last answer, marked with its age, instead of an empty table.
        if (last) return { page: last.value, failure: { ...failure, asOf: last.at }, stale: true };
        if (!(error instanceof StillWaiting)) return { failure };
        // Nothing to show yet. The read goes on; if it fails, the next look shows why.
        // (A read cancelled because everyone left says nothing about the connection.)
        void fresh.catch((late: unknown) => !isBackendError(late, 'cancelled') && rememberFailure(target.info.id, key, late));
        const earlier = lastFailure(target.info.id, key);
        // Slow again, and the last read behind it failed: its reason, not "still waiting".
        if (earlier !== undefined) return { failure: failureOf(target.info, earlier, kind) };
        // The list says it is still waiting, and polls again soon.
        return { failure: { ...failure, pending: true } };
      }
    }),
  );
  const failures = outcomes.flatMap((o) => (o.failure ? [o.failure] : []));
  if (unknown) failures.push(unknown);
  await Promise.all(
    asked.map((target, i) => {
      const items = outcomes[i]?.stale ? undefined : outcomes[i]?.page?.items;
      return target.backend && items?.length ? nameRefs(kind, target as Target & { backend: Backend }, items, options, timeoutMs) : undefined;
    }),
  );
  return {
    items: outcomes.flatMap((o) => o.page?.items ?? []),
    hasMore: outcomes.some((o) => o.page?.hasMore),
    page: query.page,
    pageSize: query.pageSize,
    failures,
    connections,
    askedConnectionIds: asked.map((t) => t.info.id),
    fetchedAt: Date.now(),
  };
}

/** Which references of each kind point at which (small, slowly changing) collection. */
type RefSource = { field: 'cluster' | 'dataCenter' | 'host'; from: 'clusters' | 'dataCenters' | 'hosts' };
const REF_SOURCES: Partial<Record<ListKind, RefSource[]>> = {
  hosts: [{ field: 'cluster', from: 'clusters' }],
  vms: [{ field: 'cluster', from: 'clusters' }],
  templates: [{ field: 'cluster', from: 'clusters' }],
  clusters: [{ field: 'dataCenter', from: 'dataCenters' }],
  storageDomains: [{ field: 'dataCenter', from: 'dataCenters' }],
  // The engine names a network's data center by id only.
  networks: [{ field: 'dataCenter', from: 'dataCenters' }],
};

/**
 * Fills in the names of references the backend sent as bare ids (oVirt's
 * host.cluster is an {id, href} stub). One read of the whole cluster or data
 * center list per connection, shared with the overview's cache entry, instead
 * of one request per row. A failure leaves the ids: the rows still show.
 */
export async function nameRefs(
  kind: ListKind,
  target: Target & { backend: Backend },
  items: unknown[],
  options: ReadOptions,
  timeoutMs: number,
  sources: RefSource[] = REF_SOURCES[kind] ?? [],
): Promise<void> {
  for (const { field, from } of sources) {
    const rows = items as Array<Partial<Record<typeof field, Ref>>>;
    if (!rows.some((r) => r[field] && r[field].name === undefined) || !hasCapability(target.backend, READS[from].capability)) continue;
    try {
      const spec = READS[from] as KindRead<{ id: string; name: string }>;
      const page = await read(
        target,
        cacheKey(CACHE_PREFIX[from], 'list', 'overview'),
        OVERVIEW_TTL_MS,
        (signal) => spec.list(target.backend, WHOLE, { signal }),
        deadline(options),
        timeoutMs,
      );
      const names = new Map<string, string>(page.items.map((o) => [o.id, o.name]));
      // Items are shared cache values; adding a missing name is idempotent, so every reader agrees.
      for (const row of rows) {
        const ref = row[field];
        const name = ref && ref.name === undefined ? names.get(ref.id) : undefined;
        if (ref && name !== undefined) row[field] = { ...ref, name };
      }
    } catch {
      // Names are a nicety; the list is there without them.
    }
  }
}

/** The VM list as the live table shows it (lean rows, no embedded disks). */
export async function listVmRows(query: ListQuery, options: AcrossOptions = {}): Promise<AcrossResult<VmRow>> {
  const result = await listAcross('vms', query, options);
  return { ...result, items: result.items.map(toVmRow) };
}

/**
 * Hosts with their load. Memory comes with the host (the scheduler's own
 * figure); vCPUs allocated come from the overview's bounded VM scan (shared
 * cache entry), and are left out for a connection whose scan was cut short or
 * failed, because a partial sum would understate the load.
 */
export async function listHostRows(query: ListQuery, options: AcrossOptions = {}): Promise<AcrossResult<HostRow>> {
  const resolved = await resolveTargets(options.connectionId);
  const result = await listResolved('hosts', query, options, resolved);
  const failed = new Set(result.failures.map((f) => f.connectionId));
  const withRows = new Set(result.items.map((h) => h.connectionId));
  const { targets } = resolved;
  const loads = new Map<string, number>();
  await Promise.all(
    targets
      .filter((t) => t.backend && withRows.has(t.info.id) && !failed.has(t.info.id) && hasCapability(t.backend, 'vms'))
      .map(async (target) => {
        try {
          const scan = await scanVms(target as Target & { backend: Backend }, deadline(options), options.timeoutMs ?? READ_TIMEOUT_MS);
          if (scan.truncated) return;
          for (const [hostId, vcpus] of vcpusByHost(scan.items)) loads.set(hostId, vcpus);
          // Hosts of this connection with no running VM have 0 allocated, not "unknown".
          for (const host of result.items) if (host.connectionId === target.info.id && !loads.has(host.id)) loads.set(host.id, 0);
        } catch {
          // The host rows are there; only the vCPU bars are missing for this connection.
        }
      }),
  );
  return { ...result, items: result.items.map((h) => toHostRow(h, loads.get(h.id))) };
}


/** Every VM up to OVERVIEW_VM_PAGES pages of MAX_PAGE_SIZE: at most that many requests. */
export async function scanVms(
  target: Target & { backend: Backend },
  limit: Deadline,
  timeoutMs: number,
): Promise<{ items: Vm[]; truncated: boolean }> {
  const backend = requireCapability(target.backend, 'vms');
  const items: Vm[] = [];
  for (let page = 1; page <= OVERVIEW_VM_PAGES; page++) {
    const query: ListQuery = { page, pageSize: MAX_PAGE_SIZE };
    const result = await read(
      target,
      cacheKey('vms', 'scan', page),
      OVERVIEW_TTL_MS,
      (signal) => backend.listVms(query, { signal }),
      limit,
      timeoutMs,
    );
    items.push(...result.items);
    if (!result.hasMore) return { items, truncated: false };
  }
  return { items, truncated: true };
}

/** A VM that has a host occupies it (down VMs have none). */
export function vcpusByHost(vms: Vm[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const vm of vms) if (vm.host) out.set(vm.host.id, (out.get(vm.host.id) ?? 0) + (vcpusOf(vm.cpu) ?? 1));
  return out;
}
