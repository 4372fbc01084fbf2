'use server';

import { revalidatePath } from 'next/cache';
import { roleAction } from '@/lib/actions/action';
import { addHost, removeHost } from '@/lib/services/infra-operations';
import { hostAddSchema, hostRemoveSchema } from '@/lib/validations/host-add';

export const addHostAction = roleAction(
  // The root password is never part of the audit entry: only the target's name and address.
  { role: 'admin', schema: hostAddSchema, audit: 'hosts.add', target: (i) => ({ type: 'host', name: `${i.name} (${i.address})` }) },
  async (input) => {
    const host = await addHost(input);
    revalidatePath('/hosts', 'layout');
    return { message: 'hostAdd.added', values: { name: host.name } };
  },
);

export const removeHostAction = roleAction(
  { role: 'admin', schema: hostRemoveSchema, audit: 'hosts.remove', target: (i) => ({ type: 'host', id: i.id, name: i.name }) },
  async (input) => {
    await removeHost(input.id);
    revalidatePath('/hosts', 'layout');
    return { message: 'hostAdd.removed', values: { name: input.name } };
  },
);
