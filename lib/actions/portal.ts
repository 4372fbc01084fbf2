'use server';

import { roleAction } from '@/lib/actions/action';
import { bootVolumeName } from '@/lib/services/boot-from-volume';
import { deleteMyVm, launchVm, powerMyVm, resizeMyVm, snapshotMyVm, snapshotOpOnMyVm } from '@/lib/services/portal';
import {
  launchSchema,
  portalDeleteSchema,
  portalPowerSchema,
  portalResizeSchema,
  portalSnapshotCreateSchema,
  portalSnapshotOpSchema,
} from '@/lib/validations/portal';

/**
 * Everything a portal user does to their VMs. Each action is open to every signed-in user
 * (roleAction 'user': zod, one audit entry named portal.*), and each service call asks the
 * ownership service first, so another user's VM id is refused exactly like an unknown one.
 */

const vmTarget = (i: { id: string }) => ({ type: 'vm', id: i.id });

export const launchAction = roleAction(
  { role: 'user', schema: launchSchema, audit: 'portal.launch', target: (i) => ({ type: 'vm', name: i.name }) },
  async (input, { user }): Promise<{ message: string; values: Record<string, string> }> => {
    const { volumeId } = await launchVm(user, input);
    if (volumeId) return { message: 'portal.launch.requestedOnVolume', values: { name: input.name, volume: bootVolumeName(input.name) } };
    return { message: 'portal.launch.requested', values: { name: input.name } };
  },
);

export const portalPowerAction = roleAction(
  { role: 'user', schema: portalPowerSchema, audit: 'portal.power', target: vmTarget },
  async (input, { user }) => {
    await powerMyVm(user, input.id, input.action);
    return { message: `vmActions.requested.${input.action}` };
  },
);

export const portalSnapshotCreateAction = roleAction(
  { role: 'user', schema: portalSnapshotCreateSchema, audit: 'portal.snapshot.create', target: (i) => ({ type: 'vm', id: i.vmId, name: i.description }) },
  async (input, { user }) => {
    await snapshotMyVm(user, input.vmId, input.description);
    return { message: 'snapshots.requested.create', values: { description: input.description } };
  },
);

export const portalSnapshotOpAction = roleAction(
  { role: 'user', schema: portalSnapshotOpSchema, audit: 'portal.snapshot.op', target: (i) => ({ type: 'vm', id: i.vmId, name: i.op }) },
  async (input, { user }) => {
    const outcome = await snapshotOpOnMyVm(user, input.vmId, input.op, input.snapshotId);
    return { message: `portal.snapshots.${outcome}` };
  },
);

export const portalResizeAction = roleAction(
  { role: 'user', schema: portalResizeSchema, audit: 'portal.resize', target: vmTarget },
  async (input, { user }) => {
    const { pendingNextRun, flavor } = await resizeMyVm(user, input.id, input.flavorId);
    return { message: pendingNextRun ? 'portal.resize.nextRun' : 'portal.resize.applied', values: { flavor } };
  },
);

export const portalDeleteAction = roleAction(
  { role: 'user', schema: portalDeleteSchema, audit: 'portal.delete', target: (i) => ({ type: 'vm', id: i.id, name: i.confirmName }) },
  async (input, { user }) => {
    const name = await deleteMyVm(user, input.id, input.confirmName);
    return { message: 'vmActions.delete.requested', values: { name } };
  },
);
