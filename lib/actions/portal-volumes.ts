'use server';

import { revalidatePath } from 'next/cache';
import { roleAction } from '@/lib/actions/action';
import { attachMyVolume, createMyVolume, detachMyVolume, deleteMyVolume, deleteMyVolumeSnapshot, extendMyVolume, snapshotMyVolume } from '@/lib/services/portal-volumes';
import {
  portalVolumeAttachSchema,
  portalVolumeCreateSchema,
  portalVolumeDeleteSchema,
  portalVolumeExtendSchema,
  portalVolumeSnapshotDeleteSchema,
  portalVolumeSnapshotSchema,
} from '@/lib/validations/portal';

/**
 * Everything a portal user does to their volumes: open to every signed-in user (roleAction
 * 'user': zod, one portal.volume.* audit entry, so it shows in My tasks), and each service call
 * asks the ownership service first, so another user's volume is refused like an unknown one.
 */

function done() {
  revalidatePath('/portal/volumes', 'layout');
}

export const portalVolumeCreateAction = roleAction(
  { role: 'user', schema: portalVolumeCreateSchema, audit: 'portal.volume.create', target: (i) => ({ type: 'volume', name: i.name }) },
  async (input, { user }) => {
    await createMyVolume(user, input);
    done();
    return { message: 'portal.volumes.created', values: { name: input.name } };
  },
);

export const portalVolumeExtendAction = roleAction(
  { role: 'user', schema: portalVolumeExtendSchema, audit: 'portal.volume.extend', target: (i) => ({ type: 'volume', id: i.id }) },
  async (input, { user }) => {
    await extendMyVolume(user, input.id, input.newSizeGiB);
    done();
    return { message: 'portal.volumes.extended', values: { size: input.newSizeGiB } };
  },
);

export const portalVolumeSnapshotAction = roleAction(
  { role: 'user', schema: portalVolumeSnapshotSchema, audit: 'portal.volume.snapshot', target: (i) => ({ type: 'volume', id: i.volumeId, name: i.name }) },
  async (input, { user }) => {
    await snapshotMyVolume(user, input.volumeId, input.name);
    done();
    return { message: 'portal.volumes.snapshotted', values: { name: input.name } };
  },
);

export const portalVolumeDeleteAction = roleAction(
  { role: 'user', schema: portalVolumeDeleteSchema, audit: 'portal.volume.delete', target: (i) => ({ type: 'volume', id: i.id, name: i.confirmName }) },
  async (input, { user }) => {
    const name = await deleteMyVolume(user, input.id, input.confirmName);
    done();
    return { message: 'portal.volumes.deleted', values: { name } };
  },
);

export const portalVolumeSnapshotDeleteAction = roleAction(
  { role: 'user', schema: portalVolumeSnapshotDeleteSchema, audit: 'portal.volume.snapshotDelete', target: (i) => ({ type: 'volume', id: i.volumeId, name: i.snapshotId }) },
  async (input, { user }) => {
    const name = await deleteMyVolumeSnapshot(user, input.volumeId, input.snapshotId);
    done();
    return { message: 'portal.volumes.snapshotDeleted', values: { name } };
  },
);

// Attach/detach: the volume and the VM must both be the user's; Cinder's or libvirt's words come
// back on a failure, after lib/services/volume-attachments.ts has undone its half.
export const portalVolumeAttachAction = roleAction(
  { role: 'user', schema: portalVolumeAttachSchema, audit: 'portal.volume.attach', target: (i) => ({ type: 'volume', id: i.id, name: i.vmId }) },
  async (input, { user }) => {
    const { device, name } = await attachMyVolume(user, input.id, input.vmId);
    done();
    revalidatePath('/portal/vms', 'layout');
    return { message: 'volumes.vm.attachedName', values: { name, device } };
  },
);

export const portalVolumeDetachAction = roleAction(
  { role: 'user', schema: portalVolumeAttachSchema, audit: 'portal.volume.detach', target: (i) => ({ type: 'volume', id: i.id, name: i.vmId }) },
  async (input, { user }) => {
    const name = await detachMyVolume(user, input.id, input.vmId);
    done();
    revalidatePath('/portal/vms', 'layout');
    return { message: 'volumes.vm.detachedName', values: { name } };
  },
);
