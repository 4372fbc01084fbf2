'use server';

import { revalidatePath } from 'next/cache';
import { roleAction } from '@/lib/actions/action';
import { setServiceEnabled } from '@/lib/services/service-health';
import { serviceEnabledSchema } from '@/lib/validations/services';

/** Disable a Cinder service with a reason, or enable it again (admin only; Cinder checks its own policy too). */
export const serviceEnabledAction = roleAction(
  {
    role: 'admin',
    schema: serviceEnabledSchema,
    audit: 'services.setEnabled',
    target: (i) => ({ type: 'service', id: `${i.connectionId}:${i.binary}@${i.host}`, name: `${i.binary}@${i.host} ${i.enabled ? 'enabled' : `disabled: ${i.reason ?? ''}`}` }),
  },
  async (input) => {
    await setServiceEnabled(input.connectionId, { host: input.host, binary: input.binary }, input.enabled, input.reason);
    revalidatePath('/services');
    return { message: input.enabled ? 'services.enabledDone' : 'services.disabledDone', values: { name: `${input.binary}@${input.host}` } };
  },
);
