/**
 * Gluster cases of the shared Backend contract: what glusterVolumes promises, against a live
 * engine. The cycle creates a volume on three hosts of a gluster cluster, drives it through the
 * runbook's operations and deletes it; each refusal must change nothing.
 */
import { describe, expect, it } from 'vitest';
import { hasCapability, type Backend } from '@/lib/backends';
import { MAX_PAGE_SIZE } from '@/lib/domain';
import { refusal } from '@/test/contract/refusal';

export interface GlusterContractExpectations {
  /** glusterVolumes: a cluster (by name) with the gluster service and at least three hosts up. */
  glusterCluster?: string;
}

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function runGlusterContract(backend: () => Backend, expectations: () => GlusterContractExpectations): void {
  describe('gluster', () => {
    it('glusterVolumes: create replica 3, refuse a bad layout, start, optimize for virt, options, grow, rebalance, migrate, shrink, stop, delete', async ({ skip }) => {
      const b = backend();
      const clusterName = expectations().glusterCluster;
      if (!hasCapability(b, 'glusterVolumes') || !clusterName) return skip();
      const cluster = (await b.listClusters!({ page: 1, pageSize: MAX_PAGE_SIZE })).items.find((c) => c.name === clusterName)!;
      expect(cluster.glusterService).toBe(true);
      const hosts = (await b.listHosts!({ page: 1, pageSize: MAX_PAGE_SIZE })).items
        .filter((h) => h.cluster?.id === cluster.id && h.status === 'up').sort((x, y) => x.name.localeCompare(y.name)).slice(0, 3);
      expect(hosts.length).toBe(3);
      const name = `contract-${Date.now().toString(36)}`;
      const before = await b.listGlusterVolumes(cluster.id);

      // Two bricks of one replica set on one host: gluster refuses, in its words, and nothing is created.
      const bad = await refusal(b.createGlusterVolume({
        clusterId: cluster.id, name, replicaCount: 3,
        bricks: [{ hostId: hosts[0]!.id, dir: `/bricks/${name}/a` }, { hostId: hosts[0]!.id, dir: `/bricks/${name}/b` }, { hostId: hosts[1]!.id, dir: `/bricks/${name}/a` }],
      }));
      expect(bad.detail).toMatch(/same server/);
      expect((await b.listGlusterVolumes(cluster.id)).length).toBe(before.length);

      const created = await b.createGlusterVolume({ clusterId: cluster.id, name, replicaCount: 3, bricks: hosts.map((h) => ({ hostId: h.id, dir: `/bricks/${name}/1` })) });
      try {
        expect(created).toMatchObject({ name, type: 'replicate', replicaCount: 3, status: 'down' });
        expect(created.bricks!.map((x) => x.host.id)).toEqual(hosts.map((h) => h.id));
        const dup = await refusal(b.createGlusterVolume({ clusterId: cluster.id, name, replicaCount: 1, bricks: [{ hostId: hosts[0]!.id, dir: `/bricks/${name}/dup` }] }));
        expect(dup.code).toBe('conflict');

        await b.glusterVolumeAction(created.id, 'start');
        const again = await refusal(b.glusterVolumeAction(created.id, 'start'));
        expect(again.code).toBe('conflict');
        await b.optimizeGlusterVolumeForVirt(created.id);
        let v = await b.getGlusterVolume(created.id);
        expect(v.status).toBe('up');
        expect(v.bricks!.every((x) => x.status === 'up')).toBe(true);
        const opt = (n: string) => v.options.find((o) => o.name === n)?.value;
        expect([opt('storage.owner-uid'), opt('storage.owner-gid'), opt('features.shard')]).toEqual(['36', '36', 'on']);

        await b.setGlusterVolumeOption(created.id, 'performance.cache-size', '256MB');
        await b.resetGlusterVolumeOption(created.id, 'features.shard');
        v = await b.getGlusterVolume(created.id);
        expect(opt('performance.cache-size')).toBe('256MB');
        expect(opt('features.shard')).toBeUndefined();

        // Grow by one replica set, rebalance (an engine job whose progress is followed), then take the set away again.
        await b.addGlusterBricks(created.id, hosts.map((h) => ({ hostId: h.id, dir: `/bricks/${name}/2` })), 3);
        v = await b.getGlusterVolume(created.id);
        expect(v).toMatchObject({ type: 'distributed_replicate' });
        expect(v.bricks!.length).toBe(6);
        const rebalance = await b.glusterVolumeAction(created.id, 'rebalance');
        expect(rebalance.taskId).toBeDefined();
        const task = await until(() => b.getTask!(rebalance.taskId!), (t) => t.status !== 'running', 'the rebalance job');
        expect(task.status).toBe('finished');

        const second = v.bricks!.slice(3).map((x) => x.name);
        const halfSet = await refusal(b.removeGlusterBricks(created.id, second.slice(0, 1)));
        expect(halfSet.code).toBe('invalid_input');
        const migration = await b.glusterBrickMigration(created.id, second, 'start');
        expect(migration.taskId).toBeDefined();
        const early = await refusal(b.glusterBrickMigration(created.id, second, 'retain'));
        expect(early.code).toBe('conflict');
        await until(() => b.getTask!(migration.taskId!), (t) => t.status !== 'running', 'the brick migration job');
        await b.removeGlusterBricks(created.id, second);
        v = await b.getGlusterVolume(created.id);
        expect(v.bricks!.map((x) => x.name)).toEqual(created.bricks!.map((x) => x.name));

        const upRemove = await refusal(b.removeGlusterVolume(created.id));
        expect(upRemove.code).toBe('conflict');
        await b.glusterVolumeAction(created.id, 'stop', { force: true });
      } finally {
        await b.removeGlusterVolume(created.id).catch(() => undefined);
      }
      expect((await b.listGlusterVolumes(cluster.id)).some((x) => x.name === name)).toBe(false);
    });
  });
}
