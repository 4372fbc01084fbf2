'use server';

import { roleAction } from '@/lib/actions/action';
import { changeVmCdrom } from '@/lib/services/vm-devices';
import { vmCdromSchema } from '@/lib/validations/vm-devices';

/** Insert, change or eject the ISO in a VM's CD-ROM, live and/or in its definition (issue 19). Admins only, audited. */
export const vmCdromAction = roleAction(
  { role: 'admin', schema: vmCdromSchema, audit: 'vm.cdrom', target: (i) => ({ type: 'vm', id: i.vmId, name: `cd ${i.isoFileId || '(eject)'} ${i.scope}` }) },
  async (input) => {
    const where = await changeVmCdrom(input.vmId, input.isoFileId || null, input.scope);
    const how = where.live && where.persistent ? 'both' : where.live ? 'live' : 'nextStart';
    return { message: input.isoFileId ? `vmDevices.done.cdInserted.${how}` : `vmDevices.done.cdEjected.${how}`, values: { iso: input.isoFileId } };
  },
);
