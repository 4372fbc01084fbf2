'use server';

import { revalidatePath } from 'next/cache';
import { roleAction } from '@/lib/actions/action';
import {
  addGlusterBricks, createGlusterVolume, glusterBrickMigration, glusterVolumeAction, optimizeGlusterForVirt, removeGlusterBricks, removeGlusterVolume,
  replaceGlusterBrick, resetGlusterOption, setGlusterOption,
} from '@/lib/services/gluster';
import {
  glusterAddBricksSchema, glusterBricksSchema, glusterCreateSchema, glusterOptionSchema, glusterReplaceBrickSchema, glusterVolumeOpSchema,
} from '@/lib/validations/gluster';

/** Server actions for Gluster volumes: admins only, every one audited (roleAction). */

const refresh = () => revalidatePath('/gluster', 'layout');

export const createGlusterVolumeAction = roleAction(
  { role: 'admin', schema: glusterCreateSchema, audit: 'gluster.create', target: (i) => ({ type: 'gluster_volume', name: i.name }) },
  async (input) => {
    const v = await createGlusterVolume({ clusterId: input.clusterId, name: input.name, replicaCount: input.replicaCount, bricks: input.bricks }, input.optimize);
    refresh();
    return { message: 'gluster.created', values: { name: v.name } };
  },
);

export const glusterVolumeOpAction = roleAction(
  { role: 'admin', schema: glusterVolumeOpSchema, audit: 'gluster.volume', target: (i) => ({ type: 'gluster_volume', id: i.id, name: `${i.op} ${i.name ?? ''}`.trim() }) },
  async (input) => {
    switch (input.op) {
      case 'start':
      case 'forceStart':
        await glusterVolumeAction(input.id, 'start', input.op === 'forceStart');
        break;
      case 'stop':
      case 'forceStop':
        await glusterVolumeAction(input.id, 'stop', input.op === 'forceStop');
        break;
      case 'rebalance':
        await glusterVolumeAction(input.id, 'rebalance', false);
        break;
      case 'stopRebalance':
        await glusterVolumeAction(input.id, 'stopRebalance', false);
        break;
      case 'optimize':
        await optimizeGlusterForVirt(input.id);
        break;
      case 'resetAll':
        await resetGlusterOption(input.id, null);
        break;
      case 'remove':
        await removeGlusterVolume(input.id);
        break;
    }
    refresh();
    return { message: `gluster.done.${input.op}`, values: { name: input.name ?? '' } };
  },
);

export const glusterOptionAction = roleAction(
  { role: 'admin', schema: glusterOptionSchema, audit: 'gluster.option', target: (i) => ({ type: 'gluster_volume', id: i.id, name: `${i.op} ${i.option}` }) },
  async (input) => {
    if (input.op === 'set') await setGlusterOption(input.id, input.option, input.value!);
    else await resetGlusterOption(input.id, input.option);
    refresh();
    return { message: input.op === 'set' ? 'gluster.optionSet' : 'gluster.optionReset', values: { option: input.option } };
  },
);

export const glusterAddBricksAction = roleAction(
  { role: 'admin', schema: glusterAddBricksSchema, audit: 'gluster.addBricks', target: (i) => ({ type: 'gluster_volume', id: i.id }) },
  async (input) => {
    await addGlusterBricks(input.id, input.bricks, input.replicaCount > 1 ? input.replicaCount : undefined);
    refresh();
    return { message: 'gluster.bricksAdded', values: { count: input.bricks.length } };
  },
);

/** The two-step removal (migrate, then commit), its way back (stop, retain), or removal at once. */
export const glusterBricksAction = roleAction(
  { role: 'admin', schema: glusterBricksSchema, audit: 'gluster.bricks', target: (i) => ({ type: 'gluster_volume', id: i.id, name: `${i.op} ${i.names.join(', ')}` }) },
  async (input) => {
    switch (input.op) {
      case 'migrate':
        await glusterBrickMigration(input.id, input.names, 'start');
        break;
      case 'stopMigrate':
        await glusterBrickMigration(input.id, input.names, 'stop');
        break;
      case 'retain':
        await glusterBrickMigration(input.id, input.names, 'retain');
        break;
      case 'commit':
      case 'removeNow':
        await removeGlusterBricks(input.id, input.names);
        break;
    }
    refresh();
    return { message: `gluster.bricksDone.${input.op}`, values: { count: input.names.length } };
  },
);

/** A failed server's brick swapped for one on another host: add with one copy more, remove the old. */
export const glusterReplaceBrickAction = roleAction(
  { role: 'admin', schema: glusterReplaceBrickSchema, audit: 'gluster.replaceBrick', target: (i) => ({ type: 'gluster_volume', id: i.id, name: `${i.oldBrick} → ${i.dir}` }) },
  async (input) => {
    await replaceGlusterBrick(input.id, input.oldBrick, { hostId: input.hostId, dir: input.dir });
    refresh();
    return { message: 'gluster.replace.done', values: { brick: input.oldBrick } };
  },
);
