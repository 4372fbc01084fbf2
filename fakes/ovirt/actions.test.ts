import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOvirtEngine, type OvirtEngine } from './server';
import { type Client, type Json, client, q, vmByName, waitFor } from './test-helpers';

/** Poll a VM's status until `final`, recording every status seen on the way. */
async function trace(c: Client, id: string, final: string, timeoutMs = 5000): Promise<string[]> {
  const seen: string[] = [];
  await waitFor(async () => {
    const s = (await c.get(`/vms/${id}`)).body.status as string;
    if (seen[seen.length - 1] !== s) seen.push(s);
    return s === final;
  }, timeoutMs, 5);
  return seen;
}

async function hostStatusTrace(c: Client, id: string, final: string): Promise<string[]> {
  const seen: string[] = [];
  await waitFor(async () => {
    const s = (await c.get(`/hosts/${id}`)).body.status as string;
    if (seen[seen.length - 1] !== s) seen.push(s);
    return s === final;
  }, 8000, 5);
  return seen;
}

describe('VM lifecycle with real intermediate states (timeScale 0.1)', () => {
  let engine: OvirtEngine;
  let c: Client;
  beforeAll(async () => {
    engine = await startOvirtEngine({ timeScale: 0.1, backgroundEvents: false });
    c = await client(engine);
  });
  afterAll(() => engine.close());

  it('start: down → wait_for_launch → powering_up → up, then the guest reports its IP', async () => {
    const vm = await vmByName(c, 'test-03');
    expect(vm.status).toBe('down');
    const r = await c.post(`/vms/${vm.id}/start`, {});
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('complete');
    const seen = await trace(c, vm.id, 'up');
    expect(seen).toEqual(['wait_for_launch', 'powering_up', 'up']);
    const up = (await c.get(`/vms/${vm.id}`)).body;
    expect(up.host.id).toBeTruthy();
    expect(typeof up.start_time).toBe('number');
    expect((await c.get(`/vms/${vm.id}/reporteddevices`)).body.reported_device[0].ips.ip[0].address).toMatch(/\d+\.\d+/);
    const job = (await c.get(`/jobs/${r.body.job.id}`)).body;
    expect(job.status).toBe('finished');
    const ev = (await c.get(`/events?search=${q('vm=test-03')}&max=5`)).body.event;
    expect(ev[0].description).toMatch(/^VM test-03 was started by admin@internal \(Host: .+\)\.$/);
  });

  it('shutdown: up → powering_down → down', async () => {
    const vm = await vmByName(c, 'test-03');
    expect((await c.post(`/vms/${vm.id}/shutdown`, {})).status).toBe(200);
    expect(await trace(c, vm.id, 'down')).toEqual(['powering_down', 'down']);
    expect((await c.get(`/vms/${vm.id}`)).body.host).toBeUndefined();
  });

  it('suspend: up → saving_state → suspended; start resumes: restoring_state → up', async () => {
    const vm = await vmByName(c, 'test-01');
    expect((await c.post(`/vms/${vm.id}/suspend`, {})).status).toBe(200);
    expect(await trace(c, vm.id, 'suspended')).toEqual(['saving_state', 'suspended']);
    expect((await c.post(`/vms/${vm.id}/start`, {})).status).toBe(200);
    expect(await trace(c, vm.id, 'up')).toEqual(['restoring_state', 'up']);
  });

  it('migrate: up → migrating → up on another host (scheduler picks)', async () => {
    const vm = await vmByName(c, 'web-02');
    const from = vm.host.id;
    const r = await c.post(`/vms/${vm.id}/migrate`, {});
    expect(r.status).toBe(200);
    const seen = await trace(c, vm.id, 'up', 3000);
    expect(seen[0]).toBe('migrating');
    const after = (await c.get(`/vms/${vm.id}`)).body;
    expect(after.host.id).not.toBe(from);
  });

  it('host maintenance evacuates VMs: up → preparing_for_maintenance → maintenance; activate brings it back', async () => {
    const host = (await c.get(`/hosts?search=${q('name=host-03')}`)).body.host[0];
    const vmsBefore = (await c.get(`/vms?search=${q('host=host-03')}`)).body.vm ?? [];
    expect(vmsBefore.length).toBeGreaterThan(0);
    expect((await c.post(`/hosts/${host.id}/deactivate`, {})).status).toBe(200);
    expect(await hostStatusTrace(c, host.id, 'maintenance')).toEqual(['preparing_for_maintenance', 'maintenance']);
    expect((await c.get(`/vms?search=${q('host=host-03')}`)).body).toEqual({});
    for (const v of vmsBefore) expect((await c.get(`/vms/${v.id}`)).body.status).toBe('up');
    expect((await c.post(`/hosts/${host.id}/activate`, {})).status).toBe(200);
    expect(await hostStatusTrace(c, host.id, 'up')).toEqual(['unassigned', 'initializing', 'up']);
  });
});

describe('actions (timeScale 0.01)', () => {
  let engine: OvirtEngine;
  let c: Client;
  beforeAll(async () => {
    engine = await startOvirtEngine({ timeScale: 0.01, backgroundEvents: false });
    c = await client(engine);
  });
  afterAll(() => engine.close());

  it('invalid transitions answer 409 with the engine wording', async () => {
    const up = await vmByName(c, 'web-01');
    const down = await vmByName(c, 'build-win-01');
    const cases: [string, Json, string][] = [
      [`/vms/${up.id}/start`, {}, '[Cannot run VM. VM is running.]'],
      [`/vms/${down.id}/migrate`, {}, '[Cannot migrate VM. VM is not running.]'],
      [`/vms/${down.id}/shutdown`, {}, '[Cannot shutdown VM. VM is not running.]'],
      [`/vms/${down.id}/stop`, {}, '[Cannot stop VM. VM is not running.]'],
      [`/vms/${down.id}/suspend`, {}, '[Cannot hibernate VM. VM is not running.]'],
      [`/vms/${up.id}/migrate`, { host: { id: up.host.id } }, '[Cannot migrate VM. The source and destination Hosts are the same.]'],
    ];
    for (const [path, body, detail] of cases) {
      const r = await c.post(path, body);
      expect(r.status, path).toBe(409);
      // The engine answers a refused action with the action itself, failed, the fault nested.
      expect(r.body, path).toEqual({ ...body, status: 'failed', fault: { reason: 'Operation Failed', detail } });
    }
    const rm = await c.del(`/vms/${up.id}`);
    expect(rm.status).toBe(409);
    expect(rm.body.detail).toBe('[Cannot remove VM. VM is running.]');
  });

  it('bad input answers 400 with detail', async () => {
    const vm = await vmByName(c, 'build-win-01');
    const r = await c.put(`/vms/${vm.id}`, { memory: 'lots' });
    expect(r.status).toBe(400);
    expect(r.body.detail).toMatch(/memory/);
    const missing = await c.post('/vms', { name: 'x1' });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ reason: 'Incomplete parameters', detail: 'Vm [cluster.id|name, template.id|name] required for add' });
    const badJson = await fetch(`${engine.apiUrl}/vms`, { method: 'POST', headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json', accept: 'application/json' }, body: '{nope' });
    expect(badJson.status).toBe(400);
    expect((await c.post(`/vms/${vm.id}/frobnicate`, {})).status).toBe(404);
  });

  it('stop a running VM and remove it (200, empty body), then it is gone', async () => {
    const vm = await vmByName(c, 'sandbox-01');
    expect((await c.post(`/vms/${vm.id}/stop`, {})).status).toBe(200);
    await trace(c, vm.id, 'down');
    const rm = await fetch(`${engine.apiUrl}/vms/${vm.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${c.token}`, accept: 'application/json' } });
    expect(rm.status).toBe(200);
    expect(await rm.text()).toBe('');
    await waitFor(async () => (await c.get(`/vms/${vm.id}`)).status === 404);
  });

  it('add a VM from a template: 202 image_locked → down, thin disk copied, NIC from template', async () => {
    const r = await c.post('/vms', { name: 'new-web-01', cluster: { name: 'Default' }, template: { name: 'centos-stream-9' }, memory: 2 * 1024 ** 3 });
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ name: 'new-web-01', status: 'image_locked', memory: 2 * 1024 ** 3 });
    await trace(c, r.body.id, 'down');
    const full = (await c.get(`/vms/${r.body.id}?follow=disk_attachments.disk,nics`)).body;
    expect(full.disk_attachments.disk_attachment[0].disk).toMatchObject({ alias: 'new-web-01_Disk1', status: 'ok', format: 'cow', sparse: 'true' });
    expect(full.nics.nic).toHaveLength(1);
    const dup = await c.post('/vms', { name: 'new-web-01', cluster: { name: 'Default' }, template: { name: 'Blank' } });
    expect(dup.status).toBe(409);
    expect(dup.body.detail).toMatch(/name is already in use/);
    const blank = await c.post('/vms', { name: 'empty-01', cluster: { name: 'Default' }, template: { name: 'Blank' } }, { expect: '201-created' });
    expect(blank.status).toBe(201);
    expect(blank.body.status).toBe('down');
  });

  it('Expect: 201-created waits for the copy to finish', async () => {
    const r = await c.post('/vms', { name: 'new-deb-01', cluster: { name: 'Default' }, template: { name: 'debian-12' } }, { expect: '201-created' });
    expect(r.status).toBe(201);
    expect(r.body.status).toBe('down');
  });

  it('snapshots: add (202, locked → ok), preview/undo, remove', async () => {
    const vm = await vmByName(c, 'mq-01');
    const add = await c.post(`/vms/${vm.id}/snapshots`, { description: 'before test', persist_memorystate: false });
    expect(add.status).toBe(202);
    expect(add.body).toMatchObject({ description: 'before test', snapshot_status: 'locked', snapshot_type: 'regular' });
    await waitFor(async () => (await c.get(`/vms/${vm.id}/snapshots/${add.body.id}`)).body.snapshot_status === 'ok');
    const list = (await c.get(`/vms/${vm.id}/snapshots`)).body.snapshot;
    expect(list.map((s: Json) => s.snapshot_type)).toContain('active');
    expect((await c.del(`/vms/${vm.id}/snapshots/${add.body.id}`)).status).toBe(200);
    await waitFor(async () => (await c.get(`/vms/${vm.id}/snapshots/${add.body.id}`)).status === 404);

    // test-02 is seeded in preview: undo ends it.
    const t2 = await vmByName(c, 'test-02');
    const snaps = (await c.get(`/vms/${t2.id}/snapshots`)).body.snapshot;
    expect(snaps.some((s: Json) => s.snapshot_status === 'in_preview')).toBe(true);
    expect((await c.post(`/vms/${t2.id}/undosnapshot`, {})).status).toBe(200);
    await waitFor(async () => !(await c.get(`/vms/${t2.id}/snapshots`)).body.snapshot.some((s: Json) => s.snapshot_status === 'in_preview'));
    await trace(c, t2.id, 'down');
    const regular = (await c.get(`/vms/${t2.id}/snapshots`)).body.snapshot.find((s: Json) => s.snapshot_type === 'regular');
    expect((await c.post(`/vms/${t2.id}/previewsnapshot`, { snapshot: { id: regular.id } })).status).toBe(200);
    await waitFor(async () => (await c.get(`/vms/${t2.id}/snapshots/${regular.id}`)).body.snapshot_status === 'in_preview');
    await trace(c, t2.id, 'down');
    expect((await c.post(`/vms/${t2.id}/commitsnapshot`, {})).status).toBe(200);
    await waitFor(async () => (await c.get(`/vms/${t2.id}/snapshots/${regular.id}`)).body.snapshot_status === 'ok');
  });

  it('clone a down VM (202 pending with a job)', async () => {
    const vm = await vmByName(c, 'build-win-01');
    const r = await c.post(`/vms/${vm.id}/clone`, { vm: { name: 'build-win-02' } });
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ status: 'pending', job: { id: expect.any(String) }, vm: { id: expect.any(String) } });
    await trace(c, r.body.vm.id, 'down');
    expect((await c.get(`/vms/${r.body.vm.id}/diskattachments`)).body.disk_attachment).toHaveLength(1);
    await waitFor(async () => (await c.get(`/jobs/${r.body.job.id}`)).body.status === 'finished');
  });

  it('import from the export domain, and export back', async () => {
    const sds = (await c.get('/storagedomains')).body.storage_domain;
    const exp = sds.find((s: Json) => s.type === 'export');
    const target = sds.find((s: Json) => s.name === 'nfs-data');
    const legacy = (await c.get(`/storagedomains/${exp.id}/vms`)).body.vm.find((v: Json) => v.name === 'legacy-crm-01');
    const r = await c.post(`/storagedomains/${exp.id}/vms/${legacy.id}/import`, { storage_domain: { id: target.id }, cluster: { name: 'Default' }, clone: true, vm: { name: 'crm-01' } });
    expect(r.status).toBe(202);
    await trace(c, r.body.vm.id, 'down');
    expect((await c.get(`/vms/${r.body.vm.id}`)).body.name).toBe('crm-01');

    const vm = await vmByName(c, 'crm-01');
    const ex = await c.post(`/vms/${vm.id}/export`, { storage_domain: { id: exp.id } });
    expect(ex.status).toBe(202);
    await waitFor(async () => ((await c.get(`/storagedomains/${exp.id}/vms`)).body.vm ?? []).some((v: Json) => v.name === 'crm-01'));
    const wrong = await c.post(`/vms/${vm.id}/export`, { storage_domain: { id: target.id } });
    expect(wrong.status).toBe(409);
  });

  it('storage: activate a domain in maintenance, deactivate and detach it, attach a spare', async () => {
    const dc = (await c.get(`/datacenters?search=${q('name=Default')}`)).body.data_center[0];
    const sds = (await c.get('/storagedomains')).body.storage_domain;
    const posix = sds.find((s: Json) => s.name === 'posix-data');
    const spare = sds.find((s: Json) => s.name === 'nfs-spare');
    const inDc = (id: string) => c.get(`/datacenters/${dc.id}/storagedomains/${id}`);
    expect((await inDc(posix.id)).body.status).toBe('maintenance');
    expect((await c.post(`/datacenters/${dc.id}/storagedomains/${posix.id}/activate`, {})).status).toBe(200);
    await waitFor(async () => (await inDc(posix.id)).body.status === 'active');
    expect((await c.post(`/datacenters/${dc.id}/storagedomains/${posix.id}/deactivate`, {})).status).toBe(200);
    await waitFor(async () => (await inDc(posix.id)).body.status === 'maintenance');
    expect((await c.del(`/datacenters/${dc.id}/storagedomains/${posix.id}`)).status).toBe(200);
    await waitFor(async () => (await c.get(`/storagedomains/${posix.id}`)).body.status === 'unattached');
    // A domain with running VMs on it cannot be deactivated.
    const nfs = sds.find((s: Json) => s.name === 'nfs-data');
    const busy = await c.post(`/datacenters/${dc.id}/storagedomains/${nfs.id}/deactivate`, {});
    expect(busy.status).toBe(409);
    const att = await c.post(`/datacenters/${dc.id}/storagedomains`, { id: spare.id });
    expect(att.status).toBe(201);
    expect(att.body.status).toBe('locked');
    await waitFor(async () => (await inDc(spare.id)).body.status === 'active');
  });

  it('fence: status, and restart cures a non-responsive host', async () => {
    const h = (await c.get(`/hosts?search=${q('name=amd-03')}`)).body.host[0];
    expect(h.status).toBe('non_responsive');
    const st = await c.post(`/hosts/${h.id}/fence`, { fence_type: 'status' });
    expect(st.body).toMatchObject({ status: 'complete', power_management: { status: 'on' } });
    // Activating does not help: nobody answers.
    expect((await c.post(`/hosts/${h.id}/activate`, {})).status).toBe(200);
    await waitFor(async () => (await c.get(`/hosts/${h.id}`)).body.status === 'non_responsive');
    expect((await c.post(`/hosts/${h.id}/fence`, { fence_type: 'restart' })).status).toBe(200);
    await waitFor(async () => (await c.get(`/hosts/${h.id}`)).body.status === 'up');
    expect((await c.post(`/hosts/${h.id}/fence`, {})).status).toBe(400);
  });

  it('ISO upload: POST /disks, image transfer phases, PUT to proxy_url, finalize', async () => {
    const nfs = (await c.get(`/storagedomains?search=${q('name=nfs-data')}`)).body.storage_domain[0];
    const size = 4096;
    const disk = await c.post('/disks', { alias: 'tiny.iso', provisioned_size: size, format: 'raw', sparse: false, content_type: 'iso', storage_domains: { storage_domain: [{ id: nfs.id }] } });
    expect(disk.status).toBe(201);
    expect(disk.body.status).toBe('locked');
    await waitFor(async () => (await c.get(`/disks/${disk.body.id}`)).body.status === 'ok');
    const t = await c.post('/imagetransfers', { disk: { id: disk.body.id }, direction: 'upload' });
    expect(t.status).toBe(201);
    expect(t.body.phase).toBe('initializing');
    const transferring = await waitFor(async () => {
      const b = (await c.get(`/imagetransfers/${t.body.id}`)).body;
      return b.phase === 'transferring' ? b : undefined;
    });
    const put = await fetch(transferring.proxy_url, { method: 'PUT', body: Buffer.alloc(size, 7) });
    expect(put.status).toBe(200);
    expect((await c.post(`/imagetransfers/${t.body.id}/finalize`, {})).status).toBe(200);
    await waitFor(async () => (await c.get(`/imagetransfers/${t.body.id}`)).body.phase === 'finished_success');
    expect((await c.get(`/disks/${disk.body.id}`)).body).toMatchObject({ status: 'ok', content_type: 'iso' });
    const files = (await c.get(`/storagedomains/${nfs.id}/files`)).body.file.map((f: Json) => f.name);
    expect(files).toContain('tiny.iso');
    // The ticket is dead after the transfer.
    expect((await fetch(transferring.proxy_url, { method: 'PUT', body: 'x' })).status).toBe(403);
  });

  it('an upload with no bytes finishes in failure, not success', async () => {
    const nfs = (await c.get(`/storagedomains?search=${q('name=nfs-data')}`)).body.storage_domain[0];
    const disk = await c.post('/disks', { alias: 'empty.iso', provisioned_size: 1024, content_type: 'iso', storage_domains: { storage_domain: [{ id: nfs.id }] } });
    await waitFor(async () => (await c.get(`/disks/${disk.body.id}`)).body.status === 'ok');
    const t = await c.post('/imagetransfers', { disk: { id: disk.body.id }, direction: 'upload' });
    await waitFor(async () => (await c.get(`/imagetransfers/${t.body.id}`)).body.phase === 'transferring');
    await c.post(`/imagetransfers/${t.body.id}/finalize`, {});
    await waitFor(async () => (await c.get(`/imagetransfers/${t.body.id}`)).body.phase === 'finished_failure');
    expect((await c.post('/imagetransfers', { disk: { id: disk.body.id }, direction: 'download' })).status).toBe(400);
  });

  it('CD-ROM: insert an ISO from the ISO domain, eject', async () => {
    const vm = await vmByName(c, 'web-04');
    const cd = '00000000-0000-0000-0000-000000000000';
    const r = await c.put(`/vms/${vm.id}/cdroms/${cd}?current=true`, { file: { id: 'debian-12.5.0-amd64-netinst.iso' } });
    expect(r.status).toBe(200);
    expect(r.body.file).toEqual({ id: 'debian-12.5.0-amd64-netinst.iso' });
    expect((await c.put(`/vms/${vm.id}/cdroms/${cd}`, { file: { id: 'nope.iso' } })).status).toBe(409);
    expect((await c.put(`/vms/${vm.id}/cdroms/${cd}`, { file: { id: '' } })).body.file).toBeUndefined();
  });
});
