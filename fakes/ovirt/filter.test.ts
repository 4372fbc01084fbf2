import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOvirtEngine, type OvirtEngine } from './server';
import { type Client, type Json, client, vmByName } from './test-helpers';

let engine: OvirtEngine;
let admin: Client;
let user: Client;
beforeAll(async () => {
  engine = await startOvirtEngine({ timeScale: 0.01, backgroundEvents: false });
  admin = await client(engine);
  user = await client(engine, { username: 'user1@internal', password: 'demo-user', filter: true });
});
afterAll(() => engine.close());

describe('Filter: true (self-service user)', () => {
  it('sees only the VMs it owns', async () => {
    const { body } = await user.get('/vms');
    const names = body.vm.map((v: Json) => v.name).sort();
    expect(names).toEqual(['desk-user1-01', 'desk-user1-02', 'dev-user1-01', 'web-03']);
    expect((await admin.get('/vms')).body.vm).toHaveLength(61);
  });

  it('gets 404 for VMs it cannot see, and no hosts', async () => {
    const other = await vmByName(admin, 'db-01');
    expect((await user.get(`/vms/${other.id}`)).status).toBe(404);
    expect((await user.post(`/vms/${other.id}/stop`, {})).status).toBe(404);
    expect((await user.get('/hosts')).body).toEqual({});
  });

  it('sees the clusters and data centers of its VMs, its templates and ovirtmgmt profiles', async () => {
    expect((await user.get('/clusters')).body.cluster.map((c: Json) => c.name).sort()).toEqual(['Default', 'lab']);
    expect((await user.get('/datacenters')).body.data_center.map((c: Json) => c.name).sort()).toEqual(['Default', 'Lab']);
    expect((await user.get('/templates')).body.template.map((t: Json) => t.name).sort()).toEqual(['Blank', 'centos-stream-9', 'debian-12']);
    expect(new Set((await user.get('/vnicprofiles')).body.vnic_profile.map((p: Json) => p.name))).toEqual(new Set(['ovirtmgmt']));
  });

  it('may run its own VMs, but not migrate them', async () => {
    const mine = (await user.get('/vms')).body.vm.find((v: Json) => v.name === 'web-03');
    expect((await user.post(`/vms/${mine.id}/migrate`, {})).status).toBe(403);
    expect((await user.post(`/vms/${mine.id}/reboot`, {})).status).toBe(200);
  });

  it('a VM it creates becomes its own', async () => {
    const r = await user.post('/vms', { name: 'user-made-01', cluster: { name: 'Default' }, template: { name: 'Blank' } });
    expect(r.status).toBe(201);
    expect((await user.get(`/vms/${r.body.id}`)).status).toBe(200);
    const denied = await user.post('/vms', { name: 'user-made-02', cluster: { name: 'prod-amd' }, template: { name: 'Blank' } });
    expect(denied.status).toBe(403);
  });

  it('events are filtered to its VMs and its own logins', async () => {
    // The user's own login leaves an event of its own in the log.
    const me = (await user.get('/users')).body.user;
    expect(me.map((u: Json) => u.user_name)).toEqual(['user1@internal-authz']);
    const myId = me[0].id;
    const mine = new Set((await user.get('/vms')).body.vm.map((v: Json) => v.id));
    const seen = (await user.get('/events?max=500')).body.event as Json[];
    const all = (await admin.get('/events?max=500')).body.event as Json[];
    // The filtered view is exactly the admin's view narrowed to its VMs and its own actions.
    const expected = all.filter((e) => (e.vm && mine.has(e.vm.id)) || e.user?.id === myId).map((e) => e.id);
    expect(expected.length, 'the demo log has no event of this user: nothing to check').toBeGreaterThan(0);
    expect(seen.map((e) => e.id)).toEqual(expected);
    // ...and it does hide something: other VMs' events and other users' actions.
    expect(all.length).toBeGreaterThan(seen.length);
    expect(seen.some((e) => e.vm && !mine.has(e.vm.id))).toBe(false);
  });
});

describe('a non-admin without Filter: true', () => {
  it('is refused on queries (403), like the engine refusing an admin query', async () => {
    const unfiltered = await client(engine, { username: 'user1@internal', password: 'demo-user', filter: false });
    for (const path of ['/vms', '/hosts', '/permissions']) {
      const r = await unfiltered.get(path);
      expect(r.status, path).toBe(403);
      expect(r.body.reason).toBe('Operation Failed');
    }
    // The API root still answers (it is how a client learns who it is).
    expect((await unfiltered.get('')).status).toBe(200);
  });

  it('while an admin reads /permissions with Filter: false', async () => {
    const r = await admin.get('/permissions');
    expect(r.status).toBe(200);
    expect(r.body.permission[0].role.id).toBe('00000000-0000-0000-0000-000000000001');
  });
});
