import 'server-only';
import type { Cluster, DataCenter, Host, StorageDomain } from '@/lib/domain';
import { MAX_PAGE_SIZE } from '@/lib/domain/paging';
import { BackendError } from '@/lib/backends/errors';
import type {
  ClusterLevel, ExportedItem, HostLun, IscsiTarget, StorageConnection, UploadChunk, UploadState,
} from '@/lib/backends/infra-types';
import type { Backend, TaskRef } from '@/lib/backends/types';
import type { ClusterCreateInput, ClusterEditInput } from '@/lib/validations/cluster';
import type { DataCenterCreateInput, DataCenterEditInput } from '@/lib/validations/datacenter';
import type { HostAddFormInput } from '@/lib/validations/host-add';
import type { StorageDomainCreateInput, StorageStateInput } from '@/lib/validations/storage-domain';
import type { ExportImportInput } from '@/lib/validations/storage-domain-import';
import type { UploadStartInput } from '@/lib/validations/upload';
import { CACHE_TTL_MS } from './backend-cache';
import { listEnabledBackends } from './connections';
import { managedBlockRefusal } from './managed-block';
import { ActionRefusal } from './refusal';
import { backendWith, can, cacheKey, connectionIdOf as connectionOf, mutate as change, read, type BackendWithMethod, type CacheResource } from './gateway';

/**
 * The infrastructure runbook for pages and actions: find the connection an id belongs to, check
 * that its backend can do the operation, call it, and drop that connection's cached reads so
 * every list shows the change at once. Role checks and audit entries are the callers' (roleAction
 * for server actions, withRole for the upload route); nothing here knows which backend it talks to.
 */

type InfraMethod = keyof Backend & (
  | 'createDataCenter' | 'updateDataCenter' | 'removeDataCenter' | 'listClusterLevels' | 'createCluster' | 'updateCluster' | 'removeCluster'
  | 'addHost' | 'removeHost' | 'iscsiDiscover' | 'iscsiLogin' | 'listHostLuns' | 'createStorageDomain' | 'removeStorageDomain'
  | 'attachStorageDomain' | 'activateStorageDomain' | 'deactivateStorageDomain' | 'detachStorageDomain' | 'startDiskUpload' | 'getDiskUpload'
  | 'writeDiskUpload' | 'finalizeDiskUpload' | 'cancelDiskUpload' | 'listExportedItems' | 'importFromExportDomain'
);

type With<M extends InfraMethod> = BackendWithMethod<M>;

export function supports<M extends InfraMethod>(backend: Backend, method: M): backend is With<M> {
  return can(backend, method);
}

/** The connection's backend, if it can do `method`; a clear refusal otherwise. */
export const backendFor = backendWith;

/**
 * An infrastructure change moves much at once (a host added changes its cluster's and data
 * center's counts, a storage domain attached its data center's status): everything this
 * connection answered before may be stale, so all of its reads are dropped, on failure too.
 */
async function mutate<M extends InfraMethod, R>(connectionId: string, method: M, fn: (b: With<M>) => Promise<R>): Promise<R> {
  const backend = await backendWith(connectionId, method);
  return change(connectionId, 'everything', () => fn(backend));
}

// ───────────────────────────── form choices ─────────────────────────────

export interface InfraConnection {
  id: string;
  name: string;
}

/** Connections whose backend can do `method` (the forms' connection picker). */
export async function connectionsSupporting(method: InfraMethod): Promise<InfraConnection[]> {
  return (await listEnabledBackends()).filter((b) => supports(b, method)).map((b) => ({ id: b.id, name: b.name }));
}

export interface InfraChoices {
  dataCenters: DataCenter[];
  clusters: Cluster[];
  hosts: Host[];
  storageDomains: StorageDomain[];
}

const ALL = { page: 1, pageSize: MAX_PAGE_SIZE } as const;

/**
 * Everything a form picks from, across the connections that support `method`, through the shared
 * cache (the same keys the lists use, so one mutation's invalidation refreshes both).
 */
export async function infraChoices(method: InfraMethod): Promise<InfraChoices & { connections: InfraConnection[] }> {
  const backends = (await listEnabledBackends()).filter((b) => supports(b, method));
  const out: InfraChoices & { connections: InfraConnection[] } = { connections: [], dataCenters: [], clusters: [], hosts: [], storageDomains: [] };
  await Promise.all(
    backends.map(async (b) => {
      const choices = <T>(resource: CacheResource, fn: () => Promise<T[]> | undefined) =>
        read(b.id, cacheKey(resource, 'choices'), CACHE_TTL_MS.list, async () => (await fn()) ?? []).catch(() => [] as T[]);
      const [dcs, cls, hosts, sds] = await Promise.all([
        choices<DataCenter>('datacenters', () => b.listDataCenters?.(ALL).then((p) => p.items)),
        choices<Cluster>('clusters', () => b.listClusters?.(ALL).then((p) => p.items)),
        choices<Host>('hosts', () => b.listHosts?.(ALL).then((p) => p.items)),
        choices<StorageDomain>('storagedomains', () => b.listStorageDomains?.(ALL).then((p) => p.items)),
      ]);
      out.connections.push({ id: b.id, name: b.name });
      out.dataCenters.push(...dcs);
      out.clusters.push(...cls);
      out.hosts.push(...hosts);
      out.storageDomains.push(...sds);
    }),
  );
  out.connections.sort((a, b) => a.name.localeCompare(b.name));
  return out;
}

export async function clusterLevels(connectionId: string): Promise<ClusterLevel[]> {
  const backend = await backendFor(connectionId, 'listClusterLevels');
  return read(connectionId, cacheKey('clusterlevels', 'list'), CACHE_TTL_MS.slow, (signal) => backend.listClusterLevels({ signal }));
}

// ───────────────────────────── data centers, clusters ─────────────────────────────

export function createDataCenter(input: DataCenterCreateInput): Promise<DataCenter> {
  return mutate(input.connectionId, 'createDataCenter', (b) =>
    b.createDataCenter({ name: input.name, description: input.description, local: input.storageType === 'local', version: input.version }),
  );
}

export function editDataCenter(input: DataCenterEditInput): Promise<DataCenter> {
  return mutate(connectionOf(input.id), 'updateDataCenter', (b) => b.updateDataCenter(input.id, { name: input.name, description: input.description ?? '' }));
}

export function removeDataCenter(id: string, force: boolean): Promise<void> {
  return mutate(connectionOf(id), 'removeDataCenter', (b) => b.removeDataCenter(id, { force }));
}

export function createCluster(input: ClusterCreateInput): Promise<Cluster> {
  return mutate(connectionOf(input.dataCenterId), 'createCluster', (b) =>
    b.createCluster({ name: input.name, description: input.description, dataCenterId: input.dataCenterId, cpuType: input.cpuType, version: input.version }),
  );
}

export function editCluster(input: ClusterEditInput): Promise<Cluster> {
  return mutate(connectionOf(input.id), 'updateCluster', (b) =>
    b.updateCluster(input.id, {
      name: input.name, description: input.description ?? '', cpuType: input.cpuType,
      ...(input.services ? { virtService: input.virtService, glusterService: input.glusterService } : {}),
    }),
  );
}

export function removeCluster(id: string): Promise<void> {
  return mutate(connectionOf(id), 'removeCluster', (b) => b.removeCluster(id));
}

// ───────────────────────────── hosts ─────────────────────────────

export function addHost(input: HostAddFormInput): Promise<Host> {
  const auth = input.authMethod === 'password' ? { method: 'password' as const, password: input.password ?? '' } : { method: 'publickey' as const };
  return mutate(connectionOf(input.clusterId), 'addHost', (b) =>
    b.addHost({ name: input.name, address: input.address, clusterId: input.clusterId, auth, sshPort: input.sshPort, description: input.description, deployHostedEngine: input.deployHostedEngine || undefined }),
  );
}

export function removeHost(id: string): Promise<void> {
  return mutate(connectionOf(id), 'removeHost', (b) => b.removeHost(id));
}

// ───────────────────────────── storage domains ─────────────────────────────

function connectionFrom(input: StorageDomainCreateInput): StorageConnection {
  switch (input.storageType) {
    case 'nfs':
      return { type: 'nfs', address: input.address!, path: input.path!, nfsVersion: input.nfsVersion, mountOptions: input.mountOptions };
    case 'glusterfs':
      return { type: 'glusterfs', address: input.address!, path: input.path!, mountOptions: input.mountOptions };
    case 'posixfs':
      return { type: 'posixfs', path: input.path!, vfsType: input.vfsType!, mountOptions: input.mountOptions };
    case 'iscsi':
    case 'fcp':
      return { type: input.storageType, lunIds: input.lunIds };
    case 'managed_block_storage': {
      const pick = (sensitive: boolean) => input.driverOptions.filter((o) => o.sensitive === sensitive).map((o) => ({ name: o.name, value: o.value }));
      return { type: 'managed_block_storage', driverOptions: pick(false), driverSensitiveOptions: pick(true) };
    }
  }
}

export async function createStorageDomain(input: StorageDomainCreateInput): Promise<StorageDomain> {
  if (input.storageType === 'managed_block_storage') {
    // Checked here too, not only by the form: an engine below 4.3 has no such domain type.
    const choices = await infraChoices('createStorageDomain');
    const host = choices.hosts.find((h) => h.id === input.hostId);
    const refusal = host ? managedBlockRefusal(host, choices.clusters, choices.dataCenters) : null;
    if (refusal) throw new ActionRefusal(refusal.key, refusal.values);
  }
  return mutate(connectionOf(input.hostId), 'createStorageDomain', (b) =>
    b.createStorageDomain({
      name: input.name,
      description: input.description,
      purpose: input.purpose,
      hostId: input.hostId,
      connection: connectionFrom(input),
      overrideLuns: input.overrideLuns,
    }),
  );
}

export async function discoverIscsi(hostId: string, portal: { address: string; port: number }): Promise<IscsiTarget[]> {
  const backend = await backendFor(connectionOf(hostId), 'iscsiDiscover');
  return backend.iscsiDiscover(hostId, portal);
}

/** Logging in changes what the host sees; then its LUNs (the next step of the form). */
export async function loginIscsi(hostId: string, target: IscsiTarget & { username?: string; password?: string }): Promise<HostLun[]> {
  const backend = await backendFor(connectionOf(hostId), 'iscsiLogin');
  await backend.iscsiLogin(hostId, target);
  return hostLuns(hostId);
}

export async function hostLuns(hostId: string): Promise<HostLun[]> {
  const backend = await backendFor(connectionOf(hostId), 'listHostLuns');
  return backend.listHostLuns(hostId);
}

export function attachStorageDomain(id: string, dataCenterId: string): Promise<TaskRef> {
  if (connectionOf(id) !== connectionOf(dataCenterId)) throw new BackendError('invalid_input', 'The storage domain and the data center belong to different connections.');
  return mutate(connectionOf(id), 'attachStorageDomain', (b) => b.attachStorageDomain(id, dataCenterId));
}

export async function setStorageDomainState(input: StorageStateInput): Promise<void> {
  const conn = connectionOf(input.id);
  if (input.op === 'activate') await mutate(conn, 'activateStorageDomain', (b) => b.activateStorageDomain(input.id, input.dataCenterId));
  else if (input.op === 'deactivate') await mutate(conn, 'deactivateStorageDomain', (b) => b.deactivateStorageDomain(input.id, input.dataCenterId));
  else await mutate(conn, 'detachStorageDomain', (b) => b.detachStorageDomain(input.id, input.dataCenterId));
}

export function removeStorageDomain(id: string, hostId: string, format: boolean): Promise<void> {
  return mutate(connectionOf(id), 'removeStorageDomain', (b) => b.removeStorageDomain(id, { hostId, format }));
}

// ───────────────────────────── uploads ─────────────────────────────

export function startUpload(input: UploadStartInput): Promise<UploadState> {
  return mutate(connectionOf(input.storageDomainId), 'startDiskUpload', (b) =>
    b.startDiskUpload({ storageDomainId: input.storageDomainId, name: input.name, sizeBytes: input.sizeBytes, contentType: input.contentType }),
  );
}

export async function uploadState(transferId: string, signal?: AbortSignal): Promise<UploadState> {
  const backend = await backendFor(connectionOf(transferId), 'getDiskUpload');
  return backend.getDiskUpload(transferId, { signal });
}

export async function writeUpload(transferId: string, chunk: UploadChunk, signal?: AbortSignal): Promise<void> {
  const backend = await backendFor(connectionOf(transferId), 'writeDiskUpload');
  await backend.writeDiskUpload(transferId, chunk, { signal });
}

export function finalizeUpload(transferId: string): Promise<UploadState> {
  return mutate(connectionOf(transferId), 'finalizeDiskUpload', (b) => b.finalizeDiskUpload(transferId));
}

export function cancelUpload(transferId: string): Promise<UploadState> {
  return mutate(connectionOf(transferId), 'cancelDiskUpload', (b) => b.cancelDiskUpload(transferId));
}

// ───────────────────────────── export domains ─────────────────────────────

export async function exportedItems(exportDomainId: string): Promise<ExportedItem[]> {
  const conn = connectionOf(exportDomainId);
  const backend = await backendFor(conn, 'listExportedItems');
  return read(conn, cacheKey('storagedomains', 'exported', exportDomainId), CACHE_TTL_MS.list, (signal) => backend.listExportedItems(exportDomainId, { signal }));
}

export function importExported(input: ExportImportInput): Promise<TaskRef> {
  return mutate(connectionOf(input.exportDomainId), 'importFromExportDomain', (b) =>
    b.importFromExportDomain(input.exportDomainId, {
      kind: input.kind,
      itemId: input.itemId,
      clusterId: input.clusterId,
      storageDomainId: input.storageDomainId,
      clone: input.clone,
      name: input.clone ? input.name : undefined,
    }),
  );
}

export interface ImportContext {
  exportDomain: StorageDomain;
  items: (ExportedItem & { nameTaken: boolean })[];
  /** Clusters and active data domains of the export domain's data center: where an import may go. */
  clusters: Cluster[];
  dataDomains: StorageDomain[];
}

/** What the import form needs, all from the export domain's own connection and data center. */
export async function importContext(exportDomainId: string): Promise<ImportContext> {
  const conn = connectionOf(exportDomainId);
  const backend = await backendFor(conn, 'listExportedItems');
  const exportDomain = await backend.getStorageDomain!(exportDomainId);
  if (exportDomain.kind !== 'export') throw new BackendError('invalid_input', `${exportDomain.name} is not an export domain.`);
  const dcId = exportDomain.dataCenter?.id;
  const [items, clusters, domains, vms, templates] = await Promise.all([
    exportedItems(exportDomainId),
    backend.listClusters ? backend.listClusters(ALL).then((p) => p.items) : Promise.resolve([]),
    backend.listStorageDomains ? backend.listStorageDomains(ALL).then((p) => p.items) : Promise.resolve([]),
    backend.listVms ? backend.listVms({ ...ALL, pageSize: MAX_PAGE_SIZE }).then((p) => p.items) : Promise.resolve([]),
    backend.listTemplates ? backend.listTemplates(ALL).then((p) => p.items) : Promise.resolve([]),
  ]);
  const vmNames = new Set(vms.map((v) => v.name));
  const templateNames = new Set(templates.map((x) => x.name));
  return {
    exportDomain,
    items: items.map((i) => ({ ...i, nameTaken: i.kind === 'vm' ? vmNames.has(i.name) : templateNames.has(i.name) })),
    clusters: clusters.filter((c) => !dcId || c.dataCenter?.id === dcId),
    dataDomains: domains.filter((d) => d.kind === 'data' && d.status === 'active' && (!dcId || d.dataCenter?.id === dcId)),
  };
}
