/**
 * Routes for Gluster volumes and bricks under /clusters/{id}/glustervolumes (GlusterVolumesService,
 * GlusterVolumeService, GlusterBricksService of the engine's API model). Registered by api.ts.
 */
import type { Ctx, Reply, Router } from './api';
import { asObj } from './engine';
import { notFound } from './errors';
import {
  addBricks, brickAction, brickName, brickUp, createVolume, removeBricks, removeVolume, requireGlusterCluster, volumeAction, volumeOf, volumesOf,
} from './gluster-ops';
import type { Cluster, GlusterBrickRow, GlusterVolumeRow } from './model';
import { type Wire, collection, href, int, ref } from './wire';

const ok = (body: Wire, status = 200): Reply => ({ status, body });

// Profiling (startprofile, getprofilestatistics) is not simulated: the fake offers only what it does.
const VOLUME_ACTIONS = ['rebalance', 'resetalloptions', 'resetoption', 'setoption', 'start', 'stop', 'stoprebalance'];
const BRICK_ACTIONS = ['activate', 'migrate', 'stopmigrate'];

function clusterOf(c: Ctx): Cluster {
  const cl = c.e.store.clusters.get(c.params.id);
  if (!cl || !c.access.cluster(cl)) throw notFound(c.params.id);
  return cl;
}

function volumeWire(cl: Cluster, v: GlusterVolumeRow): Wire {
  const base = `clusters/${cl.id}/glustervolumes/${v.id}`;
  return {
    id: v.id, href: href(base), name: v.name, volume_type: v.type, status: v.started ? 'up' : 'down',
    replica_count: int(v.replicaCount), stripe_count: '0', disperse_count: int(v.disperseCount), redundancy_count: int(v.redundancyCount),
    transport_types: { transport_type: ['tcp'] },
    options: collection('option', [...v.options].map(([name, value]) => ({ name, value }))),
    cluster: ref('clusters', cl.id),
    actions: { link: VOLUME_ACTIONS.map((rel) => ({ href: href(`${base}/${rel}`), rel })) },
    link: [{ href: href(`${base}/glusterbricks`), rel: 'glusterbricks' }],
  };
}

function brickWire(c: Ctx, cl: Cluster, v: GlusterVolumeRow, b: GlusterBrickRow): Wire {
  return {
    id: b.id, href: href(`clusters/${cl.id}/glustervolumes/${v.id}/glusterbricks/${b.id}`), name: brickName(c.e, b), brick_dir: b.dir, server_id: b.hostId,
    status: brickUp(c.e, v, b) ? 'up' : 'down', gluster_volume: ref(`clusters/${cl.id}/glustervolumes`, v.id),
  };
}

export function registerGlusterRoutes(r: Router): void {
  r.add('GET', '/clusters/:id/glustervolumes', (c) => {
    const cl = clusterOf(c);
    requireGlusterCluster(cl, 'list');
    return ok(collection('gluster_volume', volumesOf(c.e, cl).map((v) => volumeWire(cl, v))));
  });
  r.add('POST', '/clusters/:id/glustervolumes', (c) => {
    const cl = clusterOf(c);
    const body = volumeWire(cl, createVolume(c.e, c.actor, cl, c.body));
    return { status: 201, body, headers: { location: String(body.href) } };
  });
  r.add('GET', '/clusters/:id/glustervolumes/:vid', (c) => {
    const cl = clusterOf(c);
    return ok(volumeWire(cl, volumeOf(c.e, cl, c.params.vid)));
  });
  r.add('DELETE', '/clusters/:id/glustervolumes/:vid', (c) => {
    const cl = clusterOf(c);
    removeVolume(c.e, c.actor, cl, volumeOf(c.e, cl, c.params.vid));
    return { status: 200, body: null };
  });
  r.add('POST', '/clusters/:id/glustervolumes/:vid/:action', (c) => {
    const cl = clusterOf(c);
    const res = volumeAction(c.e, c.actor, cl, volumeOf(c.e, cl, c.params.vid), c.params.action, c.body);
    return ok(res.body, res.status);
  });

  r.add('GET', '/clusters/:id/glustervolumes/:vid/glusterbricks', (c) => {
    const cl = clusterOf(c);
    const v = volumeOf(c.e, cl, c.params.vid);
    return ok(collection('brick', v.bricks.map((b) => brickWire(c, cl, v, b))));
  });
  r.add('GET', '/clusters/:id/glustervolumes/:vid/glusterbricks/:bid', (c) => {
    const cl = clusterOf(c);
    const v = volumeOf(c.e, cl, c.params.vid);
    const b = v.bricks.find((x) => x.id === c.params.bid);
    if (!b) throw notFound(c.params.bid);
    return ok(brickWire(c, cl, v, b));
  });
  r.add('POST', '/clusters/:id/glustervolumes/:vid/glusterbricks', (c) => {
    const cl = clusterOf(c);
    const v = volumeOf(c.e, cl, c.params.vid);
    // The body is the bricks list itself: {"brick":[…]} (older clients wrap it in "bricks").
    const body = asObj(c.body.bricks) ?? c.body;
    const added = addBricks(c.e, c.actor, cl, v, body, c.query);
    return { status: 201, body: collection('brick', added.map((b) => brickWire(c, cl, v, b))) };
  });
  r.add('DELETE', '/clusters/:id/glustervolumes/:vid/glusterbricks', (c) => {
    const cl = clusterOf(c);
    removeBricks(c.e, c.actor, cl, volumeOf(c.e, cl, c.params.vid), c.body, c.query);
    return { status: 200, body: null };
  });
  r.add('POST', '/clusters/:id/glustervolumes/:vid/glusterbricks/:action', (c) => {
    if (!BRICK_ACTIONS.includes(c.params.action)) throw notFound(c.params.action);
    const cl = clusterOf(c);
    const res = brickAction(c.e, c.actor, cl, volumeOf(c.e, cl, c.params.vid), c.params.action, c.body);
    return ok(res.body, res.status);
  });
}
