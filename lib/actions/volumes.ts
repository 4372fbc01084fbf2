'use server';

import { revalidatePath } from 'next/cache';
import { ActionRefusal, roleAction } from '@/lib/actions/action';
import { isBackendError } from '@/lib/backends/errors';
import type { VolumeSource } from '@/lib/domain/volumes';
import * as volumes from '@/lib/services/volumes';
import { attachVolume, detachVolume } from '@/lib/services/volume-attachments';
import {
  snapshotCreateSchema,
  snapshotIdSchema,
  snapshotRevertSchema,
  volumeBootableSchema,
  volumeCreateSchema,
  volumeAttachSchema,
  volumeDeleteSchema,
  volumeExtendSchema,
  volumeRetypeSchema,
} from '@/lib/validations/volume';

/**
 * Every Volumes mutation: admin only, validated, audited (roleAction). A quota
 * refusal (Cinder's 413 overLimit) is explained in our words with Cinder's
 * own sentence beside it; Cinder changes nothing when it refuses.
 */
async function explainQuota<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (isBackendError(error) && error.status === 413) {
      throw new ActionRefusal('volumes.errors.quota', { detail: error.detail ?? '' });
    }
    throw error;
  }
}

function done() {
  revalidatePath('/volumes', 'layout');
}

const volumeTarget = (input: { id: string; name?: string }) => ({ type: 'volume', id: input.id, name: input.name ?? null });

export const createVolumeAction = roleAction(
  { role: 'admin', schema: volumeCreateSchema, audit: 'volumes.create', target: (i) => ({ type: 'volume', id: null, name: i.name }) },
  async (input) => {
    const source: VolumeSource =
      input.source === 'image'
        ? { kind: 'image', imageId: input.imageId! }
        : input.source === 'snapshot'
          ? { kind: 'snapshot', snapshotId: input.snapshotId! }
          : input.source === 'volume'
            ? { kind: 'volume', volumeId: input.sourceVolumeId! }
            : { kind: 'blank' };
    const created = await explainQuota(
      volumes.createVolume(input.connectionId, {
        name: input.name,
        description: input.description,
        sizeGiB: input.sizeGiB,
        volumeType: input.volumeType,
        availabilityZone: input.availabilityZone,
        source,
      }),
    );
    done();
    return { message: 'volumes.done.create', values: { name: created.name } };
  },
);

// Cinder itself refuses to delete an attached volume or one with snapshots; its words are shown.
export const deleteVolumeAction = roleAction({ role: 'admin', schema: volumeDeleteSchema, audit: 'volumes.delete', target: volumeTarget }, async (input) => {
  await volumes.deleteVolume(input.id);
  done();
  return { message: 'volumes.done.delete', values: { name: input.name ?? input.id } };
});

export const extendVolumeAction = roleAction(
  { role: 'admin', schema: volumeExtendSchema, audit: 'volumes.extend', target: volumeTarget },
  async (input) => {
    await explainQuota(volumes.extendVolume(input.id, input.newSizeGiB));
    done();
    return { message: 'volumes.done.extend', values: { size: input.newSizeGiB } };
  },
);

export const setBootableAction = roleAction(
  { role: 'admin', schema: volumeBootableSchema, audit: 'volumes.setBootable', target: volumeTarget },
  async (input) => {
    await volumes.setVolumeBootable(input.id, input.bootable);
    done();
    return { message: input.bootable ? 'volumes.done.bootableOn' : 'volumes.done.bootableOff' };
  },
);

export const retypeVolumeAction = roleAction(
  { role: 'admin', schema: volumeRetypeSchema, audit: 'volumes.retype', target: volumeTarget },
  async (input) => {
    await volumes.retypeVolume(input.id, input.newType, input.migrationPolicy);
    done();
    return { message: input.migrationPolicy === 'never' ? 'volumes.done.retypeNever' : 'volumes.done.retype', values: { type: input.newType } };
  },
);

export const createSnapshotAction = roleAction(
  {
    role: 'admin',
    schema: snapshotCreateSchema,
    audit: 'volumes.snapshotCreate',
    target: (i) => ({ type: 'volume', id: i.volumeId, name: i.name }),
  },
  async (input) => {
    await explainQuota(volumes.createVolumeSnapshot(input.volumeId, { name: input.name, description: input.description, force: input.force }));
    done();
    return { message: 'volumes.done.snapshotCreate', values: { name: input.name } };
  },
);

export const deleteSnapshotAction = roleAction(
  {
    role: 'admin',
    schema: snapshotIdSchema,
    audit: 'volumes.snapshotDelete',
    target: (i) => ({ type: 'volumeSnapshot', id: i.id, name: i.name ?? null }),
  },
  async (input) => {
    await volumes.deleteVolumeSnapshot(input.id);
    done();
    return { message: 'volumes.done.snapshotDelete', values: { name: input.name ?? input.id } };
  },
);

export const revertVolumeAction = roleAction(
  {
    role: 'admin',
    schema: snapshotRevertSchema,
    audit: 'volumes.revert',
    target: (i) => ({ type: 'volume', id: i.volumeId, name: i.name ?? null }),
  },
  async (input) => {
    await volumes.revertVolumeToSnapshot(input.volumeId, input.snapshotId);
    done();
    return { message: 'volumes.done.revert' };
  },
);

// ───────────────────────────── volumes on VMs ─────────────────────────────
// A refusal or a failure half-way comes back with Cinder's or libvirt's own words (the service
// lib/services/volume-attachments.ts has undone its half).

const attachTarget = (input: { id: string; name?: string; vmId: string }) => ({ type: 'volume', id: input.id, name: input.name ?? null });

export const attachVolumeAction = roleAction({ role: 'admin', schema: volumeAttachSchema, audit: 'volumes.attach', target: attachTarget }, async (input) => {
  const { device } = await attachVolume(input.id, input.vmId);
  done();
  revalidatePath('/vms', 'layout');
  return { message: 'volumes.detail.attached', values: { device } };
});

export const detachVolumeAction = roleAction({ role: 'admin', schema: volumeAttachSchema, audit: 'volumes.detach', target: attachTarget }, async (input) => {
  await detachVolume(input.id, input.vmId);
  done();
  revalidatePath('/vms', 'layout');
  return { message: 'volumes.detail.detached' };
});
