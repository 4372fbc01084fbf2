import 'server-only';
import type { Nic, QualifiedId, StorageDomain, VnicProfile } from '@/lib/domain';
import { requireCapability } from '@/lib/backends/capabilities';
import type { Backend, DiskInterface, IsoFile, TaskRef } from '@/lib/backends/types';
import type { VmCdromState, VmDiskUpdate, VmNicUpdate } from '@/lib/backends/vm-device-types';
import { bytesOfGiB } from '@/lib/validations/disk';
import type { CdromScope, VmDiskAddInput, VmNicAddInput } from '@/lib/validations/vm-devices';
import { CACHE_TTL_MS } from './backend-cache';
import { backendOf, can, cacheKey, mutate, operation, read, type CacheResource } from './gateway';
import { ActionRefusal } from './refusal';
import { getVmFresh, wizardChoices } from './vm-operations';

/**
 * A VM's disks, NICs and CD-ROM after creation (issue 19): find the VM's connection, call its
 * backend, drop the cache reads the change makes stale. Role checks and audit entries are in the
 * server actions (lib/actions/vm-devices.ts); the backend's refusals come back in its own words.
 */

export interface VmDeviceOperations {
  addDisk: boolean;
  attachDisk: boolean;
  updateDisk: boolean;
  detachDisk: boolean;
  addNic: boolean;
  updateNic: boolean;
  removeNic: boolean;
  cdrom: boolean;
  /** Interface, bootable flag, activate/deactivate of a disk. */
  diskSettings: boolean;
  nicUnplug: boolean;
  /** A NIC's model and MAC (its network can change wherever updateNic exists). */
  nicSettings: boolean;
  /** New disks on managed block storage domains (a libvirt host takes Cinder volumes by attaching them). */
  managedBlockDisks: boolean;
}

export function deviceOperationsOf(backend: Backend): VmDeviceOperations {
  return {
    addDisk: can(backend, 'addVmDisk'),
    attachDisk: can(backend, 'attachVmDisk'),
    updateDisk: can(backend, 'updateVmDisk'),
    detachDisk: can(backend, 'detachVmDisk'),
    addNic: can(backend, 'addVmNic'),
    updateNic: can(backend, 'updateVmNic'),
    removeNic: can(backend, 'removeVmNic'),
    cdrom: can(backend, 'setVmCdrom') && can(backend, 'getVmCdrom'),
    diskSettings: can(backend, 'updateVmDisk') && backend.vmDeviceLimits?.diskSettings !== false,
    nicUnplug: can(backend, 'updateVmNic') && backend.vmDeviceLimits?.nicUnplug !== false,
    nicSettings: can(backend, 'updateVmNic') && backend.vmDeviceLimits?.nicSettings !== false,
    managedBlockDisks: can(backend, 'addVmDisk') && backend.vmDeviceLimits?.managedBlockDisks !== false,
  };
}

/** What the disks, NICs and CD-ROM tabs need besides the VM: which actions exist, the choices, the CD now. */
export interface VmDevicesView {
  ops: VmDeviceOperations;
  storageDomains: StorageDomain[];
  isoFiles: IsoFile[];
  vnicProfiles: VnicProfile[];
  cdrom?: VmCdromState;
}

export async function vmDevicesView(vmId: QualifiedId, signal?: AbortSignal): Promise<VmDevicesView> {
  const backend = await backendOf(vmId);
  const ops = deviceOperationsOf(backend);
  const [choices, cdrom, vm] = await Promise.all([
    wizardChoices(backend.id, signal),
    ops.cdrom ? read(backend.id, cacheKey('vms', 'cdrom', vmId), CACHE_TTL_MS.object, (s) => operation(backend, 'getVmCdrom')(vmId, { signal: s }), { signal }) : undefined,
    getVmFresh(vmId, signal),
  ]);
  // Only what the VM's data center holds (the engine refuses the rest); a backend without data centers offers all.
  const dcId = choices.clusters.find((c) => c.id === vm.cluster?.id)?.dataCenter?.id;
  const inDc = (ref: { id: string } | undefined) => !dcId || !ref || ref.id === dcId;
  return {
    ops,
    // A new disk goes to a data domain that can take it now.
    // Managed block domains too: their disks are Cinder volumes, raw only (the form says why).
    storageDomains: [...choices.storageDomains, ...(choices.managedBlockDomains ?? [])].filter((d) => d.status === 'active' && inDc(d.dataCenter)),
    isoFiles: choices.isoFiles.filter((f) => inDc(f.dataCenter)),
    vnicProfiles: choices.vnicProfiles.filter((p) => inDc(p.dataCenter)),
    cdrom,
  };
}

/** What a device change makes stale: the VM (its disks and NICs are embedded), its events and jobs. */
const DEVICE_CHANGE: CacheResource[] = ['vms', 'tasks', 'events'];
const DISK_CHANGE: CacheResource[] = [...DEVICE_CHANGE, 'disks', 'storagedomains'];

export async function addDiskToVm(input: VmDiskAddInput): Promise<TaskRef> {
  const backend = await backendOf(input.vmId);
  const add = operation(backend, 'addVmDisk');
  const domain = (await wizardChoices(backend.id)).managedBlockDomains?.find((d) => d.id === input.storageDomainId);
  // A managed block domain holds Cinder volumes: raw block devices, never qcow2 or thin.
  if (domain && input.format !== 'raw') throw new ActionRefusal('vmDevices.errors.managedBlockRawOnly', { name: domain.name });
  return mutate(backend.id, DISK_CHANGE, () =>
    add(input.vmId, {
      name: input.name,
      sizeBytes: bytesOfGiB(input.sizeGiB),
      storageDomainId: input.storageDomainId,
      thin: input.format === 'qcow2',
      interface: input.interface,
      bootable: input.bootable,
      ...(domain ? { managedBlock: true } : {}),
    }),
  );
}

export async function attachDiskToVm(vmId: QualifiedId, diskId: QualifiedId, iface: DiskInterface, bootable: boolean): Promise<void> {
  const backend = await backendOf(vmId);
  const attach = operation(backend, 'attachVmDisk');
  await mutate(backend.id, DISK_CHANGE, () => attach(vmId, { diskId, interface: iface, bootable }));
}

export async function updateVmDisk(vmId: QualifiedId, diskId: QualifiedId, patch: VmDiskUpdate): Promise<void> {
  const backend = await backendOf(vmId);
  const update = operation(backend, 'updateVmDisk');
  await mutate(backend.id, DISK_CHANGE, () => update(vmId, diskId, patch));
}

/**
 * "Grow a disk" (the runbook's one action): the new size is compared with a fresh read of the disk,
 * not the page's; anything not larger is refused before the backend is asked, and nothing changes.
 */
export async function growVmDisk(vmId: QualifiedId, diskId: QualifiedId, sizeGiB: number): Promise<{ name: string }> {
  const backend = await backendOf(vmId);
  const update = operation(backend, 'updateVmDisk');
  const current = await requireCapability(backend, 'disks').getDisk(diskId);
  const sizeBytes = bytesOfGiB(sizeGiB);
  if (current.provisionedBytes !== undefined && sizeBytes <= current.provisionedBytes) {
    const GiB = 1024 ** 3;
    throw new ActionRefusal('diskActions.errors.mustGrow', { name: current.name, current: Math.round((current.provisionedBytes / GiB) * 1000) / 1000 });
  }
  await mutate(backend.id, DISK_CHANGE, () => update(vmId, diskId, { sizeBytes }));
  return { name: current.name };
}

export async function detachVmDisk(vmId: QualifiedId, diskId: QualifiedId, removeData: boolean): Promise<void> {
  const backend = await backendOf(vmId);
  const detach = operation(backend, 'detachVmDisk');
  await mutate(backend.id, DISK_CHANGE, () => detach(vmId, diskId, { removeData }));
}

export async function addNicToVm(input: VmNicAddInput): Promise<Nic> {
  const backend = await backendOf(input.vmId);
  const add = operation(backend, 'addVmNic');
  return mutate(backend.id, DEVICE_CHANGE, () => add(input.vmId, { name: input.name, vnicProfileId: input.vnicProfileId, interface: input.interface, mac: input.mac }));
}

export async function updateVmNic(vmId: QualifiedId, nicId: QualifiedId, patch: VmNicUpdate): Promise<void> {
  const backend = await backendOf(vmId);
  const update = operation(backend, 'updateVmNic');
  await mutate(backend.id, DEVICE_CHANGE, () => update(vmId, nicId, patch));
}

export async function removeVmNic(vmId: QualifiedId, nicId: QualifiedId): Promise<void> {
  const backend = await backendOf(vmId);
  const remove = operation(backend, 'removeVmNic');
  await mutate(backend.id, DEVICE_CHANGE, () => remove(vmId, nicId));
}

/**
 * Changes the CD. `both` on a running VM: the persistent definition first (so a refusal there
 * leaves the running drive as it was), then the running drive; on a stopped VM there is only the
 * definition. Answers where the change went, so the page can say so.
 */
export async function changeVmCdrom(vmId: QualifiedId, isoFileId: string | null, scope: CdromScope): Promise<{ live: boolean; persistent: boolean }> {
  const backend = await backendOf(vmId);
  const set = operation(backend, 'setVmCdrom');
  const vm = await getVmFresh(vmId);
  const running = vm.status === 'running' || vm.status === 'paused';
  if (scope === 'live' && !running) throw new ActionRefusal('vmDevices.errors.notRunning', { name: vm.name });
  const persistent = scope !== 'live';
  const live = scope !== 'persistent' && running;
  await mutate(backend.id, DEVICE_CHANGE, async () => {
    if (persistent) await set(vmId, isoFileId, { live: false });
    if (live) await set(vmId, isoFileId, { live: true });
  });
  return { live, persistent };
}
