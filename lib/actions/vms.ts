'use server';

import { ActionRefusal, roleAction } from '@/lib/actions/action';
import { VM_POWER_ACTIONS, type VmPowerAction } from '@/lib/domain/vm-actions';
import {
  cancelMigration,
  cloneFromSnapshot,
  cloneVm,
  createSnapshot,
  createTemplate,
  createVm,
  editVm,
  getVmFresh,
  migrateVm,
  powerVm,
  removeTemplate,
  removeVm,
  runVmOnce,
  snapshotOp,
  templateState,
} from '@/lib/services/vm-operations';
import { releaseVmVolumes } from '@/lib/services/volume-attachments';
import {
  snapshotCloneSchema,
  snapshotCreateSchema,
  snapshotOpSchema,
  templateCreateSchema,
  templateDeleteSchema,
  vmCreateSchema,
  vmCancelMigrationSchema,
  vmCloneSchema,
  vmDeleteSchema,
  vmEditSchema,
  vmMigrateSchema,
  vmPowerSchema,
  vmRunOnceSchema,
} from '@/lib/validations/vm';
import type { ActionState } from '@/lib/actions/types';

/**
 * Every VM, snapshot and template operation of the admin portal (host
 * operations are in lib/actions/hosts.ts). Each
 * goes through roleAction (admin only, zod, one audit entry) and the service
 * layer, which invalidates the shared backend cache. Refusals from the engine
 * come back with its own words in `detail`, and nothing is changed.
 */

const vmTarget = (i: { id: string }) => ({ type: 'vm', id: i.id });

// One wrapped action per power verb, so the audit log names the verb ("vm.shutdown").
const POWER = Object.fromEntries(
  VM_POWER_ACTIONS.map((action) => [
    action,
    roleAction({ role: 'admin', schema: vmPowerSchema, audit: `vm.${action}`, target: vmTarget }, async (input) => {
      await powerVm(input.id, input.action);
      return { message: `vmActions.requested.${input.action}` };
    }),
  ]),
) as Record<VmPowerAction, (prev: ActionState | undefined, formData: FormData) => Promise<ActionState>>;

export async function vmPowerAction(prev: ActionState | undefined, formData: FormData): Promise<ActionState> {
  const verb = String(formData.get('action') ?? '');
  // An unknown verb still goes through a wrapper, whose schema refuses it (and audits the refusal).
  const run = (VM_POWER_ACTIONS as readonly string[]).includes(verb) ? POWER[verb as VmPowerAction] : POWER.start;
  return run(prev, formData);
}

export const vmRunOnceAction = roleAction(
  { role: 'admin', schema: vmRunOnceSchema, audit: 'vm.runOnce', target: vmTarget },
  async (input) => {
    await runVmOnce(input.id, input.isoFileId);
    return { message: 'vmActions.requested.runOnce' };
  },
);

export const vmMigrateAction = roleAction(
  { role: 'admin', schema: vmMigrateSchema, audit: 'vm.migrate', target: vmTarget },
  async (input, { user }) => {
    await migrateVm(input.id, input.hostId, user);
    return { message: input.hostId ? 'vmActions.requested.migrateTo' : 'vmActions.requested.migrate' };
  },
);

export const vmCancelMigrationAction = roleAction(
  { role: 'admin', schema: vmCancelMigrationSchema, audit: 'vm.cancelMigration', target: vmTarget },
  async (input) => {
    await cancelMigration(input.id);
    return { message: 'vmActions.requested.cancelMigration' };
  },
);

export const vmCloneAction = roleAction(
  { role: 'admin', schema: vmCloneSchema, audit: 'vm.clone', target: (i) => ({ type: 'vm', id: i.id, name: i.name }) },
  async (input) => {
    await cloneVm(input.id, input.name);
    return { message: 'vmActions.clone.requested', values: { name: input.name } };
  },
);

export const vmEditAction = roleAction(
  { role: 'admin', schema: vmEditSchema, audit: 'vm.edit', target: (i) => ({ type: 'vm', id: i.id, name: i.name }) },
  async (input) => {
    const { pendingNextRun } = await editVm(input.id, input);
    return { message: pendingNextRun ? 'vmActions.edit.nextRun' : 'vmActions.edit.applied' };
  },
);

export const vmDeleteAction = roleAction(
  { role: 'admin', schema: vmDeleteSchema, audit: 'vm.delete', target: (i) => ({ type: 'vm', id: i.id, name: i.confirmName }) },
  async (input) => {
    // The typed name must be the VM's name as the engine knows it now, not as a stale page showed it.
    const vm = await getVmFresh(input.id);
    if (vm.name !== input.confirmName) throw new ActionRefusal('vmActions.errors.nameMismatch', { name: vm.name });
    // Cinder volumes first: left attached, they would stay in use by a VM that no longer exists.
    const { released } = await releaseVmVolumes(vm.id, vm.nativeId, input.deleteVolumes);
    await removeVm(input.id, input.keepDisks);
    const values: Record<string, string | number> = { name: vm.name, count: released };
    if (released > 0) return { message: input.deleteVolumes ? 'vmActions.delete.requestedVolumesDeleted' : 'vmActions.delete.requestedVolumesKept', values };
    return { message: input.keepDisks ? 'vmActions.delete.requestedKeep' : 'vmActions.delete.requested', values };
  },
);

export const vmCreateAction = roleAction(
  { role: 'admin', schema: vmCreateSchema, audit: 'vm.create', target: (i) => ({ type: 'vm', name: i.name }) },
  async (input) => {
    const result = await createVm(input);
    if ('problem' in result) throw new ActionRefusal(result.problem.key, result.problem.values);
    return { message: 'vmWizard.created', values: { name: input.name } };
  },
);

export const snapshotCreateAction = roleAction(
  { role: 'admin', schema: snapshotCreateSchema, audit: 'vm.snapshot.create', target: (i) => ({ type: 'vm', id: i.vmId, name: i.description }) },
  async (input) => {
    await createSnapshot(input.vmId, input.description, input.persistMemory);
    return { message: 'snapshots.requested.create', values: { description: input.description } };
  },
);

export const snapshotOpAction = roleAction(
  { role: 'admin', schema: snapshotOpSchema, audit: 'vm.snapshot.op', target: (i) => ({ type: 'vm', id: i.vmId, name: `${i.op}${i.snapshotId ? ` ${i.snapshotId}` : ''}` }) },
  async (input) => {
    await snapshotOp(input.vmId, input.op, input.snapshotId);
    return { message: `snapshots.requested.${input.op}` };
  },
);

export const snapshotCloneAction = roleAction(
  { role: 'admin', schema: snapshotCloneSchema, audit: 'vm.snapshot.clone', target: (i) => ({ type: 'vm', id: i.vmId, name: i.name }) },
  async (input) => {
    await cloneFromSnapshot(input.vmId, input.snapshotId, input.name);
    return { message: 'snapshots.requested.clone', values: { name: input.name } };
  },
);

export const templateCreateAction = roleAction(
  { role: 'admin', schema: templateCreateSchema, audit: 'template.create', target: (i) => ({ type: 'template', name: i.name }) },
  async (input) => {
    await createTemplate(input.vmId, input.name, input.description);
    return { message: 'templateActions.requested.create', values: { name: input.name } };
  },
);

export const templateDeleteAction = roleAction(
  { role: 'admin', schema: templateDeleteSchema, audit: 'template.delete', target: (i) => ({ type: 'template', id: i.id, name: i.confirmName }) },
  async (input) => {
    const { template } = await templateState(input.id);
    if (!template) throw new ActionRefusal('templateActions.errors.gone');
    if (template.name !== input.confirmName) throw new ActionRefusal('vmActions.errors.nameMismatch', { name: template.name });
    await removeTemplate(input.id);
    return { message: 'templateActions.requested.delete', values: { name: template.name } };
  },
);
