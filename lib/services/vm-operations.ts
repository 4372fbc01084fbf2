import 'server-only';
import { parseQualifiedId, type Cluster, type Host, type QualifiedId, type Snapshot, type StorageDomain, type Template, type Vm, type VmPowerAction } from '@/lib/domain';
import { requireCapability } from '@/lib/backends/capabilities';
import { BackendError } from '@/lib/backends/errors';
import type { Backend, IsoFile, TaskRef, VmCreateSpec, VnicProfile } from '@/lib/backends/types';
import type { HostAction, VmCreateInput } from '@/lib/validations/vm';
import { CACHE_TTL_MS, cachedRead, invalidate } from './backend-cache';
import { getBackend } from './connections';

/**
 * VM, snapshot, template and host operations for the admin portal: find the
 * connection behind a qualified id, call its backend, and drop the shared
 * cache's reads that the change makes stale. Role checks and audit entries
 * happen in the server actions (roleAction) that call these.
 */

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

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

export interface WizardChoices {
  connectionId: string;
  connectionName: string;
  clusters: Cluster[];
  hosts: Host[];
  templates: Template[];
  storageDomains: StorageDomain[];
  isoFiles: IsoFile[];
  vnicProfiles: VnicProfile[];
}

const ALL = { page: 1, pageSize: 500 } as const;

/** Everything the create wizard offers for one connection; slow-changing, so cached longer. */
export async function wizardChoices(connectionId: string, signal?: AbortSignal): Promise<WizardChoices> {
  const backend = await getBackend(connectionId);
  const read = <T>(key: string, ttl: number, fn: (s: AbortSignal) => Promise<T>) => cachedRead(backend.id, key, ttl, fn, { signal });
  const [clusters, hosts, templates, storageDomains, isoFiles, vnicProfiles] = await Promise.all([
    read('clusters:wizard', CACHE_TTL_MS.slow, (s) => requireCapability(backend, 'clusters').listClusters(ALL, { signal: s })),
    read('hosts:wizard', CACHE_TTL_MS.list, (s) => requireCapability(backend, 'hosts').listHosts(ALL, { signal: s })),
    read('templates:wizard', CACHE_TTL_MS.list, (s) => requireCapability(backend, 'templates').listTemplates(ALL, { signal: s })),
    read('storagedomains:wizard', CACHE_TTL_MS.list, (s) => requireCapability(backend, 'storageDomains').listStorageDomains(ALL, { signal: s })),
    read('storagedomains:isofiles', CACHE_TTL_MS.slow, (s) => method(backend, 'listIsoFiles')({ signal: s })),
    read('networks:vnicprofiles', CACHE_TTL_MS.slow, (s) => method(backend, 'listVnicProfiles')({ signal: s })),
  ]);
  return {
    connectionId,
    connectionName: backend.name,
    clusters: clusters.items,
    hosts: hosts.items,
    templates: templates.items.filter((t) => t.status === 'ok'),
    storageDomains: storageDomains.items.filter((d) => d.kind === 'data' && d.status === 'active'),
    isoFiles,
    vnicProfiles,
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

/** What the wizard's input becomes for the backend. */
export function createSpecOf(input: VmCreateInput): VmCreateSpec {
  const spec: VmCreateSpec = {
    name: input.name,
    description: input.description,
    clusterId: input.clusterId,
    hostId: input.hostId,
    cpu: { sockets: input.sockets, cores: input.cores, threads: input.threads },
    memoryBytes: input.memoryMiB * MiB,
    highAvailability: { enabled: input.haEnabled, priority: input.haPriority },
  };
  if (input.source === 'template') {
    spec.templateId = input.templateId;
    spec.cloneTemplateDisks = input.cloneDisks;
  } else {
    spec.disks = input.disks.map((d, i) => ({
      sizeBytes: d.sizeGiB * GiB,
      storageDomainId: d.storageDomainId,
      thin: d.thin,
      interface: d.interface,
      bootable: i === 0,
    }));
    spec.nics = input.nics.map((n) => ({ name: n.name, vnicProfileId: n.vnicProfileId, interface: n.interface }));
    spec.isoFileId = input.isoFileId;
  }
  if (input.cloudInit) {
    spec.cloudInit = {
      hostname: input.ciHostname,
      username: input.ciUser,
      password: input.ciPassword,
      sshAuthorizedKeys: input.ciSshKey,
      timezone: input.ciTimezone,
    };
  }
  return spec;
}

/** An i18n key and values saying why the request cannot fit, or null when it fits. */
export interface CapacityProblem {
  key: string;
  values: Record<string, string | number>;
}

/**
 * The same checks the wizard shows before submit, repeated on the server with
 * fresh data: memory that no host of the cluster (or the chosen host) can give,
 * preallocated disks larger than their storage domain's free space.
 */
export function capacityProblem(input: VmCreateInput, choices: Pick<WizardChoices, 'hosts' | 'storageDomains' | 'clusters'>): CapacityProblem | null {
  const memory = input.memoryMiB * MiB;
  const cluster = choices.clusters.find((c) => c.id === input.clusterId);
  if (!cluster) return { key: 'vmWizard.capacity.clusterGone', values: {} };
  const inCluster = choices.hosts.filter((h) => h.cluster?.id === input.clusterId);
  if (input.hostId) {
    const host = inCluster.find((h) => h.id === input.hostId);
    if (!host) return { key: 'vmWizard.capacity.hostNotInCluster', values: { cluster: cluster.name } };
    const free = host.maxSchedulingMemoryBytes ?? host.memoryBytes;
    if (free !== undefined && free < memory) {
      return { key: 'vmWizard.capacity.hostMemory', values: { host: host.name, free: Math.floor(free / MiB), wanted: input.memoryMiB } };
    }
  } else {
    const up = inCluster.filter((h) => h.status === 'up');
    const pool = up.length ? up : inCluster;
    const best = Math.max(0, ...pool.map((h) => h.maxSchedulingMemoryBytes ?? h.memoryBytes ?? 0));
    if (pool.length && best < memory) {
      return { key: 'vmWizard.capacity.clusterMemory', values: { cluster: cluster.name, free: Math.floor(best / MiB), wanted: input.memoryMiB } };
    }
  }
  if (input.source === 'blank') {
    const need = new Map<string, number>();
    for (const d of input.disks) if (!d.thin) need.set(d.storageDomainId, (need.get(d.storageDomainId) ?? 0) + d.sizeGiB * GiB);
    for (const d of input.disks) {
      const sd = choices.storageDomains.find((s) => s.id === d.storageDomainId);
      if (!sd) return { key: 'vmWizard.capacity.domainUnavailable', values: {} };
      if (cluster.dataCenter && sd.dataCenter && sd.dataCenter.id !== cluster.dataCenter.id) {
        return { key: 'vmWizard.capacity.domainOtherDc', values: { domain: sd.name, cluster: cluster.name } };
      }
      const wanted = need.get(sd.id) ?? 0;
      if (sd.availableBytes !== undefined && wanted > sd.availableBytes) {
        return { key: 'vmWizard.capacity.domainSpace', values: { domain: sd.name, free: Math.floor(sd.availableBytes / GiB), wanted: Math.ceil(wanted / GiB) } };
      }
    }
  }
  return null;
}

export async function createVm(input: VmCreateInput): Promise<{ vmId: QualifiedId; task: TaskRef } | { problem: CapacityProblem }> {
  const backend = await getBackend(input.connectionId);
  // Fresh numbers: the wizard's may be minutes old.
  for (const prefix of ['hosts:wizard', 'storagedomains:wizard']) invalidate(backend.id, prefix);
  const choices = await wizardChoices(input.connectionId);
  const problem = capacityProblem(input, choices);
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

export async function snapshotOp(vmId: QualifiedId, op: 'preview' | 'commit' | 'undo' | 'delete', snapshotId?: QualifiedId): Promise<TaskRef> {
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
          : await method(backend, 'removeSnapshot')(vmId, need());
  changed(backend.id, 'disks:', 'storagedomains:');
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
