'use server';

import { revalidatePath } from 'next/cache';
import { ActionRefusal, roleAction } from '@/lib/actions/action';
import { createDisk, growDisk, removeDisk } from '@/lib/services/disk-operations';
import { diskCreateSchema, diskRemoveSchema, diskResizeSchema } from '@/lib/validations/disk';
import { addDiskToVm, attachDiskToVm, detachVmDisk, growVmDisk, updateVmDisk } from '@/lib/services/vm-devices';
import { vmDiskAddSchema, vmDiskAttachSchema, vmDiskDetachSchema, vmDiskGrowSchema, vmDiskUpdateSchema } from '@/lib/validations/vm-devices';

/** Disk (storage volume) create, grow and delete on a storage domain's page. Admins only, audited. */

export const diskCreateAction = roleAction(
  {
    role: 'admin',
    schema: diskCreateSchema,
    audit: 'disks.create',
    target: (i) => ({ type: 'disk', name: `${i.name} (${i.sizeGiB} GiB ${i.format}) in ${i.storageDomainId}` }),
  },
  async (input) => {
    const disk = await createDisk(input);
    revalidatePath('/storage', 'layout');
    return { message: 'diskActions.created', values: { name: disk.name } };
  },
);

export const diskResizeAction = roleAction(
  { role: 'admin', schema: diskResizeSchema, audit: 'disks.resize', target: (i) => ({ type: 'disk', id: i.diskId, name: `${i.name ?? ''} → ${i.sizeGiB} GiB` }) },
  async (input) => {
    const result = await growDisk(input.diskId, input.sizeGiB);
    if ('problem' in result) throw new ActionRefusal(result.problem.key, result.problem.values);
    revalidatePath('/storage', 'layout');
    return { message: 'diskActions.resized', values: { name: result.disk.name, size: input.sizeGiB } };
  },
);

export const diskRemoveAction = roleAction(
  { role: 'admin', schema: diskRemoveSchema, audit: 'disks.remove', target: (i) => ({ type: 'disk', id: i.diskId, name: i.name }) },
  async (input) => {
    await removeDisk(input.diskId);
    revalidatePath('/storage', 'layout');
    return { message: 'diskActions.removed', values: { name: input.name } };
  },
);

// ---------------------------------------------------------------- a VM's disks (issue 19)

const vmDiskTarget = (i: { vmId: string; diskId: string; name?: string }) => ({ type: 'vm', id: i.vmId, name: `disk ${i.name || i.diskId}` });

export const vmDiskAddAction = roleAction(
  { role: 'admin', schema: vmDiskAddSchema, audit: 'vm.disk.add', target: (i) => ({ type: 'vm', id: i.vmId, name: `disk ${i.name} (${i.sizeGiB} GiB ${i.format}, ${i.interface})` }) },
  async (input) => {
    await addDiskToVm(input);
    return { message: 'vmDevices.done.diskAdded', values: { name: input.name } };
  },
);

export const vmDiskAttachAction = roleAction(
  { role: 'admin', schema: vmDiskAttachSchema, audit: 'vm.disk.attach', target: (i) => ({ type: 'vm', id: i.vmId, name: `disk ${i.diskId}` }) },
  async (input) => {
    await attachDiskToVm(input.vmId, input.diskId, input.interface, input.bootable);
    return { message: 'vmDevices.done.diskAttached' };
  },
);

export const vmDiskUpdateAction = roleAction(
  { role: 'admin', schema: vmDiskUpdateSchema, audit: 'vm.disk.update', target: vmDiskTarget },
  async (input) => {
    await updateVmDisk(input.vmId, input.diskId, { interface: input.interface, bootable: input.bootable, active: input.active });
    const message = input.active === false ? 'vmDevices.done.diskDeactivated' : input.active === true ? 'vmDevices.done.diskActivated' : 'vmDevices.done.diskUpdated';
    return { message, values: { name: input.name } };
  },
);

export const vmDiskGrowAction = roleAction(
  { role: 'admin', schema: vmDiskGrowSchema, audit: 'vm.disk.grow', target: (i) => ({ type: 'vm', id: i.vmId, name: `disk ${i.name || i.diskId} → ${i.sizeGiB} GiB` }) },
  async (input) => {
    const { name } = await growVmDisk(input.vmId, input.diskId, input.sizeGiB);
    return { message: 'diskActions.resized', values: { name, size: input.sizeGiB } };
  },
);

export const vmDiskDetachAction = roleAction(
  { role: 'admin', schema: vmDiskDetachSchema, audit: 'vm.disk.detach', target: (i) => ({ type: 'vm', id: i.vmId, name: `disk ${i.name || i.diskId}${i.removeData ? ' (with its data)' : ''}` }) },
  async (input) => {
    await detachVmDisk(input.vmId, input.diskId, input.removeData);
    return { message: input.removeData ? 'vmDevices.done.diskRemoved' : 'vmDevices.done.diskDetached', values: { name: input.name } };
  },
);
