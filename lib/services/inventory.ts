import 'server-only';
import { BackendError, hasCapability, requireCapability, toClientError } from '@/lib/backends';
import type { Backend, CallOptions, Capability, ClientError, IsoFile } from '@/lib/backends';
import type { ExportedItem } from '@/lib/backends/infra-types';
import {
  MAX_PAGE_SIZE,
  parseQualifiedId,
  type Cluster,
  type DataCenter,
  type Disk,
  type Event,
  type EventSeverity,
  type Host,
  type ListQuery,
  type Network,
  type Page,
  type QualifiedId,
  type Ref,
  type Snapshot,
  type StorageDomain,
  type Task,
  type Template,
  type Vm,
  type Volume,
} from '@/lib/domain';
import { computeCapacity } from '@/lib/inventory/capacity';
import { groupClusters, groupedCluster } from '@/lib/inventory/cluster-groups';
import { toHostRow, toVmRow, vcpusOf } from '@/lib/inventory/rows';
import type {
  AcrossResult,
  ConnectionFailure,
  ConnectionInfo,
  ConnectionOverview,
  HostRow,
  OverviewSummary,
  Tally,
  VmRow,
} from '@/lib/inventory/types';
import type { ListKind } from '@/lib/validations/inventory';
import { CACHE_TTL_MS } from './backend-cache';
import { listConnections, listEnabledBackends } from './connections';
import { argumentOf, backendById, cacheKey, guardedRead, lastAnswer, type CacheKey, type CacheResource } from './gateway';

/**
 * The READ side of the infrastructure pages: what every admin page and the
 * polling route handler call. Permission checks happen in the callers
 * (`requireRole('admin')` / `withRole('admin', …)`); nothing here is per user,
 * so every read goes through the shared per-connection cache and twenty open
 * browsers cost a backend one request per TTL.
 *
 * Failure model: one slow or dead backend must never blank the page or spin
 * forever. Each connection is read on its own with a deadline
 * (READ_TIMEOUT_MS); a connection that fails becomes a `ConnectionFailure`
 * with the reason (ClientError: our words + the backend's own `detail`) and
 * the other connections' rows are still returned.
 *
 * Cache keys are spelt by the gateway's cacheKey (`<resource>:<operation>:<args>`)
 * with the resource words of CACHE_PREFIX, so a mutation that touches 'vms'
 * also drops the VM scan and snapshots read here.
 *
 * Paging across connections: page N is page N of EVERY connection asked, in
 * connection-name order; `hasMore` when any of them has more. A true global
 * order would need every connection's rows up to page N, which is the
 * unbounded read this module exists to avoid.
 */

/** Per connection, per page render: after this the connection is reported as timed out. */
export const READ_TIMEOUT_MS = 10_000;
/** Overview reads are heavier (whole collections) and change slowly enough for this lifetime. */
export const OVERVIEW_TTL_MS = 10_000;
/** The overview counts VMs from at most this many pages of MAX_PAGE_SIZE: a fixed request budget. */
export const OVERVIEW_VM_PAGES = 2;
/** Newest events and running tasks on the overview. */
export const OVERVIEW_EVENTS = 10;
export const OVERVIEW_TASKS = 20;

/** The resource word of each list in cache keys; mutations invalidate with `${prefix}:`. */
export const CACHE_PREFIX: Record<ListKind | 'events', CacheResource> = {
  dataCenters: 'datacenters',
  clusters: 'clusters',
  hosts: 'hosts',
  storageDomains: 'storagedomains',
  vms: 'vms',
  templates: 'templates',
  tasks: 'tasks',
  volumes: 'volumes',
  events: 'events',
};

export interface ReadOptions {
  /** The caller's cancellation (a route handler's request.signal). */
  signal?: AbortSignal;
  /** Per-connection deadline; READ_TIMEOUT_MS by default. */
  timeoutMs?: number;
}

export interface AcrossOptions extends ReadOptions {
  /** Read only this connection (the `connection` URL param). */
  connectionId?: string;
}

interface KindItems {
  dataCenters: DataCenter;
  clusters: Cluster;
  hosts: Host;
  storageDomains: StorageDomain;
  vms: Vm;
  templates: Template;
  tasks: Task;
  volumes: Volume;
}

interface KindRead<T> {
  capability: Capability;
  listTtlMs: number;
  list(backend: Backend, query: ListQuery, opts: CallOptions): Promise<Page<T>>;
  get(backend: Backend, id: QualifiedId, opts: CallOptions): Promise<T>;
}

const READS: { [K in ListKind]: KindRead<KindItems[K]> } = {
  dataCenters: {
    capability: 'dataCenters',
    listTtlMs: CACHE_TTL_MS.slow,
    list: (b, q, o) => requireCapability(b, 'dataCenters').listDataCenters(q, o),
    get: (b, id, o) => requireCapability(b, 'dataCenters').getDataCenter(id, o),
  },
  clusters: {
    capability: 'clusters',
    listTtlMs: CACHE_TTL_MS.slow,
    list: (b, q, o) => requireCapability(b, 'clusters').listClusters(q, o),
    get: (b, id, o) => requireCapability(b, 'clusters').getCluster(id, o),
  },
  hosts: {
    capability: 'hosts',
    listTtlMs: CACHE_TTL_MS.list,
    list: (b, q, o) => requireCapability(b, 'hosts').listHosts(q, o),
    get: (b, id, o) => requireCapability(b, 'hosts').getHost(id, o),
  },
  storageDomains: {
    capability: 'storageDomains',
    listTtlMs: CACHE_TTL_MS.list,
    list: (b, q, o) => requireCapability(b, 'storageDomains').listStorageDomains(q, o),
    get: (b, id, o) => requireCapability(b, 'storageDomains').getStorageDomain(id, o),
  },
  vms: {
    capability: 'vms',
    listTtlMs: CACHE_TTL_MS.list,
    list: (b, q, o) => requireCapability(b, 'vms').listVms(q, o),
    get: (b, id, o) => requireCapability(b, 'vms').getVm(id, o),
  },
  templates: {
    capability: 'templates',
    listTtlMs: CACHE_TTL_MS.list,
    list: (b, q, o) => requireCapability(b, 'templates').listTemplates(q, o),
    get: (b, id, o) => requireCapability(b, 'templates').getTemplate(id, o),
  },
  tasks: {
    capability: 'tasks',
    listTtlMs: CACHE_TTL_MS.list,
    list: (b, q, o) => requireCapability(b, 'tasks').listTasks(q, o),
    get: (b, id, o) => requireCapability(b, 'tasks').getTask(id, o),
  },
  volumes: {
    capability: 'volumes',
    listTtlMs: CACHE_TTL_MS.list,
    list: (b, q, o) => requireCapability(b, 'volumes').listVolumes(q, o),
    get: (b, id, o) => requireCapability(b, 'volumes').getVolume(id, o),
  },
};

export function capabilityOf(kind: ListKind): Capability {
  return READS[kind].capability;
}

// ───────────────────────────── connections ─────────────────────────────

interface Target {
  info: ConnectionInfo;
  backend?: Backend;
  /** Set when no backend could be built for the connection (bad stored password, kind not supported). */
  error?: ClientError;
}

function infoOf(view: { id: string; name: string; kind: ConnectionInfo['kind']; simulated: boolean }): ConnectionInfo {
  return { id: view.id, name: view.name, kind: view.kind, simulated: view.simulated };
}

/**
 * The enabled connections, and a backend for each of those asked. A connection
 * whose backend cannot be built is NOT silently dropped (listEnabledBackends
 * only logs it): asking for its backend again yields the reason to show.
 */
async function resolveTargets(connectionId?: string): Promise<{ connections: ConnectionInfo[]; targets: Target[]; unknown?: ConnectionFailure }> {
  const [views, backends] = await Promise.all([listConnections(), listEnabledBackends()]);
  const connections = views.filter((v) => v.enabled).map(infoOf);
  const byId = new Map(backends.map((b) => [b.id, b]));
  const asked = connectionId ? connections.filter((c) => c.id === connectionId) : connections;
  const targets = await Promise.all(
    asked.map(async (info): Promise<Target> => {
      const backend = byId.get(info.id);
      if (backend) return { info, backend };
      try {
        return { info, backend: await backendById(info.id) };
      } catch (error) {
        return { info, error: toClientError(error) };
      }
    }),
  );
  const unknown =
    connectionId && asked.length === 0
      ? {
          connectionId,
          connectionName: connectionId,
          error: toClientError(new BackendError('not_found', 'The connection was not found, or it is disabled.')),
        }
      : undefined;
  return { connections, targets, unknown };
}

/** Names and the simulated flag of every enabled connection (cheap: one database read). */
export async function listConnectionInfos(): Promise<ConnectionInfo[]> {
  return (await listConnections()).filter((c) => c.enabled).map(infoOf);
}

// ───────────────────────────── deadlines ─────────────────────────────

interface Deadline {
  /** The caller's own cancellation (a route handler's request.signal). */
  caller?: AbortSignal;
}

function deadline(options: ReadOptions): Deadline {
  return { caller: options.signal };
}

/** How long a list waits for a connection that has answered before, when it can show that answer. */
export const PATIENCE_MS = 1_000;

function patience(info: ConnectionInfo): Promise<never> {
  return new Promise((_, reject) =>
    setTimeout(() => reject(new BackendError('timeout', `"${info.name}" has not answered within ${PATIENCE_MS / 1000} s; still waiting in the background.`)), PATIENCE_MS).unref?.(),
  );
}

/**
 * A cached read that gives up at the deadline, through the gateway's circuit: a connection that
 * timed out is answered at once (as unreachable) until a background retry gets an answer. The
 * cache hands `fn` its own signal and aborts the backend call only when every waiting caller has
 * left, so our deadline stops THIS page waiting without cancelling a read another browser still
 * waits for.
 */
function read<T>(
  target: { info: ConnectionInfo },
  key: CacheKey,
  ttlMs: number,
  fn: (signal: AbortSignal) => Promise<T>,
  limit: Deadline,
  timeoutMs: number,
): Promise<T> {
  return guardedRead(target.info, key, ttlMs, fn, { signal: limit.caller, timeoutMs });
}

function failureOf(info: ConnectionInfo, error: unknown, what: string): ConnectionFailure {
  const client = toClientError(error);
  if (!(error instanceof BackendError)) {
    // Not a backend answer but a bug or an internal failure: the browser gets generic words, the log the details.
    console.error(`[inventory] ${what} from "${info.name}" (${info.id}) failed:`, error);
  }
  return { connectionId: info.id, connectionName: info.name, error: client };
}


// ───────────────────────────── lists ─────────────────────────────

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

async function listResolved<K extends ListKind>(
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
        // With an earlier answer to show, a slow connection gets PATIENCE_MS, not the whole deadline:
        // the read goes on in the background (and opens the circuit if it times out).
        const page = last ? await Promise.race([fresh, patience(target.info)]) : await fresh;
        return { page };
      } catch (error) {
        void fresh.catch(() => {});
        const failure = failureOf(target.info, error, kind);
        // The last answer, marked with its age, instead of an empty table.
        return last ? { page: last.value, failure: { ...failure, asOf: last.at }, stale: true } : { failure };
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
};

/**
 * Fills in the names of references the backend sent as bare ids (oVirt's
 * host.cluster is an {id, href} stub). One read of the whole cluster or data
 * center list per connection, shared with the overview's cache entry, instead
 * of one request per row. A failure leaves the ids: the rows still show.
 */
async function nameRefs(
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

export interface EventsQuery {
  max: number;
  severity?: EventSeverity;
  /** Text matched against the objects an event is about: their names, ids, and the description naming them. */
  object?: string;
  /** Only the events at or after this instant (epoch ms). */
  sinceMs?: number;
  /** Only the events about this object (qualified id): a VM's or host's events tab. */
  objectId?: string;
}

const EVENT_REFS = ['vm', 'host', 'cluster', 'dataCenter', 'storageDomain', 'user'] as const;

/**
 * The engine's event list takes severity and max but no object or time filter
 * the Backend interface can express for every kind, so those narrow the newest
 * `max` events here, after the shared cached read: every filter combination
 * costs the backend the same one request.
 */
export function matchesEvent(event: Event, query: Pick<EventsQuery, 'object' | 'sinceMs' | 'objectId'>): boolean {
  if (query.sinceMs !== undefined && new Date(event.time).getTime() < query.sinceMs) return false;
  const refs = EVENT_REFS.flatMap((k) => (event[k] ? [event[k]] : []));
  if (query.objectId && !refs.some((r) => r.id === query.objectId)) return false;
  if (query.object) {
    const needle = query.object.toLowerCase();
    // oVirt's event references are id stubs without names; its descriptions name the objects.
    const named = refs.some((r) => (r.name ?? '').toLowerCase().includes(needle) || r.id.toLowerCase() === needle);
    if (!named && !event.description.toLowerCase().includes(needle)) return false;
  }
  return true;
}

/** The newest `max` events across connections, newest first. */
export async function listEventsAcross(query: EventsQuery, options: AcrossOptions = {}): Promise<AcrossResult<Event>> {
  const timeoutMs = options.timeoutMs ?? READ_TIMEOUT_MS;
  const { connections, targets, unknown } = await resolveTargets(options.connectionId);
  const asked = targets.filter((t) => !t.backend || hasCapability(t.backend, 'events'));
  const key = cacheKey('events', 'list', argumentOf({ max: query.max, severity: query.severity }));
  const outcomes = await Promise.all(
    asked.map(async (target): Promise<{ items?: Event[]; full?: boolean; failure?: ConnectionFailure }> => {
      if (!target.backend) return { failure: { connectionId: target.info.id, connectionName: target.info.name, error: target.error! } };
      const backend = requireCapability(target.backend, 'events');
      try {
        const list = await read(
          target,
          key,
          CACHE_TTL_MS.list,
          (signal) => backend.listEvents({ max: query.max, severity: query.severity }, { signal }),
          deadline(options),
          timeoutMs,
        );
        return { items: list.items.filter((e) => matchesEvent(e, query)), full: list.items.length >= query.max };
      } catch (error) {
        return { failure: failureOf(target.info, error, 'events') };
      }
    }),
  );
  const failures = outcomes.flatMap((o) => (o.failure ? [o.failure] : []));
  if (unknown) failures.push(unknown);
  const items = newestFirst(outcomes.flatMap((o) => o.items ?? [])).slice(0, query.max);
  return {
    items,
    // Older events exist when a connection filled its quota.
    hasMore: outcomes.some((o) => o.full),
    page: 1,
    pageSize: query.max,
    failures,
    connections,
    askedConnectionIds: asked.map((t) => t.info.id),
    fetchedAt: Date.now(),
  };
}

function newestFirst(events: Event[]): Event[] {
  return [...events].sort((a, b) => new Date(b.time).getTime() - new Date(a.time).getTime());
}

// ───────────────────────────── single objects ─────────────────────────────

export interface OneResult<T> {
  item: T;
  connection: ConnectionInfo;
}

/**
 * One object by qualified id: the connection comes from the id. Throws
 * BackendError: not_found (bad id, unknown or disabled connection, no such
 * object, or the connection cannot hold this kind), timeout, unreachable, …
 */
export async function getOne<K extends ListKind>(kind: K, id: string, options: ReadOptions = {}): Promise<OneResult<KindItems[K]>> {
  const { target, backend } = await targetFor(id, READS[kind].capability);
  const spec = READS[kind] as KindRead<KindItems[K]>;
  const item = await read(
    target,
    cacheKey(CACHE_PREFIX[kind], 'get', id),
    CACHE_TTL_MS.object,
    (signal) => spec.get(backend, id, { signal }),
    deadline(options),
    options.timeoutMs ?? READ_TIMEOUT_MS,
  );
  return { item, connection: target.info };
}

async function targetFor(id: string, capability: Capability): Promise<{ target: Target; backend: Backend }> {
  const parsed = parseQualifiedId(id);
  if (!parsed) throw new BackendError('not_found', 'The object was not found.');
  const infos = await listConnectionInfos();
  const info = infos.find((c) => c.id === parsed.connectionId);
  // An id of a deleted or disabled connection names nothing any more.
  if (!info) throw new BackendError('not_found', 'The object was not found: its connection is gone or disabled.');
  const backend = await backendById(info.id);
  if (!hasCapability(backend, capability)) throw new BackendError('not_found', 'The object was not found.');
  return { target: { info, backend }, backend };
}

export interface VmDetails {
  vm: Vm;
  connection: ConnectionInfo;
  /** The connection can open the VM's screen (the console page then can). */
  consoles: boolean;
  /** Undefined when the backend has no snapshots capability or the read failed. */
  snapshots?: Snapshot[];
  snapshotsError?: ClientError;
}

/** A VM with its disks and NICs (embedded by the adapter) and its snapshots (one more request). */
export async function getVmDetails(id: string, options: ReadOptions = {}): Promise<VmDetails> {
  const { item: cached, connection } = await getOne('vms', id, options);
  let vm = cached;
  const backend = await backendById(connection.id);
  if (vm.template && vm.template.name === undefined && hasCapability(backend, 'templates')) {
    // oVirt sends the template as an id stub: one cached read names it (the detail page, not per row).
    try {
      const template = await getOne('templates', vm.template.id, options);
      vm = { ...vm, template: { ...vm.template, name: template.item.name } };
    } catch {
      // The id stays; the page still shows.
    }
  }
  // An engine that sends the host and cluster as bare links (no follow): names from the cached
  // lists, so the page shows "host-03", not a qualified id.
  const named = { ...vm };
  await nameRefs('vms', { info: connection, backend }, [named], options, options.timeoutMs ?? READ_TIMEOUT_MS, [
    { field: 'cluster', from: 'clusters' },
    { field: 'host', from: 'hosts' },
  ]);
  vm = named;
  if (vm.disks?.some((d) => d.storageDomain && d.storageDomain.name === undefined) && hasCapability(backend, 'storageDomains')) {
    // Disk attachments name their domain by id only: one cached read of all domains names them.
    try {
      const domains = await read(
        { info: connection },
        cacheKey('storagedomains', 'list', 'overview'),
        OVERVIEW_TTL_MS,
        (signal) => backend.listStorageDomains(WHOLE, { signal }),
        deadline(options),
        options.timeoutMs ?? READ_TIMEOUT_MS,
      );
      const names = new Map(domains.items.map((d) => [d.id, d.name]));
      vm = {
        ...vm,
        disks: vm.disks.map((d) => (d.storageDomain && names.has(d.storageDomain.id) ? { ...d, storageDomain: { ...d.storageDomain, name: names.get(d.storageDomain.id) } } : d)),
      };
    } catch {
      // Ids stay.
    }
  }
  const consoles = hasCapability(backend, 'consoles');
  if (!hasCapability(backend, 'snapshots')) return { vm, connection, consoles };
  try {
    const snapshots = await read(
      { info: connection },
      cacheKey('vms', 'snapshots', id),
      CACHE_TTL_MS.object,
      (signal) => backend.listSnapshots(id, { signal }),
      deadline(options),
      options.timeoutMs ?? READ_TIMEOUT_MS,
    );
    return { vm, connection, consoles, snapshots };
  } catch (error) {
    // The VM is there; only its snapshot tab shows the reason.
    return { vm, connection, consoles, snapshotsError: failureOf(connection, error, 'snapshots').error };
  }
}

/**
 * The logical networks of a data center (its detail page). Networks are few
 * and change rarely: one request per connection per slow TTL.
 */
export async function listDataCenterNetworks(
  dataCenter: { id: string; name: string; connectionId: string },
  options: ReadOptions = {},
): Promise<{ items: Network[]; error?: ClientError }> {
  const { target, backend } = await targetFor(dataCenter.id, 'dataCenters');
  if (!hasCapability(backend, 'networks')) return { items: [] };
  const query: ListQuery = { page: 1, pageSize: MAX_PAGE_SIZE, filters: { dataCenter: dataCenter.name } };
  try {
    const page = await read(
      target,
      cacheKey('networks', 'list', argumentOf(query)),
      CACHE_TTL_MS.slow,
      (signal) => backend.listNetworks(query, { signal }),
      deadline(options),
      options.timeoutMs ?? READ_TIMEOUT_MS,
    );
    return { items: page.items };
  } catch (error) {
    return { items: [], error: failureOf(target.info, error, 'networks').error };
  }
}

export interface StorageContents {
  disks?: Disk[];
  files?: IsoFile[];
  exported?: ExportedItem[];
  /** More than the first MAX_PAGE_SIZE disks exist. */
  truncated?: boolean;
  /** The backend cannot list what this domain holds. */
  unsupported?: boolean;
  error?: ClientError;
}

/**
 * What a storage domain holds, by kind, in one request: a data domain's disks
 * (the engine's own disk search, `storage=<name>`: oVirt's language, so only
 * for oVirt), an ISO domain's files, an export domain's VMs and templates.
 */
export async function storageDomainContents(domain: StorageDomain, options: ReadOptions = {}): Promise<StorageContents> {
  const { target, backend } = await targetFor(domain.id, 'storageDomains');
  const timeoutMs = options.timeoutMs ?? READ_TIMEOUT_MS;
  const cached = <T>(key: string, fn: (signal: AbortSignal) => Promise<T>) =>
    read(target, cacheKey('storagedomains', `${key}:${domain.id}`), CACHE_TTL_MS.list, fn, deadline(options), timeoutMs);
  try {
    if (domain.kind === 'data' && hasCapability(backend, 'disks') && (backend.kind === 'ovirt' || backend.kind === 'libvirt')) {
      // The engine narrows by its search language; a libvirt host lists one pool's volumes by the `storageDomain` filter.
      const query: ListQuery =
        backend.kind === 'ovirt'
          ? { page: 1, pageSize: MAX_PAGE_SIZE, nativeQuery: `storage="${domain.name.replace(/"/g, '')}"` }
          : { page: 1, pageSize: MAX_PAGE_SIZE, filters: { storageDomain: domain.id }, sort: { field: 'name', dir: 'asc' } };
      const page = await cached('disks', (signal) => backend.listDisks(query, { signal }));
      return { disks: page.items, truncated: page.hasMore };
    }
    if (domain.kind === 'iso' && backend.listIsoFiles) {
      const list = backend.listIsoFiles.bind(backend);
      const files = await cached('files', (signal) => list({ signal }));
      return { files: files.filter((f) => f.storageDomain.id === domain.id) };
    }
    if (domain.kind === 'export' && backend.listExportedItems) {
      const list = backend.listExportedItems.bind(backend);
      return { exported: await cached('exported', (signal) => list(domain.id, { signal })) };
    }
    return { unsupported: true };
  } catch (error) {
    return { error: failureOf(target.info, error, 'storage contents').error };
  }
}

// ───────────────────────────── overview ─────────────────────────────

/** Every VM up to OVERVIEW_VM_PAGES pages of MAX_PAGE_SIZE: at most that many requests. */
async function scanVms(
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
function vcpusByHost(vms: Vm[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const vm of vms) if (vm.host) out.set(vm.host.id, (out.get(vm.host.id) ?? 0) + (vcpusOf(vm.cpu) ?? 1));
  return out;
}

function tally<T, S extends string>(items: T[], statusOf: (item: T) => S | undefined, truncated: boolean): Tally<S> {
  const byStatus: Partial<Record<S, number>> = {};
  for (const item of items) {
    const s = statusOf(item);
    if (s !== undefined) byStatus[s] = (byStatus[s] ?? 0) + 1;
  }
  return { total: items.length, byStatus, truncated };
}

const WHOLE: ListQuery = { page: 1, pageSize: MAX_PAGE_SIZE };

/**
 * Per-connection health and capacity, newest events and running tasks for
 * the overview. Request budget per connection, independent of the estate's
 * size (one page of MAX_PAGE_SIZE per collection, no per-row reads):
 * data centers 1, clusters 1, hosts 1, storage domains 1 + one per data center
 * (the adapter's status merge), VMs ≤ OVERVIEW_VM_PAGES, events 1, tasks 1.
 * Counts beyond those pages are reported as lower bounds (`truncated`).
 */
export async function overviewSummary(options: ReadOptions = {}): Promise<OverviewSummary> {
  const timeoutMs = options.timeoutMs ?? READ_TIMEOUT_MS;
  const { connections, targets } = await resolveTargets();
  const results = await Promise.all(targets.map((t) => overviewOf(t, options, timeoutMs)));
  const unreachable = results.flatMap((r) => (r.failure ? [r.failure] : []));
  const down = new Set(unreachable.map((f) => f.connectionId));
  const events = newestFirst(results.flatMap((r) => r.events ?? [])).slice(0, OVERVIEW_EVENTS);
  const runningTasks = results
    .flatMap((r) => r.tasks ?? [])
    .sort((a, b) => new Date(b.startedAt ?? 0).getTime() - new Date(a.startedAt ?? 0).getTime())
    .slice(0, OVERVIEW_TASKS);
  return {
    connections,
    reachable: results.flatMap((r) => (r.overview ? [r.overview] : [])),
    unreachable,
    events,
    // A connection that is down altogether is reported once, under unreachable.
    eventFailures: results.flatMap((r) => (r.eventFailure && !down.has(r.eventFailure.connectionId) ? [r.eventFailure] : [])),
    runningTasks,
    taskFailures: results.flatMap((r) => (r.taskFailure && !down.has(r.taskFailure.connectionId) ? [r.taskFailure] : [])),
    fetchedAt: Date.now(),
  };
}

interface OverviewOutcome {
  overview?: ConnectionOverview;
  failure?: ConnectionFailure;
  events?: Event[];
  eventFailure?: ConnectionFailure;
  tasks?: Task[];
  taskFailure?: ConnectionFailure;
}

async function overviewOf(target: Target, options: ReadOptions, timeoutMs: number): Promise<OverviewOutcome> {
  if (!target.backend) return { failure: { connectionId: target.info.id, connectionName: target.info.name, error: target.error! } };
  const b = target.backend;
  const t = target as Target & { backend: Backend };
  // One deadline for the whole connection: its reads run in parallel.
  const limit = deadline(options);
  const whole = <R>(kind: ListKind, fn: (signal: AbortSignal) => Promise<R>) =>
    read(target, cacheKey(CACHE_PREFIX[kind], 'list', 'overview'), OVERVIEW_TTL_MS, fn, limit, timeoutMs);

  const core = Promise.all([
    hasCapability(b, 'dataCenters') ? whole('dataCenters', (signal) => b.listDataCenters(WHOLE, { signal })) : undefined,
    hasCapability(b, 'clusters') ? whole('clusters', (signal) => b.listClusters(WHOLE, { signal })) : undefined,
    hasCapability(b, 'hosts') ? whole('hosts', (signal) => b.listHosts(WHOLE, { signal })) : undefined,
    hasCapability(b, 'storageDomains') ? whole('storageDomains', (signal) => b.listStorageDomains(WHOLE, { signal })) : undefined,
    hasCapability(b, 'vms') ? scanVms(t, limit, timeoutMs) : undefined,
  ]);
  const events = hasCapability(b, 'events')
    ? read(
        target,
        cacheKey('events', 'list', 'overview'),
        CACHE_TTL_MS.list,
        (signal) => b.listEvents({ max: OVERVIEW_EVENTS }, { signal }),
        limit,
        timeoutMs,
      )
    : undefined;
  const tasks = hasCapability(b, 'tasks')
    ? read(
        target,
        cacheKey('tasks', 'list', 'overview-running'),
        CACHE_TTL_MS.list,
        (signal) => b.listTasks({ page: 1, pageSize: OVERVIEW_TASKS, filters: { status: 'running' } }, { signal }),
        limit,
        timeoutMs,
      )
    : undefined;

  const [coreResult, eventsResult, tasksResult] = await Promise.allSettled([core, events, tasks]);
  const out: OverviewOutcome = {};
  if (eventsResult.status === 'fulfilled') out.events = eventsResult.value?.items;
  else out.eventFailure = failureOf(target.info, eventsResult.reason, 'events');
  if (tasksResult.status === 'fulfilled') out.tasks = tasksResult.value?.items;
  else out.taskFailure = failureOf(target.info, tasksResult.reason, 'tasks');
  if (coreResult.status === 'rejected') {
    out.failure = failureOf(target.info, coreResult.reason, 'overview');
    return out;
  }
  const [dcs, clusters, hosts, domains, vms] = coreResult.value;
  const overview: ConnectionOverview = { connection: target.info };
  if (dcs) overview.dataCenters = tally(dcs.items, (d) => d.status, dcs.hasMore);
  if (clusters) overview.clusters = tally(clusters.items, () => undefined, clusters.hasMore);
  if (hosts) overview.hosts = tally(hosts.items, (h) => h.status, hosts.hasMore);
  if (vms) overview.vms = tally(vms.items, (v) => v.status, vms.truncated);
  if (hosts && vms) {
    // Measured load comes with the host list (oVirt: follow=statistics), so it costs no request.
    const { cpu, memory } = computeCapacity(hosts.items, vms.items);
    overview.cpu = cpu;
    overview.memory = memory;
  }
  if (domains) {
    const data = domains.items.filter((d) => d.kind === 'data');
    const sum = (f: (d: StorageDomain) => number | undefined) => data.reduce((acc, d) => acc + (f(d) ?? 0), 0);
    overview.storage = {
      domains: data.length,
      usedBytes: sum((d) => d.usedBytes),
      availableBytes: sum((d) => d.availableBytes),
      committedBytes: sum((d) => d.committedBytes),
      totalBytes: sum((d) => d.totalBytes ?? (d.usedBytes ?? 0) + (d.availableBytes ?? 0)),
      truncated: domains.hasMore,
    };
    overview.storageKinds = {};
    for (const d of domains.items) overview.storageKinds[d.kind] = (overview.storageKinds[d.kind] ?? 0) + 1;
  }
  out.overview = overview;
  return out;
}
