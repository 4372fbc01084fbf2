import 'server-only';
import { hasCapability } from '@/lib/backends';
import type { ClientError, IsoFile } from '@/lib/backends';
import type { ExportedItem } from '@/lib/backends/infra-types';
import { MAX_PAGE_SIZE, type Disk, type ListQuery, type Network, type Snapshot, type StorageDomain, type Vm, type VmStatus } from '@/lib/domain';
import type { ConnectionInfo } from '@/lib/inventory/types';
import type { ListKind } from '@/lib/validations/inventory';
import { CACHE_TTL_MS } from './backend-cache';
import { argumentOf, backendById, cacheKey } from './gateway';
import { CACHE_PREFIX, READS, WHOLE, deadline, failureOf, read, targetFor, OVERVIEW_TTL_MS, READ_TIMEOUT_MS, type KindItems, type KindRead, type ReadOptions } from './inventory-read';
import { nameRefs } from './inventory-lists';

/** States in which a VM has a serial console to open (as components/console/serial-console-link.tsx shows it). */
const SERIAL_STATES: ReadonlySet<VmStatus> = new Set<VmStatus>(['running', 'paused', 'migrating', 'rebooting', 'starting', 'stopping']);

// One object by its qualified id, and what its detail page shows beside it.

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

export interface VmDetails {
  vm: Vm;
  connection: ConnectionInfo;
  /** The connection can open the VM's screen (the console page then can). */
  consoles: boolean;
  /** The connection can open the VM's serial console in the browser (the serial console page then can). */
  serialConsole: boolean;
  /** Why this VM's serial console cannot open, in the backend's words (oVirt: no console device); absent when it may. */
  serialConsoleRefusal?: string;
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
  const serialConsole = typeof backend.openSerialConsole === 'function';
  // Asked beside the snapshots, only of a VM that runs: a read that fails leaves the link to the page, which asks again.
  const refusal = serialConsole && backend.serialConsoleRefusal && SERIAL_STATES.has(vm.status)
    ? backend.serialConsoleRefusal(id, { signal: AbortSignal.timeout(options.timeoutMs ?? READ_TIMEOUT_MS) }).catch(() => undefined)
    : Promise.resolve(undefined);
  const serialConsoleRefusal = async () => {
    const why = await refusal;
    return why ? { serialConsoleRefusal: why } : {};
  };
  if (!hasCapability(backend, 'snapshots')) return { vm, connection, consoles, serialConsole, ...(await serialConsoleRefusal()) };
  try {
    const snapshots = await read(
      { info: connection },
      cacheKey('vms', 'snapshots', id),
      CACHE_TTL_MS.object,
      (signal) => backend.listSnapshots(id, { signal }),
      deadline(options),
      options.timeoutMs ?? READ_TIMEOUT_MS,
    );
    return { vm, connection, consoles, serialConsole, ...(await serialConsoleRefusal()), snapshots };
  } catch (error) {
    // The VM is there; only its snapshot tab shows the reason.
    return { vm, connection, consoles, serialConsole, ...(await serialConsoleRefusal()), snapshotsError: failureOf(connection, error, 'snapshots').error };
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
 * (narrowed by the `storageDomain` filter, which each adapter speaks in its own
 * words), an ISO domain's files, an export domain's VMs and templates.
 */
export async function storageDomainContents(domain: StorageDomain, options: ReadOptions = {}): Promise<StorageContents> {
  const { target, backend } = await targetFor(domain.id, 'storageDomains');
  const timeoutMs = options.timeoutMs ?? READ_TIMEOUT_MS;
  const cached = <T>(key: string, fn: (signal: AbortSignal) => Promise<T>) =>
    read(target, cacheKey('storagedomains', `${key}:${domain.id}`), CACHE_TTL_MS.list, fn, deadline(options), timeoutMs);
  try {
    if (domain.kind === 'data' && hasCapability(backend, 'disks')) {
      // Each adapter narrows to the domain in its own words (the engine's `storage=<name>` search, one libvirt pool).
      const query: ListQuery = { page: 1, pageSize: MAX_PAGE_SIZE, filters: { storageDomain: domain.name }, sort: { field: 'name', dir: 'asc' } };
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
