'use server';

import { revalidatePath } from 'next/cache';
import { roleAction } from '@/lib/actions/action';
import { setGlobalMaintenance } from '@/lib/services/host-operations';
import { globalMaintenanceSchema } from '@/lib/validations/services';

/** Global HA maintenance on or off; the engine's refusal comes back in its own words, nothing changed. */
export const hostedEngineMaintenanceAction = roleAction(
  {
    role: 'admin',
    schema: globalMaintenanceSchema,
    audit: 'hostedEngine.globalMaintenance',
    target: (i) => ({ type: 'vm', id: i.vmId, name: i.enabled ? 'global maintenance on' : 'global maintenance off' }),
  },
  async (input) => {
    await setGlobalMaintenance(input.vmId, input.enabled);
    revalidatePath('/hosts', 'layout');
    return { message: input.enabled ? 'hostedEngine.globalOn' : 'hostedEngine.globalOff' };
  },
);
