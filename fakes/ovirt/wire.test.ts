import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOvirtEngine, type OvirtEngine } from './server';
import { type Client, type Json, client, q, vmByName } from './test-helpers';

let engine: OvirtEngine;
let c: Client;
beforeAll(async () => {
  engine = await startOvirtEngine({ timeScale: 0.01 });
  c = await client(engine);
});
afterAll(() => engine.close());

const API = '/ovirt-engine/api';

describe('JSON quirks of the real engine', () => {
  it('collections are one singular snake_case key holding an array', async () => {
    for (const [path, key] of [
      ['/vms', 'vm'], ['/datacenters', 'data_center'], ['/storagedomains', 'storage_domain'], ['/hosts', 'host'], ['/clusters', 'cluster'],
      ['/templates', 'template'], ['/events', 'event'], ['/disks', 'disk'], ['/networks', 'network'], ['/vnicprofiles', 'vnic_profile'],
    ]) {
      const { status, body } = await c.get(path);
      expect(status, path).toBe(200);
      expect(Object.keys(body), path).toEqual([key]);
      expect(Array.isArray(body[key]), path).toBe(true);
    }
  });

  it('an empty collection is {} with no key at all', async () => {
    const { body } = await c.get(`/vms?search=${q('name=no-such-vm-*')}`);
    expect(body).toEqual({});
    const jobs = await c.get(`/jobs?search=${q('correlation_id=nothing-here')}`);
    expect(jobs.body).toEqual({});
  });

  it('booleans and integers are strings; memory, sizes and dates are numbers', async () => {
    const vm = await vmByName(c, 'web-01');
    expect(vm.stateless).toMatch(/^(true|false)$/);
    expect(vm.high_availability.enabled).toMatch(/^(true|false)$/);
    expect(vm.cpu.topology).toEqual({ cores: expect.stringMatching(/^\d+$/), sockets: expect.stringMatching(/^\d+$/), threads: '1' });
    expect(typeof vm.memory).toBe('number');
    expect(typeof vm.creation_time).toBe('number');
    expect(typeof vm.start_time).toBe('number');
    const { body: disk } = await c.get(`/disks?max=1`);
    expect(typeof disk.disk[0].provisioned_size).toBe('number');
    expect(typeof disk.disk[0].actual_size).toBe('number');
    expect(disk.disk[0].sparse).toMatch(/^(true|false)$/);
    const { body: sds } = await c.get('/storagedomains');
    const data = sds.storage_domain.find((s: Json) => s.name === 'nfs-data');
    for (const k of ['available', 'used', 'committed']) expect(typeof data[k], k).toBe('number');
    expect(data.master).toBe('true');
    const { body: ev } = await c.get('/events?max=1');
    expect(typeof ev.event[0].time).toBe('number');
    expect(ev.event[0].index).toMatch(/^\d+$/);
    expect(ev.event[0].code).toMatch(/^\d+$/);
  });

  it('references are {id, href} stubs, objects carry href and link[]', async () => {
    const vm = await vmByName(c, 'web-01');
    expect(vm.href).toBe(`${API}/vms/${vm.id}`);
    expect(vm.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(vm.cluster).toEqual({ id: expect.any(String), href: `${API}/clusters/${vm.cluster.id}` });
    expect(vm.host).toEqual({ id: expect.any(String), href: `${API}/hosts/${vm.host.id}` });
    expect(vm.template).toEqual({ id: expect.any(String), href: expect.stringContaining('/templates/') });
    const rels = vm.link.map((l: Json) => l.rel);
    expect(rels).toEqual(expect.arrayContaining(['nics', 'diskattachments', 'snapshots', 'graphicsconsoles', 'statistics', 'reporteddevices']));
    for (const l of vm.link) expect((await c.get(l.href.replace(API, ''))).status, l.rel).toBe(200);
    expect(vm.actions.link.map((l: Json) => l.rel)).toEqual(expect.arrayContaining(['start', 'stop', 'migrate', 'shutdown']));
  });

  it('enums are lowercase', async () => {
    const { body } = await c.get('/vms');
    for (const vm of body.vm) expect(vm.status).toMatch(/^[a-z_]+$/);
    const statuses = new Set(body.vm.map((v: Json) => v.status));
    for (const s of ['up', 'down', 'suspended', 'paused', 'not_responding']) expect(statuses.has(s), s).toBe(true);
  });

  it('the Blank template has the all-zero id', async () => {
    const { body } = await c.get('/templates/00000000-0000-0000-0000-000000000000');
    expect(body.name).toBe('Blank');
  });

  it('an unknown id answers 404 with an engine fault', async () => {
    const { status, body } = await c.get('/vms/00000000-0000-0000-0000-00000000beef');
    expect(status).toBe(404);
    expect(body).toEqual({ reason: 'Operation Failed', detail: expect.stringContaining('Entity not found') });
    expect((await c.get('/no-such-collection')).status).toBe(404);
  });

  it('storage domain status and data center appear only in the data center view', async () => {
    const { body: top } = await c.get('/storagedomains');
    const attached = top.storage_domain.filter((s: Json) => s.data_centers);
    expect(attached.length).toBeGreaterThan(0);
    for (const sd of attached) {
      expect(sd.status).toBeUndefined();
      expect(sd.data_center).toBeUndefined();
    }
    // Only an unattached domain says so at the top level.
    expect(top.storage_domain.find((s: Json) => s.name === 'nfs-spare').status).toBe('unattached');
    const dc = attached[0].data_centers.data_center[0];
    const { body: inDc } = await c.get(`/datacenters/${dc.id}/storagedomains`);
    for (const sd of inDc.storage_domain) {
      expect(sd.status).toMatch(/^[a-z_]+$/);
      expect(sd.data_center.id).toBe(dc.id);
    }
    const types = new Set(top.storage_domain.map((s: Json) => `${s.type}/${s.storage.type}`));
    for (const t of ['data/nfs', 'data/glusterfs', 'data/iscsi', 'data/fcp', 'data/posixfs', 'data/localfs', 'iso/nfs', 'export/nfs']) expect(types.has(t), t).toBe(true);
  });

  it('nested lists use the same wrapper (vm.nics.nic, disk_attachments.disk_attachment)', async () => {
    const vm = await vmByName(c, 'db-01');
    const { body } = await c.get(`/vms/${vm.id}?follow=nics,disk_attachments`);
    expect(Array.isArray(body.nics.nic)).toBe(true);
    expect(body.nics.nic[0].mac.address).toMatch(/^56:6f:/);
    expect(Array.isArray(body.disk_attachments.disk_attachment)).toBe(true);
    expect(body.disk_attachments.disk_attachment[0]).toMatchObject({ bootable: 'true', active: 'true', disk: { id: expect.any(String) } });
  });

  it('running VMs report guest IPs through reported_devices and an FQDN', async () => {
    const vm = await vmByName(c, 'web-01');
    const { body } = await c.get(`/vms/${vm.id}/reporteddevices`);
    expect(body.reported_device[0].ips.ip[0]).toMatchObject({ address: expect.stringMatching(/^\d+\.\d+\.\d+\.\d+$/), version: 'v4' });
    expect(vm.fqdn).toBe('web-01.demo.lab');
  });

  it('the ISO domain lists files, the export domain holds VMs and a template', async () => {
    const { body } = await c.get('/storagedomains');
    const iso = body.storage_domain.find((s: Json) => s.type === 'iso');
    const exp = body.storage_domain.find((s: Json) => s.type === 'export');
    const files = (await c.get(`/storagedomains/${iso.id}/files`)).body.file.map((f: Json) => f.name);
    expect(files).toEqual(expect.arrayContaining(['CentOS-Stream-9-latest-x86_64-dvd1.iso', 'debian-12.5.0-amd64-netinst.iso', 'Windows_Server_2022_EVAL_x64FRE_en-us.iso']));
    expect((await c.get(`/storagedomains/${exp.id}/vms`)).body.vm).toHaveLength(3);
    expect((await c.get(`/storagedomains/${exp.id}/templates`)).body.template).toHaveLength(1);
  });

  it('graphics consoles: address/port with current=true on a running VM, hex protocol ids', async () => {
    const vm = await vmByName(c, 'web-01');
    const { body } = await c.get(`/vms/${vm.id}/graphicsconsoles?current=true`);
    expect(body.graphics_console[0]).toMatchObject({ id: '766e63', protocol: 'vnc', address: expect.any(String), port: expect.stringMatching(/^59\d\d$/) });
    const ticket = await c.post(`/vms/${vm.id}/graphicsconsoles/766e63/ticket`, { ticket: { expiry: 120 } });
    expect(ticket.status).toBe(200);
    expect(ticket.body.ticket).toEqual({ value: expect.any(String), expiry: '120' });
    expect(engine.consoleTicket(vm.id)?.value).toBe(ticket.body.ticket.value);
    const vv = await c.post(`/vms/${vm.id}/graphicsconsoles/766e63/remoteviewerconnectionfile`, {});
    expect(vv.body.remote_viewer_connection_file).toMatch(/^\[virt-viewer\]\ntype=vnc\nhost=.+\nport=\d+\npassword=\S+/);
  });

  it('statistics have numeric datums', async () => {
    const vm = await vmByName(c, 'web-01');
    const { body } = await c.get(`/vms/${vm.id}/statistics`);
    const cpu = body.statistic.find((s: Json) => s.name === 'cpu.current.guest');
    expect(typeof cpu.values.value[0].datum).toBe('number');
    const host = (await c.get('/hosts?max=1')).body.host[0];
    expect((await c.get(`/hosts/${host.id}/statistics`)).body.statistic.length).toBeGreaterThan(5);
  });

  it('all_content=true adds the attributes left out by default', async () => {
    const vm = await vmByName(c, 'web-01');
    expect((await c.get(`/vms/${vm.id}`)).body.virtio_scsi).toBeUndefined();
    expect((await c.get(`/vms/${vm.id}?all_content=true`)).body.virtio_scsi).toEqual({ enabled: 'true' });
  });

  it('the demo estate has the promised shape', async () => {
    expect((await c.get('/datacenters')).body.data_center).toHaveLength(2);
    expect((await c.get('/clusters')).body.cluster).toHaveLength(3);
    const hosts = (await c.get('/hosts')).body.host;
    expect(hosts).toHaveLength(8);
    expect(hosts.filter((h: Json) => h.status === 'maintenance')).toHaveLength(1);
    expect(hosts.filter((h: Json) => h.status === 'non_responsive')).toHaveLength(1);
    expect(hosts.filter((h: Json) => h.spm.status === 'spm')).toHaveLength(2);
    expect((await c.get('/templates')).body.template).toHaveLength(5);
    expect((await c.get('/vms')).body.vm).toHaveLength(61);
    expect((await c.get('/events?max=1000')).body.event.length).toBeGreaterThanOrEqual(200);
  });

  it('the same seed gives the same estate', async () => {
    const other = await startOvirtEngine({ backgroundEvents: false });
    try {
      const oc = await client(other);
      const a = (await c.get('/vms')).body.vm.map((v: Json) => `${v.id}/${v.name}`);
      const b = (await oc.get('/vms')).body.vm.map((v: Json) => `${v.id}/${v.name}`);
      expect(b).toEqual(a);
    } finally {
      await other.close();
    }
  });
});
