import { describe, expect, it, vi } from 'vitest';
import { MAX_PAGE_SIZE, type GlusterVolume } from '@/lib/domain';
import { demoForFile } from '@/test/contract/ovirt-demo';
import { replaceBrickSteps } from './gluster-replace';

vi.mock('server-only', () => ({}));

// Replacing a failed server's brick against the demo engine, which speaks the engine's Gluster API
// with glusterd's refusals: the seeded replica-3 volume "engine" sits on host-01..03; host-04 (in
// maintenance in the seed) is activated here to take the new brick.
const demo = demoForFile();

async function setUp() {
  const { backend, engine } = demo();
  const hosts = (await backend.listHosts!({ page: 1, pageSize: MAX_PAGE_SIZE })).items;
  const spare = hosts.find((h) => h.name === 'host-04')!;
  if (spare.status !== 'up') {
    await backend.hostActivate!(spare.id);
    for (let i = 0; i < 200 && (await backend.getHost!(spare.id)).status !== 'up'; i++) await new Promise((r) => setTimeout(r, 25));
  }
  const clusterId = spare.cluster!.id;
  const volume = (await backend.listGlusterVolumes!(clusterId)).find((v) => v.name === 'engine')!;
  const g = {
    getGlusterVolume: backend.getGlusterVolume!.bind(backend),
    addGlusterBricks: backend.addGlusterBricks!.bind(backend),
    removeGlusterBricks: backend.removeGlusterBricks!.bind(backend),
  };
  return { backend, engine, spare, volume, g, hosts };
}

const layout = (v: GlusterVolume) => ({ type: v.type, copies: v.replicaCount, bricks: (v.bricks ?? []).map((b) => b.name).sort() });

describe('replace a brick of a replica set', () => {
  it('a refused removal is undone: the new brick leaves again and the volume is as before', async () => {
    const { backend, engine, spare, volume, g } = await setUp();
    const before = layout(await backend.getGlusterVolume!(volume.id));
    const old = volume.bricks![0]!.name;
    let removals = 0;
    const failing = {
      ...g,
      removeGlusterBricks: (...args: Parameters<typeof g.removeGlusterBricks>) => {
        // The engine answers the first removal with a failure (500); the undo goes through.
        if (removals++ === 0) engine.faults.set({ failNext: 1 });
        return g.removeGlusterBricks(...args);
      },
    };
    await expect(replaceBrickSteps(failing, volume.id, old, { hostId: spare.id, dir: '/gluster/engine/brick-new' })).rejects.toThrow();
    expect(removals).toBe(2);
    expect(layout(await backend.getGlusterVolume!(volume.id))).toEqual(before);
  });

  it('the old brick leaves, a brick on the new host takes its place, and the volume keeps its three copies', async () => {
    const { backend, spare, volume, g } = await setUp();
    const old = volume.bricks![0]!;
    await replaceBrickSteps(g, volume.id, old.name, { hostId: spare.id, dir: '/gluster/engine/brick' });
    const after = await backend.getGlusterVolume!(volume.id);
    expect(after.type).toBe('replicate');
    expect(after.replicaCount).toBe(3);
    expect(after.bricks!.map((b) => b.name)).not.toContain(old.name);
    expect(after.bricks!.filter((b) => b.host.id === spare.id).map((b) => b.dir)).toEqual(['/gluster/engine/brick']);
    expect(after.bricks).toHaveLength(3);
  });

  it('refused before anything is sent: a host already holding a brick, a brick not in the volume', async () => {
    const { backend, volume, g } = await setUp();
    const before = layout(await backend.getGlusterVolume!(volume.id));
    const [first, second] = volume.bricks!;
    await expect(replaceBrickSteps(g, volume.id, first!.name, { hostId: second!.host.id, dir: '/gluster/other' })).rejects.toMatchObject({ key: 'gluster.replace.why.hostHoldsBrick' });
    await expect(replaceBrickSteps(g, volume.id, 'nowhere:/brick', { hostId: second!.host.id, dir: '/gluster/other' })).rejects.toMatchObject({ key: 'gluster.replace.why.noSuchBrick' });
    // Sent anyway, the engine refuses it in glusterd's words.
    await expect(g.addGlusterBricks(volume.id, [{ hostId: second!.host.id, dir: '/gluster/other' }], 4)).rejects.toMatchObject({
      detail: expect.stringContaining('Multiple bricks of a replicate volume are present on the same server'),
    });
    expect(layout(await backend.getGlusterVolume!(volume.id))).toEqual(before);
  });
});
