'use server';

import { revalidatePath } from 'next/cache';
import { ActionRefusal, roleAction } from '@/lib/actions/action';
import { createDisk, growDisk, removeDisk } from '@/lib/services/disk-operations';
import { diskCreateSchema, diskRemoveSchema, diskResizeSchema } from '@/lib/validations/disk';

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
