import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOvirtEngine, type OvirtEngine } from './server';
import { type Client, type Json, client, q, waitFor } from './test-helpers';

describe('gluster volumes on the demo engine (the runbook storage chapter, on the wire)', () => {
  let engine: OvirtEngine;
  let c: Client;
  let cluster: Json;
  let other: Json;
  let hosts: Json[];
  beforeAll(async () => {
    engine = await startOvirtEngine({ timeScale: 0.01, backgroundEvents: false });
    c = await client(engine);
    const clusters = (await c.get('/clusters')).body.cluster as Json[];
    cluster = clusters.find((x) => x.name === 'Default')!;
    other = clusters.find((x) => x.name === 'prod-amd')!;
    hosts = ((await c.get(`/hosts?search=${q(`cluster=${cluster.name}`)}`)).body.host as Json[])
      .filter((h) => h.status === 'up').sort((a, b) => (a.name < b.name ? -1 : 1));
  });
  afterAll(() => engine.close());

  const base = () => `/clusters/${cluster.id}/glustervolumes`;
  const bricksOf = async (vid: string) => ((await c.get(`${base()}/${vid}/glusterbricks`)).body.brick ?? []) as Json[];
  const deleteWithBody = async (path: string, body: unknown) => {
    const res = await fetch(`${engine.apiUrl}${path}`, {
      method: 'DELETE', body: JSON.stringify(body),
      headers: { authorization: `Bearer ${c.token}`, accept: 'application/json', 'content-type': 'application/json', version: '4' },
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Json };
  };
  const brick = (h: Json, dir: string) => ({ server_id: h.id, brick_dir: dir });

  it('the hyperconverged cluster says it runs gluster and lists its seeded replica-3 volume; a virt-only cluster refuses', async () => {
    expect(cluster).toMatchObject({ gluster_service: 'true', virt_service: 'true' });
    const list = (await c.get(base())).body.gluster_volume as Json[];
    const engineVol = list.find((v) => v.name === 'engine')!;
    expect(engineVol).toMatchObject({ volume_type: 'replicate', replica_count: '3', status: 'up', transport_types: { transport_type: ['tcp'] } });
    expect((engineVol.options.option as Json[]).find((o) => o.name === 'storage.owner-uid')).toMatchObject({ value: '36' });
    const bricks = await bricksOf(engineVol.id);
    expect(bricks.map((b) => b.name)).toEqual(hosts.slice(0, 3).map((h) => `${h.address}:/gluster_bricks/engine/engine`));
    expect(bricks.every((b) => b.status === 'up')).toBe(true);

    const refused = await c.get(`/clusters/${other.id}/glustervolumes`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/does not support Gluster service/);
  });

  it('refuses two bricks of one replica set on one server in gluster words, and changes nothing', async () => {
    const before = ((await c.get(base())).body.gluster_volume as Json[]).length;
    const r = await c.post(base(), {
      name: 'bad', volume_type: 'replicate', replica_count: '3',
      bricks: { brick: [brick(hosts[0], '/b/bad1'), brick(hosts[0], '/b/bad2'), brick(hosts[1], '/b/bad')] },
    });
    expect(r.status).toBe(400);
    expect(r.body.detail).toMatch(/Multiple bricks of a replicate volume are present on the same server/);
    const wrongCount = await c.post(base(), { name: 'bad', volume_type: 'replicate', replica_count: '3', bricks: { brick: [brick(hosts[0], '/b/x'), brick(hosts[1], '/b/x')] } });
    expect(wrongCount.status).toBe(400);
    expect(((await c.get(base())).body.gluster_volume as Json[]).length).toBe(before);
  });

  it('creates a replica-3 volume (down), starts it, applies the virt profile, sets and resets an option', async () => {
    const r = await c.post(base(), {
      name: 'data', volume_type: 'replicate', replica_count: '3',
      bricks: { brick: hosts.slice(0, 3).map((h) => brick(h, '/gluster_bricks/data/data')) },
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ name: 'data', volume_type: 'replicate', status: 'down' });
    const vid = r.body.id as string;
    const dup = await c.post(base(), { name: 'data', volume_type: 'distribute', bricks: { brick: [brick(hosts[0], '/elsewhere')] } });
    expect(dup.status).toBe(409);
    expect(dup.body.detail).toMatch(/already exists/);

    expect((await c.post(`${base()}/${vid}/start`, {})).status).toBe(200);
    const again = await c.post(`${base()}/${vid}/start`, {});
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ status: 'failed', fault: { detail: expect.stringMatching(/already started/) } });

    expect((await c.post(`${base()}/${vid}/setoption`, { option: { name: 'group', value: 'virt' } })).status).toBe(200);
    const opts = ((await c.get(`${base()}/${vid}`)).body.options.option as Json[]);
    expect(opts.find((o) => o.name === 'features.shard')).toMatchObject({ value: 'on' });
    expect((await c.post(`${base()}/${vid}/resetoption`, { option: { name: 'features.shard' }, force: 'false' })).status).toBe(200);
    const after = ((await c.get(`${base()}/${vid}`)).body.options.option as Json[]);
    expect(after.some((o) => o.name === 'features.shard')).toBe(false);
  });

  it("takes a brick down while its host is in maintenance and brings it back when the host is up", async () => {
    const vol = ((await c.get(base())).body.gluster_volume as Json[]).find((v) => v.name === 'data')!;
    const h = hosts[2];
    expect((await c.post(`/hosts/${h.id}/deactivate`, {})).status).toBe(200);
    await waitFor(async () => (await c.get(`/hosts/${h.id}`)).body.status === 'maintenance', 10_000);
    const down = (await bricksOf(vol.id)).find((b) => b.server_id === h.id)!;
    expect(down.status).toBe('down');
    expect((await c.post(`/hosts/${h.id}/activate`, {})).status).toBe(200);
    await waitFor(async () => (await c.get(`/hosts/${h.id}`)).body.status === 'up', 10_000);
    expect((await bricksOf(vol.id)).every((b) => b.status === 'up')).toBe(true);
  });

  it('grows to distributed-replicate (counts in the URL), rebalances as a job with progress, migrates and removes a replica set', async () => {
    const vol = ((await c.get(base())).body.gluster_volume as Json[]).find((v) => v.name === 'data')!;
    const add = await c.post(`${base()}/${vol.id}/glusterbricks?replica_count=3`, { brick: hosts.slice(0, 3).map((h) => brick(h, '/gluster_bricks/data2/data')) });
    expect(add.status).toBe(201);
    expect((add.body.brick as Json[]).length).toBe(3);
    expect((await c.get(`${base()}/${vol.id}`)).body.volume_type).toBe('distributed_replicate');

    const reb = await c.post(`${base()}/${vol.id}/rebalance`, {});
    expect(reb.status).toBe(200);
    const jobId = reb.body.job.id as string;
    const busy = await c.post(`${base()}/${vol.id}/rebalance`, {});
    expect(busy.status).toBe(409);
    const job = await waitFor(async () => {
      const j = (await c.get(`/jobs/${jobId}`)).body;
      return j.status === 'finished' ? j : undefined;
    }, 10_000);
    expect(job.description).toMatch(/Rebalancing Gluster Volume data/);

    const set = (await bricksOf(vol.id)).slice(3).map((b) => ({ name: b.name }));
    const half = await deleteWithBody(`${base()}/${vol.id}/glusterbricks`, { bricks: { brick: set.slice(0, 1) } });
    expect(half.status).toBe(400);
    const mig = await c.post(`${base()}/${vol.id}/glusterbricks/migrate`, { bricks: { brick: set } });
    expect(mig.status).toBe(200);
    const early = await c.post(`${base()}/${vol.id}/glusterbricks/activate`, { bricks: { brick: set } });
    expect(early.status).toBe(409);
    await waitFor(async () => (await c.get(`/jobs/${mig.body.job.id}`)).body.status === 'finished', 10_000);
    expect((await deleteWithBody(`${base()}/${vol.id}/glusterbricks`, { bricks: { brick: set } })).status).toBe(200);
    expect((await bricksOf(vol.id)).length).toBe(3);
    expect((await c.get(`${base()}/${vol.id}`)).body.volume_type).toBe('replicate');
  });

  it('will not delete a started volume; stops it and deletes it; a plain user cannot create one', async () => {
    const vol = ((await c.get(base())).body.gluster_volume as Json[]).find((v) => v.name === 'data')!;
    expect((await c.del(`${base()}/${vol.id}`)).status).toBe(409);
    expect((await c.post(`${base()}/${vol.id}/stop`, { force: 'true' })).status).toBe(200);
    expect((await c.del(`${base()}/${vol.id}`)).status).toBe(200);
    expect((await c.get(`${base()}/${vol.id}`)).status).toBe(404);
    const user = await client(engine, { username: 'user1@internal', password: 'demo-user', filter: true });
    const r = await user.post(base(), { name: 'mine', volume_type: 'distribute', bricks: { brick: [brick(hosts[0], '/b/mine')] } });
    expect([403, 404]).toContain(r.status);
  });

  it('cluster edit switches the gluster service; it cannot be switched off while volumes exist, nor both services off', async () => {
    const off = await c.put(`/clusters/${cluster.id}`, { gluster_service: 'false' });
    expect(off.status).toBe(409);
    expect(off.body.detail).toMatch(/contains Gluster Volumes/);
    const none = await c.put(`/clusters/${other.id}`, { virt_service: 'false' });
    expect(none.status).toBe(409);
    const on = await c.put(`/clusters/${other.id}`, { gluster_service: 'true' });
    expect(on.status).toBe(200);
    expect(on.body.gluster_service).toBe('true');
    expect((await c.get(`/clusters/${other.id}/glustervolumes`)).status).toBe(200);
  });
});
