/**
 * Gluster volumes of clusters with the gluster service, as the engine drives them through VDSM:
 * create (down until started), start/stop, options (setting `group` `virt` applies gluster's virt
 * profile, as `gluster volume set VOL group virt` does), rebalance and brick data migration as jobs
 * whose step progress advances, bricks added and removed by name. A brick's status is not stored:
 * it is up while its volume is started and its host is up, so a host that is fenced or put in
 * maintenance takes its bricks down and brings them back when it is up again.
 *
 * Refusals use the engine's validation wording (AppErrors: "Cannot <action> Gluster Volume. …")
 * and, where glusterd itself refuses (two bricks of one replica set on one server), gluster's words
 * inside the engine's VDSM failure.
 */
import { createHash, randomUUID } from 'node:crypto';
import { type ActionResult, type Actor, type Body, type Engine, actionResult, asBool, asInt, asObj, asStr } from './engine';
import { Fault, badRequest, conflict, forbidden, incomplete, notFound } from './errors';
import type { Cluster, GlusterBrickRow, GlusterVolumeRow, GlusterVolumeType, Host } from './model';

export const GLUSTER_TIMING = { rebalanceStep: 1500, rebalanceSteps: 5, migrateStep: 1500, migrateSteps: 4 };

/** gluster's /var/lib/glusterd/groups/virt (glusterfs 10), what `volume set VOL group virt` applies. */
export const VIRT_GROUP: Record<string, string> = {
  'performance.quick-read': 'off',
  'performance.read-ahead': 'off',
  'performance.io-cache': 'off',
  'performance.low-prio-threads': '32',
  'network.remote-dio': 'disable',
  'performance.strict-o-direct': 'on',
  'cluster.eager-lock': 'enable',
  'cluster.quorum-type': 'auto',
  'cluster.server-quorum-type': 'server',
  'cluster.data-self-heal-algorithm': 'full',
  'cluster.locking-scheme': 'granular',
  'cluster.shd-max-threads': '8',
  'cluster.shd-wait-qlength': '10000',
  'features.shard': 'on',
  'user.cifs': 'off',
  'cluster.choose-local': 'off',
  'client.event-threads': '4',
  'server.event-threads': '4',
  'performance.client-io-threads': 'on',
};

/** What glusterd sets on every new volume. */
const CREATE_DEFAULTS: Record<string, string> = {
  'transport.address-family': 'inet',
  'nfs.disable': 'on',
  'performance.client-io-threads': 'off',
};

const OPTION_NAME = /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$|^group$/;
const VOLUME_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const EVENT = { CREATE: 4000, OPTION_SET: 4002, START: 4004, STOP: 4006, OPTIONS_RESET: 4008, DELETE: 4010, BRICKS_ADDED: 4014, BRICKS_REMOVED: 4020 } as const;

const who = (a: Actor): string => a.user.userName;
const fail = (action: string, reason: string): Fault => conflict(`Cannot ${action} Gluster Volume. ${reason}`);

function requireAdmin(a: Actor): void {
  if (!a.user.admin) throw forbidden();
}

export function requireGlusterCluster(cl: Cluster, action: string): void {
  if (!cl.glusterService) throw fail(action, `Cluster ${cl.name} does not support Gluster service.`);
}

export const volumesOf = (e: Engine, cl: Cluster): GlusterVolumeRow[] =>
  [...e.store.glusterVolumes.values()].filter((v) => v.clusterId === cl.id).sort((a, b) => (a.name < b.name ? -1 : 1));

export function volumeOf(e: Engine, cl: Cluster, id: string): GlusterVolumeRow {
  const v = e.store.glusterVolumes.get(id);
  if (!v || v.clusterId !== cl.id) throw notFound(id);
  return v;
}

/** `host:/dir` with the name the host is peered by (its address), as gluster names bricks. */
export function brickName(e: Engine, b: GlusterBrickRow): string {
  return `${e.store.hosts.get(b.hostId)?.address ?? b.hostId}:${b.dir}`;
}

export function brickUp(e: Engine, v: GlusterVolumeRow, b: GlusterBrickRow): boolean {
  return v.started && e.store.hosts.get(b.hostId)?.status === 'up';
}

/** The type glusterd reports: replicate with more than one replica set is distributed-replicate. */
function typeFor(base: 'distribute' | 'replicate' | 'disperse', bricks: number, set: number): GlusterVolumeType {
  if (base === 'replicate') return bricks > set ? 'distributed_replicate' : 'replicate';
  if (base === 'disperse') return bricks > set ? 'distributed_disperse' : 'disperse';
  return 'distribute';
}

const setSize = (v: GlusterVolumeRow): number =>
  v.type === 'replicate' || v.type === 'distributed_replicate' ? v.replicaCount : v.type === 'disperse' || v.type === 'distributed_disperse' ? v.disperseCount : 1;

function bricksFromBody(e: Engine, cl: Cluster, raw: unknown, action: string): GlusterBrickRow[] {
  const list = Array.isArray(raw) ? raw : [];
  if (!list.length) throw fail(action, 'Bricks are required.');
  const out: GlusterBrickRow[] = [];
  for (const item of list) {
    const o = asObj(item) ?? {};
    const serverId = asStr(o.server_id, 'brick.server_id');
    const dir = asStr(o.brick_dir, 'brick.brick_dir');
    if (!serverId || !dir) throw incomplete('GlusterBrick', 'serverId, brickDir', action);
    const host = e.store.hosts.get(serverId);
    if (!host || host.clusterId !== cl.id) throw badRequest(`[Cannot ${action} Gluster Volume. Server ${serverId} is not part of Cluster ${cl.name}.]`);
    if (!dir.startsWith('/')) throw badRequest(`[Cannot ${action} Gluster Volume. Brick directory ${dir} is not an absolute path.]`);
    if (host.status !== 'up') throw fail(action, `Server ${host.name} is not UP.`);
    out.push({ id: randomUUID(), hostId: host.id, dir, migration: null });
  }
  const names = out.map((b) => brickName(e, b));
  const dup = names.filter((n, i) => names.indexOf(n) !== i);
  if (dup.length) throw fail(action, `Duplicate entries found for brick(s) ${[...new Set(dup)].join(', ')}.`);
  return out;
}

function inUse(e: Engine, bricks: GlusterBrickRow[], action: string): void {
  for (const v of e.store.glusterVolumes.values()) {
    for (const b of v.bricks) {
      const clash = bricks.find((n) => n.hostId === b.hostId && (n.dir === b.dir || n.dir.startsWith(`${b.dir}/`) || b.dir.startsWith(`${n.dir}/`)));
      if (clash) throw fail(action, `Brick ${brickName(e, clash)} is already used by Gluster Volume ${v.name}.`);
    }
  }
}

/** glusterd refuses a replica set with two bricks on one server unless forced (the engine has no force on create). */
function checkSets(e: Engine, bricks: GlusterBrickRow[], set: number, action: string): void {
  for (let i = 0; i < bricks.length; i += set) {
    const hosts = bricks.slice(i, i + set).map((b) => b.hostId);
    if (new Set(hosts).size !== hosts.length) {
      throw badRequest(`[Volume ${action === 'create' ? 'create' : 'add brick'} failed\nerror: Multiple bricks of a replicate volume are present on the same server. This setup is not optimal. Bricks should be on different nodes to have best fault tolerant configuration. Use 'force' at the end of the command if you want to override this behavior.\nreturn code: -1]`);
    }
  }
}

export function createVolume(e: Engine, a: Actor, cl: Cluster, body: Body): GlusterVolumeRow {
  requireAdmin(a);
  requireGlusterCluster(cl, 'create');
  const name = asStr(body.name, 'name');
  const rawType = asStr(body.volume_type, 'volume_type');
  const bricksRaw = asObj(body.bricks)?.brick;
  const missing = [!name && 'name', !rawType && 'volumeType', !bricksRaw && 'bricks'].filter(Boolean);
  if (missing.length) throw incomplete('GlusterVolume', missing.join(', '));
  if (!VOLUME_NAME.test(name!)) throw badRequest(`[Cannot create Gluster Volume. Volume name ${name} is invalid.]`);
  if (!['distribute', 'replicate', 'disperse'].includes(rawType!)) throw badRequest(`Invalid value '${rawType}' for 'volume_type'.`);
  if (volumesOf(e, cl).some((v) => v.name === name)) throw fail('create', `Volume name ${name} already exists.`);
  const base = rawType as 'distribute' | 'replicate' | 'disperse';
  const replicaCount = asInt(body.replica_count, 'replica_count') ?? 0;
  const disperseCount = asInt(body.disperse_count, 'disperse_count') ?? 0;
  const redundancyCount = asInt(body.redundancy_count, 'redundancy_count') ?? 0;
  const bricks = bricksFromBody(e, cl, bricksRaw, 'create');
  inUse(e, bricks, 'create');
  let set = 1;
  if (base === 'replicate') {
    if (replicaCount < 2) throw badRequest('[Cannot create Gluster Volume. Replica count should be at least 2.]');
    if (bricks.length % replicaCount !== 0) throw badRequest(`[Cannot create Gluster Volume. Number of bricks should be a multiple of Replica Count ${replicaCount}.]`);
    set = replicaCount;
    checkSets(e, bricks, set, 'create');
  } else if (base === 'disperse') {
    if (disperseCount < 3 || redundancyCount < 1 || redundancyCount * 2 >= disperseCount) {
      throw badRequest('[Cannot create Gluster Volume. Disperse count should be at least 3 and redundancy less than half of it.]');
    }
    if (bricks.length % disperseCount !== 0) throw badRequest(`[Cannot create Gluster Volume. Number of bricks should be a multiple of Disperse Count ${disperseCount}.]`);
    set = disperseCount;
  }
  const v: GlusterVolumeRow = {
    id: randomUUID(), clusterId: cl.id, name: name!, type: typeFor(base, bricks.length, set),
    replicaCount: base === 'replicate' ? replicaCount : 0, disperseCount: base === 'disperse' ? disperseCount : 0,
    redundancyCount: base === 'disperse' ? redundancyCount : 0, started: false,
    options: new Map(Object.entries(CREATE_DEFAULTS)), bricks, rebalanceJobId: null, migrationJobId: null,
  };
  e.store.glusterVolumes.set(v.id, v);
  e.event({ code: EVENT.CREATE, severity: 'normal', clusterId: cl.id, description: `Gluster Volume ${v.name} created on cluster ${cl.name} by ${who(a)}.` }, a);
  return v;
}

export function removeVolume(e: Engine, a: Actor, cl: Cluster, v: GlusterVolumeRow): void {
  requireAdmin(a);
  if (v.started) throw fail('remove', `Gluster Volume ${v.name} is up.`);
  e.store.glusterVolumes.delete(v.id);
  e.event({ code: EVENT.DELETE, severity: 'normal', clusterId: cl.id, description: `Gluster Volume ${v.name} deleted from cluster ${cl.name} by ${who(a)}.` }, a);
}

function busy(e: Engine, v: GlusterVolumeRow, action: string): void {
  const running = (id: string | null) => id !== null && e.store.jobs.get(id)?.status === 'started';
  if (running(v.rebalanceJobId)) throw fail(action, `Rebalance is running on the Gluster Volume ${v.name}.`);
  if (running(v.migrationJobId)) throw fail(action, `Remove brick is in progress on the Gluster Volume ${v.name}.`);
}

export function volumeAction(e: Engine, a: Actor, cl: Cluster, v: GlusterVolumeRow, action: string, body: Body): ActionResult {
  requireAdmin(a);
  const force = asBool(body.force, 'force') ?? false;
  switch (action) {
    case 'start': {
      if (v.started && !force) throw fail('start', `Gluster Volume ${v.name} already started.`);
      v.started = true;
      e.event({ code: EVENT.START, severity: 'normal', clusterId: cl.id, description: `Gluster Volume ${v.name} of cluster ${cl.name} started by ${who(a)}.` }, a);
      return actionResult(null);
    }
    case 'stop': {
      if (!v.started) throw fail('stop', `Gluster Volume ${v.name} already stopped.`);
      // glusterd refuses to stop a volume while a rebalance runs, unless forced.
      if (!force) busy(e, v, 'stop');
      stopJobs(e, v, 'aborted');
      v.started = false;
      e.event({ code: EVENT.STOP, severity: 'normal', clusterId: cl.id, description: `Gluster Volume ${v.name} of cluster ${cl.name} stopped by ${who(a)}.` }, a);
      return actionResult(null);
    }
    case 'setoption': {
      const opt = asObj(body.option);
      const name = asStr(opt?.name, 'option.name');
      const value = asStr(opt?.value, 'option.value');
      if (!name || value === undefined) throw incomplete('Option', 'option.name, option.value', 'setOption');
      if (!OPTION_NAME.test(name)) throw badRequest(`[Volume set failed\nerror: volume set: failed: option : ${name} does not exist\nreturn code: -1]`);
      if (name === 'group') {
        if (value !== 'virt') throw badRequest(`[Volume set failed\nerror: volume set: failed: Unable to open file '/var/lib/glusterd/groups/${value}'. Error: No such file or directory\nreturn code: -1]`);
        for (const [k, val] of Object.entries(VIRT_GROUP)) v.options.set(k, val);
      } else {
        v.options.set(name, value);
      }
      e.event({ code: EVENT.OPTION_SET, severity: 'normal', clusterId: cl.id, description: `Volume Option ${name}='${value}' was set on ${v.name} of cluster ${cl.name}.` }, a);
      return actionResult(null);
    }
    case 'resetoption': {
      const name = asStr(asObj(body.option)?.name, 'option.name');
      if (!name) throw incomplete('Option', 'option.name', 'resetOption');
      if (!v.options.has(name)) throw badRequest(`[Cannot reset Gluster Volume Option. Option ${name} is not set on Gluster Volume ${v.name}.]`);
      v.options.delete(name);
      e.event({ code: EVENT.OPTIONS_RESET, severity: 'normal', clusterId: cl.id, description: `Volume Option ${name} on ${v.name} was reset by ${who(a)}.` }, a);
      return actionResult(null);
    }
    case 'resetalloptions': {
      v.options = new Map(Object.entries(CREATE_DEFAULTS));
      e.event({ code: EVENT.OPTIONS_RESET, severity: 'normal', clusterId: cl.id, description: `All Volume Options on ${v.name} were reset by ${who(a)}.` }, a);
      return actionResult(null);
    }
    case 'rebalance':
      return rebalance(e, a, cl, v);
    case 'stoprebalance': {
      const job = v.rebalanceJobId ? e.store.jobs.get(v.rebalanceJobId) : undefined;
      if (!job || job.status !== 'started') throw fail('stop rebalance', `Rebalance is not running on the Gluster Volume ${v.name}.`);
      e.ops.cancel(`gluster-rebalance:${v.id}`);
      e.jobs.finish(job, 'aborted');
      return actionResult(null);
    }
    default:
      throw notFound(action);
  }
}

function stopJobs(e: Engine, v: GlusterVolumeRow, status: 'aborted' | 'failed'): void {
  for (const [key, id] of [[`gluster-rebalance:${v.id}`, v.rebalanceJobId], [`gluster-migrate:${v.id}`, v.migrationJobId]] as const) {
    const job = id ? e.store.jobs.get(id) : undefined;
    if (job?.status === 'started') {
      e.ops.cancel(key);
      e.jobs.finish(job, status);
    }
  }
}

/** A progressing job: each step advances its "Executing" step, the last one finishes it. */
function progressJob(e: Engine, key: string, jobId: string, steps: number, ms: number, done: () => void): void {
  const job = e.store.jobs.get(jobId)!;
  e.ops.start(key, Array.from({ length: steps }, (_, i) => ({
    ms,
    run: () => {
      if (i < steps - 1) e.jobs.progress(job, ((i + 1) / steps) * 100);
      else {
        e.jobs.finish(job);
        done();
      }
    },
  })));
}

function rebalance(e: Engine, a: Actor, cl: Cluster, v: GlusterVolumeRow): ActionResult {
  if (!v.started) throw fail('rebalance', `Gluster Volume ${v.name} should be started.`);
  if (v.bricks.length <= setSize(v)) throw fail('rebalance', `Gluster Volume ${v.name} is not distributed or has only one brick.`);
  busy(e, v, 'rebalance');
  const job = e.job(`Rebalancing Gluster Volume ${v.name} in Cluster ${cl.name}`, a);
  v.rebalanceJobId = job.id;
  progressJob(e, `gluster-rebalance:${v.id}`, job.id, GLUSTER_TIMING.rebalanceSteps, GLUSTER_TIMING.rebalanceStep, () => {});
  return actionResult(job);
}

// ---------------------------------------------------------------- bricks

export function addBricks(e: Engine, a: Actor, cl: Cluster, v: GlusterVolumeRow, body: Body, query: URLSearchParams): GlusterBrickRow[] {
  requireAdmin(a);
  busy(e, v, 'add bricks to');
  // QUIRK: the counts travel as URL parameters, not in the body.
  const replica = asInt(query.get('replica_count') ?? undefined, 'replica_count');
  const bricks = bricksFromBody(e, cl, body.brick, 'add bricks to');
  inUse(e, bricks, 'add bricks to');
  const replicated = v.type === 'replicate' || v.type === 'distributed_replicate';
  if (replica !== undefined && (!replicated || replica < v.replicaCount)) {
    throw badRequest(`[Cannot add bricks to Gluster Volume. Replica count ${replica} is invalid for Gluster Volume ${v.name}.]`);
  }
  if (replicated && replica !== undefined && replica > v.replicaCount) {
    // Raising the replica count takes one new brick per existing set for each added replica.
    const sets = v.bricks.length / v.replicaCount;
    const added = replica - v.replicaCount;
    if (bricks.length !== sets * added) throw badRequest(`[Cannot add bricks to Gluster Volume. Number of bricks should be a multiple of Replica Count ${replica}.]`);
    // Each set takes its share of the new bricks in order; glusterd checks each grown set's servers.
    for (let j = 0; j < sets; j++) {
      const grown = [...v.bricks.slice(j * v.replicaCount, (j + 1) * v.replicaCount), ...bricks.slice(j * added, (j + 1) * added)];
      checkSets(e, grown, grown.length, 'add');
    }
    v.replicaCount = replica;
  } else {
    const set = setSize(v);
    if (bricks.length % set !== 0) throw badRequest(`[Cannot add bricks to Gluster Volume. Number of bricks should be a multiple of Replica Count ${set}.]`);
    if (replicated) checkSets(e, bricks, set, 'add');
  }
  v.bricks.push(...bricks);
  v.type = typeFor(replicated ? 'replicate' : v.disperseCount ? 'disperse' : 'distribute', v.bricks.length, setSize(v));
  e.event({ code: EVENT.BRICKS_ADDED, severity: 'normal', clusterId: cl.id, description: `Bricks added to Gluster Volume ${v.name} of cluster ${cl.name} by ${who(a)}.` }, a);
  return bricks;
}

/** Bricks named in `{"bricks":{"brick":[{"name":"host:/dir"}]}}` (or by id). */
function namedBricks(e: Engine, v: GlusterVolumeRow, body: Body, action: string): GlusterBrickRow[] {
  const raw = asObj(body.bricks)?.brick ?? body.brick;
  const list = Array.isArray(raw) ? raw : [];
  if (!list.length) throw fail(action, 'Bricks are required.');
  return list.map((item) => {
    const o = asObj(item) ?? {};
    const id = asStr(o.id, 'brick.id');
    const name = asStr(o.name, 'brick.name');
    const b = v.bricks.find((x) => (id !== undefined && x.id === id) || (name !== undefined && brickName(e, x) === name));
    if (!b) throw badRequest(`[Cannot ${action} Gluster Volume. Brick ${name ?? id ?? ''} does not belong to Gluster Volume ${v.name}.]`);
    return b;
  });
}

/** Removing bricks must leave whole replica sets, or take one brick from each set when the replica count drops. */
function checkRemoval(v: GlusterVolumeRow, bricks: GlusterBrickRow[], replica: number | undefined, action: string): void {
  const set = setSize(v);
  if (bricks.length >= v.bricks.length) throw fail(action, `Cannot remove all the bricks from Gluster Volume ${v.name}.`);
  if (replica !== undefined && replica < v.replicaCount) {
    const sets = v.bricks.length / v.replicaCount;
    if (replica < 1 || bricks.length !== sets * (v.replicaCount - replica)) throw badRequest(`[Cannot ${action} Gluster Volume. Replica count ${replica} is invalid for the bricks removed.]`);
    return;
  }
  const setOf = (b: GlusterBrickRow) => Math.floor(v.bricks.indexOf(b) / set);
  const counts = new Map<number, number>();
  for (const b of bricks) counts.set(setOf(b), (counts.get(setOf(b)) ?? 0) + 1);
  if ([...counts.values()].some((n) => n !== set)) {
    throw badRequest(`[Cannot ${action} Gluster Volume. Bricks of a replica set must be removed together: remove ${set} bricks of one set, or lower the replica count.]`);
  }
}

function dropBricks(v: GlusterVolumeRow, bricks: GlusterBrickRow[], replica: number | undefined): void {
  v.bricks = v.bricks.filter((b) => !bricks.includes(b));
  if (replica !== undefined && replica < v.replicaCount) v.replicaCount = replica;
  const replicated = v.type === 'replicate' || v.type === 'distributed_replicate';
  if (replicated && v.replicaCount < 2) {
    v.type = 'distribute';
    v.replicaCount = 0;
  } else {
    v.type = typeFor(replicated ? 'replicate' : v.disperseCount ? 'disperse' : 'distribute', v.bricks.length, setSize(v));
  }
}

/** DELETE …/glusterbricks with a body: commits a finished migration, else removes at once (data on them is lost). */
export function removeBricks(e: Engine, a: Actor, cl: Cluster, v: GlusterVolumeRow, body: Body, query: URLSearchParams): void {
  requireAdmin(a);
  const bricks = namedBricks(e, v, body, 'remove bricks from');
  const replica = asInt(query.get('replica_count') ?? asStr(body.replica_count, 'replica_count') ?? undefined, 'replica_count');
  if (bricks.some((b) => b.migration === 'running')) throw fail('remove bricks from', `Data migration of the bricks of Gluster Volume ${v.name} is still in progress.`);
  if (bricks.some((b) => b.migration === null)) {
    busy(e, v, 'remove bricks from');
    checkRemoval(v, bricks, replica, 'remove bricks from');
  }
  dropBricks(v, bricks, replica);
  for (const b of v.bricks) b.migration = null;
  e.event({ code: EVENT.BRICKS_REMOVED, severity: 'normal', clusterId: cl.id, description: `Bricks removed from Gluster Volume ${v.name} of cluster ${cl.name} by ${who(a)}.` }, a);
}

export function brickAction(e: Engine, a: Actor, cl: Cluster, v: GlusterVolumeRow, action: string, body: Body): ActionResult {
  requireAdmin(a);
  switch (action) {
    case 'migrate': {
      const bricks = namedBricks(e, v, body, 'migrate bricks of');
      if (!v.started) throw fail('migrate bricks of', `Gluster Volume ${v.name} should be started.`);
      busy(e, v, 'migrate bricks of');
      if (v.bricks.length <= setSize(v)) throw fail('migrate bricks of', `Gluster Volume ${v.name} is not distributed: its data has nowhere to go.`);
      checkRemoval(v, bricks, undefined, 'migrate bricks of');
      const job = e.job(`Migrating data of Gluster Volume ${v.name} bricks in Cluster ${cl.name}`, a);
      v.migrationJobId = job.id;
      for (const b of bricks) b.migration = 'running';
      progressJob(e, `gluster-migrate:${v.id}`, job.id, GLUSTER_TIMING.migrateSteps, GLUSTER_TIMING.migrateStep, () => {
        for (const b of bricks) if (b.migration === 'running') b.migration = 'finished';
      });
      return actionResult(job);
    }
    case 'stopmigrate': {
      const bricks = namedBricks(e, v, body, 'stop migration of');
      const job = v.migrationJobId ? e.store.jobs.get(v.migrationJobId) : undefined;
      if (!bricks.every((b) => b.migration === 'running') || !job || job.status !== 'started') {
        throw fail('stop migration of', `Data migration is not running on these bricks of Gluster Volume ${v.name}.`);
      }
      e.ops.cancel(`gluster-migrate:${v.id}`);
      e.jobs.finish(job, 'aborted');
      for (const b of bricks) b.migration = null;
      return actionResult(null);
    }
    case 'activate': {
      const bricks = namedBricks(e, v, body, 'activate bricks of');
      if (bricks.some((b) => b.migration !== 'finished')) {
        throw fail('activate bricks of', `Data migration of these bricks of Gluster Volume ${v.name} has not finished.`);
      }
      for (const b of bricks) b.migration = null;
      return actionResult(null);
    }
    default:
      throw notFound(action);
  }
}

// ---------------------------------------------------------------- seed

const stableId = (s: string): string => {
  const h = createHash('sha256').update(s).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

/** A hyperconverged cluster's first volume: replica 3 over its first three hosts, started, virt profile applied. */
export function seedGlusterVolume(e: Engine['store'], cl: Cluster, hosts: Host[], name: string): void {
  const bricks = hosts.slice(0, 3).map((h) => ({ id: stableId(`${cl.id}/${name}/${h.id}`), hostId: h.id, dir: `/gluster_bricks/${name}/${name}`, migration: null }));
  if (bricks.length < 3) return;
  const v: GlusterVolumeRow = {
    id: stableId(`${cl.id}/${name}`), clusterId: cl.id, name, type: 'replicate', replicaCount: 3, disperseCount: 0, redundancyCount: 0, started: true,
    options: new Map(Object.entries({ ...CREATE_DEFAULTS, ...VIRT_GROUP, 'storage.owner-uid': '36', 'storage.owner-gid': '36' })),
    bricks, rebalanceJobId: null, migrationJobId: null,
  };
  e.glusterVolumes.set(v.id, v);
}
