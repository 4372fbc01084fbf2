import 'server-only';
import { parseQualifiedId, type Disk, type Host, type QualifiedId, type Snapshot, type Template, type Vm, type VmPowerAction } from '@/lib/domain';
import { hasCapability, requireCapability } from '@/lib/backends/capabilities';
import { BackendError } from '@/lib/backends/errors';
import type { Backend, TaskRef, VmCreateFeatures } from '@/lib/backends/types';
import type { HostAction, VmCreateInput } from '@/lib/validations/vm';
import { capacityProblem, createSpecOf, unsupportedProblem, type CapacityProblem, type VolumeSourceState, type WizardChoices } from './vm-create';
import { CACHE_TTL_MS, cachedRead, invalidate } from './backend-cache';
import { getBackend, listEnabledBackends } from './connections';

/**
 * VM, snapshot, template and host operations for the admin portal: find the
 * connection behind a qualified id, call its backend, and drop the shared
 * cache's reads that the change makes stale. Role checks and audit entries
 * happen in the server actions (roleAction) that call these.
 */

const MiB = 1024 ** 2;

export async function backendOf(id: QualifiedId): Promise<Backend> {
  const parsed = parseQualifiedId(id);
  if (!parsed) throw new BackendError('invalid_input', `"${id}" is not a valid id.`);
  return getBackend(parsed.connectionId);
}

type OptionalMethod = Exclude<
  {
    [K in keyof Backend]-?: NonNullable<Backend[K]> extends (...args: never[]) => unknown ? K : never;
  }[keyof Backend],
  undefined
>;

/** The optional method, or a clear "not supported" refusal. */
function method<K extends OptionalMethod>(backend: Backend, name: K): NonNullable<Backend[K]> {
  const fn = backend[name];
  if (typeof fn !== 'function') {
    throw new BackendError('invalid_input', `${backend.name} (${backend.kind}) does not support this operation.`);
  }
  return (fn as (...args: unknown[]) => unknown).bind(backend) as NonNullable<Backend[K]>;
}

/** A VM change moves counters of hosts, storage and the task list too. */
function changed(connectionId: string, ...prefixes: string[]): void {
  for (const prefix of ['vms:', 'tasks:', 'events:', ...prefixes]) invalidate(connectionId, prefix);
}

// ---------------------------------------------------------------- reads for the UI

export async function getVmFresh(id: QualifiedId, signal?: AbortSignal): Promise<Vm> {
  const backend = await backendOf(id);
  return cachedRead(backend.id, `vms:get:${id}`, CACHE_TTL_MS.object, (s) => requireCapability(backend, 'vms').getVm(id, { signal: s }), { signal });
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

/** A VM found by its name (unique per oVirt engine): how the UI follows a VM it just asked to create. */
export async function vmStateByName(connectionId: string, name: string, signal?: AbortSignal): Promise<{ exists: boolean; vm?: Vm }> {
  const backend = await getBackend(connectionId);
  const page = await cachedRead(
    backend.id,
    `vms:byname:${name}`,
    CACHE_TTL_MS.object,
    (s) => requireCapability(backend, 'vms').listVms({ page: 1, pageSize: 5, filters: { name } }, { signal: s }),
    { signal },
  );
  const vm = page.items.find((v) => v.name === name);
  return vm ? { exists: true, vm } : { exists: false };
}

export async function hostState(id: QualifiedId, signal?: AbortSignal): Promise<{ exists: boolean; host?: Host }> {
  const backend = await backendOf(id);
  try {
    const host = await cachedRead(backend.id, `hosts:get:${id}`, CACHE_TTL_MS.object, (s) => requireCapability(backend, 'hosts').getHost(id, { signal: s }), { signal });
    return { exists: true, host };
  } catch (error) {
    if (error instanceof BackendError && error.code === 'not_found') return { exists: false };
    throw error;
  }
}

export async function templateState(id: QualifiedId, signal?: AbortSignal): Promise<{ exists: boolean; template?: Template }> {
  const backend = await backendOf(id);
  try {
    const template = await cachedRead(backend.id, `templates:get:${id}`, CACHE_TTL_MS.object, (s) => requireCapability(backend, 'templates').getTemplate(id, { signal: s }), { signal });
    return { exists: true, template };
  } catch (error) {
    if (error instanceof BackendError && error.code === 'not_found') return { exists: false };
    throw error;
  }
}

export async function vmSnapshots(vmId: QualifiedId, signal?: AbortSignal): Promise<Snapshot[]> {
  const backend = await backendOf(vmId);
  return cachedRead(backend.id, `vms:snapshots:${vmId}`, CACHE_TTL_MS.object, (s) => requireCapability(backend, 'snapshots').listSnapshots(vmId, { signal: s }), { signal });
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
  const backend = await getBackend(connectionId);
  const features = backend.vmCreateFeatures ?? NO_FEATURES;
  const read = <T>(key: string, ttl: number, fn: (s: AbortSignal) => Promise<T>) => cachedRead(backend.id, key, ttl, fn, { signal });
  const none = Promise.resolve({ items: [] as never[] });
  const [clusters, hosts, templates, baseImages, storageDomains, isoFiles, vnicProfiles, volumeSource] = await Promise.all([
    read('clusters:wizard', CACHE_TTL_MS.slow, (s) => requireCapability(backend, 'clusters').listClusters(ALL, { signal: s })),
    read('hosts:wizard', CACHE_TTL_MS.list, (s) => requireCapability(backend, 'hosts').listHosts(ALL, { signal: s })),
    features.templates && hasCapability(backend, 'templates')
      ? read('templates:wizard', CACHE_TTL_MS.list, (s) => backend.listTemplates(ALL, { signal: s }))
      : none,
    features.baseImages ? read('disks:wizard:baseimages', CACHE_TTL_MS.list, (s) => baseImagesOf(backend, s)) : Promise.resolve([]),
    read('storagedomains:wizard', CACHE_TTL_MS.list, (s) => requireCapability(backend, 'storageDomains').listStorageDomains(ALL, { signal: s })),
    backend.listIsoFiles ? read('storagedomains:isofiles', CACHE_TTL_MS.slow, (s) => method(backend, 'listIsoFiles')({ signal: s })) : Promise.resolve([]),
    backend.listVnicProfiles ? read('networks:vnicprofiles', CACHE_TTL_MS.slow, (s) => method(backend, 'listVnicProfiles')({ signal: s })) : Promise.resolve([]),
    volumeSourceOf(backend),
  ]);
  return {
    connectionId,
    connectionName: backend.name,
    features,
    clusters: clusters.items,
    hosts: hosts.items,
    templates: templates.items.filter((t) => t.status === 'ok'),
    baseImages,
    storageDomains: storageDomains.items.filter((d) => d.kind === 'data' && d.status === 'active'),
    isoFiles,
    vnicProfiles,
    volumeSource,
  };
}

// ---------------------------------------------------------------- lifecycle

export async function powerVm(id: QualifiedId, action: VmPowerAction): Promise<TaskRef> {
  const backend = await backendOf(id);
  const ref = await requireCapability(backend, 'vms').vmAction(id, action);
  changed(backend.id, 'hosts:');
  return ref;
}

export async function runVmOnce(id: QualifiedId, isoFileId: string): Promise<TaskRef> {
  const backend = await backendOf(id);
  const ref = await method(backend, 'vmRunOnce')(id, { isoFileId });
  changed(backend.id, 'hosts:');
  return ref;
}

export async function migrateVm(id: QualifiedId, hostId?: QualifiedId): Promise<TaskRef> {
  const backend = await backendOf(id);
  const ref = await requireCapability(backend, 'migration').migrateVm(id, hostId ? { hostId } : {});
  changed(backend.id, 'hosts:');
  return ref;
}

export async function removeVm(id: QualifiedId, keepDisks: boolean): Promise<TaskRef> {
  const backend = await backendOf(id);
  const ref = await method(backend, 'removeVm')(id, { keepDisks });
  changed(backend.id, 'hosts:', 'storagedomains:', 'disks:');
  return ref;
}

// ---------------------------------------------------------------- edit

export async function editVm(
  id: QualifiedId,
  input: { name: string; description: string; sockets: number; cores: number; threads: number; memoryMiB: number },
): Promise<{ pendingNextRun: boolean }> {
  const backend = await backendOf(id);
  const result = await method(backend, 'updateVm')(id, {
    name: input.name,
    description: input.description,
    cpu: { sockets: input.sockets, cores: input.cores, threads: input.threads },
    memoryBytes: input.memoryMiB * MiB,
  });
  changed(backend.id, 'hosts:');
  return result;
}

// ---------------------------------------------------------------- create

export async function createVm(input: VmCreateInput): Promise<{ vmId: QualifiedId; task: TaskRef } | { problem: CapacityProblem }> {
  const backend = await getBackend(input.connectionId);
  // Fresh numbers: the wizard's may be minutes old.
  for (const prefix of ['hosts:wizard', 'storagedomains:wizard', 'disks:wizard']) invalidate(backend.id, prefix);
  const choices = await wizardChoices(input.connectionId);
  const problem = unsupportedProblem(input, choices.features) ?? capacityProblem(input, choices);
  if (problem) return { problem };
  const created = await method(backend, 'createVm')(createSpecOf(input));
  changed(backend.id, 'hosts:', 'storagedomains:', 'disks:', 'templates:');
  const { id, ...task } = created;
  return { vmId: id, task };
}

// ---------------------------------------------------------------- snapshots, clones, templates

export async function createSnapshot(vmId: QualifiedId, description: string, persistMemory: boolean): Promise<QualifiedId> {
  const backend = await backendOf(vmId);
  const created = await method(backend, 'createSnapshot')(vmId, { description, persistMemory });
  changed(backend.id, 'disks:', 'storagedomains:');
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
  const ref =
    op === 'preview'
      ? await method(backend, 'previewSnapshot')(vmId, need())
      : op === 'commit'
        ? await method(backend, 'commitSnapshot')(vmId)
        : op === 'undo'
          ? await method(backend, 'undoSnapshot')(vmId)
          : op === 'revert'
            ? await method(backend, 'revertToSnapshot')(vmId, need())
            : await method(backend, 'removeSnapshot')(vmId, need());
  // A revert also changes the VM's state (running again from a memory snapshot): the hosts' counts move.
  changed(backend.id, 'disks:', 'storagedomains:', ...(op === 'revert' ? ['hosts:'] : []));
  return ref;
}

export async function cloneFromSnapshot(vmId: QualifiedId, snapshotId: QualifiedId, name: string): Promise<QualifiedId> {
  const backend = await backendOf(vmId);
  const created = await method(backend, 'cloneVmFromSnapshot')(vmId, snapshotId, name);
  changed(backend.id, 'disks:', 'storagedomains:');
  return created.id;
}

export async function createTemplate(vmId: QualifiedId, name: string, description?: string): Promise<QualifiedId> {
  const backend = await backendOf(vmId);
  const created = await method(backend, 'createTemplate')(vmId, { name, description });
  changed(backend.id, 'templates:', 'disks:', 'storagedomains:');
  return created.id;
}

export async function removeTemplate(id: QualifiedId): Promise<TaskRef> {
  const backend = await backendOf(id);
  const ref = await method(backend, 'removeTemplate')(id);
  changed(backend.id, 'templates:', 'disks:', 'storagedomains:');
  return ref;
}

// ---------------------------------------------------------------- hosts

export async function hostOperation(id: QualifiedId, action: HostAction): Promise<TaskRef> {
  const backend = await backendOf(id);
  const power = requireCapability(backend, 'hostPower');
  const ref =
    action === 'activate'
      ? await power.hostActivate(id)
      : action === 'deactivate'
        ? await power.hostDeactivate(id)
        : await power.hostFence(id, 'restart');
  changed(backend.id, 'hosts:', 'clusters:', 'storagedomains:', 'datacenters:');
  return ref;
}
