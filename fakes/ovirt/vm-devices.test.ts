import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOvirtEngine, type OvirtEngine } from './server';
import { type Client, type Json, client, vmByName, waitFor } from './test-helpers';

/** A VM's disks and CD-ROM after creation, on the wire, with the engine's refusals (issue 19). */
describe('VM devices on the demo engine', () => {
  let engine: OvirtEngine;
  let c: Client;
  const GiB = 1024 ** 3;
  const CD = '00000000-0000-0000-0000-000000000000';
  beforeAll(async () => {
    engine = await startOvirtEngine({ timeScale: 0.1, backgroundEvents: false });
    c = await client(engine);
  });
  afterAll(() => engine.close());

  const dataDomainOf = async (vm: Json): Promise<Json> => {
    const cluster = (await c.get(`/clusters/${(vm.cluster as Json).id}`)).body;
    const sds = (await c.get(`/datacenters/${(cluster.data_center as Json).id}/storagedomains`)).body.storage_domain as Json[];
    return sds.find((s) => s.type === 'data' && s.status === 'active')!;
  };

  it('CD-ROM: current=true changes the running drive only; without it, the next start', async () => {
    const vm = await vmByName(c, 'web-02');
    const iso = 'debian-12.5.0-amd64-netinst.iso';
    expect((await c.put(`/vms/${vm.id}/cdroms/${CD}`, { file: { id: iso } })).status).toBe(200);
    expect((await c.get(`/vms/${vm.id}/cdroms/${CD}`)).body.file).toEqual({ id: iso });
    // The running VM still has an empty drive until it starts again.
    expect((await c.get(`/vms/${vm.id}/cdroms/${CD}?current=true`)).body.file).toBeUndefined();
    expect((await c.put(`/vms/${vm.id}/cdroms/${CD}?current=true`, { file: { id: iso } })).status).toBe(200);
    expect((await c.get(`/vms/${vm.id}/cdroms/${CD}?current=true`)).body.file).toEqual({ id: iso });
    // Ejected live: the persistent configuration keeps its ISO.
    await c.put(`/vms/${vm.id}/cdroms/${CD}?current=true`, { file: { id: '' } });
    expect((await c.get(`/vms/${vm.id}/cdroms/${CD}?current=true`)).body.file).toBeUndefined();
    expect((await c.get(`/vms/${vm.id}/cdroms/${CD}`)).body.file).toEqual({ id: iso });

    const down = await vmByName(c, 'build-win-01');
    const refused = await c.put(`/vms/${down.id}/cdroms/${CD}?current=true`, { file: { id: iso } });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('VM is not running');
  });

  it('disks: add to a running VM, extend online, refuse a shrink, deactivate before detaching', async () => {
    const vm = await vmByName(c, 'test-01');
    const sd = await dataDomainOf(vm);
    const added = await c.post(`/vms/${vm.id}/diskattachments`, {
      interface: 'virtio_scsi', bootable: false, active: true,
      disk: { alias: 'test-01_extra', provisioned_size: GiB, format: 'cow', sparse: true, storage_domains: { storage_domain: [{ id: sd.id }] } },
    });
    expect(added.status).toBe(201);
    const diskId = (added.body.disk as Json).id as string;
    await waitFor(async () => (await c.get(`/disks/${diskId}`)).body.status === 'ok');

    expect((await c.put(`/vms/${vm.id}/diskattachments/${diskId}`, { disk: { provisioned_size: 2 * GiB } })).status).toBe(200);
    expect(Number((await c.get(`/disks/${diskId}`)).body.provisioned_size)).toBe(2 * GiB);
    const shrink = await c.put(`/vms/${vm.id}/diskattachments/${diskId}`, { disk: { provisioned_size: GiB } });
    expect(shrink.status).toBe(409);
    expect(shrink.body.detail).toContain('New disk size must be larger');

    const bootAgain = await c.put(`/vms/${vm.id}/diskattachments/${diskId}`, { bootable: true });
    expect(bootAgain.status).toBe(409);

    const active = await c.del(`/vms/${vm.id}/diskattachments/${diskId}`);
    expect(active.status).toBe(409);
    expect(active.body.detail).toContain('deactivate it first');
    await c.put(`/vms/${vm.id}/diskattachments/${diskId}`, { active: false });
    expect((await c.del(`/vms/${vm.id}/diskattachments/${diskId}`)).status).toBe(200);
    // Detached, not deleted: a floating disk now.
    expect((await c.get(`/disks/${diskId}`)).status).toBe(200);
  });

  it('disks: one a snapshot holds is refused a plain detach, with the reason; removed with its data it goes', async () => {
    const vm = await vmByName(c, 'test-03');
    const disks = (await c.get(`/vms/${vm.id}/diskattachments`)).body.disk_attachment as Json[];
    const diskId = disks[0].id as string;
    const snap = await c.post(`/vms/${vm.id}/snapshots`, { description: 'before detach' });
    await waitFor(async () => (await c.get(`/vms/${vm.id}/snapshots/${snap.body.id}`)).body.snapshot_status === 'ok');
    const refused = await c.del(`/vms/${vm.id}/diskattachments/${diskId}?detach_only=true`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('already configured in a snapshot (before detach)');
    expect((await c.get(`/vms/${vm.id}/diskattachments`)).body.disk_attachment).toHaveLength(disks.length);
    expect((await c.del(`/vms/${vm.id}/diskattachments/${diskId}?detach_only=false`)).status).toBe(200);
    expect((await c.get(`/disks/${diskId}`)).status).toBe(404);
  });
});

describe('VM devices: seeded snapshots', () => {
  it('a seeded snapshot holds the disks the VM had before it', async () => {
    const engine = await startOvirtEngine({ backgroundEvents: false });
    try {
      const c = await client(engine);
      const vm = await vmByName(c, 'k8s-master-01');
      const [disk] = (await c.get(`/vms/${vm.id}/diskattachments`)).body.disk_attachment as Json[];
      await c.put(`/vms/${vm.id}/diskattachments/${disk.id}`, { active: false });
      const refused = await c.del(`/vms/${vm.id}/diskattachments/${disk.id}`);
      expect(refused.status).toBe(409);
      expect(refused.body.detail).toContain('before k8s 1.30 upgrade');
    } finally {
      await engine.close();
    }
  });
});
