'use server';

import { revalidatePath } from 'next/cache';
import { roleAction } from '@/lib/actions/action';
import { attachVolume, detachVolume } from '@/lib/services/volume-attachments';
import { volumeAttachSchema } from '@/lib/validations/volume';

/**
 * Volumes joined to VMs: admin only, validated, audited (roleAction). A refusal or a failure
 * half-way comes back with Cinder's or libvirt's own words (the service has undone its half).
 */
function done() {
  revalidatePath('/volumes', 'layout');
  revalidatePath('/vms', 'layout');
}

const target = (input: { id: string; name?: string; vmId: string }) => ({ type: 'volume', id: input.id, name: input.name ?? null });

export const attachVolumeAction = roleAction({ role: 'admin', schema: volumeAttachSchema, audit: 'volumes.attach', target }, async (input) => {
  const { device } = await attachVolume(input.id, input.vmId);
  done();
  return { message: 'volumes.detail.attached', values: { device } };
});

export const detachVolumeAction = roleAction({ role: 'admin', schema: volumeAttachSchema, audit: 'volumes.detach', target }, async (input) => {
  await detachVolume(input.id, input.vmId);
  done();
  return { message: 'volumes.detail.detached' };
});
