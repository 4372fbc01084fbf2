'use server';

import { roleAction } from '@/lib/actions/action';
import { addNicToVm, removeVmNic, updateVmNic } from '@/lib/services/vm-devices';
import { vmNicAddSchema, vmNicRemoveSchema, vmNicUpdateSchema } from '@/lib/validations/vm-devices';

/**
 * A VM's network interfaces (issue 19): add (on a vNIC profile, with a model and optionally a MAC),
 * edit, link/unlink, plug/unplug (hot-plug on a running VM), remove. Admins only, audited; the
 * engine's refusals come back in its words and nothing changes.
 */

const nicTarget = (i: { vmId: string; nicId: string; name?: string }) => ({ type: 'vm', id: i.vmId, name: `nic ${i.name || i.nicId}` });

export const vmNicAddAction = roleAction(
  { role: 'admin', schema: vmNicAddSchema, audit: 'vm.nic.add', target: (i) => ({ type: 'vm', id: i.vmId, name: `nic ${i.name} (${i.interface})` }) },
  async (input) => {
    const nic = await addNicToVm(input);
    return { message: 'vmDevices.done.nicAdded', values: { name: nic.name || input.name, mac: nic.mac ?? '' } };
  },
);

export const vmNicUpdateAction = roleAction(
  { role: 'admin', schema: vmNicUpdateSchema, audit: 'vm.nic.update', target: nicTarget },
  async (input) => {
    await updateVmNic(input.vmId, input.nicId, {
      linked: input.linked,
      plugged: input.plugged,
      // The edit form always says the profile: empty means "no network".
      ...(input.edit ? { vnicProfileId: input.vnicProfileId ?? null, interface: input.interface, mac: input.mac } : {}),
    });
    const message =
      input.plugged !== undefined ? (input.plugged ? 'vmDevices.done.nicPlugged' : 'vmDevices.done.nicUnplugged')
        : input.linked !== undefined ? (input.linked ? 'vmDevices.done.nicLinked' : 'vmDevices.done.nicUnlinked')
          : 'vmDevices.done.nicUpdated';
    return { message, values: { name: input.name } };
  },
);

export const vmNicRemoveAction = roleAction(
  { role: 'admin', schema: vmNicRemoveSchema, audit: 'vm.nic.remove', target: nicTarget },
  async (input) => {
    await removeVmNic(input.vmId, input.nicId);
    return { message: 'vmDevices.done.nicRemoved', values: { name: input.name } };
  },
);
