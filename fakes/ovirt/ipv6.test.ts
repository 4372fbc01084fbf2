import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOvirtEngine, type OvirtEngine } from './server';
import { type Client, type Json, client, q } from './test-helpers';

describe('IPv6 in setupnetworks on the demo engine', () => {
  let engine: OvirtEngine;
  let c: Client;
  let host: Json;
  let dc: Json;
  let cluster: Json;
  beforeAll(async () => {
    engine = await startOvirtEngine({ timeScale: 0.01, backgroundEvents: false });
    c = await client(engine);
    dc = (await c.get(`/datacenters?search=${q('name=Default')}`)).body.data_center[0];
    cluster = (await c.get(`/datacenters/${dc.id}/clusters`)).body.cluster[0];
    host = ((await c.get(`/hosts?search=${q(`cluster=${cluster.name}`)}`)).body.host as Json[]).find((h) => h.status === 'up')!;
  });
  afterAll(() => engine.close());
  const atts = async () => (await c.get(`/hosts/${host.id}/networkattachments`)).body.network_attachment as Json[];
  const v6 = (a: Json) => (a.ip_address_assignments.ip_address_assignment as Json[]).find((x) => x.ip.version === 'v6');
  const setup = (attachment: Json) => c.post(`/hosts/${host.id}/setupnetworks`, { modified_network_attachments: { network_attachment: [attachment] } });

  it('a static IPv6 address with prefix and gateway on the default route network; autoconf elsewhere', async () => {
    const mgmt = (await atts())[0]!;
    const v4 = (mgmt.ip_address_assignments.ip_address_assignment as Json[]).find((x) => x.ip.version === 'v4');
    const r = await setup({
      id: mgmt.id,
      ip_address_assignments: { ip_address_assignment: [v4, { assignment_method: 'static', ip: { version: 'v6', address: '2001:db8:100::15', netmask: '64', gateway: '2001:db8:100::1' } }] },
    });
    expect(r.status).toBe(200);
    expect(v6((await atts()).find((a) => a.id === mgmt.id)!)).toEqual({ assignment_method: 'static', ip: { version: 'v6', address: '2001:db8:100::15', netmask: '64', gateway: '2001:db8:100::1' } });

    const net = (await c.post('/networks', { name: 'v6net', data_center: { id: dc.id }, vlan: { id: '61' } })).body;
    await c.post(`/clusters/${cluster.id}/networks`, { id: net.id, required: 'false' });
    const auto = await setup({ network: { id: net.id }, host_nic: { name: 'eth1' }, ip_address_assignments: { ip_address_assignment: [{ assignment_method: 'autoconf', ip: { version: 'v6' } }] } });
    expect(auto.status).toBe(200);
    expect(v6((await atts()).find((a) => a.network.id === net.id)!)?.assignment_method).toBe('autoconf');
  });

  it('refuses a gateway off the default route network, a missing or wrong prefix and a bad address; nothing changes', async () => {
    const before = await atts();
    const other = before.find((a) => v6(a)?.assignment_method === 'autoconf')!;
    const gw = await setup({ id: other.id, ip_address_assignments: { ip_address_assignment: [{ assignment_method: 'static', ip: { version: 'v6', address: '2001:db8:61::15', netmask: '64', gateway: '2001:db8:61::1' } }] } });
    expect(gw.status).toBe(409);
    expect(gw.body.detail).toContain('An IPv6 gateway can be set only on the network with the default route role: v6net');
    const prefix = await setup({ id: other.id, ip_address_assignments: { ip_address_assignment: [{ assignment_method: 'static', ip: { version: 'v6', address: '2001:db8:61::15', netmask: '129' } }] } });
    expect(prefix.status).toBe(400);
    expect(prefix.body.detail).toContain('IPv6 prefix is mandatory');
    const bad = await setup({ id: other.id, ip_address_assignments: { ip_address_assignment: [{ assignment_method: 'static', ip: { version: 'v6', address: '10.0.0.1', netmask: '64' } }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toContain('not a valid IPv6 address');
    expect(await atts()).toEqual(before);
  });
});
