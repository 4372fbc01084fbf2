import 'server-only';
import { parseQualifiedId, type Disk, type QualifiedId, type Snapshot, type Template, type Vm, type VmPowerAction } from '@/lib/domain';
import type { SessionUser } from '@/lib/auth/roles';
import { hasCapability, requireCapability } from '@/lib/backends/capabilities';
import { BackendError } from '@/lib/backends/errors';
import type { Backend, TaskRef, VmCreateFeatures } from '@/lib/backends/types';
import type { VmCreateInput } from '@/lib/validations/vm';
import { capacityProblem, createSpecOf, unsupportedProblem, type CapacityProblem, type VolumeSourceState, type WizardChoices } from './vm-create';
import { CACHE_TTL_MS } from './backend-cache';
import { bootChoices, bootFromVolume } from './boot-from-volume';
import { listEnabledBackends } from './connections';
import { migrateToPeer, migrationTargets, type MigrationTargets } from './vm-peer-migration';
import { backendById, backendOf, cacheKey, can, forget, mutate, operation, read, type CacheKey, type CacheResource } from './gateway';

/**
 * VM, snapshot, template and host operations for the admin portal: find the
 * connection behind a qualified id, call its backend, and drop the shared
 * cache's reads that the change makes stale. Role checks and audit entries
 * happen in the server actions (roleAction) that call these.
 */

const MiB = 1024 ** 2;

/** What a VM change makes stale: the VM reads, the task list and events, and what it names. */
function vmChange(...more: CacheResource[]): CacheResource[] {
  return ['vms', 'tasks', 'events', ...more];
}

// ---------------------------------------------------------------- reads for the UI

export async function getVmFresh(id: QualifiedId, signal?: AbortSignal): Promise<Vm> {
  const backend = await backendOf(id);
  return read(backend.id, cacheKey('vms', 'get', id), CACHE_TTL_MS.object, (s) => requireCapability(backend, 'vms').getVm(id, { signal: s }), { signal });
}

/** A VM's state for polling: `exists: false` once the engine no longer knows it (removed). */
export async function vmState(id: QualifiedId, signal?: AbortSignal): Promise<{ exists: boolean; vm?: Vm }> {
  try {
    return { exists: true, vm: await getVmFresh(id, signal) };
  } catch (error) {
    if (error instanceof BackendError && error.code === 'not_found') return { exists: false };
    throw error;
  }
}

/** The migrate dialog's choices beyond the VM's own connection (hosts of its cluster group elsewhere). */
export async function vmMigrationTargets(id: QualifiedId, signal?: AbortSignal): Promise<MigrationTargets> {
  return migrationTargets(await backendOf(id), id, signal);
}

/** A VM found by its name (unique per oVirt engine): how the UI follows a VM it just asked to create. */
export async function vmStateByName(connectionId: string, name: string, signal?: AbortSignal): Promise<{ exists: boolean; vm?: Vm }> {
  const backend = await backendById(connectionId);
  const page = await read(
    backend.id,
    cacheKey('vms', 'byname', name),
    CACHE_TTL_MS.object,
    (s) => requireCapability(backend, 'vms').listVms({ page: 1, pageSize: 5, filters: { name } }, { signal: s }),
    { signal },
  );
  const vm = page.items.find((v) => v.name === name);
  return vm ? { exists: true, vm } : { exists: false };
}

export async function templateState(id: QualifiedId, signal?: AbortSignal): Promise<{ exists: boolean; template?: Template }> {
  const backend = await backendOf(id);
  try {
    const template = await read(backend.id, cacheKey('templates', 'get', id), CACHE_TTL_MS.object, (s) => requireCapability(backend, 'templates').getTemplate(id, { signal: s }), { signal });
    return { exists: true, template };
  } catch (error) {
    if (error instanceof BackendError && error.code === 'not_found') return { exists: false };
    throw error;
  }
}

export async function vmSnapshots(vmId: QualifiedId, signal?: AbortSignal): Promise<Snapshot[]> {
  const backend = await backendOf(vmId);
  return read(backend.id, cacheKey('vms', 'snapshots', vmId), CACHE_TTL_MS.object, (s) => requireCapability(backend, 'snapshots').listSnapshots(vmId, { signal: s }), { signal });
}

export type { WizardChoices, CapacityProblem } from './vm-create';
export { capacityProblem, createSpecOf, unsupportedProblem } from './vm-create';

const ALL = { page: 1, pageSize: 500 } as const;

const NO_FEATURES: VmCreateFeatures = { templates: false, baseImages: false, attachVolumes: false, cloudInit: false, highAvailability: false, consoles: [] };

/** Connections whose backend can create VMs: the wizard's first choice. */
export async function vmCreateConnections(): Promise<Array<{ id: string; name: string; kind: Backend['kind'] }>> {
  return (await listEnabledBackends())
    .filter((b) => typeof b.createVm === 'function' && hasCapability(b, 'clusters'))
    .map((b) => ({ id: b.id, name: b.name, kind: b.kind }));
}

/**
 * A Cinder volume as the new VM's disk needs a Cinder connection AND a compute
 * backend that can attach its volumes; the wizard says which one is missing.
 */
async function volumeSourceOf(backend: Backend): Promise<VolumeSourceState> {
  const cinder = (await listEnabledBackends()).some((b) => hasCapability(b, 'volumes'));
  if (!cinder) return { available: false, reason: 'noCinder' };
  if (!backend.vmCreateFeatures?.attachVolumes) return { available: false, reason: 'cannotAttach' };
  return { available: true };
}

/** Data volumes that no VM uses: overlaying a disk a running guest writes to would corrupt the overlay. */
async function baseImagesOf(backend: Backend, signal: AbortSignal): Promise<Disk[]> {
  const [disks, vms] = await Promise.all([
    requireCapability(backend, 'disks').listDisks(ALL, { signal }),
    requireCapability(backend, 'vms').listVms(ALL, { signal }),
  ]);
  const inUse = new Set(vms.items.flatMap((vm) => (vm.disks ?? []).map((d) => d.id)));
  return disks.items.filter((d) => d.contentType !== 'iso' && d.status === 'ok' && !inUse.has(d.id));
}

/**
 * Everything the create wizard offers for one connection; slow-changing, so
 * cached longer. Only what the backend's createVm honours is read: a libvirt
 * host has no templates, an engine no base image volumes.
 */
export async function wizardChoices(connectionId: string, signal?: AbortSignal): Promise<WizardChoices> {
  const backend = await backendById(connectionId);
  const features = backend.vmCreateFeatures ?? NO_FEATURES;
  const wizardRead = <T>(key: CacheKey, ttl: number, fn: (s: AbortSignal) => Promise<T>) => read(backend.id, key, ttl, fn, { signal });
  const none = Promise.resolve({ items: [] as never[] });
  const [clusters, hosts, templates, baseImages, storageDomains, isoFiles, vnicProfiles, volumeSource] = await Promise.all([
    wizardRead(cacheKey('clusters', 'wizard'), CACHE_TTL_MS.slow, (s) => requireCapability(backend, 'clusters').listClusters(ALL, { signal: s })),
    wizardRead(cacheKey('hosts', 'wizard'), CACHE_TTL_MS.list, (s) => requireCapability(backend, 'hosts').listHosts(ALL, { signal: s })),
    features.templates && hasCapability(backend, 'templates')
      ? wizardRead(cacheKey('templates', 'wizard'), CACHE_TTL_MS.list, (s) => backend.listTemplates(ALL, { signal: s }))
      : none,
    features.baseImages ? wizardRead(cacheKey('disks', 'wizard', 'baseimages'), CACHE_TTL_MS.list, (s) => baseImagesOf(backend, s)) : Promise.resolve([]),
    wizardRead(cacheKey('storagedomains', 'wizard'), CACHE_TTL_MS.list, (s) => requireCapability(backend, 'storageDomains').listStorageDomains(ALL, { signal: s })),
    backend.listIsoFiles ? wizardRead(cacheKey('storagedomains', 'isofiles'), CACHE_TTL_MS.slow, (s) => operation(backend, 'listIsoFiles')({ signal: s })) : Promise.resolve([]),
    backend.listVnicProfiles ? wizardRead(cacheKey('networks', 'vnicprofiles'), CACHE_TTL_MS.slow, (s) => operation(backend, 'listVnicProfiles')({ signal: s })) : Promise.resolve([]),
    volumeSourceOf(backend),
  ]);
  // Read only when the source can be used: every volume connection's volumes and images.
  const boot = volumeSource.available ? await bootChoices(signal) : undefined;
  return {
    connectionId,
    connectionName: backend.name,
    features,
    clusters: clusters.items,
    hosts: hosts.items,
    templates: templates.items.filter((t) => t.status === 'ok'),
    baseImages,
    storageDomains: storageDomains.items.filter((d) => d.kind === 'data' && d.status === 'active'),
    managedBlockDomains: storageDomains.items.filter((d) => d.kind === 'managed_block' && d.status === 'active'),
    isoFiles,
    vnicProfiles,
    volumeSource,
    bootChoices: boot,
  };
}

// ---------------------------------------------------------------- lifecycle

export async function powerVm(id: QualifiedId, action: VmPowerAction): Promise<TaskRef> {
  const backend = await backendOf(id);
  return mutate(backend.id, vmChange('hosts'), () => requireCapability(backend, 'vms').vmAction(id, action));
}

export async function runVmOnce(id: QualifiedId, isoFileId: string): Promise<TaskRef> {
  const backend = await backendOf(id);
  return mutate(backend.id, vmChange('hosts'), () => operation(backend, 'vmRunOnce')(id, { isoFileId }));
}

export async function migrateVm(id: QualifiedId, hostId?: QualifiedId, actor?: Pick<SessionUser, 'id' | 'username'>): Promise<TaskRef> {
  const backend = await backendOf(id);
  // A host of another connection: a peer of the VM's cluster group (libvirt), with the VM's records following it.
  if (hostId && parseQualifiedId(hostId)?.connectionId !== backend.id) return migrateToPeer(backend, id, hostId, actor);
  return mutate(backend.id, vmChange('hosts'), () => requireCapability(backend, 'migration').migrateVm(id, hostId ? { hostId } : {}));
}

/** Which of the VM page's optional operations the connection's backend has (the page hides the rest, saying why). */
export interface VmOperationSupport {
  clone: boolean;
  cancelMigration: boolean;
}

export async function vmOperationSupport(connectionId: string): Promise<VmOperationSupport> {
  const backend = await backendById(connectionId);
  return { clone: can(backend, 'cloneVm'), cancelMigration: can(backend, 'cancelMigration') };
}

export async function cancelMigration(id: QualifiedId): Promise<TaskRef> {
  const backend = await backendOf(id);
  return mutate(backend.id, vmChange('hosts'), () => operation(backend, 'cancelMigration')(id));
}

/** A full copy of a stopped VM (its own disks, new id and MACs); the backend's job is the progress. */
export async function cloneVm(id: QualifiedId, name: string): Promise<TaskRef & { id: QualifiedId }> {
  const backend = await backendOf(id);
  return mutate(backend.id, vmChange('disks', 'storagedomains'), () => operation(backend, 'cloneVm')(id, name));
}

export async function removeVm(id: QualifiedId, keepDisks: boolean): Promise<TaskRef> {
  const backend = await backendOf(id);
  return mutate(backend.id, vmChange('hosts', 'storagedomains', 'disks'), () => operation(backend, 'removeVm')(id, { keepDisks }));
}

// ---------------------------------------------------------------- edit

export async function editVm(
  id: QualifiedId,
  input: { name: string; description: string; sockets: number; cores: number; threads: number; memoryMiB: number },
): Promise<{ pendingNextRun: boolean }> {
  const backend = await backendOf(id);
  return mutate(backend.id, vmChange('hosts'), () =>
    operation(backend, 'updateVm')(id, {
      name: input.name,
      description: input.description,
      cpu: { sockets: input.sockets, cores: input.cores, threads: input.threads },
      memoryBytes: input.memoryMiB * MiB,
    }),
  );
}

// ---------------------------------------------------------------- create

export async function createVm(input: VmCreateInput): Promise<{ vmId: QualifiedId; task: TaskRef; /** Source "volume": the boot volume. */ volumeId?: QualifiedId } | { problem: CapacityProblem }> {
  const backend = await backendById(input.connectionId);
  // Fresh numbers: the wizard's may be minutes old.
  forget(backend.id, cacheKey('hosts', 'wizard'), cacheKey('storagedomains', 'wizard'), cacheKey('disks', 'wizard'));
  const choices = await wizardChoices(input.connectionId);
  const problem = unsupportedProblem(input, choices.features) ?? capacityProblem(input, choices);
  if (problem) return { problem };
  if (input.source === 'volume') {
    // Synchronous: the volume (a Ceph clone in about a second) is ready and attached when this returns.
    const made = await mutate(backend.id, vmChange('hosts'), () => bootFromVolume(backend, createSpecOf(input), input));
    return { vmId: made.vmId, volumeId: made.volumeId, task: { correlationId: made.correlationId ?? made.vmId } };
  }
  const created = await mutate(backend.id, vmChange('hosts', 'storagedomains', 'disks', 'templates'), () => operation(backend, 'createVm')(createSpecOf(input)));
  const { id, ...task } = created;
  return { vmId: id, task };
}

// ---------------------------------------------------------------- snapshots, clones, templates

export async function createSnapshot(vmId: QualifiedId, description: string, persistMemory: boolean): Promise<QualifiedId> {
  const backend = await backendOf(vmId);
  const created = await mutate(backend.id, vmChange('disks', 'storagedomains'), () => operation(backend, 'createSnapshot')(vmId, { description, persistMemory }));
  return created.id;
}

/** Which snapshot operations the VM's backend has: the panel shows only those. */
export interface SnapshotOperations {
  /** preview, then commit or undo (oVirt). */
  preview: boolean;
  /** Straight back to a snapshot (libvirt). */
  revert: boolean;
  clone: boolean;
  remove: boolean;
}

export function snapshotOperationsOf(backend: Backend): SnapshotOperations {
  const has = (name: keyof Backend) => typeof backend[name] === 'function';
  return {
    preview: has('previewSnapshot') && has('commitSnapshot') && has('undoSnapshot'),
    revert: has('revertToSnapshot'),
    clone: has('cloneVmFromSnapshot'),
    remove: has('removeSnapshot'),
  };
}

/** A VM's snapshots with what its backend can do with them (the panel's poll). */
export async function vmSnapshotsWithOperations(vmId: QualifiedId, signal?: AbortSignal): Promise<{ snapshots: Snapshot[]; ops: SnapshotOperations }> {
  const [snapshots, backend] = await Promise.all([vmSnapshots(vmId, signal), backendOf(vmId)]);
  return { snapshots, ops: snapshotOperationsOf(backend) };
}

export async function snapshotOp(vmId: QualifiedId, op: 'preview' | 'commit' | 'undo' | 'revert' | 'delete', snapshotId?: QualifiedId): Promise<TaskRef> {
  const backend = await backendOf(vmId);
  const need = () => {
    if (!snapshotId) throw new BackendError('invalid_input', 'Choose a snapshot.');
    return snapshotId;
  };
  // A revert also changes the VM's state (running again from a memory snapshot): the hosts' counts move.
  const touches = vmChange('disks', 'storagedomains', ...(op === 'revert' ? (['hosts'] as const) : []));
  return mutate(backend.id, touches, () =>
    op === 'preview'
      ? operation(backend, 'previewSnapshot')(vmId, need())
      : op === 'commit'
        ? operation(backend, 'commitSnapshot')(vmId)
        : op === 'undo'
          ? operation(backend, 'undoSnapshot')(vmId)
          : op === 'revert'
            ? operation(backend, 'revertToSnapshot')(vmId, need())
            : operation(backend, 'removeSnapshot')(vmId, need()),
  );
}

export async function cloneFromSnapshot(vmId: QualifiedId, snapshotId: QualifiedId, name: string): Promise<QualifiedId> {
  const backend = await backendOf(vmId);
  const created = await mutate(backend.id, vmChange('disks', 'storagedomains'), () => operation(backend, 'cloneVmFromSnapshot')(vmId, snapshotId, name));
  return created.id;
}

export async function createTemplate(vmId: QualifiedId, name: string, description?: string): Promise<QualifiedId> {
  const backend = await backendOf(vmId);
  const created = await mutate(backend.id, vmChange('templates', 'disks', 'storagedomains'), () => operation(backend, 'createTemplate')(vmId, { name, description }));
  return created.id;
}

export async function removeTemplate(id: QualifiedId): Promise<TaskRef> {
  const backend = await backendOf(id);
  return mutate(backend.id, vmChange('templates', 'disks', 'storagedomains'), () => operation(backend, 'removeTemplate')(id));
}
