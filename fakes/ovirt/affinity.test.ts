import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOvirtEngine, type OvirtEngine } from './server';
import { type Client, type Json, client, vmByName } from './test-helpers';

/** Affinity groups and labels on the wire, with the engine's refusals (issue 19 point 4). */
describe('affinity groups and labels on the demo engine', () => {
  let engine: OvirtEngine;
  let c: Client;
  beforeAll(async () => {
    engine = await startOvirtEngine({ timeScale: 0.1, backgroundEvents: false });
    c = await client(engine);
  });
  afterAll(() => engine.close());

  it('a group: created, VMs and hosts of its cluster added once, others refused, colliding rules refused, removed', async () => {
    const a = await vmByName(c, 'web-01');
    const b = await vmByName(c, 'web-02');
    const far = await vmByName(c, 'test-01');
    const cl = (a.cluster as Json).id as string;
    const base = `/clusters/${cl}/affinitygroups`;
    const made = await c.post(base, { name: 'web-apart', vms_rule: { enabled: true, positive: false, enforcing: true }, hosts_rule: { enabled: false } });
    expect(made.status).toBe(201);
    const gid = made.body.id as string;
    expect((await c.post(base, { name: 'web-apart' })).status).toBe(409);
    expect((await c.post(`${base}/${gid}/vms`, { id: a.id })).status).toBe(201);
    expect((await c.post(`${base}/${gid}/vms`, { id: b.id })).status).toBe(201);
    const twice = await c.post(`${base}/${gid}/vms`, { id: b.id });
    expect(twice.status).toBe(409);
    const foreign = await c.post(`${base}/${gid}/vms`, { id: far.id });
    expect(foreign.status).toBe(409);
    expect(foreign.body.detail).toContain("not in the Affinity Group's Cluster");
    const host = ((await c.get('/hosts')).body.host as Json[]).find((h) => (h.cluster as Json).id === cl)!;
    expect((await c.post(`${base}/${gid}/hosts`, { id: host.id })).status).toBe(201);

    const listed = ((await c.get(`${base}?follow=vms,hosts`)).body.affinity_group as Json[]).find((g) => g.id === gid)!;
    expect(listed.vms_rule).toEqual({ enabled: 'true', enforcing: 'true', positive: 'false' });
    expect(((listed.vms as Json).vm as Json[]).map((v) => v.name)).toEqual(['web-01', 'web-02']);
    expect(((listed.hosts as Json).host as Json[]).map((h) => h.id)).toEqual([host.id]);

    // A positive enforcing group with the same two VMs: neither rule could hold.
    const together = (await c.post(base, { name: 'web-together', vms_rule: { enabled: true, positive: true, enforcing: true } })).body.id as string;
    await c.post(`${base}/${together}/vms`, { id: a.id });
    const collide = await c.post(`${base}/${together}/vms`, { id: b.id });
    expect(collide.status).toBe(409);
    expect(collide.body.detail).toContain('Affinity rules collision');
    // Not enforcing: allowed.
    expect((await c.put(`${base}/${together}`, { vms_rule: { enabled: true, positive: true, enforcing: false } })).status).toBe(200);
    expect((await c.post(`${base}/${together}/vms`, { id: b.id })).status).toBe(201);
    const back = await c.put(`${base}/${together}`, { vms_rule: { enabled: true, positive: true, enforcing: true } });
    expect(back.status).toBe(409);

    expect((await c.del(`${base}/${gid}/vms/${a.id}`)).status).toBe(200);
    expect((await c.del(`${base}/${gid}`)).status).toBe(200);
    expect((await c.get(`${base}/${gid}`)).status).toBe(404);
  });

  it('a label: name unique, VMs and hosts of any cluster, removed', async () => {
    const made = await c.post('/affinitylabels', { name: 'gpu' });
    expect(made.status).toBe(201);
    expect((await c.post('/affinitylabels', { name: 'gpu' })).status).toBe(409);
    const vm = await vmByName(c, 'test-01');
    const lid = made.body.id as string;
    expect((await c.post(`/affinitylabels/${lid}/vms`, { id: vm.id })).status).toBe(201);
    const host = ((await c.get('/hosts')).body.host as Json[])[0];
    expect((await c.post(`/affinitylabels/${lid}/hosts`, { id: host.id })).status).toBe(201);
    const read = (await c.get(`/affinitylabels/${lid}?follow=vms,hosts`)).body;
    expect(((read.vms as Json).vm as Json[]).map((v) => v.id)).toEqual([vm.id]);
    expect((await c.del(`/affinitylabels/${lid}`)).status).toBe(200);
  });
  it("a VM's own labels (/vms/{id}/affinitylabels): listed, attached by id or name once, detached; the label's service sees the same; a user may not change them", async () => {
    const vm = await vmByName(c, 'web-03');
    const base = `/vms/${vm.id}/affinitylabels`;
    const gpu = (await c.post('/affinitylabels', { name: 'gpu' })).body.id as string;
    await c.post('/affinitylabels', { name: 'nvme' });
    expect((await c.get(base)).body.affinity_label).toBeUndefined();
    expect((await c.post(base, { id: gpu })).status).toBe(201);
    expect((await c.post(base, { name: 'nvme' })).status).toBe(201);
    const again = await c.post(base, { id: gpu });
    expect(again.status).toBe(409);
    expect(String(again.body.detail)).toContain('already in the Affinity Label');
    expect((await c.post(base, { id: 'no-such-label' })).status).toBe(404);
    expect(((await c.get(base)).body.affinity_label as Json[]).map((l) => l.name).sort()).toEqual(['gpu', 'nvme']);
    expect((((await c.get(`/affinitylabels/${gpu}/vms`)).body.vm as Json[]) ?? []).map((v) => v.id)).toEqual([vm.id]);
    const user = await client(engine, { username: 'user1@internal', password: 'demo-user', filter: true });
    expect((await user.del(`${base}/${gpu}`)).status).toBe(403);
    expect((await c.del(`${base}/${gpu}`)).status).toBe(200);
    expect((await c.del(`${base}/${gpu}`)).status).toBe(404);
    expect(((await c.get(base)).body.affinity_label as Json[]).map((l) => l.name)).toEqual(['nvme']);
  });
});
