import 'server-only';
import { BackendError, hasCapability, requireCapability, toClientError } from '@/lib/backends';
import type { Backend, CallOptions, Capability, ClientError } from '@/lib/backends';
import { MAX_PAGE_SIZE, parseQualifiedId, type Cluster, type DataCenter, type Host, type ListQuery, type Page, type QualifiedId, type StorageDomain, type Task, type Template, type Vm, type Volume, type Network } from '@/lib/domain';
import type { ConnectionFailure, ConnectionInfo } from '@/lib/inventory/types';
import type { ListKind } from '@/lib/validations/inventory';
import { CACHE_TTL_MS } from './backend-cache';
import { listConnections, listEnabledBackends } from './connections';
import { backendById, guardedRead, type CacheKey, type CacheResource } from './gateway';
import { reconcileMigrationsSoon } from './migration-intents';

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

// The machinery every inventory read shares: which connections to ask, the read through the
// gateway's cache and circuit with its deadline, and a failure as the page shows it.

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
  networks: 'networks',
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
  /**
   * A live list (the pages and the route they poll): a connection that has not answered within
   * PATIENCE_MS is reported as still being waited for, even when it never answered before, and
   * the page shows the others' rows at once. Off for pickers and forms, which need every answer.
   */
  live?: boolean;
}

export interface KindItems {
  dataCenters: DataCenter;
  clusters: Cluster;
  hosts: Host;
  storageDomains: StorageDomain;
  vms: Vm;
  templates: Template;
  tasks: Task;
  volumes: Volume;
  networks: Network;
}

export interface KindRead<T> {
  capability: Capability;
  listTtlMs: number;
  list(backend: Backend, query: ListQuery, opts: CallOptions): Promise<Page<T>>;
  get(backend: Backend, id: QualifiedId, opts: CallOptions): Promise<T>;
}

export const READS: { [K in ListKind]: KindRead<KindItems[K]> } = {
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
    // VMs seen again: a migration whose dashboard restarted meanwhile is settled (in the background).
    list: (b, q, o) => (reconcileMigrationsSoon(), requireCapability(b, 'vms').listVms(q, o)),
    get: (b, id, o) => (reconcileMigrationsSoon(), requireCapability(b, 'vms').getVm(id, o)),
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
  networks: {
    capability: 'networks',
    // Virtual networks start and stop: a list read, not a slow one.
    listTtlMs: CACHE_TTL_MS.list,
    list: (b, q, o) => requireCapability(b, 'networks').listNetworks(q, o),
    get: (b, id, o) => requireCapability(b, 'networks').getNetwork(id, o),
  },
};

export function capabilityOf(kind: ListKind): Capability {
  return READS[kind].capability;
}

// ───────────────────────────── connections ─────────────────────────────

export interface Target {
  info: ConnectionInfo;
  backend?: Backend;
  /** Set when no backend could be built for the connection (bad stored password, kind not supported). */
  error?: ClientError;
}

export function infoOf(view: { id: string; name: string; kind: ConnectionInfo['kind']; simulated: boolean }): ConnectionInfo {
  return { id: view.id, name: view.name, kind: view.kind, simulated: view.simulated };
}

/**
 * The enabled connections, and a backend for each of those asked. A connection
 * whose backend cannot be built is NOT silently dropped (listEnabledBackends
 * only logs it): asking for its backend again yields the reason to show.
 */
export async function resolveTargets(connectionId?: string): Promise<{ connections: ConnectionInfo[]; targets: Target[]; unknown?: ConnectionFailure }> {
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

export interface Deadline {
  /** The caller's own cancellation (a route handler's request.signal). */
  caller?: AbortSignal;
}

export function deadline(options: ReadOptions): Deadline {
  return { caller: options.signal };
}

/**
 * A cached read that gives up at the deadline, through the gateway's circuit: a connection that
 * timed out is answered at once (as unreachable) until a background retry gets an answer. The
 * cache hands `fn` its own signal and aborts the backend call only when every waiting caller has
 * left, so our deadline stops THIS page waiting without cancelling a read another browser still
 * waits for.
 */
export function read<T>(
  target: { info: ConnectionInfo },
  key: CacheKey,
  ttlMs: number,
  fn: (signal: AbortSignal) => Promise<T>,
  limit: Deadline,
  timeoutMs: number,
): Promise<T> {
  return guardedRead(target.info, key, ttlMs, fn, { signal: limit.caller, timeoutMs });
}

export function failureOf(info: ConnectionInfo, error: unknown, what: string): ConnectionFailure {
  const client = toClientError(error);
  if (!(error instanceof BackendError)) {
    // Not a backend answer but a bug or an internal failure: the browser gets generic words, the log the details.
    console.error(`[inventory] ${what} from "${info.name}" (${info.id}) failed:`, error);
  }
  return { connectionId: info.id, connectionName: info.name, error: client };
}



export const WHOLE: ListQuery = { page: 1, pageSize: MAX_PAGE_SIZE };


export async function targetFor(id: string, capability: Capability): Promise<{ target: Target; backend: Backend }> {
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
