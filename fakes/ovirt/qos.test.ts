import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOvirtEngine, type OvirtEngine } from './server';
import { type Client, type Json, client, q } from './test-helpers';

describe('network QoS on the demo engine (datacenters/{id}/qoss, profile and network qos)', () => {
  let engine: OvirtEngine;
  let c: Client;
  let dc: Json;
  beforeAll(async () => {
    engine = await startOvirtEngine({ timeScale: 0.01, backgroundEvents: false });
    c = await client(engine);
    dc = (await c.get(`/datacenters?search=${q('name=Default')}`)).body.data_center[0];
  });
  afterAll(() => engine.close());
  const qoss = async () => ((await c.get(`/datacenters/${dc.id}/qoss`)).body.qos ?? []) as Json[];

  it('refuses a half-given direction, peak below average and values out of range, adding nothing', async () => {
    const half = await c.post(`/datacenters/${dc.id}/qoss`, { name: 'half', type: 'network', inbound_average: 10 });
    expect(half.status).toBe(409);
    expect(half.body.detail).toContain('All three QoS parameters are required');
    const low = await c.post(`/datacenters/${dc.id}/qoss`, { name: 'low', type: 'network', inbound_average: 100, inbound_peak: 50, inbound_burst: 10 });
    expect(low.status).toBe(409);
    expect(low.body.detail).toContain('Peak cannot be set lower than Average');
    const big = await c.post(`/datacenters/${dc.id}/qoss`, { name: 'big', type: 'network', outbound_average: 5000, outbound_peak: 6000, outbound_burst: 10 });
    expect(big.status).toBe(400);
    expect(big.body.detail).toContain('Values are out of range');
    const host = await c.post(`/datacenters/${dc.id}/qoss`, { name: 'h', type: 'hostnetwork', outbound_average_upperlimit: 100, outbound_average_realtime: 200, outbound_average_linkshare: 10 });
    expect(host.status).toBe(409);
    expect(host.body.detail).toContain('upper-limit rate must be greater than or equal to the real-time rate');
    const noShare = await c.post(`/datacenters/${dc.id}/qoss`, { name: 'h2', type: 'hostnetwork', outbound_average_upperlimit: 100 });
    expect(noShare.status).toBe(409);
    expect(await qoss()).toEqual([]);
  });

  it('a network QoS on a profile and a host network QoS on a network; the wrong kind is refused; removing it unsets them', async () => {
    const vmQos = await c.post(`/datacenters/${dc.id}/qoss`, { name: 'vm-100', type: 'network', inbound_average: 100, inbound_peak: 200, inbound_burst: 50 });
    expect(vmQos.status).toBe(201);
    expect(vmQos.body).toMatchObject({ name: 'vm-100', type: 'network', inbound_average: '100', inbound_peak: '200', inbound_burst: '50' });
    expect((await c.post(`/datacenters/${dc.id}/qoss`, { name: 'vm-100', type: 'network' })).body.detail).toContain('QoS element name already exists');
    const hostQos = await c.post(`/datacenters/${dc.id}/qoss`, { name: 'host-50', type: 'hostnetwork', outbound_average_linkshare: 50, outbound_average_upperlimit: 1000 });
    expect(hostQos.status).toBe(201);

    const net = (await c.post('/networks', { name: 'qosnet', data_center: { id: dc.id }, qos: { id: hostQos.body.id } })).body;
    expect(net.qos.id).toBe(hostQos.body.id);
    const profile = ((await c.get(`/networks/${net.id}/vnicprofiles`)).body.vnic_profile as Json[])[0]!;
    const wrong = await c.put(`/vnicprofiles/${profile.id}`, { qos: { id: hostQos.body.id } });
    expect(wrong.status).toBe(409);
    expect(wrong.body.detail).toContain('not a Network QoS');
    const set = await c.put(`/vnicprofiles/${profile.id}`, { qos: { id: vmQos.body.id } });
    expect(set.status).toBe(200);
    expect(set.body.qos.id).toBe(vmQos.body.id);
    const pt = await c.put(`/vnicprofiles/${profile.id}`, { pass_through: { mode: 'enabled' }, network_filter: {} });
    expect(pt.status).toBe(409);
    expect(pt.body.detail).toContain('QoS cannot be set on a passthrough profile');

    expect((await c.del(`/datacenters/${dc.id}/qoss/${vmQos.body.id}`)).status).toBe(200);
    expect((await c.get(`/vnicprofiles/${profile.id}`)).body.qos).toBeUndefined();
    const cleared = await c.put(`/networks/${net.id}`, { qos: {} });
    expect(cleared.body.qos).toBeUndefined();
    expect((await qoss()).map((x) => x.name)).toEqual(['host-50']);
  });
});
