import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOvirtEngine, type OvirtEngine } from './server';
import { type Client, type Json, client, vmByName, waitFor } from './test-helpers';

/** Boot order, HA, display type and placement of a VM after creation, on the wire (issue 19 point 4). */
describe('VM settings on the demo engine', () => {
  let engine: OvirtEngine;
  let c: Client;
  beforeAll(async () => {
    engine = await startOvirtEngine({ timeScale: 0.1, backgroundEvents: false });
    c = await client(engine);
  });
  afterAll(() => engine.close());

  const hostsOf = async (clusterId: string): Promise<Json[]> =>
    ((await c.get('/hosts')).body.host as Json[]).filter((h) => (h.cluster as Json).id === clusterId);
  const devices = (vm: Json) => ((vm.os as Json).boot as Json).devices as Json;

  it('a running VM: boot order and display type wait for the next start (next_run=true reads them); HA applies at once', async () => {
    const vm = await vmByName(c, 'web-02');
    expect(vm.status).toBe('up');
    const put = await c.put(`/vms/${vm.id}`, { os: { boot: { devices: { device: ['cdrom', 'hd'] } } }, display: { type: 'spice' }, high_availability: { enabled: true, priority: 50 } });
    expect(put.status).toBe(200);
    expect(put.body.next_run_configuration_exists).toBe('true');
    const now = (await c.get(`/vms/${vm.id}`)).body;
    expect(devices(now).device).toEqual(['hd']);
    expect((now.display as Json).type).toBe(vm.display ? (vm.display as Json).type : 'vnc');
    expect(now.high_availability).toEqual({ enabled: 'true', priority: '50' });
    const next = (await c.get(`/vms/${vm.id}?next_run=true`)).body;
    expect(devices(next).device).toEqual(['cdrom', 'hd']);
    expect((next.display as Json).type).toBe('spice');
    // Set back to what runs now: nothing is pending any more.
    const back = await c.put(`/vms/${vm.id}`, { os: { boot: { devices: { device: ['hd'] } } }, display: { type: (now.display as Json).type } });
    expect(back.body.next_run_configuration_exists).toBe('false');
  });

  it('a stopped VM takes everything at once; a pending change applies when the VM starts', async () => {
    const vm = await vmByName(c, 'build-win-01');
    expect(vm.status).toBe('down');
    const put = await c.put(`/vms/${vm.id}`, { os: { boot: { devices: { device: ['network', 'hd'] } } } });
    expect(put.body.next_run_configuration_exists).toBe('false');
    expect(devices(put.body).device).toEqual(['network', 'hd']);
  });

  it('refuses unknown or repeated boot devices, a bad display type and an unknown affinity, changing nothing', async () => {
    const vm = await vmByName(c, 'build-win-01');
    const dup = await c.put(`/vms/${vm.id}`, { os: { boot: { devices: { device: ['hd', 'hd'] } } } });
    expect(dup.status).toBe(400);
    expect(dup.body.detail).toContain('twice');
    expect((await c.put(`/vms/${vm.id}`, { os: { boot: { devices: { device: ['floppy'] } } } })).status).toBe(400);
    expect((await c.put(`/vms/${vm.id}`, { display: { type: 'rdp' } })).status).toBe(400);
    expect((await c.put(`/vms/${vm.id}`, { placement_policy: { affinity: 'sticky' } })).status).toBe(400);
    expect(devices((await c.get(`/vms/${vm.id}`)).body).device).toEqual(['network', 'hd']);
  });

  it('placement: pinned hosts must be in the VM cluster; a pinned VM does not migrate; HA refuses one pinned host', async () => {
    const vm = await vmByName(c, 'web-02');
    const clusterId = (vm.cluster as Json).id as string;
    const own = await hostsOf(clusterId);
    const other = ((await c.get('/hosts')).body.host as Json[]).find((h) => (h.cluster as Json).id !== clusterId);
    expect(own.length).toBeGreaterThan(1);
    if (other) {
      const wrong = await c.put(`/vms/${vm.id}`, { placement_policy: { affinity: 'pinned', hosts: { host: [{ id: other.id }] } } });
      expect(wrong.status).toBe(409);
      expect(wrong.body.detail).toContain("is not in the VM's Cluster");
    }
    // web-02 is highly available since the first case: one pinned host is refused.
    const single = await c.put(`/vms/${vm.id}`, { placement_policy: { affinity: 'pinned', hosts: { host: [{ id: (vm.host as Json).id }] } } });
    expect(single.status).toBe(409);
    expect(single.body.detail).toContain('highly available VM cannot be pinned');
    const pinned = await c.put(`/vms/${vm.id}`, { placement_policy: { affinity: 'pinned', hosts: { host: own.map((h) => ({ id: h.id })) } } });
    expect(pinned.status).toBe(200);
    expect(pinned.body.next_run_configuration_exists).toBe('false');
    expect((pinned.body.placement_policy as Json).affinity).toBe('pinned');
    const migrate = await c.post(`/vms/${vm.id}/migrate`, {});
    expect(migrate.status).toBe(409);
    expect(JSON.stringify(migrate.body)).toContain('non migratable');
    // Nor can its host go to maintenance while it runs there.
    const maintenance = await c.post(`/hosts/${(vm.host as Json).id}/deactivate`, {});
    expect(maintenance.status).toBe(409);
    expect(JSON.stringify(maintenance.body)).toContain('non-migratable VMs are running');
    // Back to any host, migratable.
    const free = await c.put(`/vms/${vm.id}`, { placement_policy: { affinity: 'migratable', hosts: { host: [] } } });
    expect((free.body.placement_policy as Json).hosts).toBeUndefined();
  });

  it('the next-run configuration becomes the running one at the next start', async () => {
    const vm = await vmByName(c, 'web-02');
    await c.put(`/vms/${vm.id}`, { display: { type: 'spice' } });
    await c.post(`/vms/${vm.id}/stop`, {});
    await waitFor(async () => (await c.get(`/vms/${vm.id}`)).body.status === 'down');
    const after = (await c.get(`/vms/${vm.id}`)).body;
    expect((after.display as Json).type).toBe('spice');
    expect(after.next_run_configuration_exists).toBe('false');
  });
  it("the lease: an active data domain of the VM's data center, at once on a running VM; `lease` without a domain removes it; other domains refused in the engine's words", async () => {
    const vm = await vmByName(c, 'web-01');
    expect(vm.status).toBe('up');
    expect(vm.lease).toBeUndefined();
    const domains = (await c.get('/storagedomains')).body.storage_domain as Json[];
    const named = (n: string) => domains.find((d) => d.name === n)!.id as string;
    const refused = async (sd: string, words: string) => {
      const r = await c.put(`/vms/${vm.id}`, { lease: { storage_domain: { id: sd } } });
      expect(r.status).toBe(409);
      expect(String(r.body.detail)).toContain(words);
      expect((await c.get(`/vms/${vm.id}`)).body.lease).toBeUndefined();
    };
    await refused(named('lab-local'), "Storage Domain doesn't exist"); // another data center
    await refused(named('nfs-spare'), "Storage Domain doesn't exist"); // attached to none
    await refused(named('posix-data'), "The relevant Storage Domain's status is Maintenance");
    await refused(named('iso'), 'supported only for data domains');
    const put = await c.put(`/vms/${vm.id}`, { lease: { storage_domain: { id: named('nfs-data') } } });
    expect(put.status).toBe(200);
    expect(put.body.next_run_configuration_exists).toBe('false');
    expect(((await c.get(`/vms/${vm.id}`)).body.lease as Json).storage_domain).toMatchObject({ id: named('nfs-data') });
    // While the VM runs, its lease keeps the domain out of maintenance (posix-data holds no disks:
    // brought up for this, and back to maintenance once the lease is gone).
    const dc = ((await c.get(`/clusters/${(vm.cluster as Json).id}`)).body.data_center as Json).id as string;
    const posix = `/datacenters/${dc}/storagedomains/${named('posix-data')}`;
    const statusOf = async () => (await c.get(posix)).body.status as string;
    expect((await c.post(`${posix}/activate`, {})).status).toBeLessThan(300);
    await waitFor(async () => (await statusOf()) === 'active');
    expect((await c.put(`/vms/${vm.id}`, { lease: { storage_domain: { id: named('posix-data') } } })).status).toBe(200);
    const held = await c.post(`${posix}/deactivate`, {});
    expect(held.status).toBe(409);
    expect(JSON.stringify(held.body)).toContain('running VMs have leases on the Storage Domain: web-01');
    expect(await statusOf()).toBe('active');
    await c.put(`/vms/${vm.id}`, { lease: { storage_domain: { id: named('nfs-data') } } });
    expect((await c.post(`${posix}/deactivate`, {})).status).toBeLessThan(300);
    await waitFor(async () => (await statusOf()) === 'maintenance');
    // Other changes leave it alone; `lease: {}` removes it.
    await c.put(`/vms/${vm.id}`, { description: 'with a lease' });
    expect((await c.get(`/vms/${vm.id}`)).body.lease).toBeDefined();
    expect((await c.put(`/vms/${vm.id}`, { lease: {} })).status).toBe(200);
    expect((await c.get(`/vms/${vm.id}`)).body.lease).toBeUndefined();
  });
});
