import 'server-only';
import type { Disk, QualifiedId } from '@/lib/domain';
import { requireCapability } from '@/lib/backends/capabilities';
import type { Backend } from '@/lib/backends/types';
import { bytesOfGiB, type DiskCreateFormInput } from '@/lib/validations/disk';
import { backendOf, can, mutate, operation, type CacheResource } from './gateway';
import type { CapacityProblem } from './vm-create';

/**
 * Disks as storage volumes of their own (libvirt pool volumes): create, grow,
 * delete from a storage domain's page. Only backends that implement the
 * optional Backend methods offer them; role checks and audit entries are in
 * the server actions (roleAction) that call these.
 */

export interface DiskOperations {
  create: boolean;
  resize: boolean;
  remove: boolean;
}

export function diskOperationsOf(backend: Backend): DiskOperations {
  return { create: can(backend, 'createDisk'), resize: can(backend, 'resizeDisk'), remove: can(backend, 'removeDisk') };
}

/** What the storage domain page may offer on its disks. */
export async function diskOperationsFor(storageDomainId: QualifiedId): Promise<DiskOperations> {
  return diskOperationsOf(await backendOf(storageDomainId));
}

/** The storage domain's disk list, the wizard's base images and ISO list, and the domain's free space all move. */
const DISK_CHANGE: CacheResource[] = ['disks', 'storagedomains', 'vms'];

export async function createDisk(input: DiskCreateFormInput): Promise<Disk> {
  const backend = await backendOf(input.storageDomainId);
  const create = operation(backend, 'createDisk');
  return mutate(backend.id, DISK_CHANGE, () =>
    create({ storageDomainId: input.storageDomainId, name: input.name, sizeBytes: bytesOfGiB(input.sizeGiB), thin: input.format === 'qcow2' }),
  );
}

/**
 * Grows a disk. The size is compared with a fresh read of the disk, not the
 * page's: shrinking would cut off the guest's data, so anything not larger is
 * refused before the backend is asked, and nothing changes.
 */
export async function growDisk(diskId: QualifiedId, sizeGiB: number): Promise<{ disk: Disk } | { problem: CapacityProblem }> {
  const backend = await backendOf(diskId);
  const resize = operation(backend, 'resizeDisk');
  const current = await requireCapability(backend, 'disks').getDisk(diskId);
  const sizeBytes = bytesOfGiB(sizeGiB);
  if (current.provisionedBytes !== undefined && sizeBytes <= current.provisionedBytes) {
    const GiB = 1024 ** 3;
    return { problem: { key: 'diskActions.errors.mustGrow', values: { name: current.name, current: Math.round((current.provisionedBytes / GiB) * 1000) / 1000 } } };
  }
  await mutate(backend.id, DISK_CHANGE, () => resize(diskId, sizeBytes));
  return { disk: { ...current, provisionedBytes: sizeBytes } };
}

/** Deletes a disk; the backend refuses (in its words) one that a VM or an overlay still uses. */
export async function removeDisk(diskId: QualifiedId): Promise<void> {
  const backend = await backendOf(diskId);
  const remove = operation(backend, 'removeDisk');
  await mutate(backend.id, DISK_CHANGE, () => remove(diskId));
}
