'use server';

import { roleAction } from '@/lib/actions/action';
import { changeVmSettings } from '@/lib/services/vm-settings';
import { settingsPatchOf, vmSettingsSchema, type VmSettingsInput } from '@/lib/validations/vm-settings';

/** What changed, for the audit entry: "boot cdrom,hd; ha on/50; console spice; placement pinned (2 hosts); autostart off". */
function summary(i: VmSettingsInput): string {
  const parts: string[] = [];
  if (i.bootOrder) parts.push(`boot ${i.bootOrder.join(',')}`);
  if (i.haEnabled !== undefined) parts.push(`ha ${i.haEnabled ? 'on' : 'off'}/${i.haPriority}`);
  if (i.console) parts.push(`console ${i.console}`);
  if (i.migration) parts.push(`placement ${i.migration} (${i.hostIds?.length ?? 0} hosts)`);
  if (i.autostart !== undefined) parts.push(`autostart ${i.autostart ? 'on' : 'off'}`);
  if (i.leaseDomainId !== undefined) parts.push(`lease ${i.leaseDomainId || 'none'}`);
  return parts.join('; ');
}

/**
 * A VM's boot order, HA, console type, placement and autostart (issue 19 point 4). Admins only,
 * audited; the answer says whether the backend applied it at once or keeps it for the next start.
 */
export const vmSettingsAction = roleAction(
  { role: 'admin', schema: vmSettingsSchema, audit: 'vm.settings', target: (i) => ({ type: 'vm', id: i.vmId, name: summary(i) }) },
  async (input) => {
    const { pendingNextStart } = await changeVmSettings(input.vmId, settingsPatchOf(input));
    return { message: pendingNextStart ? 'vmSettings.done.nextStart' : 'vmSettings.done.applied' };
  },
);
