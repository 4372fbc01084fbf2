'use server';

import { revalidatePath } from 'next/cache';
import { roleAction } from '@/lib/actions/action';
import { createDataCenter, editDataCenter, removeDataCenter } from '@/lib/services/infra-operations';
import { dataCenterCreateSchema, dataCenterEditSchema, dataCenterRemoveSchema } from '@/lib/validations/datacenter';

export const createDataCenterAction = roleAction(
  { role: 'admin', schema: dataCenterCreateSchema, audit: 'datacenters.create', target: (i) => ({ type: 'data_center', name: i.name }) },
  async (input) => {
    const dc = await createDataCenter(input);
    revalidatePath('/datacenters', 'layout');
    return { message: 'dcActions.created', values: { name: dc.name } };
  },
);

export const editDataCenterAction = roleAction(
  { role: 'admin', schema: dataCenterEditSchema, audit: 'datacenters.update', target: (i) => ({ type: 'data_center', id: i.id, name: i.name }) },
  async (input) => {
    const dc = await editDataCenter(input);
    revalidatePath('/datacenters', 'layout');
    return { message: 'dcActions.updated', values: { name: dc.name } };
  },
);

export const removeDataCenterAction = roleAction(
  { role: 'admin', schema: dataCenterRemoveSchema, audit: 'datacenters.remove', target: (i) => ({ type: 'data_center', id: i.id, name: i.name }) },
  async (input) => {
    await removeDataCenter(input.id, input.force);
    revalidatePath('/datacenters', 'layout');
    return { message: 'dcActions.removed', values: { name: input.name } };
  },
);
