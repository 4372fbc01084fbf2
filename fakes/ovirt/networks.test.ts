import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOvirtEngine, type OvirtEngine } from './server';
import { type Client, type Json, client, q, waitFor } from './test-helpers';

describe('networks on the demo engine (the runbook network chapter, on the wire)', () => {
  let engine: OvirtEngine;
  let c: Client;
  let dc: Json;
  let cluster: Json;
  let hosts: Json[];
  beforeAll(async () => {
    engine = await startOvirtEngine({ timeScale: 0.01, backgroundEvents: false });
    c = await client(engine);
    dc = (await c.get(`/datacenters?search=${q('name=Default')}`)).body.data_center[0];
    cluster = (await c.get(`/datacenters/${dc.id}/clusters`)).body.cluster[0];
    hosts = ((await c.get(`/hosts?search=${q(`cluster=${cluster.name}`)}`)).body.host as Json[]).filter((h) => h.status === 'up');
  });
  afterAll(() => engine.close());

  const nicsOf = async (hostId: string) => (await c.get(`/hosts/${hostId}/nics`)).body.host_nic as Json[];
  const attsOf = async (hostId: string) => ((await c.get(`/hosts/${hostId}/networkattachments`)).body.network_attachment ?? []) as Json[];

  it('creates a gluster network with VLAN 20; the same name or VLAN again is a 409 in the engine words', async () => {
    const r = await c.post('/networks', { name: 'gluster', data_center: { id: dc.id }, vlan: { id: '20' }, usages: { usage: [] }, mtu: '9000' });
    expect(r.status).toBe(201);
    expect(r.body.vlan.id).toBe('20');
    expect(r.body.usages).toEqual({});
    const again = await c.post('/networks', { name: 'gluster', data_center: { id: dc.id } });
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain('is already used by an existing logical network');
    const vlan = await c.post('/networks', { name: 'other', data_center: { id: dc.id }, vlan: { id: 20 } });
    expect(vlan.status).toBe(409);
    expect(vlan.body.detail).toContain('VLAN ID (20)');
  });

  it('attaches it to the cluster as the gluster network; the role is exclusive', async () => {
    const net = (await c.get(`/networks?search=${q('name=gluster')}`)).body.network[0];
    const r = await c.post(`/clusters/${cluster.id}/networks`, { id: net.id, required: 'false', usages: { usage: ['gluster'] } });
    expect(r.status).toBe(201);
    expect(r.body.usages.usage).toEqual(['gluster']);
    const twice = await c.post(`/clusters/${cluster.id}/networks`, { id: net.id });
    expect(twice.status).toBe(409);
    const list = (await c.get(`/clusters/${cluster.id}/networks`)).body.network as Json[];
    expect(list.filter((n) => n.usages?.usage?.includes('gluster')).map((n) => n.name)).toEqual(['gluster']);
    const mgmt = list.find((n) => n.name === 'ovirtmgmt')!;
    expect(mgmt.usages.usage).toContain('management');
  });

  it('refuses removing the management network (400) and a network VMs use (409), changing nothing', async () => {
    const nets = (await c.get(`/datacenters/${dc.id}/networks`)).body.network as Json[];
    const mgmt = nets.find((n) => n.name === 'ovirtmgmt')!;
    const r = await c.del(`/networks/${mgmt.id}`);
    expect(r.status).toBe(400);
    expect(r.body.detail).toContain("management network 'ovirtmgmt' cannot be removed");
    const prod = nets.find((n) => n.name === 'prod-vlan100')!;
    const r2 = await c.del(`/networks/${prod.id}`);
    expect(r2.status).toBe(409);
    expect(r2.body.detail).toMatch(/in use by the following VMs: \S/);
    expect((await c.get(`/networks/${prod.id}`)).status).toBe(200);
  });

  it('puts gluster on every host second NIC with a static address in one setupnetworks each', async () => {
    const net = (await c.get(`/networks?search=${q('name=gluster')}`)).body.network[0];
    for (const [i, h] of hosts.entries()) {
      const r = await c.post(`/hosts/${h.id}/setupnetworks`, {
        modified_network_attachments: { network_attachment: [{
          network: { id: net.id }, host_nic: { name: 'eth1' },
          ip_address_assignments: { ip_address_assignment: [{ assignment_method: 'static', ip: { address: `10.20.0.${11 + i}`, netmask: '255.255.255.0' } }] },
        }] },
        check_connectivity: true, commit_on_success: true,
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      const vlanNic = (await nicsOf(h.id)).find((n) => n.name === 'eth1.20')!;
      expect(vlanNic.vlan.id).toBe('20');
      expect(vlanNic.ip.address).toBe(`10.20.0.${11 + i}`);
    }
  });

  it('refuses a one-NIC bond (400), a network on two NICs and the management network removal (409), all-or-nothing', async () => {
    const h = hosts[0];
    const before = { nics: await nicsOf(h.id), atts: await attsOf(h.id) };
    const one = await c.post(`/hosts/${h.id}/setupnetworks`, { modified_bonds: { host_nic: [{ name: 'bond0', bonding: { slaves: { host_nic: [{ name: 'eth3' }] } } }] } });
    expect(one.status).toBe(400);
    expect(one.body.detail).toContain("Bond 'bond0' must have at least two slaves");
    const gluster = before.atts.find((a) => a.network.id && a.host_nic)!;
    const mgmtAtt = before.atts.find((a) => a.ip_address_assignments.ip_address_assignment[0].ip.address?.startsWith('192.168.100.'))!;
    const twice = await c.post(`/hosts/${h.id}/setupnetworks`, {
      modified_bonds: { host_nic: [{ name: 'bond0', bonding: { options: { option: [{ name: 'mode', value: '4' }] }, slaves: { host_nic: [{ name: 'eth2' }, { name: 'eth3' }] } } }] },
      modified_network_attachments: { network_attachment: [{ network: { id: mgmtAtt.network.id }, host_nic: { name: 'eth3' } }] },
    });
    expect(twice.status).toBe(409);
    const gone = await c.post(`/hosts/${h.id}/setupnetworks`, { removed_network_attachments: { network_attachment: [{ id: mgmtAtt.id }] } });
    expect(gone.status).toBe(409);
    expect(gone.body.detail).toContain("management network 'ovirtmgmt'");
    expect(await nicsOf(h.id)).toEqual(before.nics);
    expect(await attsOf(h.id)).toEqual(before.atts);
    expect(gluster).toBeDefined();
  });

  it('bonds eth2+eth3 in mode 4 and moves the VM network onto the bond in one request', async () => {
    const h = hosts[0];
    const atts = await attsOf(h.id);
    const nics = await nicsOf(h.id);
    const eth2 = nics.find((n) => n.name === 'eth2')!;
    const vmAtt = atts.find((a) => a.host_nic.id === eth2.id)!;
    const slaveStill = await c.post(`/hosts/${h.id}/setupnetworks`, {
      modified_bonds: { host_nic: [{ name: 'bond0', bonding: { options: { option: [{ name: 'mode', value: '4' }] }, slaves: { host_nic: [{ name: 'eth2' }, { name: 'eth3' }] } } }] },
    });
    expect(slaveStill.status).toBe(409);
    expect(slaveStill.body.detail).toContain('bond slaves');
    const r = await c.post(`/hosts/${h.id}/setupnetworks`, {
      modified_bonds: { host_nic: [{ name: 'bond0', bonding: { options: { option: [{ name: 'mode', value: '4' }, { name: 'miimon', value: '100' }] }, slaves: { host_nic: [{ name: 'eth2' }, { name: 'eth3' }] } } }] },
      modified_network_attachments: { network_attachment: [{ id: vmAtt.id, host_nic: { name: 'bond0' } }] },
      check_connectivity: true, commit_on_success: true,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const after = await nicsOf(h.id);
    const bond = after.find((n) => n.name === 'bond0')!;
    expect(bond.bonding.options.option.find((o: Json) => o.name === 'mode')).toMatchObject({ value: '4', type: 'Dynamic link aggregation (802.3ad)' });
    expect(bond.bonding.slaves.host_nic.map((s: Json) => s.id).sort()).toEqual([eth2.id, after.find((n) => n.name === 'eth3')!.id].sort());
    expect((await attsOf(h.id)).find((a) => a.id === vmAtt.id)!.host_nic.id).toBe(bond.id);
  });

  it('a VLAN change leaves hosts that missed it out of sync; synchronizing fixes it', async () => {
    const net = (await c.get(`/networks?search=${q('name=gluster')}`)).body.network[0];
    const h = hosts[1];
    // A host in maintenance misses the change, as on a real engine.
    expect((await c.post(`/hosts/${h.id}/deactivate`, {})).status).toBe(200);
    // The seeded estate has a migration in flight onto this host; the engine fails it once the host
    // leaves 'up' (vm-ops.ts migrateChain), so the host reaches maintenance with nothing on it.
    await waitFor(async () => ((await c.get('/jobs')).body.job as Json[] | undefined)?.some((j) => j.description === `Moving Host ${h.name} to Maintenance` && j.status === 'finished'), 30_000, 100);
    expect((await c.get(`/hosts/${h.id}`)).body.status).toBe('maintenance');
    const r = await c.put(`/networks/${net.id}`, { vlan: { id: '21' } });
    expect(r.status).toBe(200);
    const att = (await attsOf(h.id)).find((a) => a.network.id === net.id)!;
    expect(att.in_sync).toBe('false');
    expect(att.reported_configurations.reported_configuration.find((x: Json) => x.name === 'vlan')).toMatchObject({ expected_value: '21', actual_value: '20' });
    expect((await attsOf(hosts[0].id)).find((a) => a.network.id === net.id)!.in_sync).toBe('true');
    const s = await c.post(`/hosts/${h.id}/setupnetworks`, { synchronized_network_attachments: { network_attachment: [{ id: att.id }] } });
    expect(s.status).toBe(200);
    expect((await attsOf(h.id)).find((a) => a.id === att.id)!.in_sync).toBe('true');
  });

  it('network filters: a profile links its filter by UUID id; a name alone means no filter; an unknown id is a 400 that creates nothing', async () => {
    const net = (await c.get(`/networks?search=${q('name=prod-vlan100')}`)).body.network[0];
    const filters = (await c.get('/networkfilters')).body.network_filter as Json[];
    const clean = filters.find((f) => f.name === 'clean-traffic')!;
    expect(clean.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
    const plain = await c.post('/vnicprofiles', { name: 'filter-default', network: { id: net.id } });
    expect(plain.body.network_filter.name).toBeUndefined();
    const dflt = await c.get(`/networkfilters/${plain.body.network_filter.id}`);
    expect(dflt.body.name).toBe('vdsm-no-mac-spoofing');
    const byName = await c.post('/vnicprofiles', { name: 'filter-by-name', network: { id: net.id }, network_filter: { name: 'clean-traffic' } });
    expect(byName.status).toBe(201);
    expect(byName.body.network_filter).toBeUndefined();
    const byId = await c.post('/vnicprofiles', { name: 'filter-by-id', network: { id: net.id }, network_filter: { id: clean.id } });
    expect(byId.body.network_filter.id).toBe(clean.id);
    const followed = await c.get(`/vnicprofiles/${byId.body.id}?follow=network_filter`);
    expect(followed.body.network_filter.name).toBe('clean-traffic');
    const bad = await c.post('/vnicprofiles', { name: 'filter-bad', network: { id: net.id }, network_filter: { id: 'clean-traffic' } });
    expect(bad.status).toBe(400);
    const names = ((await c.get(`/networks/${net.id}/vnicprofiles`)).body.vnic_profile as Json[]).map((p) => p.name);
    expect(names).not.toContain('filter-bad');
    for (const p of [plain, byName, byId]) expect((await c.del(`/vnicprofiles/${p.body.id}`)).status).toBe(200);
  });

  it('vNIC profiles: add, name clash 409, passthrough + mirroring refused, remove refused while VMs use it', async () => {
    const net = (await c.get(`/networks?search=${q('name=prod-vlan100')}`)).body.network[0];
    const r = await c.post('/vnicprofiles', { name: 'prod-mirror', network: { id: net.id }, port_mirroring: 'true', network_filter: {} });
    expect(r.status).toBe(201);
    expect(r.body.network_filter).toBeUndefined();
    expect((await c.post('/vnicprofiles', { name: 'prod-mirror', network: { id: net.id } })).status).toBe(409);
    const bad = await c.post('/vnicprofiles', { name: 'sriov', network: { id: net.id }, port_mirroring: true, pass_through: { mode: 'enabled' } });
    expect(bad.status).toBe(409);
    const used = (await c.get(`/networks/${net.id}/vnicprofiles`)).body.vnic_profile.find((p: Json) => p.name === 'prod-vlan100');
    const del = await c.del(`/vnicprofiles/${used.id}`);
    expect(del.status).toBe(409);
    expect(del.body.detail).toContain('is in use by the following VMs');
    expect((await c.del(`/vnicprofiles/${r.body.id}`)).status).toBe(200);
  });
});
