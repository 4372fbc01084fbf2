'use server';

import { revalidatePath } from 'next/cache';
import { roleAction } from '@/lib/actions/action';
import { createCluster, editCluster, removeCluster } from '@/lib/services/infra-operations';
import { clusterCreateSchema, clusterEditSchema, clusterRemoveSchema } from '@/lib/validations/cluster';

export const createClusterAction = roleAction(
  { role: 'admin', schema: clusterCreateSchema, audit: 'clusters.create', target: (i) => ({ type: 'cluster', name: i.name }) },
  async (input) => {
    const cluster = await createCluster(input);
    revalidatePath('/clusters', 'layout');
    return { message: 'clusterActions.created', values: { name: cluster.name } };
  },
);

export const editClusterAction = roleAction(
  { role: 'admin', schema: clusterEditSchema, audit: 'clusters.update', target: (i) => ({ type: 'cluster', id: i.id, name: i.name }) },
  async (input) => {
    const cluster = await editCluster(input);
    revalidatePath('/clusters', 'layout');
    return { message: 'clusterActions.updated', values: { name: cluster.name } };
  },
);

export const removeClusterAction = roleAction(
  { role: 'admin', schema: clusterRemoveSchema, audit: 'clusters.remove', target: (i) => ({ type: 'cluster', id: i.id, name: i.name }) },
  async (input) => {
    await removeCluster(input.id);
    revalidatePath('/clusters', 'layout');
    return { message: 'clusterActions.removed', values: { name: input.name } };
  },
);
