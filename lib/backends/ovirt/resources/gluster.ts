import 'server-only';
import type { GlusterBrickInput, GlusterVolume, GlusterVolumeInput, QualifiedId } from '@/lib/domain';
import type { GlusterMigrationStep, GlusterVolumeActionName } from '../../gluster-types';
import { nativeIdFor } from '../../ids';
import { mapLimit } from '../../map-limit';
import type { CallOptions, TaskRef } from '../../types';
import { listOf, type Json } from '../coerce';
import { glusterVolumePath, toGlusterBrick, toGlusterVolume } from '../gluster-transform';
import { postAction, runAction } from './actions';
import { withNotFound } from './collection';
import { itemPath, type OvirtContext } from './context';

/** gluster's virt profile (`gluster volume set VOL group virt`) and the ownership vdsm needs (vdsm:kvm = 36:36), as the engine's "Optimize for Virt Store". */
const VIRT_STORE_OPTIONS: ReadonlyArray<[string, string]> = [['group', 'virt'], ['storage.owner-uid', '36'], ['storage.owner-gid', '36']];

const ACTION_PATH: Record<GlusterVolumeActionName, string> = { start: 'start', stop: 'stop', rebalance: 'rebalance', stopRebalance: 'stoprebalance' };
const MIGRATION_PATH: Record<GlusterMigrationStep, string> = { start: 'migrate', stop: 'stopmigrate', retain: 'activate' };

const clusterNative = (ctx: OvirtContext, clusterId: QualifiedId) => nativeIdFor(ctx.connectionId, clusterId, 'Cluster');

async function withBricks(ctx: OvirtContext, v: GlusterVolume, opts: CallOptions): Promise<GlusterVolume> {
  const body = await ctx.transport.get(`${glusterVolumePath(ctx.connectionId, v.id)}/glusterbricks`, undefined, opts.signal);
  return { ...v, bricks: listOf(body, 'brick').map((b) => toGlusterBrick(b, ctx.connectionId)) };
}

const brickBody = (ctx: OvirtContext, bricks: GlusterBrickInput[]): Json[] =>
  bricks.map((b) => ({ server_id: nativeIdFor(ctx.connectionId, b.hostId, 'Host'), brick_dir: b.dir }));

const byName = (names: string[]): Json => ({ bricks: { brick: names.map((name) => ({ name })) } });

export async function listGlusterVolumes(ctx: OvirtContext, clusterId: QualifiedId, opts: CallOptions = {}): Promise<GlusterVolume[]> {
  const cluster = clusterNative(ctx, clusterId);
  const body = await withNotFound('Cluster', () => ctx.transport.get(`${itemPath(ctx, '/clusters', clusterId, 'Cluster')}/glustervolumes`, undefined, opts.signal));
  const volumes = listOf(body, 'gluster_volume').map((v) => toGlusterVolume(v, cluster, ctx.connectionId));
  return mapLimit(volumes, 4, (v) => withBricks(ctx, v, opts));
}

export async function getGlusterVolume(ctx: OvirtContext, id: QualifiedId, opts: CallOptions = {}): Promise<GlusterVolume> {
  const path = glusterVolumePath(ctx.connectionId, id);
  const body = await withNotFound('Gluster volume', () => ctx.transport.get(path, undefined, opts.signal));
  const cluster = nativeIdFor(ctx.connectionId, id, 'Gluster volume').split('/')[0]!;
  return withNotFound('Gluster volume', () => withBricks(ctx, toGlusterVolume(body, cluster, ctx.connectionId), opts));
}

export async function createGlusterVolume(ctx: OvirtContext, input: GlusterVolumeInput, opts: CallOptions = {}): Promise<GlusterVolume> {
  const cluster = clusterNative(ctx, input.clusterId);
  const replicated = input.replicaCount > 1;
  const body: Json = {
    name: input.name,
    volume_type: replicated ? 'replicate' : 'distribute',
    bricks: { brick: brickBody(ctx, input.bricks) },
  };
  if (replicated) body.replica_count = input.replicaCount;
  const { body: created } = await withNotFound('Cluster', () =>
    ctx.transport.request({ method: 'POST', path: `${itemPath(ctx, '/clusters', input.clusterId, 'Cluster')}/glustervolumes`, body, signal: opts.signal }),
  );
  return withBricks(ctx, toGlusterVolume(created, cluster, ctx.connectionId), opts);
}

export async function removeGlusterVolume(ctx: OvirtContext, id: QualifiedId, opts: CallOptions = {}): Promise<void> {
  const path = glusterVolumePath(ctx.connectionId, id);
  await withNotFound('Gluster volume', () => ctx.transport.request({ method: 'DELETE', path, signal: opts.signal }));
}

export function glusterVolumeAction(
  ctx: OvirtContext, id: QualifiedId, action: GlusterVolumeActionName, options: { force?: boolean } = {}, opts: CallOptions = {},
): Promise<TaskRef> {
  const body: Json = action === 'start' || action === 'stop' ? { force: options.force ?? false } : {};
  return runAction(ctx, 'Gluster volume', `${glusterVolumePath(ctx.connectionId, id)}/${ACTION_PATH[action]}`, body, opts);
}

export async function setGlusterVolumeOption(ctx: OvirtContext, id: QualifiedId, name: string, value: string, opts: CallOptions = {}): Promise<void> {
  await postAction(ctx, 'Gluster volume', `${glusterVolumePath(ctx.connectionId, id)}/setoption`, { option: { name, value } }, opts);
}

export async function resetGlusterVolumeOption(ctx: OvirtContext, id: QualifiedId, name: string | null, opts: CallOptions = {}): Promise<void> {
  const base = glusterVolumePath(ctx.connectionId, id);
  // resetoption takes `force` as a mandatory parameter (GlusterVolumeService.ResetOption).
  if (name === null) await postAction(ctx, 'Gluster volume', `${base}/resetalloptions`, {}, opts);
  else await postAction(ctx, 'Gluster volume', `${base}/resetoption`, { option: { name }, force: false }, opts);
}

export async function optimizeGlusterVolumeForVirt(ctx: OvirtContext, id: QualifiedId, opts: CallOptions = {}): Promise<void> {
  // The v4 API has no optimize action: the profile is these options, set one by one (each is one `gluster volume set`).
  for (const [name, value] of VIRT_STORE_OPTIONS) await setGlusterVolumeOption(ctx, id, name, value, opts);
}

export async function addGlusterBricks(ctx: OvirtContext, id: QualifiedId, bricks: GlusterBrickInput[], replicaCount?: number, opts: CallOptions = {}): Promise<void> {
  // QUIRK: the counts travel as URL parameters, the body is the bare bricks list.
  const path = `${glusterVolumePath(ctx.connectionId, id)}/glusterbricks`;
  await withNotFound('Gluster volume', () =>
    ctx.transport.request({ method: 'POST', path, query: { replica_count: replicaCount }, body: { brick: brickBody(ctx, bricks) }, signal: opts.signal }),
  );
}

export async function removeGlusterBricks(ctx: OvirtContext, id: QualifiedId, brickNames: string[], replicaCount?: number, opts: CallOptions = {}): Promise<void> {
  // A DELETE with a body: the bricks are named in it.
  const path = `${glusterVolumePath(ctx.connectionId, id)}/glusterbricks`;
  await withNotFound('Gluster volume', () =>
    ctx.transport.request({ method: 'DELETE', path, query: { replica_count: replicaCount }, body: byName(brickNames), signal: opts.signal }),
  );
}

export function glusterBrickMigration(ctx: OvirtContext, id: QualifiedId, brickNames: string[], step: GlusterMigrationStep, opts: CallOptions = {}): Promise<TaskRef> {
  return runAction(ctx, 'Gluster volume', `${glusterVolumePath(ctx.connectionId, id)}/glusterbricks/${MIGRATION_PATH[step]}`, byName(brickNames), opts);
}
