import 'server-only';
import { hasCapability, requireCapability } from '@/lib/backends/capabilities';
import { toClientError, type ClientError } from '@/lib/backends/errors';
import type { GlusterMigrationStep, GlusterVolumeActionName } from '@/lib/backends/gluster-types';
import type { Backend, TaskRef } from '@/lib/backends/types';
import {
  MAX_PAGE_SIZE, glusterDegraded, type Cluster, type GlusterBrickInput, type GlusterVolume, type GlusterVolumeInput, type Host, type QualifiedId,
} from '@/lib/domain';
import { listEnabledBackends } from './connections';
import { replaceBrickSteps } from './gluster-replace';
import { backendOf, cacheKey, connectionIdOf, mutate, read } from './gateway';
import { within } from './patience';

/**
 * Gluster volumes for pages and actions (oVirt clusters with the gluster service). It finds the
 * connection an id belongs to through the gateway, checks the capability, reads through the shared
 * cache and drops it after a change. Role checks and audit entries are the callers' (roleAction,
 * requireRole); nothing here knows which backend it talks to.
 */

const READ_TIMEOUT_MS = 10_000;
/** Brick status follows host status: a short cache keeps a fenced host's bricks visible within one poll. */
const TTL_MS = 3_000;

export interface GlusterConnection {
  id: string;
  name: string;
}

/** A connection that cannot show Gluster volumes, and why (a catalog key under gluster.unsupported). */
export interface GlusterUnsupported extends GlusterConnection {
  reason: 'noGluster';
}

export interface GlusterVolumeRow {
  volume: GlusterVolume;
  cluster: Cluster;
  connection: GlusterConnection;
  degraded: boolean;
}

export interface GlusterOverview {
  rows: GlusterVolumeRow[];
  /** Connections that can drive Gluster but have no cluster with the gluster service. */
  clustersWithout: Array<{ connection: GlusterConnection; clusters: Cluster[] }>;
  unsupported: GlusterUnsupported[];
  failures: Array<{ connection: GlusterConnection; error: ClientError }>;
}

const describe = (b: Backend): GlusterConnection => ({ id: b.id, name: b.name });
const signal = () => AbortSignal.timeout(READ_TIMEOUT_MS);

async function clustersOf(b: Backend): Promise<Cluster[]> {
  const page = await read(b.id, cacheKey('clusters', 'glusterChoices'), 15_000, (s) =>
    requireCapability(b, 'clusters').listClusters({ page: 1, pageSize: MAX_PAGE_SIZE }, { signal: s }), { signal: signal() });
  return page.items;
}

function volumesOf(b: Backend, cluster: Cluster): Promise<GlusterVolume[]> {
  return read(b.id, cacheKey('gluster', 'volumes', cluster.id), TTL_MS, (s) => requireCapability(b, 'glusterVolumes').listGlusterVolumes(cluster.id, { signal: s }), {
    signal: signal(),
  });
}

/**
 * Every volume of every gluster cluster of every connection, by connection, cluster and name.
 * With `withinMs` (the overview's one line), a connection that has not answered by then is left
 * out as a timeout failure while its read goes on in the background (filling the cache for the
 * next look); the others' volumes are there.
 */
export async function listGlusterVolumes({ withinMs }: { withinMs?: number } = {}): Promise<GlusterOverview> {
  const out: GlusterOverview = { rows: [], clustersWithout: [], unsupported: [], failures: [] };
  await Promise.all(
    (await listEnabledBackends()).map(async (b) => {
      const connection = describe(b);
      if (!hasCapability(b, 'glusterVolumes') || !hasCapability(b, 'clusters')) {
        out.unsupported.push({ ...connection, reason: 'noGluster' });
        return;
      }
      const work = (async () => {
        const clusters = await clustersOf(b);
        const gluster = clusters.filter((c) => c.glusterService);
        return { clusters, gluster, volumes: await Promise.all(gluster.map(async (c) => [c, await volumesOf(b, c)] as const)) };
      })();
      try {
        const { clusters, gluster, volumes } = await (withinMs === undefined ? work : within(work, connection.name, withinMs));
        if (!gluster.length) out.clustersWithout.push({ connection, clusters });
        for (const [cluster, list] of volumes) {
          for (const v of list) out.rows.push({ volume: { ...v, cluster: { id: cluster.id, name: cluster.name } }, cluster, connection, degraded: glusterDegraded(v) });
        }
      } catch (error) {
        out.failures.push({ connection, error: toClientError(error) });
      }
    }),
  );
  out.rows.sort((a, b) => a.connection.name.localeCompare(b.connection.name) || a.cluster.name.localeCompare(b.cluster.name) || a.volume.name.localeCompare(b.volume.name));
  return out;
}

export interface GlusterClusterChoice {
  cluster: Cluster;
  connection: GlusterConnection;
  /** Hosts of the cluster, with their status: bricks go on hosts that are up. */
  hosts: Host[];
}

/** Clusters with the gluster service and their hosts: where a new volume (or brick) can go. */
export async function glusterClusters(): Promise<GlusterClusterChoice[]> {
  const backends = (await listEnabledBackends()).filter((b) => hasCapability(b, 'glusterVolumes') && hasCapability(b, 'clusters') && hasCapability(b, 'hosts'));
  const rows = await Promise.all(
    backends.map(async (b) => {
      try {
        const [clusters, hosts] = await Promise.all([
          clustersOf(b),
          requireCapability(b, 'hosts').listHosts({ page: 1, pageSize: MAX_PAGE_SIZE }, { signal: signal() }),
        ]);
        return clusters.filter((c) => c.glusterService).map((cluster) => ({
          cluster, connection: describe(b), hosts: hosts.items.filter((h) => h.cluster?.id === cluster.id).sort((x, y) => x.name.localeCompare(y.name)),
        }));
      } catch {
        return [];
      }
    }),
  );
  return rows.flat();
}

export interface GlusterVolumeDetail {
  volume: GlusterVolume;
  connection: GlusterConnection;
  cluster?: GlusterClusterChoice;
  degraded: boolean;
}

export async function getGlusterVolumeDetail(id: QualifiedId): Promise<GlusterVolumeDetail> {
  const b = await backendOf(id);
  const volume = await read(b.id, cacheKey('gluster', 'volume', id), TTL_MS, (s) => requireCapability(b, 'glusterVolumes').getGlusterVolume(id, { signal: s }), {
    signal: signal(),
  });
  const cluster = (await glusterClusters()).find((c) => c.cluster.id === volume.cluster.id);
  const named = cluster ? { ...volume, cluster: { id: cluster.cluster.id, name: cluster.cluster.name } } : volume;
  return { volume: named, connection: describe(b), cluster, degraded: glusterDegraded(volume) };
}

// ---- changes (each drops the connection's gluster reads; bricks changes touch hosts' storage too)

async function change<R>(id: string, fn: (b: ReturnType<typeof requireCapability<'glusterVolumes'>>) => Promise<R>): Promise<R> {
  const b = await backendOf(id);
  const gluster = requireCapability(b, 'glusterVolumes');
  return mutate(connectionIdOf(id), ['gluster', 'tasks', 'events'], () => fn(gluster));
}

/** Created stopped; with `optimize`, the virt profile is applied before anyone starts it. */
export async function createGlusterVolume(input: GlusterVolumeInput, optimize: boolean): Promise<GlusterVolume> {
  const volume = await change(input.clusterId, (g) => g.createGlusterVolume(input));
  if (optimize) await change(volume.id, (g) => g.optimizeGlusterVolumeForVirt(volume.id));
  return volume;
}

export const removeGlusterVolume = (id: QualifiedId): Promise<void> => change(id, (g) => g.removeGlusterVolume(id));

export const glusterVolumeAction = (id: QualifiedId, action: GlusterVolumeActionName, force: boolean): Promise<TaskRef> =>
  change(id, (g) => g.glusterVolumeAction(id, action, { force }));

export const setGlusterOption = (id: QualifiedId, name: string, value: string): Promise<void> => change(id, (g) => g.setGlusterVolumeOption(id, name, value));

export const resetGlusterOption = (id: QualifiedId, name: string | null): Promise<void> => change(id, (g) => g.resetGlusterVolumeOption(id, name));

export const optimizeGlusterForVirt = (id: QualifiedId): Promise<void> => change(id, (g) => g.optimizeGlusterVolumeForVirt(id));

export const addGlusterBricks = (id: QualifiedId, bricks: GlusterBrickInput[], replicaCount?: number): Promise<void> =>
  change(id, (g) => g.addGlusterBricks(id, bricks, replicaCount));

export const removeGlusterBricks = (id: QualifiedId, names: string[], replicaCount?: number): Promise<void> =>
  change(id, (g) => g.removeGlusterBricks(id, names, replicaCount));

/** One brick of a replica set swapped for a new one (gluster-replace.ts says how). */
export const replaceGlusterBrick = (id: QualifiedId, oldBrick: string, next: GlusterBrickInput): Promise<void> =>
  change(id, (g) => replaceBrickSteps(g, id, oldBrick, next));

export const glusterBrickMigration = (id: QualifiedId, names: string[], step: GlusterMigrationStep): Promise<TaskRef> =>
  change(id, (g) => g.glusterBrickMigration(id, names, step));
